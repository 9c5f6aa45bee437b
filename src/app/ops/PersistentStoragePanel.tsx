import { browserStorage, requestPersistentStorage } from '../../db/storage';
import { ActionResult, useAction } from './useAction';
import { useAsyncValue } from './useAsyncValue';

function persistenceText(persisted: boolean | null | undefined): string {
  if (persisted === true) return 'Granted — the browser will not evict this app’s data when space runs low.';
  if (persisted === false) return 'Not granted — the browser may delete this app’s data when the disk is nearly full.';
  return 'Unknown — this browser cannot say.';
}

/** Shows whether storage is persistent and asks the browser for it. */
export function PersistentStoragePanel() {
  const storage = useAsyncValue(browserStorage);
  const request = useAction();
  const ask = () =>
    request.run(async () => {
      const granted = await requestPersistentStorage();
      storage.refresh();
      if (granted === null) throw new Error('This browser does not support persistent storage.');
      // Chromium decides from engagement (installed app, bookmarks, notifications), without asking the user.
      return granted
        ? 'Persistent storage granted.'
        : 'The browser declined for now. Installing the app usually makes it agree.';
    });
  return (
    <>
      <p data-testid="persistence-state">
        <strong>Persistent storage: </strong>
        {storage.value === undefined ? '…' : persistenceText(storage.value.persisted)}
      </p>
      <div className="actions-row">
        <button type="button" disabled={request.busy || storage.value?.persisted === true} onClick={ask}>
          Request persistent storage
        </button>
      </div>
      <ActionResult outcome={request.outcome} />
    </>
  );
}
