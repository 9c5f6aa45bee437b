// searchInto (src/core/geometry/searchInto.ts) walks a Flatbush index without allocating: it must find exactly
// the items Flatbush's own search finds, for any item count, node size and query, with its hit buffer reused.
import Flatbush from 'flatbush';
import { describe, expect, it } from 'vitest';
import { boxHits, searchInto, searchOf } from '../../src/core/geometry/searchInto';
import { seededRandom } from '../support/random';

function randomIndex(n: number, nodeSize: number, seed: number, grid: boolean): Flatbush {
  const random = seededRandom(seed);
  const index = new Flatbush(n, nodeSize);
  for (let i = 0; i < n; i++) {
    // On a grid, boxes share edges exactly: touching counts as meeting.
    const x = grid ? Math.floor(random() * 50) * 10 : random() * 1000, y = grid ? Math.floor(random() * 50) * 10 : random() * 1000;
    const w = grid ? 10 * Math.floor(random() * 3) : random() * random() * 80, h = grid ? 10 * Math.floor(random() * 3) : random() * random() * 80;
    index.add(x, y, x + w, y + h);
  }
  index.finish();
  return index;
}

const sorted = (values: ArrayLike<number>, count: number) => Array.from(values).slice(0, count).sort((a, b) => a - b);

describe('searchInto', () => {
  for (const [n, nodeSize] of [[1, 16], [2, 16], [17, 16], [300, 4], [5000, 16], [20000, 9]] as const) {
    for (const grid of [false, true]) {
      it(`finds what Flatbush's search finds: ${n} boxes, node size ${nodeSize}${grid ? ', touching boxes on a grid' : ''}`, () => {
        const index = randomIndex(n, nodeSize, n + nodeSize, grid);
        const random = seededRandom(n * 7 + (grid ? 1 : 0));
        const hits = boxHits();
        let found = 0;
        for (let q = 0; q < 300; q++) {
          // Every tenth query covers the whole plan, from a corner exactly on the boxes' lowest edge on the grid.
          const whole = q % 10 === 0;
          const x = whole ? (grid ? 0 : -50) : grid ? Math.floor(random() * 55) * 10 - 20 : random() * 1100 - 50;
          const y = whole ? (grid ? 0 : -50) : grid ? Math.floor(random() * 55) * 10 - 20 : random() * 1100 - 50;
          const w = whole ? 1200 : grid ? 10 * Math.floor(random() * 4) : random() * 60, h = whole ? 1200 : grid ? 10 * Math.floor(random() * 4) : random() * 60;
          const count = searchInto(index, x, y, x + w, y + h, hits);
          expect(hits.count).toBe(count);
          expect(sorted(hits.items, count)).toEqual(sorted(index.search(x, y, x + w, y + h), Infinity));
          found += count;
        }
        // The whole-plan queries find every box; the others must find some too, or the comparison proves little.
        expect(found).toBeGreaterThanOrEqual(30 * n + (n > 100 ? 100 : 0));
      });
    }
  }

  it('grows its buffer when a search finds more items than it holds, and a later, smaller search reuses it', () => {
    const index = randomIndex(5000, 16, 11, false);
    const hits = boxHits();
    const all = searchInto(index, -Infinity, -Infinity, Infinity, Infinity, hits);
    expect(all).toBe(5000);
    expect(sorted(hits.items, all)).toEqual([...Array(5000).keys()]);
    const buffer = hits.items;
    const some = searchOf(index)(100, 100, 200, 200, hits);
    expect(hits.items).toBe(buffer);
    expect(sorted(hits.items, some)).toEqual(sorted(index.search(100, 100, 200, 200), Infinity));
  });

  it('finds nothing outside every box', () => {
    const index = randomIndex(1000, 16, 5, false);
    expect(searchInto(index, 5000, 5000, 6000, 6000, boxHits())).toBe(0);
  });
});
