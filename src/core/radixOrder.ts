/**
 * The indices 0…n−1 ordered by their unsigned key (high word, then low word; `high` may be left out), equal keys
 * in index order: a stable LSD radix sort over the keys' bytes, low byte first. A comparator sort would call back
 * into JS for each of its n·log n comparisons.
 */
export function orderByKey(low: Uint32Array, high: Uint32Array | null = null): Uint32Array {
  const n = low.length;
  let order = new Uint32Array(n), next = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const bucketStart = new Uint32Array(257);
  for (let pass = 0; pass < (high ? 8 : 4); pass++) {
    const words = pass < 4 ? low : high!, shift = (pass % 4) * 8;
    bucketStart.fill(0);
    for (let k = 0; k < n; k++) bucketStart[((words[k] >>> shift) & 255) + 1]++;
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
