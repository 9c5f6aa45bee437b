import { useId, useState } from 'react';
import { createDebugBundle } from '../../db/debugBundle';
import { downloadArchive, fileStamp } from './archive';
import { collectEnvironment } from './environment';
import { ActionResult, useAction } from './useAction';

/** One .zip for whoever helps with a problem; drawings only when the user ticks the box. */
export function DebugBundlePanel() {
  const checkboxId = useId();
  const [includeDrawings, setIncludeDrawings] = useState(false);
  const action = useAction();
  const download = () =>
    action.run(async () => {
      const fileName = `bimbot-debug-${fileStamp()}.zip`;
      await downloadArchive(await createDebugBundle(await collectEnvironment(), includeDrawings), fileName);
      return `Saved ${fileName}.`;
    });
  return (
    <>
      <p className="hint">
        Logs, job and step records, and this browser’s environment (versions, storage, settings). Drawing names, files
        and results stay out unless you include them.
      </p>
      <div className="actions-row form-actions">
        <label htmlFor={checkboxId}>
          <input
            id={checkboxId}
            type="checkbox"
            checked={includeDrawings}
            onChange={(e) => setIncludeDrawings(e.currentTarget.checked)}
          />{' '}
          Include drawings and results
        </label>
        <button type="button" disabled={action.busy} onClick={download}>
          Download debug bundle
        </button>
      </div>
      <ActionResult outcome={action.outcome} />
    </>
  );
}
