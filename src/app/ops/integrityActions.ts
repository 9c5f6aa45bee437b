import { getJob } from '../../db/jobs';
import { deleteJobs } from '../../db/jobRows';
import { rerunJob } from '../jobs/jobActions';

/** Replaces a job whose artifacts are damaged by a fresh run with the same inputs; returns the new job's id. */
export async function regenerateJob(jobId: string): Promise<string> {
  const job = await getJob(jobId);
  if (!job) throw new Error('This job is no longer stored.');
  const newJobId = await rerunJob(job);
  await deleteJobs([jobId]);
  return newJobId;
}
