/** Lists up to this long are sorted by insertion; longer ones by Array.prototype.sort. */
const SHORT = 16;

/**
 * Sorts a list in place, stably, like list.sort(compare). Array.prototype.sort allocates its working state
 * (about a kilobyte) on every call, which adds up over thousands of short lists: rectangles near an opening,
 * members and openings of a wall.
 */
export function sortShort<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  if (list.length > SHORT) return list.sort(compare);
  for (let i = 1; i < list.length; i++) {
    const item = list[i];
    let j = i - 1;
    for (; j >= 0 && compare(list[j], item) > 0; j--) list[j + 1] = list[j];
    list[j + 1] = item;
  }
  return list;
}

/** The order of Array.prototype.sort without a comparator, for strings. */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
