/** The service worker as the diagnostics page reports it: registered, controlling, and how much it precached. */
export interface ServiceWorkerState {
  supported: boolean;
  /** The active worker's state ("activated"), or null when none is active yet. */
  active: string | null;
  /** Whether this page is served by the worker (false on the very first visit until a reload or claim). */
  controlling: boolean;
  /** A new version waits for "Reload". */
  updateWaiting: boolean;
  /** Files in the workbox precache; null when the Cache API is unavailable. */
  precachedFiles: number | null;
}

async function precachedFileCount(): Promise<number | null> {
  if (typeof caches === 'undefined') return null;
  const names = (await caches.keys()).filter((name) => name.includes('precache'));
  let count = 0;
  for (const name of names) count += (await (await caches.open(name)).keys()).length;
  return count;
}

export async function serviceWorkerState(): Promise<ServiceWorkerState> {
  const container = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined;
  if (!container) return { supported: false, active: null, controlling: false, updateWaiting: false, precachedFiles: null };
  const registration = await container.getRegistration();
  return {
    supported: true,
    active: registration?.active?.state ?? null,
    controlling: container.controller !== null,
    updateWaiting: !!registration?.waiting,
    precachedFiles: await precachedFileCount(),
  };
}

/**
 * Workbox activates the worker only after every precache entry was stored (one failed download fails the install),
 * so an active worker means the whole app, WASM and workers included, is available offline.
 */
export function offlineReady(state: ServiceWorkerState): boolean {
  return state.active === 'activated' && (state.precachedFiles ?? 0) > 0;
}
