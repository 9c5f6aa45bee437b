import { useState } from 'react';
import { errorMessage } from '../lib/format';

/** A button's action: busy while it runs, then its result sentence or its error, shown by <ActionResult>. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  async function run(action: () => Promise<string | void>) {
    setBusy(true);
    setOutcome(null);
    try {
      const text = await action();
      if (text) setOutcome({ ok: true, text });
    } catch (error) {
      setOutcome({ ok: false, text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  }
  return { busy, outcome, run };
}

export function ActionResult({ outcome }: { outcome: ReturnType<typeof useAction>['outcome'] }) {
  if (!outcome) return null;
  return outcome.ok ? (
    <p role="status" className="alert ok">
      {outcome.text}
    </p>
  ) : (
    <p role="alert" className="alert error">
      {outcome.text}
    </p>
  );
}
