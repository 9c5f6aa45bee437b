import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LayerInfo } from '../../src/core/model';
import { defaultParams } from '../../src/core/params';
import { STEP_NAMES, type StepRecord } from '../../src/core/pipelineTypes';
import {
  addDrawing,
  appendLogs,
  cancelJob,
  createJob,
  db,
  deleteDrawing,
  finishJob,
  getJob,
  getLayers,
  listArtifacts,
  listDrawingSummaries,
  listJobsForDrawing,
  listLogs,
  listSteps,
  markInterruptedJobs,
  markJobRunning,
  recordStepEnd,
  recordStepStart,
  resetJob,
} from '../../src/db';

const wallLayer: LayerInfo = {
  name: '__proto__',
  lines: 4,
  polylines: 1,
  blocks: 0,
  otherCounts: [],
  skipped: 0,
  bbox: { minX: 0, minY: 0, maxX: 10, maxY: 10 },
  layerClass: 'wall',
};
const doorLayer: LayerInfo = { ...wallLayer, name: 'דלתות', lines: 0, polylines: 0, blocks: 2, layerClass: 'door' };

function storeDrawing(contentHash = 'abc') {
  return addDrawing({
    name: 'plan.json',
    file: new Blob(['{"Layers":[]}'], { type: 'application/json' }),
    contentHash,
    detectedUnits: 'mm',
    unitsReason: 'extent 12 m',
    declaredUnits: null,
    suggestedLayers: ['__proto__'],
    warnings: [],
    inventory: [wallLayer, doorLayer],
    views: [],
  });
}

function newJob(drawingId: string) {
  return createJob({ drawingId, selectedLayers: ['__proto__'], units: 'mm', params: defaultParams });
}

function completedStep(index: number): StepRecord {
  return {
    name: STEP_NAMES[index]!,
    status: 'completed',
    startedAt: 1,
    endedAt: 2,
    duration_ms: 1,
    metrics: { count: index },
  };
}

/** Finishes a running job with every step completed and two artifacts, given out of step order. */
function finishAllSteps(jobId: string) {
  const steps = STEP_NAMES.map((_, i) => completedStep(i));
  return finishJob(jobId, steps, [
    { step: 'WALLS', name: 'bimjson.json', mime: 'application/json', size: 2, sha256: 'y', blob: new Blob(['{}']) },
    { step: 'LOGIC_B', name: 'logic_b_pairs.json', mime: 'application/json', size: 2, sha256: 'x', blob: new Blob(['[]']) },
  ]);
}

async function runToCompletion(jobId: string) {
  expect(await markJobRunning(jobId)).toBe(true);
  await finishAllSteps(jobId);
}

beforeEach(async () => {
  await db.delete();
  await db.open();
});

describe('drawings', () => {
  it('stores a drawing with its layers in file order, and the same content only once', async () => {
    const first = await storeDrawing();
    expect(first.existed).toBe(false);
    expect((await getLayers(first.id)).map((l) => l.name)).toEqual(['__proto__', 'דלתות']);
    expect(await storeDrawing()).toEqual({ id: first.id, existed: true });
    const [summary] = await listDrawingSummaries();
    expect(summary).toMatchObject({ id: first.id, name: 'plan.json', layerCount: 2, jobCount: 0 });
  });

  it('deletes a drawing with its jobs, steps, logs and artifacts, leaving other drawings alone', async () => {
    const doomed = (await storeDrawing('one')).id;
    const kept = (await storeDrawing('two')).id;
    const doomedJob = await newJob(doomed);
    const keptJob = await newJob(kept);
    for (const jobId of [doomedJob, keptJob]) {
      await runToCompletion(jobId);
      await appendLogs(jobId, [{ level: 'info', message: 'hello', step: null, time: 1 }]);
    }

    await deleteDrawing(doomed);

    expect(await db.drawings.get(doomed)).toBeUndefined();
    expect(await getLayers(doomed)).toEqual([]);
    expect(await getJob(doomedJob)).toBeNull();
    for (const table of [db.steps, db.artifacts]) {
      expect(await table.where('jobId').equals(doomedJob).count()).toBe(0);
      expect(await table.where('jobId').equals(keptJob).count()).toBeGreaterThan(0);
    }
    expect(await db.logs.where('jobId').equals(doomedJob).count()).toBe(0);
    expect((await listDrawingSummaries()).map((d) => d.id)).toEqual([kept]);
  });
});

