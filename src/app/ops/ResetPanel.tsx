import { useId, useState } from 'react';
import { resetEverything } from './dataActions';
import { ActionResult, useAction } from './useAction';

const CONFIRMATION = 'RESET';

/** Wipes the whole store once the user typed the confirmation word. */
export function ResetPanel() {
  const inputId = useId();
  const [typed, setTyped] = useState('');
  const action = useAction();
  const reset = () =>
    action.run(async () => {
      await resetEverything();
      setTyped('');
      return 'Everything was deleted.';
    });
  return (
    <>
      <p className="hint">
        Deletes every drawing, job, log, artifact and setting stored by this app in this browser. Export a backup first if
        you may want them back.
      </p>
      <div className="actions-row form-actions">
        <div className="field">
          <label htmlFor={inputId}>Type {CONFIRMATION} to confirm</label>
          <input id={inputId} value={typed} autoComplete="off" onChange={(e) => setTyped(e.currentTarget.value)} />
        </div>
        <button type="button" className="danger" disabled={action.busy || typed !== CONFIRMATION} onClick={reset}>
          Reset
        </button>
      </div>
      <ActionResult outcome={action.outcome} />
    </>
  );
}
