import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { defaultParams } from '../../src/core/params';
import { createJob, db, describeStorageError, finishJob, markJobRunning } from '../../src/db';
import { storedArtifacts } from '../../workers/artifacts';
import { completedSteps, seedDrawing, snapshot } from './opsFixtures';

beforeEach(async () => {
  await db.delete();
  await db.open();
});
afterEach(() => vi.restoreAllMocks());

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

it('a quota error while a job stores its results leaves no partial records', async () => {
  const drawingId = await seedDrawing('a.json', '{"Layers":[1]}');
  const jobId = await createJob({ drawingId, selectedLayers: ['A-WALL'], units: 'mm', params: defaultParams });
  await markJobRunning(jobId);
  const before = await snapshot();
  const artifacts = await storedArtifacts([{ step: 'WALLS', name: 'bimjson.json', mime: 'application/json', bytes: new TextEncoder().encode('{}') }]);

  // The steps are updated first in the same transaction; the failing artifact write must undo them.
  vi.spyOn(db.artifacts, 'bulkAdd').mockRejectedValue(quotaError());
  const error = await finishJob(jobId, completedSteps(), artifacts).catch((e: unknown) => e);

  expect(describeStorageError(error)).toMatch(/storage for this site is full, so nothing was saved.*delet/);
  expect(await snapshot()).toEqual(before);
  expect(await db.artifacts.count()).toBe(0);
  expect((await db.jobs.get(jobId))!.status).toBe('running');
});

it('a quota error while a drawing is added stores neither the drawing nor its layers', async () => {
  await seedDrawing('kept.json', '{"Layers":[1]}');
  const before = await snapshot();
  vi.spyOn(db.layers, 'bulkAdd').mockRejectedValue(quotaError());
  const error = await seedDrawing('new.json', '{"Layers":[2]}').catch((e: unknown) => e);
  expect(describeStorageError(error)).toMatch(/nothing was saved/);
  expect(await snapshot()).toEqual(before);
});
