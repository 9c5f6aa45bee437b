import 'fake-indexeddb/auto';
import { beforeEach, expect, it, vi } from 'vitest';
import { defaultParams } from '../../src/core/params';
import { createJob, db } from '../../src/db';
import { seedDrawing } from './opsFixtures';

// The queue sizes its pool from the page's navigator, which older Node versions do not have.
vi.hoisted(() => {
  if (typeof navigator === 'undefined') Object.assign(globalThis, { navigator: { hardwareConcurrency: 2 } });
});

// Workers that take a job and never finish it: these tests look only at when the queue hands a job to one.
vi.mock('../../src/app/jobs/pipelineWorker', () => {
  let started = 0;
  const worker = () => ({
    id: ++started,
    call: () => new Promise<never>(() => undefined),
    ping: async () => 0,
    terminate: () => undefined,
    dead: false,
  });
  return { startPipelineWorker: worker, toolsWorker: worker };
});

const { jobQueue } = await import('../../src/app/jobs/jobQueue');

beforeEach(async () => {
  await db.delete();
  await db.open();
});

async function queuedJob(): Promise<string> {
  const drawingId = await seedDrawing('a.json', '{"Layers":[1]}');
  const jobId = await createJob({ drawingId, selectedLayers: ['A-WALL'], units: 'mm', params: defaultParams });
  jobQueue.enqueue(jobId);
  return jobId;
}

/** In the queue proper: running, or waiting for a free worker (the first test's job keeps its worker). */
const isQueued = (jobId: string) => {
  const { running, waitingJobIds } = jobQueue.status();
  return running.some((r) => r.jobId === jobId) || waitingJobIds.includes(jobId);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('a queued job waits for its page to show it, then is queued', async () => {
  const jobId = await queuedJob();
  await sleep(200);
  expect(isQueued(jobId)).toBe(false);
  jobQueue.jobShown(jobId);
  await vi.waitFor(() => expect(isQueued(jobId)).toBe(true), { timeout: 500 });
});

it('a queued job that no page shows is queued after a second', async () => {
  const jobId = await queuedJob();
  const queuedAt = performance.now();
  await vi.waitFor(() => expect(isQueued(jobId)).toBe(true), { timeout: 3000, interval: 20 });
  expect(performance.now() - queuedAt).toBeGreaterThanOrEqual(900);
});
