/**
 * The indices 0…n−1 (or the order `from`, re-sorted) ordered by their unsigned key (high word, then low word;
 * `high` may be left out), equal keys in the order they came: a stable LSD radix sort over the keys' bytes, low
 * byte first. A comparator sort would call back into JS for each of its n·log n comparisons. Keys are indexed
 * by item, not by position in `from`.
 */
export function orderByKey(low: Uint32Array, high: Uint32Array | null = null, from: Uint32Array | null = null): Uint32Array {
  const n = low.length;
  let order = new Uint32Array(n), next = new Uint32Array(n);
  if (from) order.set(from);
  else for (let i = 0; i < n; i++) order[i] = i;
  const bucketStart = new Uint32Array(257);
  for (let pass = 0; pass < (high ? 8 : 4); pass++) {
    const words = pass < 4 ? low : high!, shift = (pass % 4) * 8;
    bucketStart.fill(0);
    for (let k = 0; k < n; k++) bucketStart[((words[k] >>> shift) & 255) + 1]++;
    // A byte that every key shares moves nothing (the high bytes of small numbers, mostly).
    if (n > 0 && bucketStart[((words[0] >>> shift) & 255) + 1] === n) continue;
    for (let b = 1; b < 257; b++) bucketStart[b] += bucketStart[b - 1];
    for (let k = 0; k < n; k++) {
      const i = order[k];
      next[bucketStart[(words[i] >>> shift) & 255]++] = i;
    }
    const done = next;
    next = order;
    order = done;
  }
  return order;
}

const float = new Float64Array(1);
const floatWords = new Uint32Array(float.buffer);

/**
 * Unsigned key words that sort as the numbers do: the IEEE-754 bits with the sign bit set for positive numbers
 * and every bit flipped for negative ones. -0 counts as 0, as it does for `<` and `-`. No NaN.
 */
function numberKeys(values: ArrayLike<number>, n: number, low: Uint32Array, high: Uint32Array): void {
  for (let i = 0; i < n; i++) {
    float[0] = values[i] + 0; // -0 + 0 is 0
    const hi = floatWords[1], lo = floatWords[0];
    if (hi >= 0x80000000) {
      high[i] = ~hi >>> 0;
      low[i] = ~lo >>> 0;
    } else {
      high[i] = hi + 0x80000000;
      low[i] = lo;
    }
  }
}

/**
 * The indices 0…n−1 ordered by the numbers of the first key list, ties by the second, and so on, then by index:
 * what `Array.from(keys(n)).sort((p, q) => a[p] - a[q] || b[p] - b[q] || …)` gives for numbers that are not NaN,
 * in linear time (one stable radix sort per list, last list first).
 */
export function orderByNumbers(n: number, ...keys: ArrayLike<number>[]): Uint32Array {
  const low = new Uint32Array(n), high = new Uint32Array(n);
  let order: Uint32Array | null = null;
  for (let k = keys.length - 1; k >= 0; k--) {
    numberKeys(keys[k], n, low, high);
    order = orderByKey(low, high, order);
  }
  if (order) return order;
  const identity = new Uint32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  return identity;
}

/** Value of a lowercase hex digit's character code, or -1. */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/**
 * The indices of the texts in text order (ties by index), when every text is 16 lowercase hex digits (Hasher.hex(),
 * whose text order is the order of its two words); null for any other texts, which the caller sorts as text.
 */
export function orderByHexText(texts: readonly string[]): Uint32Array | null {
  const n = texts.length, low = new Uint32Array(n), high = new Uint32Array(n), pair = new Uint32Array(2);
  for (let i = 0; i < n; i++) {
    if (texts[i].length !== 16 || !hexWordsInto(texts[i], pair, 0)) return null;
    high[i] = pair[0];
    low[i] = pair[1];
  }
  return orderByKey(low, high);
}

/**
 * The two words (Hasher.high(), low()) of the hash id that the text's first 16 characters spell (lowercase hex,
 * Hasher.hex()), into out[at] and out[at + 1]; false when they spell none.
 */
export function hexWordsInto(text: string, out: Uint32Array, at: number): boolean {
  if (text.length < 16) return false;
  let high = 0, low = 0;
  for (let c = 0; c < 16; c++) {
    const d = hexDigit(text.charCodeAt(c));
    if (d < 0) return false;
    if (c < 8) high = high * 16 + d;
    else low = low * 16 + d;
  }
  out[at] = high;
  out[at + 1] = low;
  return true;
}
