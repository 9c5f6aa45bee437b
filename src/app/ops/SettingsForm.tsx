import { useEffect, useId, useState } from 'react';
import { MAX_WORKER_POOL_SIZE, setSetting, type Settings } from '../../db/settings';
import { defaultPoolSize } from '../jobs/poolSize';
import { ActionResult, useAction } from './useAction';

const MB = 1024 * 1024;
const POOL_SIZES = Array.from({ length: MAX_WORKER_POOL_SIZE }, (_, i) => i + 1);

/** Worker-pool size and maximum file size, saved to the settings table (the queue follows the pool size at once). */
export function SettingsForm({ settings }: { settings: Settings }) {
  const poolId = useId();
  const sizeId = useId();
  const [pool, setPool] = useState(settings.workerPoolSize === null ? 'auto' : String(settings.workerPoolSize));
  const [maxMb, setMaxMb] = useState(String(Math.round(settings.maxFileBytes / MB)));
  const save = useAction();
  // Another tab may change the settings; show what is stored.
  useEffect(() => {
    setPool(settings.workerPoolSize === null ? 'auto' : String(settings.workerPoolSize));
    setMaxMb(String(Math.round(settings.maxFileBytes / MB)));
  }, [settings.workerPoolSize, settings.maxFileBytes]);

  const submit = () =>
    save.run(async () => {
      const mb = Number(maxMb);
      if (!(Number.isFinite(mb) && mb >= 1)) throw new Error('The maximum file size must be a number of MB, at least 1.');
      await setSetting('workerPoolSize', pool === 'auto' ? null : Number(pool));
      await setSetting('maxFileBytes', Math.round(mb * MB));
      return 'Settings saved.';
    });

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="settings-grid">
        <div className="field">
          <label htmlFor={poolId}>Worker pool size</label>
          <select id={poolId} value={pool} onChange={(e) => setPool(e.currentTarget.value)}>
            <option value="auto">Automatic ({defaultPoolSize()} on this computer)</option>
            {POOL_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <p className="hint">How many jobs run at the same time. Automatic: logical cores − 1, at most {MAX_WORKER_POOL_SIZE}.</p>
        </div>
        <div className="field">
          <label htmlFor={sizeId}>Maximum file size (MB)</label>
          <input id={sizeId} type="number" min={1} step={1} value={maxMb} onChange={(e) => setMaxMb(e.currentTarget.value)} />
          <p className="hint">Larger drawings are refused when they are added.</p>
        </div>
      </div>
      <div className="actions-row form-actions">
        <button type="submit" className="primary" disabled={save.busy}>
          Save settings
        </button>
      </div>
      <ActionResult outcome={save.outcome} />
    </form>
  );
}
