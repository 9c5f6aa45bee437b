// The candidate pairs are tested in the order of their first index (LOGIC_B reads neighbours one after another):
// the sort must keep every pair, order them by i, and keep the order found among pairs with the same i.
import { describe, expect, it } from 'vitest';
import { IndexPairs } from '../../src/core/parallelSearch';
import { seededRandom } from '../support/random';

describe('IndexPairs.sortByFirst', () => {
  it('orders by i, keeps the found order within one i, and loses no pair (through growth)', () => {
    const random = seededRandom(8);
    for (const [count, bound] of [[0, 1], [1, 5], [3000, 40], [5000, 100_000]]) {
      const pairs = new IndexPairs(), found: [number, number][] = [];
      for (let k = 0; k < count; k++) {
        const i = Math.floor(random() * (bound - 1)), j = i + 1 + Math.floor(random() * (bound - 1 - i));
        pairs.push(i, j);
        found.push([i, j]);
      }
      pairs.sortByFirst(bound);
      const sorted = Array.from({ length: pairs.count }, (_, k) => [pairs.items[2 * k], pairs.items[2 * k + 1]]);
      // Array.prototype.sort is stable: pairs with one i stay in the order found.
      expect(sorted).toEqual([...found].sort((a, b) => a[0] - b[0]));
    }
  });
});
