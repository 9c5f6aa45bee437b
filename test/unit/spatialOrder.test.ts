// The orders the pipeline's searches run in (src/core/radixOrder.ts, src/core/geometry/spatialOrder.ts): they
// decide only the order of work, never a result, so they must be permutations and flags must land by index.
import { describe, expect, it } from 'vitest';
import { orderByHexText, orderByKey, orderByNumbers } from '../../src/core/radixOrder';
import { flagsInSpatialOrder, spatialOrder } from '../../src/core/geometry/spatialOrder';
import { spatialSegments } from '../../src/core/segments';
import { seededRandom } from '../support/random';

const isPermutation = (order: Uint32Array, n: number) => order.length === n && new Set(order).size === n && order.every((i) => i < n);

describe('orderByKey', () => {
  it('orders by the 32-bit key, equal keys in index order (a stable sort)', () => {
    const random = seededRandom(3);
    const keys = Uint32Array.from({ length: 5000 }, () => Math.floor(random() * 300) * 0x01010101);
    const expected = [...keys.keys()].sort((a, b) => keys[a] - keys[b] || a - b);
    expect([...orderByKey(keys)]).toEqual(expected);
  });

  it('orders by (high, low) when given a high word', () => {
    const random = seededRandom(4);
    const high = Uint32Array.from({ length: 5000 }, () => Math.floor(random() * 20) * 0x10000001);
    const low = Uint32Array.from({ length: 5000 }, () => Math.floor(random() * 2 ** 32));
    low[7] = low[8];
    high[7] = high[8];
    const expected = [...low.keys()].sort((a, b) => high[a] - high[b] || low[a] - low[b] || a - b);
    expect([...orderByKey(low, high)]).toEqual(expected);
  });

  it('handles no keys', () => expect(orderByKey(new Uint32Array(0)).length).toBe(0));
});

describe('orderByKey from an order', () => {
  it('re-sorts the given order stably: ties keep the order they came in', () => {
    const keys = Uint32Array.from([5, 1, 5, 1, 0]);
    expect([...orderByKey(keys, null, Uint32Array.from([4, 3, 2, 1, 0]))]).toEqual([4, 3, 1, 2, 0]);
  });
});

describe('orderByNumbers', () => {
  /** Numbers drawn from a few values so that ties are common, with the signs, zeros and infinities a comparator meets. */
  function awkwardNumbers(n: number, seed: number): Float64Array {
    const random = seededRandom(seed);
    const pool = [0, -0, 1, -1, 0.1, -0.1, 1e-300, -1e-300, 5e-324, 123456.789, -123456.789, 2 ** 53, Infinity, -Infinity, Math.PI / 2, -Math.PI / 2];
    return Float64Array.from({ length: n }, () => (random() < 0.5 ? pool[Math.floor(random() * pool.length)] : (random() - 0.5) * 10 ** Math.floor(random() * 12)));
  }

  it('orders as Array.prototype.sort with a[p] - a[q] || b[p] - b[q] || c[p] - c[q], ties by index', () => {
    const n = 4000;
    const a = awkwardNumbers(n, 11), b = awkwardNumbers(n, 12), c = Int32Array.from(awkwardNumbers(n, 13), (v) => (Number.isFinite(v) ? Math.trunc(v) % 1000 : 7));
    for (let i = 0; i < n; i += 3) a[i] = a[0]; // many exact ties on the first key
    const expected = [...a.keys()].sort((p, q) => a[p] - a[q] || b[p] - b[q] || c[p] - c[q]);
    expect([...orderByNumbers(n, a, b, c)]).toEqual(expected);
  });

  it('takes -0 and 0 as equal, as the comparator does', () => {
    expect([...orderByNumbers(4, [0, -0, 0, -0])]).toEqual([0, 1, 2, 3]);
    expect([...orderByNumbers(3, [-0, -1e-300, 0])]).toEqual([1, 0, 2]);
  });

  it('reads only the first n values, and with no keys keeps index order', () => {
    expect([...orderByNumbers(3, [3, 2, 1, -5])]).toEqual([2, 1, 0]);
    expect([...orderByNumbers(3)]).toEqual([0, 1, 2]);
  });
});

describe('orderByHexText', () => {
  it('orders 16-digit lowercase hex ids as text, ties by index', () => {
    const random = seededRandom(21);
    const hex = (v: number) => Math.floor(v).toString(16).padStart(8, '0');
    const ids = Array.from({ length: 3000 }, () => hex(random() * 2 ** 32) + hex(random() * 2 ** 32));
    ids[10] = ids[20];
    ids[30] = 'ffffffffffffffff';
    ids[31] = '0000000000000000';
    const expected = [...ids.keys()].sort((p, q) => (ids[p] < ids[q] ? -1 : ids[p] > ids[q] ? 1 : p - q));
    expect([...orderByHexText(ids)!]).toEqual(expected);
  });

  it('declines any other text, which the caller then sorts as text', () => {
    expect(orderByHexText(['0123456789abcdef', 'r1'])).toBeNull();
    expect(orderByHexText(['0123456789ABCDEF'])).toBeNull();
    expect(orderByHexText(['0123456789abcdeg'])).toBeNull();
  });
});

