import { liveQuery } from 'dexie';
import { useEffect, useState, type DependencyList } from 'react';

function sameDeps(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/**
 * Subscribes to a Dexie query and re-renders whenever the data it read changes, in this tab or another.
 * Returns undefined while the first result for the current `deps` is loading; query errors reach the
 * nearest error boundary.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: DependencyList): T | undefined {
  const [result, setResult] = useState<{ deps: DependencyList; value: T }>();
  const [failure, setFailure] = useState<{ error: unknown }>();

  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setResult({ deps, value }),
      error: (error: unknown) => setFailure({ error }),
    });
    return () => subscription.unsubscribe();
    // The caller's deps decide when the query changes, as with useEffect.
  }, deps);

  if (failure) throw failure.error;
  return result && sameDeps(result.deps, deps) ? result.value : undefined;
}
