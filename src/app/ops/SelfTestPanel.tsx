import { useState } from 'react';
import { storeSelfTest } from '../../db/diagnostics';
import { jobQueue } from '../jobs/jobQueue';
import { errorMessage, shortId } from '../lib/format';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

async function runSelfTest(): Promise<Check[]> {
  const checks: Check[] = [];
  for (const ping of await jobQueue.pingWorkers()) {
    const name = `${ping.role === 'tools' ? 'Tools' : 'Pool'} worker #${ping.workerId} answers a ping`;
    const { result } = ping;
    if (result.state === 'answered') checks.push({ name, ok: true, detail: `${result.ms.toFixed(1)} ms` });
    else if (result.state === 'busy') checks.push({ name, ok: true, detail: `busy running job ${shortId(result.jobId)}` });
    else checks.push({ name, ok: false, detail: result.reason });
  }
  const start = performance.now();
  try {
    await storeSelfTest();
    checks.push({ name: 'IndexedDB writes, reads and deletes a test record', ok: true, detail: `${(performance.now() - start).toFixed(1)} ms` });
  } catch (error) {
    checks.push({ name: 'IndexedDB writes, reads and deletes a test record', ok: false, detail: errorMessage(error) });
  }
  return checks;
}

/** Pings every worker and round-trips a record through IndexedDB. */
export function SelfTestPanel() {
  const [checks, setChecks] = useState<Check[] | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setChecks(await runSelfTest());
    setBusy(false);
  };
  const failed = checks?.filter((c) => !c.ok).length ?? 0;
  return (
    <>
      <div className="actions-row">
        <button type="button" className="primary" disabled={busy} onClick={run}>
          Run self-test
        </button>
        {checks && (
          <span role="status" data-testid="self-test-result">
            {failed === 0 ? `All ${checks.length} checks passed.` : `${failed} of ${checks.length} checks failed.`}
          </span>
        )}
      </div>
      {checks && (
        <ul className="check-list">
          {checks.map((check) => (
            <li key={check.name} className={check.ok ? 'pass' : 'fail'}>
              {check.name}: <span className="muted">{check.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
