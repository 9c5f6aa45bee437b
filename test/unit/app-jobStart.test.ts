import 'fake-indexeddb/auto';
import { beforeEach, expect, it, vi } from 'vitest';
import { defaultParams } from '../../src/core/params';
import { createJob, db } from '../../src/db';
import { seedDrawing } from './opsFixtures';

// The queue sizes its pool from the page's navigator, which older Node versions do not have.
vi.hoisted(() => {
  if (typeof navigator === 'undefined') Object.assign(globalThis, { navigator: { hardwareConcurrency: 2 } });
});

/** The drawings each worker was asked to parse ahead of a job (prepareFor), by worker id. */
const { preloads } = vi.hoisted(() => ({ preloads: [] as { workerId: number; contentHash: string }[] }));

// Workers that take a job and never finish it: these tests look only at when, and to which worker, the queue hands
// a job. The pool has one worker here (two cores), and its jobs run on, so each test queues behind the ones before.
vi.mock('../../src/app/jobs/pipelineWorker', () => {
  let started = 0;
  const worker = () => {
    const id = ++started;
    const api = {
      preload: async (_file: Blob, _name: string, contentHash: string) => void preloads.push({ workerId: id, contentHash }),
      run: () => new Promise<never>(() => undefined),
    };
    return { id, call: (use: (remote: typeof api) => Promise<unknown>) => use(api), ping: async () => 0, terminate: () => undefined, dead: false };
  };
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
const runningOn = (jobId: string) => jobQueue.status().running.find((r) => r.jobId === jobId)?.workerId;
const isQueued = (jobId: string) => {
  const { running, waitingJobIds } = jobQueue.status();
  return running.some((r) => r.jobId === jobId) || waitingJobIds.includes(jobId);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// First: it needs the pool's one worker free.
it('a drawing page readies a pool worker with its drawing, and the next job runs on that worker', async () => {
  const drawing = { file: new Blob(['{}']), name: 'a.json', contentHash: 'hash-a' };
  jobQueue.prepareFor(drawing);
  expect(preloads).toEqual([{ workerId: expect.any(Number), contentHash: 'hash-a' }]);
  expect(jobQueue.status().idleWorkerIds).toEqual([preloads[0]!.workerId]);
  // Too big to hold twice: not parsed ahead.
  jobQueue.prepareFor({ ...drawing, file: new Blob([new Uint8Array(65 * 2 ** 20)]), contentHash: 'hash-big' });
  expect(preloads).toHaveLength(1);
  const jobId = await queuedJob();
  jobQueue.jobShown(jobId);
  await vi.waitFor(() => expect(runningOn(jobId)).toBe(preloads[0]!.workerId), { timeout: 500 });
  // The pool is busy now: nothing more is started ahead.
  jobQueue.prepareFor(drawing);
  expect(preloads).toHaveLength(1);
});

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
