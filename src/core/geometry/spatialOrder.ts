import { orderByKey } from '../radixOrder';

/** Spreads the low 16 bits of v to the even bits of a 32-bit word. */
function spreadBits(v: number): number {
  v &= 0xffff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  return (v | (v << 1)) & 0x55555555;
}

/**
 * The boxes 0…n−1 (minX, minY, maxX, maxY, four numbers each) in the order of their centres along a Z-order
 * curve over a 65536 × 65536 grid of the boxes' extent. A loop that searches an index around each box in
 * this order asks about neighbours one after another, so the index nodes and item data one search reads are
 * still in cache for the next; in input order (ids are hashes, spread over the plan) a 200k-segment plan
 * missed the cache on most of them and its searches took 3–4× as long as a 100k plan's.
 */
export function spatialOrder(boxes: Float64Array, n: number): Uint32Array {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const cx = boxes[4 * i] + boxes[4 * i + 2], cy = boxes[4 * i + 1] + boxes[4 * i + 3];
    if (cx < minX) minX = cx;
    if (cx > maxX) maxX = cx;
    if (cy < minY) minY = cy;
    if (cy > maxY) maxY = cy;
  }
  const sx = maxX > minX ? 65535 / (maxX - minX) : 0, sy = maxY > minY ? 65535 / (maxY - minY) : 0;
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const gx = Math.floor((boxes[4 * i] + boxes[4 * i + 2] - minX) * sx), gy = Math.floor((boxes[4 * i + 1] + boxes[4 * i + 3] - minY) * sy);
    keys[i] = (spreadBits(gx) | (spreadBits(gy) << 1)) >>> 0;
  }
  return orderByKey(keys);
}

/** The inverse of an order: rankOf[order[r]] = r, the position of each item in it. */
export function ranksOf(order: ArrayLike<number>): Int32Array {
  const rankOf = new Int32Array(order.length);
  for (let r = 0; r < order.length; r++) rankOf[order[r]] = r;
  return rankOf;
}

/**
 * The rows of `width` numbers each, row i moved to row rankOf[i]: read in order and written at random, one array
 * at a time. Random reads of several large arrays at once are what the cache serves worst: at 200k segments,
 * gathering six per-segment arrays by position took 4–5× their 100k time, where this takes 2.3×.
 */
export function rowsMoved(values: Float64Array, width: number, rankOf: Int32Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < rankOf.length; i++) {
    const from = width * i, to = width * rankOf[i];
    for (let k = 0; k < width; k++) out[to + k] = values[from + k];
  }
  return out;
}

/**
 * test(i, k) for every box 0…n−1, called in spatialOrder (its searches then find their data in cache), as flags by
 * input index; k is the call's place in that order (`order`, when the caller made it to lay out data in it).
 * onProgress gets the fraction done now and then.
 */
export function flagsInSpatialOrder(
  boxes: Float64Array,
  n: number,
  test: (i: number, k: number) => boolean,
  onProgress?: (fraction: number) => void,
  order: ArrayLike<number> = spatialOrder(boxes, n),
): Uint8Array {
  const flags = new Uint8Array(n);
  const every = Math.max(1, Math.ceil(n / 20));
  for (let k = 0; k < n; k++) {
    if (onProgress && k % every === 0) onProgress(k / n);
    const i = order[k];
    flags[i] = test(i, k) ? 1 : 0;
  }
  return flags;
}

/** The items whose flag is 0, in order. */
export function unflaggedRows(flags: ArrayLike<number>): number[] {
  const rows: number[] = [];
  for (let i = 0; i < flags.length; i++) if (flags[i] === 0) rows.push(i);
  return rows;
}
