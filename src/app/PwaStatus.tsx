/// <reference types="vite-plugin-pwa/react" />
import { useEffect, useState } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';

/** Registers the service worker; reports whether the app is stored for offline use and whether an update waits. */
function usePwa() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady],
    updateServiceWorker,
  } = useRegisterSW();
  // offlineReady only fires on the first install; on later visits an active worker means the same.
  const [active, setActive] = useState(false);
  useEffect(() => {
    void navigator.serviceWorker?.ready.then((registration) => setActive(registration.active !== null));
  }, []);
  return {
    offline: offlineReady || active,
    needRefresh,
    reload: () => updateServiceWorker(true),
    dismiss: () => setNeedRefresh(false),
  };
}

export function PwaStatus() {
  const pwa = usePwa();
  return (
    <>
      {pwa.offline && (
        <span className="offline-ready" title="The app is stored in this browser and works without a network.">
          Offline ready
        </span>
      )}
      {pwa.needRefresh && (
        <div className="update-banner" role="status">
          <span>New version available</span>
          <button type="button" className="primary" onClick={pwa.reload}>
            Reload
          </button>
          <button type="button" onClick={pwa.dismiss}>
            Later
          </button>
        </div>
      )}
    </>
  );
}
