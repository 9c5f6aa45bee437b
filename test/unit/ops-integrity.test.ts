import 'fake-indexeddb/auto';
import { beforeEach, expect, it } from 'vitest';
import { STEP_NAMES } from '../../src/core/pipelineTypes';
import { db } from '../../src/db';
import { checkIntegrity, cleanOrphans, orphanCount } from '../../src/db/integrity';
import { seedCompletedJob, seedDrawing, seedStore, snapshot } from './opsFixtures';

beforeEach(async () => {
  await db.delete();
  await db.open();
});

it('a healthy store has no findings', async () => {
  await seedStore();
  const report = await checkIntegrity();
  expect(orphanCount(report)).toBe(0);
  expect(report.brokenArtifacts).toEqual([]);
  expect(report.checkedArtifacts).toBe(6);
});

it('finds orphan jobs, steps, logs, artifacts and layers, and cleans exactly those', async () => {
  await seedStore();
  const healthy = await snapshot();
  // A job whose drawing vanished, and rows whose job vanished (as an interrupted delete could leave them).
  const doomed = await seedDrawing('gone.json', '{"Layers":[3]}');
  const orphanJob = await seedCompletedJob(doomed, 'orphan');
  await db.drawings.delete(doomed); // its layer row stays behind too
  const lostJob = await seedCompletedJob((await db.drawings.toCollection().first())!.id, 'lost');
  await db.jobs.delete(lostJob);

  const report = await checkIntegrity();
  expect(report.orphanJobIds).toEqual([orphanJob]);
  expect(report.orphanSteps).toBe(STEP_NAMES.length); // the lost job's steps; the orphan job's steps go with the job
  expect(report.orphanLogs).toBe(1);
  expect(report.orphanArtifacts).toBe(2);
  expect(report.orphanLayers).toBe(1);

  const deleted = await cleanOrphans();
  const steps = STEP_NAMES.length;
  expect(deleted).toBe(1 + steps + 1 + 2 + 1 + (steps + 1 + 2));
  expect(orphanCount(await checkIntegrity())).toBe(0);
  expect(await snapshot()).toEqual(healthy);
});

it('finds artifacts whose size or sha-256 no longer match their Blob', async () => {
  await seedStore();
  const [first, second] = await db.artifacts.toArray();
  await db.artifacts.update(first!.id!, { blob: new Blob(['{"changed":1}']) });
  const sameSize = new Uint8Array(await second!.blob.arrayBuffer()).map((b, i) => (i === 2 ? b ^ 1 : b));
  await db.artifacts.update(second!.id!, { blob: new Blob([sameSize]) });

  const { brokenArtifacts } = await checkIntegrity();
  expect(brokenArtifacts.map((a) => [a.id, a.problem])).toEqual([
    [first!.id, expect.stringMatching(/bytes instead of/)],
    [second!.id, expect.stringMatching(/no longer matches its sha-256/)],
  ]);
});