/** Boxes 10 × 10 around random points of a 100 m square. */
function randomBoxes(n: number, seed: number): Float64Array {
  const random = seededRandom(seed), boxes = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    const x = random() * 100_000, y = random() * 100_000;
    boxes.set([x - 5, y - 5, x + 5, y + 5], 4 * i);
  }
  return boxes;
}

/** Mean distance between the centres of boxes that follow each other in the order. */
function meanStep(boxes: Float64Array, order: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 1; k < order.length; k++) {
    const a = 4 * order[k - 1], b = 4 * order[k];
    sum += Math.hypot(boxes[a] - boxes[b], boxes[a + 1] - boxes[b + 1]);
  }
  return sum / (order.length - 1);
}

describe('spatialOrder', () => {
  it('is a permutation that visits neighbours one after another', () => {
    const n = 20_000, boxes = randomBoxes(n, 5);
    const order = spatialOrder(boxes, n);
    expect(isPermutation(order, n)).toBe(true);
    const inputOrder = meanStep(boxes, Array.from({ length: n }, (_, i) => i));
    // Random points: about 52 km apart in input order; a Z-order curve over 20k points steps well under 2 km on average.
    expect(inputOrder).toBeGreaterThan(40_000);
    expect(meanStep(boxes, order)).toBeLessThan(2_000);
  });

  it('keeps the input order for boxes with one centre, and handles none', () => {
    const boxes = new Float64Array([1, 1, 3, 3, 0, 0, 4, 4, 2, 2, 2, 2]);
    expect([...spatialOrder(boxes, 3)]).toEqual([0, 1, 2]);
    expect(spatialOrder(new Float64Array(0), 0).length).toBe(0);
  });

  it('orders boxes on a line along it', () => {
    const n = 100, boxes = new Float64Array(4 * n);
    for (let i = 0; i < n; i++) boxes.set([1000 * ((i * 37) % n), 0, 1000 * ((i * 37) % n) + 10, 10], 4 * i);
    const xs = [...spatialOrder(boxes, n)].map((i) => boxes[4 * i]);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });
});

describe('flagsInSpatialOrder', () => {
  it('gives test(i) at index i, calling the test once per box, and reports progress', () => {
    const n = 1000, boxes = randomBoxes(n, 6), calls: number[] = [], progress: number[] = [];
    const flags = flagsInSpatialOrder(boxes, n, (i) => (calls.push(i), i % 3 === 0), (f) => progress.push(f));
    expect([...flags]).toEqual(Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)));
    expect([...calls].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(calls).not.toEqual(Array.from({ length: n }, (_, i) => i));
    expect(progress[0]).toBe(0);
    expect(progress.every((f, k) => f >= 0 && f < 1 && (k === 0 || f > progress[k - 1]))).toBe(true);
  });
});

describe('spatialSegments', () => {
  it('is the same geometry permuted: indexAt and rankOf are inverse permutations, every number where they say', () => {
    const random = seededRandom(9);
    const n = 3000;
    const coordinates = () => Float64Array.from({ length: n }, () => (random() - 0.5) * 1e5);
    const set = { count: n, x1: coordinates(), y1: coordinates(), x2: coordinates(), y2: coordinates(), angle: coordinates(), length: coordinates() };
    const { geometry, indexAt, rankOf } = spatialSegments(set);
    expect(isPermutation(Uint32Array.from(indexAt), n)).toBe(true);
    for (let r = 0; r < n; r++) {
      const i = indexAt[r];
      expect(rankOf[i]).toBe(r);
      for (const key of ['x1', 'y1', 'x2', 'y2', 'angle', 'length'] as const) expect(geometry[key][r]).toBe(set[key][i]);
    }
    // Neighbours in the plan sit near each other: the mean jump between consecutive centres is far below random order's.
    const jump = (at: (k: number) => number) => {
      let sum = 0;
      for (let k = 1; k < n; k++) sum += Math.hypot(set.x1[at(k)] + set.x2[at(k)] - set.x1[at(k - 1)] - set.x2[at(k - 1)], set.y1[at(k)] + set.y2[at(k)] - set.y1[at(k - 1)] - set.y2[at(k - 1)]);
      return sum / (n - 1);
    };
    expect(jump((k) => indexAt[k])).toBeLessThan(jump((k) => k) / 4);
  });
});
