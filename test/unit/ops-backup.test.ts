import 'fake-indexeddb/auto';
import { strToU8, unzipSync } from 'fflate';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/db';
import { BackupError, createBackup, restoreBackup, wipeAllData, type ArchiveFile } from '../../src/db/backup';
import { zipFiles } from '../../src/export/zip';
import { sha256Hex } from '../../workers/artifacts';
import { seedStore, snapshot } from './opsFixtures';

beforeEach(async () => {
  await db.delete();
  await db.open();
});

/** What the page does in the tools worker: the archive files as one .zip, and unpacked again for a restore. */
async function zip(files: ArchiveFile[]): Promise<Uint8Array> {
  return zipFiles(await Promise.all(files.map(async (f) => ({ name: f.name, data: new Uint8Array(await f.blob.arrayBuffer()) }))));
}

/** The unpacked archive after `edit` changed its files. */
function edited(archive: Uint8Array, edit: (files: Record<string, Uint8Array>) => void): Record<string, Uint8Array> {
  const files = unzipSync(archive);
  edit(files);
  return files;
}

async function expectRejectedWithoutChange(files: Record<string, Uint8Array>, problem: RegExp) {
  const before = await snapshot();
  const error = await restoreBackup(files).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BackupError);
  expect((error as BackupError).message).toMatch(/nothing was changed/);
  expect((error as BackupError).message).toMatch(problem);
  expect(await snapshot()).toEqual(before);
}

describe('backup → reset → restore', () => {
  it('gives back the same drawings, jobs, steps, logs, artifacts and settings (compared by hash)', async () => {
    await seedStore();
    const before = await snapshot();
    expect(before.artifacts).toHaveLength(6);
    const archive = await zip(await createBackup());

    await wipeAllData();
    for (const table of db.tables) expect(await table.count()).toBe(0);

    const summary = await restoreBackup(unzipSync(archive));
    expect(summary).toEqual({ drawings: 2, jobs: 3, artifacts: 6 });
    expect(await snapshot()).toEqual(before);
    // Blobs come back as Blobs with their MIME type.
    const artifact = (await db.artifacts.toArray())[0]!;
    expect(artifact.blob).toBeInstanceOf(Blob);
    expect(artifact.blob.type).toBe('application/json');
  });

  it('replaces what is stored instead of merging', async () => {
    await seedStore();
    const archive = await zip(await createBackup());
    const before = await snapshot();
    await db.jobs.clear();
    await restoreBackup(unzipSync(archive));
    expect(await snapshot()).toEqual(before);
  });
});

describe('a bad or partial backup changes nothing', () => {
  let archive: Uint8Array;
  beforeEach(async () => {
    await seedStore();
    archive = await zip(await createBackup());
  });

  it('not a backup at all', () => expectRejectedWithoutChange({ 'notes.txt': strToU8('hello') }, /no manifest\.json/));

  it('no manifest', () =>
    expectRejectedWithoutChange(
      edited(archive, (f) => delete f['manifest.json']),
      /no manifest\.json/,
    ));

  it('a missing artifact file', () =>
    expectRejectedWithoutChange(
      edited(archive, (f) => {
        const name = Object.keys(f).find((n) => n.startsWith('blobs/artifacts/'))!;
        delete f[name];
      }),
      /blobs\/artifacts\/\d+ is missing/,
    ));

  it('an altered drawing file', () =>
    expectRejectedWithoutChange(
      edited(archive, (f) => {
        const name = Object.keys(f).find((n) => n.startsWith('blobs/drawings/'))!;
        f[name] = strToU8('{"Layers":[9]}');
      }),
      /blobs\/drawings\/.* does not match its sha-256/,
    ));

  it('a table that fails its schema, with a manifest that agrees (so only the schema can catch it)', async () => {
    const files = edited(archive, (f) => {
      const jobs = JSON.parse(new TextDecoder().decode(f['tables/jobs.json'])) as { status: string }[];
      jobs[0]!.status = 'exploded';
      f['tables/jobs.json'] = strToU8(JSON.stringify(jobs));
    });
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { files: { path: string; size: number; sha256: string }[] };
    const entry = manifest.files.find((e) => e.path === 'tables/jobs.json')!;
    entry.size = files['tables/jobs.json']!.byteLength;
    entry.sha256 = await sha256Hex(new Uint8Array(files['tables/jobs.json']!));
    files['manifest.json'] = strToU8(JSON.stringify(manifest));
    await expectRejectedWithoutChange(files, /tables\/jobs\.json: 0\.status/);
  });

  it('a newer database version', () =>
    expectRejectedWithoutChange(
      edited(archive, (f) => {
        const manifest = JSON.parse(new TextDecoder().decode(f['manifest.json'])) as { schemaVersion: number };
        manifest.schemaVersion = 999;
        f['manifest.json'] = strToU8(JSON.stringify(manifest));
      }),
      /newer version/,
    ));

  it('a failure while writing rolls the whole restore back', async () => {
    const before = await snapshot();
    // Logs come after the drawings, jobs and steps were cleared and written: all of that must be undone.
    vi.spyOn(db.logs, 'bulkAdd').mockRejectedValue(new DOMException('full', 'QuotaExceededError'));
    await expect(restoreBackup(unzipSync(archive))).rejects.toThrow();
    vi.restoreAllMocks();
    expect(await snapshot()).toEqual(before);
  });
});
