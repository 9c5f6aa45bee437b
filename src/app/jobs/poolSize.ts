import { MAX_WORKER_POOL_SIZE } from '../../db/settings';

/** SPEC §6: logical cores − 1, at least 1, at most 4 — the page keeps a core for itself. */
export function defaultPoolSize(): number {
  return Math.min(MAX_WORKER_POOL_SIZE, Math.max(1, (navigator.hardwareConcurrency || 2) - 1));
}

/** The pool size a setting stands for: null means "from the machine". */
export function effectivePoolSize(setting: number | null): number {
  return setting ?? defaultPoolSize();
}
