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

export async function getSetting<K extends keyof Settings>(key: K): Promise<Settings[K]> {
  const row = await db.settings.get(key);
  return row === undefined ? DEFAULT_SETTINGS[key] : (row.value as Settings[K]);
}
