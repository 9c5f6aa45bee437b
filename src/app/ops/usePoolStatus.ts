import { useEffect, useState } from 'react';
import { jobQueue } from '../jobs/jobQueue';

/** This tab's worker pool, re-read whenever a job starts or ends or the size changes. */
export function usePoolStatus() {
  const [status, setStatus] = useState(() => jobQueue.status());
  useEffect(() => jobQueue.subscribe(() => setStatus(jobQueue.status())), []);
  return status;
}
