import { useId } from 'react';
import { formatBytes } from '../lib/format';
import { exportBackup, restoreFromFile } from './dataActions';
import { ActionResult, useAction } from './useAction';

/** Export everything to one .zip; restore such a .zip (checked completely first, written all at once). */
export function BackupPanel() {
  const inputId = useId();
  const action = useAction();

  const download = () =>
    action.run(async () => {
      const { fileName, size } = await exportBackup();
      return `Backup saved as ${fileName} (${formatBytes(size)}).`;
    });

  const restore = (file: File) =>
    action.run(async () => {
      const restored = await restoreFromFile(file);
      return `Restored ${restored.drawings} drawings, ${restored.jobs} jobs and ${restored.artifacts} artifacts from ${file.name}.`;
    });

  return (
    <>
      <p className="hint">
        A backup holds every drawing, job, log, artifact and setting. Restoring one replaces everything stored now; the
        file is checked completely first, and a damaged or incomplete backup changes nothing.
      </p>
      <div className="actions-row form-actions">
        <button type="button" className="primary" disabled={action.busy} onClick={download}>
          Export backup
        </button>
        <input
          id={inputId}
          className="visually-hidden"
          type="file"
          accept=".zip,application/zip"
          disabled={action.busy}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file) void restore(file);
          }}
        />
        <label htmlFor={inputId} className={`button${action.busy ? ' disabled' : ''}`}>
          Restore backup
        </label>
        {action.busy && (
          <span role="status" className="muted">
            Working…
          </span>
        )}
      </div>
      <ActionResult outcome={action.outcome} />
    </>
  );
}