describe('jobs', () => {
  it('creates a pending job with the whole step plan', async () => {
    const drawingId = (await storeDrawing()).id;
    const jobId = await newJob(drawingId);
    expect(await getJob(jobId)).toMatchObject({ status: 'pending', progress: 0, selectedLayers: ['__proto__'] });
    expect((await listSteps(jobId)).map((s) => [s.name, s.status])).toEqual(STEP_NAMES.map((n) => [n, 'pending']));
    expect((await listJobsForDrawing(drawingId)).map((j) => j.id)).toEqual([jobId]);
  });

  it('records steps, progress and artifacts of a completed job', async () => {
    const jobId = await newJob((await storeDrawing()).id);
    await markJobRunning(jobId);
    await recordStepStart(jobId, 0, STEP_NAMES.length);
    expect((await listSteps(jobId))[0]!.status).toBe('running');
    await recordStepEnd(jobId, completedStep(0), 0, STEP_NAMES.length);
    expect((await getJob(jobId))!.progress).toBeCloseTo(1 / STEP_NAMES.length);

    await finishAllSteps(jobId);
    const job = (await getJob(jobId))!;
    expect(job).toMatchObject({ status: 'completed', progress: 1, error: null });
    expect((await listSteps(jobId)).every((s) => s.status === 'completed')).toBe(true);
    const artifacts = await listArtifacts(jobId);
    expect(artifacts.map((a) => a.name)).toEqual(['logic_b_pairs.json', 'bimjson.json']);
    expect(await artifacts[1]!.blob.text()).toBe('{}');
  });

  it('fails the job with the error of its failed step', async () => {
    const jobId = await newJob((await storeDrawing()).id);
    await markJobRunning(jobId);
    const steps: StepRecord[] = STEP_NAMES.map((_, i) => completedStep(i));
    steps[4] = { ...steps[4]!, status: 'failed', error: 'boom' };
    for (let i = 5; i < steps.length; i++) steps[i] = { ...steps[i]!, status: 'skipped' };
    await finishJob(jobId, steps, []);
    expect(await getJob(jobId)).toMatchObject({ status: 'failed', error: 'LOGIC_B: boom' });
  });

  it('ignores events for a cancelled job and can reset it for a retry', async () => {
    const jobId = await newJob((await storeDrawing()).id);
    await markJobRunning(jobId);
    await recordStepStart(jobId, 0, STEP_NAMES.length);
    expect(await cancelJob(jobId)).toBe(true);
    await recordStepEnd(jobId, completedStep(0), 0, STEP_NAMES.length);
    await appendLogs(jobId, [{ level: 'info', message: 'late', step: 'EXTRACT', time: 1 }]);

    expect((await getJob(jobId))!.status).toBe('cancelled');
    const steps = await listSteps(jobId);
    expect(steps[0]!.status).toBe('cancelled');
    expect(steps.slice(1).every((s) => s.status === 'skipped')).toBe(true);
    expect((await listLogs(jobId)).map((log) => [log.level, log.message])).toEqual([['warn', 'Cancelled by the user.']]);

    expect(await resetJob(jobId)).toBe(true);
    expect((await getJob(jobId))!.status).toBe('pending');
    expect((await listSteps(jobId)).every((s) => s.status === 'pending')).toBe(true);
  });

  it('marks jobs left running or pending by a closed tab as interrupted, except those another tab holds', async () => {
    const drawingId = (await storeDrawing()).id;
    const running = await newJob(drawingId);
    const pending = await newJob(drawingId);
    const heldElsewhere = await newJob(drawingId);
    const done = await newJob(drawingId);
    await markJobRunning(running);
    await recordStepStart(running, 0, STEP_NAMES.length);
    await markJobRunning(heldElsewhere);
    await runToCompletion(done);

    const marked = await markInterruptedJobs(new Set([heldElsewhere]));

    expect(marked.sort()).toEqual([running, pending].sort());
    expect((await getJob(running))!.status).toBe('interrupted');
    expect((await getJob(pending))!.status).toBe('interrupted');
    expect((await getJob(heldElsewhere))!.status).toBe('running');
    expect((await getJob(done))!.status).toBe('completed');
    const steps = await listSteps(running);
    expect(steps[0]!.status).toBe('cancelled');
    expect(steps[1]!.status).toBe('pending');
  });
});
