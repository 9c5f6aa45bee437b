import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { JobRecord } from '../../db/schema';
import { jobQueue, type Cancellation } from './jobQueue';

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
  return job ? shownAs(job, cancellation) : job;
}

/** useShownJob for a list of jobs (the drawing page's job list). */
export function useShownJobs(jobs: JobRecord[] | undefined): JobRecord[] | undefined {
  const version = useSyncExternalStore(subscribe, () => jobQueue.version());
  // version is a dependency only: it changes when a cancellation does.
  return useMemo(() => jobs?.map((job) => shownAs(job, jobQueue.cancellation(job.id))), [jobs, version]);
}

function shownAs<T extends JobRecord>(job: T, cancellation: Cancellation | null): T {
  if (!cancellation || (job.status !== 'pending' && job.status !== 'running')) return job;
  return { ...job, status: 'cancelled', error: 'Cancelled by the user.', endedAt: cancellation.at };
}
