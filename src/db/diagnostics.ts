/** The store's side of the health check (SPEC §6): is IndexedDB usable, what does it hold, what went wrong lately. */
import { newId } from './ids';
import { db, type LogRow } from './schema';

export interface DatabaseStatus {
  name: string;
  schemaVersion: number;
  /** Rows per table. */
  counts: Record<string, number>;
}

/** Opens the database if needed; rejects when IndexedDB is unavailable (private mode, blocked, broken). */
export async function databaseStatus(): Promise<DatabaseStatus> {
  await db.open();
  const counts: Record<string, number> = {};
  for (const table of db.tables) counts[table.name] = await table.count();
  return { name: db.name, schemaVersion: db.verno, counts };
}

/** The newest error log entries of all jobs. */
export async function lastErrors(limit = 10): Promise<LogRow[]> {
  return db.logs
    .reverse()
    .filter((log) => log.level === 'error')
    .limit(limit)
    .toArray();
}

const SELF_TEST_PREFIX = 'self-test:';

/** Writes, reads back and deletes a record; throws with the stage that failed. Leaves nothing behind. */
export async function storeSelfTest(): Promise<void> {
  const key = `${SELF_TEST_PREFIX}${newId()}`;
  const value = { written: Date.now(), payload: newId() };
  try {
    await db.settings.put({ key, value });
    const read = await db.settings.get(key);
    if (JSON.stringify(read?.value) !== JSON.stringify(value)) throw new Error('The test record read back differs from what was written.');
  } finally {
    await db.settings.delete(key);
  }
  if ((await db.settings.get(key)) !== undefined) throw new Error('The test record could not be deleted.');
}
