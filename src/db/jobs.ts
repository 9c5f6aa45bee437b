/**
 * Job records and everything a running job writes (steps, logs, artifacts).
 * Writes coming from a worker check that the job still exists and is still running, so a late event
 * can neither resurrect a cancelled job nor leave orphans behind a deleted drawing.
 */
import type { Box2, Units } from '../core/model';
import type { Params } from '../core/params';
import { STEP_NAMES, type LogLevel, type StepName, type StepRecord } from '../core/pipelineTypes';
import { db, type ArtifactRow, type JobRecord, type JobStatus, type LogRow, type StepRow } from './schema';
import { newId } from './ids';

export interface NewJob {
  drawingId: string;
  selectedLayers: string[];
  units: Units;
  params: Params;
  region?: Box2 | null;
}

function pendingSteps(jobId: string): StepRow[] {
  return STEP_NAMES.map((name, order) => ({
    jobId,
    name,
    order,
    status: 'pending',
    startedAt: null,
    endedAt: null,
    duration_ms: null,
    metrics: {},
    error: null,
  }));
}

/** Creates a pending job with one pending row per pipeline step, so its page shows the whole plan at once. */
export async function createJob(input: NewJob): Promise<string> {
  const id = newId();
  const job: JobRecord = {
    id,
    drawingId: input.drawingId,
    selectedLayers: [...input.selectedLayers],
    units: input.units,
    params: input.params,
    region: input.region ?? null,
    status: 'pending',
    error: null,
    createdAt: Date.now(),
    startedAt: null,
    endedAt: null,
    progress: 0,
  };
  await db.transaction('rw', db.jobs, db.steps, async () => {
    await db.jobs.add(job);
    await db.steps.bulkAdd(pendingSteps(id));
  });
  return id;
}

export async function getJob(id: string): Promise<JobRecord | null> {
  return (await db.jobs.get(id)) ?? null;
}

/** Newest first. */
export async function listJobsForDrawing(drawingId: string): Promise<JobRecord[]> {
  return (await db.jobs.where('drawingId').equals(drawingId).sortBy('createdAt')).reverse();
}

export async function listSteps(jobId: string): Promise<StepRow[]> {
  return db.steps.where('jobId').equals(jobId).sortBy('order');
}

export async function listLogs(jobId: string): Promise<LogRow[]> {
  return db.logs.where('jobId').equals(jobId).sortBy('id');
}

/** Artifact metadata in step order; the Blobs stay handles until someone reads them. */
export async function listArtifacts(jobId: string): Promise<ArtifactRow[]> {
  const rows = await db.artifacts.where('jobId').equals(jobId).toArray();
  const order = (step: StepName) => STEP_NAMES.indexOf(step);
  return rows.sort((a, b) => order(a.step) - order(b.step) || (a.id ?? 0) - (b.id ?? 0));
}

/** Runs `write` in one transaction only while the job exists and has one of the given statuses. */
async function whileJobIs(
  jobId: string,
  statuses: readonly JobStatus[],
  write: (job: JobRecord) => Promise<void>,
): Promise<boolean> {
  return db.transaction('rw', [db.jobs, db.steps, db.logs, db.artifacts], async () => {
    const job = await db.jobs.get(jobId);
    if (!job || !statuses.includes(job.status)) return false;
    await write(job);
    return true;
  });
}

/** pending → running. False when the job was cancelled or deleted in the meantime. */
export function markJobRunning(jobId: string): Promise<boolean> {
  return whileJobIs(jobId, ['pending'], async () => {
    await db.jobs.update(jobId, { status: 'running', startedAt: Date.now(), endedAt: null, error: null, progress: 0 });
  });
}

export async function recordStepStart(jobId: string, index: number, total: number): Promise<void> {
  await whileJobIs(jobId, ['running'], async () => {
    await db.steps.update([jobId, index], { status: 'running', startedAt: Date.now() });
    await db.jobs.update(jobId, { progress: index / total });
  });
}

function stepFields(record: StepRecord): Partial<StepRow> {
  return {
    status: record.status,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    duration_ms: record.duration_ms,
    metrics: record.metrics,
    error: record.error ?? null,
  };
}

export async function recordStepEnd(jobId: string, record: StepRecord, index: number, total: number): Promise<void> {
  await whileJobIs(jobId, ['running'], async () => {
    await db.steps.update([jobId, index], stepFields(record));
    await db.jobs.update(jobId, { progress: (index + 1) / total });
  });
}

