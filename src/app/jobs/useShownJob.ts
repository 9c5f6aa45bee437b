import { useCallback, useSyncExternalStore } from 'react';
import type { JobRecord } from '../../db/schema';
import { jobQueue } from './jobQueue';

const subscribe = (listener: () => void) => jobQueue.subscribe(listener);

/**
 * The job as this tab should show it: the stored record, except that a job this tab has cancelled shows as cancelled
 * from the click on — its worker is stopped at once — rather than once the store write commits and the page re-reads
 * it. Only while the store still has the job pending or running; if the write fails, the stored status shows again
 * (and the Cancel action reports the error).
 */
export function useShownJob<T extends JobRecord | null | undefined>(job: T): T {
  const jobId = job?.id ?? null;
  const cancellation = useSyncExternalStore(
    subscribe,
    useCallback(() => (jobId === null ? null : jobQueue.cancellation(jobId)), [jobId]),
  );
  if (!job || !cancellation || (job.status !== 'pending' && job.status !== 'running')) return job;
  return { ...job, status: 'cancelled', error: 'Cancelled by the user.', endedAt: cancellation.at };
}
