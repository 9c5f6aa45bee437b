import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { jobQueue } from '../../src/app/jobs/jobQueue';
import { defaultParams } from '../../src/core/params';
import { createJob, db, getJob } from '../../src/db';
import { seedDrawing } from './opsFixtures';

// The queue sizes its pool from the page's navigator, which older Node versions do not have.
vi.hoisted(() => {
  if (typeof navigator === 'undefined') Object.assign(globalThis, { navigator: { hardwareConcurrency: 2 } });
});

beforeEach(async () => {
  await db.delete();
  await db.open();
});
afterEach(() => vi.restoreAllMocks());

async function pendingJob(): Promise<string> {
  const drawingId = await seedDrawing('a.json', '{"Layers":[1]}');
  return createJob({ drawingId, selectedLayers: ['A-WALL'], units: 'mm', params: defaultParams });
}

it('a cancellation is known to the page at once, then saved', async () => {
  const jobId = await pendingJob();
  const seen: (string | null)[] = [];
  const unsubscribe = jobQueue.subscribe(() => seen.push(jobQueue.cancellation(jobId)?.state ?? null));
  const done = jobQueue.cancel(jobId);
  // Before any store write has had a chance to commit.
  expect(jobQueue.cancellation(jobId)?.state).toBe('saving');
  await done;
  unsubscribe();
  expect(jobQueue.cancellation(jobId)?.state).toBe('saved');
  expect(seen).toEqual(['saving', 'saved']);
  expect((await getJob(jobId))!.status).toBe('cancelled');
});

it('a cancellation the store could not save is dropped and reported', async () => {
  const jobId = await pendingJob();
  vi.spyOn(db.logs, 'add').mockRejectedValue(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
  const error = await jobQueue.cancel(jobId).catch((e: unknown) => e);
  expect(String(error)).toMatch(/cancellation could not be saved: .*storage for this site is full/);
  expect(jobQueue.cancellation(jobId)).toBeNull();
  expect((await getJob(jobId))!.status).toBe('pending');
});

it('the queue version moves with each cancellation state, so job lists re-read it', async () => {
  const jobId = await pendingJob();
  const before = jobQueue.version();
  const done = jobQueue.cancel(jobId);
  const saving = jobQueue.version();
  await done;
  expect(saving).toBeGreaterThan(before);
  expect(jobQueue.version()).toBeGreaterThan(saving);
});
