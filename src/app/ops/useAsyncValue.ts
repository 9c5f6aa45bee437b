import { useCallback, useEffect, useState } from 'react';

/**
 * A value read from a browser API that Dexie's live queries cannot watch (storage estimate, service worker),
 * with a `refresh` for after an action changed it, or re-read every `pollMs` for values that change by themselves.
 * `error` holds the failure as a value for the page to show.
 */
export function useAsyncValue<T>(read: () => Promise<T>, pollMs?: number) {
  const [state, setState] = useState<{ value?: T; error?: unknown }>({});
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    read().then(
      (value) => current && setState({ value }),
      (error: unknown) => current && setState({ error }),
    );
    return () => {
      current = false;
    };
    // `read` is a module function; `generation` re-runs it on refresh.
  }, [generation]);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    if (!pollMs) return;
    const timer = setInterval(refresh, pollMs);
    return () => clearInterval(timer);
  }, [pollMs, refresh]);
  return { ...state, refresh };
}
