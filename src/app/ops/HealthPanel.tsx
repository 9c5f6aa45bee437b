import { APP_VERSION } from '../../db/appInfo';
import { databaseStatus } from '../../db/diagnostics';
import { browserStorage } from '../../db/storage';
import { errorMessage, formatBytes } from '../lib/format';
import { offlineReady, serviceWorkerState, type ServiceWorkerState } from './serviceWorkerState';
import { useAsyncValue } from './useAsyncValue';

function serviceWorkerText(sw: ServiceWorkerState): string {
  if (!sw.supported) return 'not supported here (needs https or localhost)';
  if (!sw.active) return 'not active yet (installing or not registered)';
  const parts = [sw.active, sw.controlling ? 'controls this page' : 'does not control this page yet (reload)'];
  if (sw.updateWaiting) parts.push('an update is waiting');
  return parts.join(', ');
}

function quotaText(usage: number | null, quota: number | null): string {
  if (usage === null || quota === null) return 'unknown';
  return `${formatBytes(usage)} of ${formatBytes(quota)} (${((usage / quota) * 100).toFixed(1)} %)`;
}

/** Version, service worker, offline readiness, IndexedDB and browser storage, each as one line. */
export function HealthPanel() {
  // The service worker installs and activates by itself on a first visit; the others change with every job.
  const sw = useAsyncValue(serviceWorkerState, 2000);
  const database = useAsyncValue(databaseStatus, 5000);
  const storage = useAsyncValue(browserStorage, 5000);
  const pending = '…';
  return (
    <dl className="facts" data-testid="health">
      <dt>App version</dt>
      <dd data-testid="app-version">{APP_VERSION}</dd>
      <dt>Service worker</dt>
      <dd data-testid="sw-state">{sw.value ? serviceWorkerText(sw.value) : pending}</dd>
      <dt>Offline ready</dt>
      <dd data-testid="offline-ready">
        {sw.value
          ? offlineReady(sw.value)
            ? `yes — ${sw.value.precachedFiles} files stored for offline use`
            : 'no — the app is not fully stored yet'
          : pending}
      </dd>
      <dt>IndexedDB</dt>
      <dd data-testid="idb-state">
        {database.error !== undefined
          ? `unavailable: ${errorMessage(database.error)}`
          : database.value
            ? `open, schema version ${database.value.schemaVersion}; ${Object.entries(database.value.counts)
                .map(([table, n]) => `${n} ${table}`)
                .join(', ')}`
            : pending}
      </dd>
      <dt>Storage used</dt>
      <dd data-testid="storage-quota">{storage.value ? quotaText(storage.value.usage, storage.value.quota) : pending}</dd>
      <dt>Persistent storage</dt>
      <dd>{storage.value ? (storage.value.persisted === null ? 'unknown' : storage.value.persisted ? 'yes' : 'no') : pending}</dd>
    </dl>
  );
}
