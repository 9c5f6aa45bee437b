import { getSettings } from '../../db/settings';
import { Loading } from '../components/PageState';
import { useLiveQuery } from '../lib/useLiveQuery';
import { BackupPanel } from '../ops/BackupPanel';
import { PersistentStoragePanel } from '../ops/PersistentStoragePanel';
import { ResetPanel } from '../ops/ResetPanel';
import { SettingsForm } from '../ops/SettingsForm';

export function SettingsPage() {
  const settings = useLiveQuery(getSettings, []);
  return (
    <main className="page">
      <header className="page-header">
        <h1>Settings</h1>
      </header>
      <section className="card" aria-labelledby="processing-title">
        <h2 id="processing-title">Processing</h2>
        {settings === undefined ? <Loading /> : <SettingsForm settings={settings} />}
      </section>
      <section className="card" aria-labelledby="storage-title">
        <h2 id="storage-title">Storage</h2>
        <PersistentStoragePanel />
      </section>
      <section className="card" aria-labelledby="backup-title">
        <h2 id="backup-title">Backup and restore</h2>
        <BackupPanel />
      </section>
      <section className="card danger-zone" aria-labelledby="reset-title">
        <h2 id="reset-title">Reset</h2>
        <ResetPanel />
      </section>
    </main>
  );
}
