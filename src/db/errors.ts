/** True for the browser's "storage full" error, bare (DOMException) or wrapped by Dexie. */
function isQuotaExceeded(error: unknown): boolean {
  const names = [error, (error as { inner?: unknown } | null)?.inner].map((e) => (e as { name?: string } | null)?.name);
  return names.includes('QuotaExceededError');
}

/** A storage failure as a sentence for the user; quota errors say that nothing was saved (transactions roll back). */
export function describeStorageError(error: unknown): string {
  if (isQuotaExceeded(error)) {
    return (
      "The browser's storage for this site is full, so nothing was saved. Free space by deleting drawings you no " +
      'longer need or old jobs (Diagnostics → Storage shows what takes the space), then try again.'
    );
  }
  return `The browser's storage failed: ${error instanceof Error ? error.message : String(error)}`;
}
