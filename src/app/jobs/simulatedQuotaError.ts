/**
 * Test hook, compiled in but inert: only a page opened with `?simulateQuotaError=job` (artifact writes) or
 * `?simulateQuotaError=import` (drawing writes) installs it. Each add/put to that table then fails inside its
 * transaction with the DOMException a full disk raises, so the end-to-end test exercises the real rollback and the
 * real message rather than a mock of them. Used by test/e2e/ops.spec.ts.
 */
import type { Dexie } from 'dexie';

const TABLE_OF_TARGET: Record<string, string> = { job: 'artifacts', import: 'drawings' };

export function installSimulatedQuotaError(db: Dexie): void {
  if (typeof location === 'undefined') return;
  const table = TABLE_OF_TARGET[new URLSearchParams(location.search).get('simulateQuotaError') ?? ''];
  if (!table) return;
  console.warn(`simulateQuotaError: every write to "${table}" fails with QuotaExceededError in this page.`);
  db.use({
    stack: 'dbcore',
    name: 'simulatedQuotaError',
    create: (down) => ({
      ...down,
      table: (name) => {
        const target = down.table(name);
        if (name !== table) return target;
        return {
          ...target,
          mutate: (request) =>
            request.type === 'add' || request.type === 'put'
              ? Promise.reject(new DOMException('The quota has been exceeded (simulated).', 'QuotaExceededError'))
              : target.mutate(request),
        };
      },
    }),
  });
}