/** Progress inside the running step (fraction 0..1). */
export async function recordProgress(jobId: string, index: number, total: number, fraction: number): Promise<void> {
  await whileJobIs(jobId, ['running'], async () => {
    await db.jobs.update(jobId, { progress: (index + Math.min(1, Math.max(0, fraction))) / total });
  });
}

export interface NewLog {
  level: LogLevel;
  message: string;
  step: StepName | null;
  time: number;
}

export async function appendLogs(jobId: string, logs: readonly NewLog[]): Promise<void> {
  if (logs.length === 0) return;
  await whileJobIs(jobId, ['pending', 'running'], async () => {
    await db.logs.bulkAdd(logs.map((log) => ({ ...log, jobId })));
  });
}

/** An artifact as produced by a job, before it is stored (no row id, no job id yet). */
export type NewArtifact = Omit<ArtifactRow, 'id' | 'jobId'>;

/**
 * Stores the final step records and the artifacts, and ends the job: completed, or failed with the error of its
 * failed step. One transaction, so a job never looks completed with half of its artifacts.
 */
export async function finishJob(jobId: string, steps: readonly StepRecord[], artifacts: readonly NewArtifact[]) {
  await whileJobIs(jobId, ['running'], async (job) => {
    for (const [order, record] of steps.entries()) await db.steps.update([jobId, order], stepFields(record));
    await db.artifacts.bulkAdd(artifacts.map((a) => ({ ...a, jobId })));
    const failed = steps.find((s) => s.status === 'failed');
    await db.jobs.update(jobId, {
      status: failed ? 'failed' : 'completed',
      error: failed ? `${failed.name}: ${failed.error ?? 'failed'}` : null,
      endedAt: Date.now(),
      progress: failed ? job.progress : 1,
    });
  });
}

/**
 * Ends a job that did not finish normally, with a log entry saying why. Its running step fails or is cancelled;
 * steps that never started are skipped, except for an interrupted job, whose plan stays pending for a resume.
 */
async function endJob(jobId: string, from: readonly JobStatus[], status: JobStatus, error: string | null) {
  const now = Date.now();
  // One pass over the steps and the other writes issued together: the job's end is stored in few round trips
  // (Cancel waits for it).
  return whileJobIs(jobId, from, async () => {
    const steps = db.steps.where('jobId').equals(jobId).modify((step) => {
      if (step.status === 'running') {
        step.duration_ms = step.startedAt === null ? null : now - step.startedAt;
        step.status = status === 'failed' ? 'failed' : 'cancelled';
        step.endedAt = now;
        step.error = error;
      } else if (step.status === 'pending' && status !== 'interrupted') {
        step.status = 'skipped';
      }
    });
    const log = error ? db.logs.add({ jobId, level: status === 'failed' ? 'error' : 'warn', message: error, step: null, time: now }) : null;
    await Promise.all([steps, db.jobs.update(jobId, { status, error, endedAt: now }), log]);
  });
}

export function failJob(jobId: string, message: string): Promise<boolean> {
  return endJob(jobId, ['pending', 'running'], 'failed', message);
}

export function cancelJob(jobId: string): Promise<boolean> {
  return endJob(jobId, ['pending', 'running'], 'cancelled', 'Cancelled by the user.');
}

/**
 * At startup: jobs still pending or running belong to a tab that was closed or crashed, unless another open tab
 * holds them (`heldJobIds`, from Web Locks). They become interrupted. Returns their ids.
 */
export async function markInterruptedJobs(heldJobIds: ReadonlySet<string> = new Set()): Promise<string[]> {
  const orphans = await db.jobs
    .where('status')
    .anyOf('pending', 'running')
    .filter((job) => !heldJobIds.has(job.id))
    .primaryKeys();
  const message = 'The tab running this job was closed before it finished.';
  const marked: string[] = [];
  for (const id of orphans) if (await endJob(id, ['pending', 'running'], 'interrupted', message)) marked.push(id);
  return marked;
}

/** Puts a job that did not complete back to pending with a fresh plan, dropping its old steps, logs and artifacts. */
export function resetJob(jobId: string): Promise<boolean> {
  return whileJobIs(jobId, ['failed', 'cancelled', 'interrupted'], async () => {
    await db.steps.where('jobId').equals(jobId).delete();
    await db.logs.where('jobId').equals(jobId).delete();
    await db.artifacts.where('jobId').equals(jobId).delete();
    await db.steps.bulkAdd(pendingSteps(jobId));
    await db.jobs.update(jobId, { status: 'pending', error: null, startedAt: null, endedAt: null, progress: 0 });
  });
}
