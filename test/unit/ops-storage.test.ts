import 'fake-indexeddb/auto';
import { beforeEach, expect, it } from 'vitest';
import { db, getSettings, setSetting } from '../../src/db';
import { deleteOldJobs, storeUsage } from '../../src/db/storage';
import { seedCompletedJob, seedDrawing } from './opsFixtures';

beforeEach(async () => {
  await db.delete();
  await db.open();
});

it('counts bytes per drawing (file + artifacts of its jobs) and deletes all but the newest job of each drawing', async () => {
  const a = await seedDrawing('a.json', '{"Layers":[1]}');
  const b = await seedDrawing('b.json', '{"Layers":[22]}');
  const oldA = await seedCompletedJob(a, 'old');
  const newA = await seedCompletedJob(a, 'new');
  const onlyB = await seedCompletedJob(b, 'b');
  await db.jobs.update(oldA, { createdAt: 1 }); // the jobs may share a millisecond; make the order certain
  const artifactBytes = async (jobId: string) =>
    (await db.artifacts.where('jobId').equals(jobId).toArray()).reduce((sum, x) => sum + x.size, 0);

  const usage = await storeUsage();
  const ofA = usage.drawings.find((d) => d.drawingId === a)!;
  expect(ofA).toMatchObject({ fileBytes: 14, jobCount: 2, artifactBytes: (await artifactBytes(oldA)) + (await artifactBytes(newA)) });
  expect(usage.totalFileBytes).toBe(14 + 15);
  expect(usage.oldJobCount).toBe(1);
  expect(usage.oldJobBytes).toBe(await artifactBytes(oldA));

  expect(await deleteOldJobs()).toBe(1);
  expect((await db.jobs.toCollection().primaryKeys()).sort()).toEqual([newA, onlyB].sort());
  expect(await db.artifacts.where('jobId').equals(oldA).count()).toBe(0);
  expect(await db.steps.where('jobId').equals(oldA).count()).toBe(0);
});

it('stores settings and refuses values the app cannot work with', async () => {
  expect(await getSettings()).toEqual({ maxFileBytes: 500 * 1024 * 1024, workerPoolSize: null });
  await setSetting('workerPoolSize', 3);
  await setSetting('maxFileBytes', 2 * 1024 * 1024);
  expect(await getSettings()).toEqual({ maxFileBytes: 2 * 1024 * 1024, workerPoolSize: 3 });
  await expect(setSetting('workerPoolSize', 5)).rejects.toThrow('between 1 and 4');
  await expect(setSetting('maxFileBytes', 0)).rejects.toThrow('at least 1 KB');
  await setSetting('workerPoolSize', null);
  expect((await getSettings()).workerPoolSize).toBeNull();
});
