import { db } from './schema';

/**
 * Deletes jobs with their steps, logs and artifacts. Call it inside a transaction over those four tables,
 * so that a job never loses only part of what belongs to it.
 */
export async function deleteJobRows(jobIds: readonly string[]): Promise<void> {
  if (jobIds.length === 0) return;
  await db.steps.where('jobId').anyOf(jobIds).delete();
  await db.logs.where('jobId').anyOf(jobIds).delete();
  await db.artifacts.where('jobId').anyOf(jobIds).delete();
  await db.jobs.bulkDelete([...jobIds]);
}

/** Deletes finished jobs with everything they wrote, all or nothing. */
export async function deleteJobs(jobIds: readonly string[]): Promise<void> {
  await db.transaction('rw', [db.jobs, db.steps, db.logs, db.artifacts], () => deleteJobRows(jobIds));
}
