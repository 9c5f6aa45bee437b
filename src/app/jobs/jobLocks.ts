/**
 * Web Locks keep two open tabs from running the same job: a tab holds a job's lock from the moment it queues the
 * job until the job ends, and a closing or crashing tab loses its locks. Without the API (plain http), jobs simply
 * run unlocked.
 */
const PREFIX = 'bimbot-job:';

function locks(): LockManager | null {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : null;
}

/** Runs `body` while holding the job's lock; false (and `body` not run) when another tab holds it. */
export async function withJobLock(jobId: string, body: () => Promise<void>): Promise<boolean> {
  const manager = locks();
  if (!manager) {
    await body();
    return true;
  }
  return manager.request(`${PREFIX}${jobId}`, { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await body();
    return true;
  });
}

/** Ids of the jobs some open tab currently holds. */
export async function heldJobIds(): Promise<Set<string>> {
  const manager = locks();
  if (!manager) return new Set();
  const { held = [] } = await manager.query();
  return new Set(held.flatMap((lock) => (lock.name?.startsWith(PREFIX) ? [lock.name.slice(PREFIX.length)] : [])));
}
