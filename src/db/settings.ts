import { db } from './schema';

/** User settings with their defaults. `workerPoolSize: null` means "decide from the machine's cores". */
export interface Settings {
  maxFileBytes: number;
  workerPoolSize: number | null;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  maxFileBytes: 500 * 1024 * 1024,
  workerPoolSize: null,
};

/** SPEC §6: the pool never grows past this many workers, whatever the machine has. */
export const MAX_WORKER_POOL_SIZE = 4;

export async function getSetting<K extends keyof Settings>(key: K): Promise<Settings[K]> {
  const row = await db.settings.get(key);
  return row === undefined ? DEFAULT_SETTINGS[key] : (row.value as Settings[K]);
}

export async function getSettings(): Promise<Settings> {
  const [maxFileBytes, workerPoolSize] = await Promise.all([getSetting('maxFileBytes'), getSetting('workerPoolSize')]);
  return { maxFileBytes, workerPoolSize };
}

/** Rejects values the app could not work with, so a bad setting never reaches the queue or the importer. */
function checkSetting<K extends keyof Settings>(key: K, value: Settings[K]): void {
  if (key === 'maxFileBytes' && !(Number.isFinite(value) && (value as number) >= 1024)) {
    throw new Error('The maximum file size must be at least 1 KB.');
  }
  if (key === 'workerPoolSize' && value !== null) {
    const size = value as number;
    if (!(Number.isInteger(size) && size >= 1 && size <= MAX_WORKER_POOL_SIZE)) {
      throw new Error(`The worker pool size must be between 1 and ${MAX_WORKER_POOL_SIZE}.`);
    }
  }
}

export async function setSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
  checkSetting(key, value);
  await db.settings.put({ key, value });
}
