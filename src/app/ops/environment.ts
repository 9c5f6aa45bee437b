import { APP_VERSION } from '../../db/appInfo';
import { BACKUP_FORMAT_VERSION } from '../../db/backupSchema';
import { db } from '../../db/schema';
import { getSettings } from '../../db/settings';
import { browserStorage } from '../../db/storage';
import { jobQueue } from '../jobs/jobQueue';
import { serviceWorkerState } from './serviceWorkerState';

/** Everything about this browser and this copy of the app that helps explain a problem — nothing about drawings. */
export async function collectEnvironment() {
  const settle = <T>(promise: Promise<T>) => promise.catch((error: unknown) => ({ unavailable: String(error) }));
  return {
    collectedAt: new Date().toISOString(),
    versions: { app: APP_VERSION, databaseSchema: db.verno, backupFormat: BACKUP_FORMAT_VERSION },
    browser: {
      userAgent: navigator.userAgent,
      language: navigator.language,
      online: navigator.onLine,
      logicalCores: navigator.hardwareConcurrency ?? null,
      deviceMemoryGb: (navigator as { deviceMemory?: number }).deviceMemory ?? null,
      crossOriginIsolated: globalThis.crossOriginIsolated ?? false,
      webLocks: 'locks' in navigator,
      fileHandling: 'launchQueue' in window,
    },
    storage: await settle(browserStorage()),
    serviceWorker: await settle(serviceWorkerState()),
    settings: await settle(getSettings()),
    workerPool: jobQueue.status(),
  };
}
