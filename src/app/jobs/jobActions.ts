/** What the pages can do with jobs; each keeps the store and this tab's queue in step. */
import { deleteDrawing } from '../../db/drawings';
import { createJob, listJobsForDrawing, markInterruptedJobs, resetJob, type NewJob } from '../../db/jobs';
import type { JobRecord } from '../../db/schema';
import { heldJobIds } from './jobLocks';
import { jobQueue } from './jobQueue';

export async function startJob(input: NewJob): Promise<string> {
  const jobId = await createJob(input);
  jobQueue.enqueue(jobId);
  return jobId;
}

/** A new job with the same drawing, layers, units, parameters and region. */
export function rerunJob(job: JobRecord): Promise<string> {
  const { drawingId, selectedLayers, units, params, region } = job;
  return startJob({ drawingId, selectedLayers, units, params, region });
}

/** Runs an interrupted job again from the start, under the same id. */
export async function resumeJob(jobId: string): Promise<void> {
  if (await resetJob(jobId)) jobQueue.enqueue(jobId);
}

export function cancelJob(jobId: string): Promise<void> {
  return jobQueue.cancel(jobId);
}

/** Stops the drawing's unfinished jobs, then deletes it with everything that belongs to it. */
export async function deleteDrawingAndJobs(drawingId: string): Promise<void> {
  const jobs = await listJobsForDrawing(drawingId);
  for (const job of jobs) if (job.status === 'pending' || job.status === 'running') await jobQueue.cancel(job.id);
  await deleteDrawing(drawingId);
}

/** At startup: jobs that no open tab holds were left behind by a closed or crashed tab. */
export async function markAbandonedJobsInterrupted(): Promise<void> {
  await markInterruptedJobs(await heldJobIds());
}
