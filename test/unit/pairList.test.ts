import { describe, expect, it } from 'vitest';
import { PairList, type PairFound } from '../../src/core/pairs';

/** A row whose every number tells which row it is. */
function rowFound(k: number): PairFound {
  return { ux: k + 0.1, uy: k + 0.2, distance: k + 0.3, lo: k + 0.4, hi: k + 0.5, quad: Float64Array.from({ length: 8 }, (_, c) => 10 * k + c) };
}

describe('PairList', () => {
  it('keeps every row through growth and selects rows in the order asked', () => {
    const list = new PairList(2);
    for (let k = 0; k < 100; k++) list.push(k, k + 1000, rowFound(k));
    expect(list.count).toBe(100);
    const row = (k: number) => ({ a: k, b: k + 1000, ux: k + 0.1, uy: k + 0.2, distance: k + 0.3, lo: k + 0.4, hi: k + 0.5, quad: Array.from({ length: 8 }, (_, c) => 10 * k + c) });
    expect(list.at(0)).toEqual(row(0));
    expect(list.at(99)).toEqual(row(99));
    const picked = list.select([57, 3, 99]);
    expect(picked.count).toBe(3);
    expect(picked.toArray()).toEqual([row(57), row(3), row(99)]);
    expect(list.select([3, 57, 99]).toArray()).toEqual([row(3), row(57), row(99)]);
    expect(list.select([]).toArray()).toEqual([]);
  });

  it('copies the found pair, so the next evaluation cannot change a pushed row', () => {
    const list = new PairList();
    const found = rowFound(1);
    list.push(0, 1, found);
    found.lo = 99;
    found.quad[0] = 99;
    expect(list.at(0).lo).toBe(1.4);
    expect(list.at(0).quad[0]).toBe(10);
  });
});
