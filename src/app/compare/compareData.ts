/** Read-only queries for the compare page (the store's own modules stay untouched). */
import { db, type ArtifactRow, type JobRecord, type StepRow } from '../../db/schema';

export interface JobSideData {
  job: JobRecord;
  drawingName: string | null;
  steps: StepRow[];
  /** The walls.json artifact, whose Blob is read outside the live query. */
  walls: ArtifactRow | null;
}

/** One job with its steps, drawing name and walls.json; null when the job is not stored. */
export async function loadJobSide(jobId: string): Promise<JobSideData | null> {
  if (jobId === '') return null;
  const job = await db.jobs.get(jobId);
  if (!job) return null;
  const [drawing, steps, walls] = await Promise.all([
    db.drawings.get(job.drawingId),
    db.steps.where('jobId').equals(jobId).sortBy('order'),
    db.artifacts
      .where('jobId')
      .equals(jobId)
      .filter((row) => row.name === 'walls.json')
      .first(),
  ]);
  return { job, drawingName: drawing?.name ?? null, steps, walls: walls ?? null };
}
