/** A storage failure as a sentence for the user; quota errors say that nothing was saved (transactions roll back). */
export function describeStorageError(error: unknown): string {
  const names = [error, (error as { inner?: unknown } | null)?.inner].map((e) => (e as { name?: string } | null)?.name);
  if (names.includes('QuotaExceededError')) {
    return "The browser's storage for this site is full, so nothing was saved. Delete some drawings and try again.";
  }
  return `The browser's storage failed: ${error instanceof Error ? error.message : String(error)}`;
}
