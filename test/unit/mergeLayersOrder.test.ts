// LOGIC_E's layered-wall pass orders its strips by (s0, t0, id) with a radix sort and ids for ties: it must give
// exactly the comparator sort's order, ties in s0 and t0 (walls on one grid line) included.
import { describe, expect, it } from 'vitest';
import { byFacesThenStart } from '../../src/core/steps/mergeBands';
import type { WallRect } from '../../src/core/rects';
import { seededRandom } from '../support/random';

describe('byFacesThenStart', () => {
  it('is the comparator order by s0, t0 and id, with many exact ties and -0', () => {
    const random = seededRandom(21);
    for (let round = 0; round < 50; round++) {
      const strips: WallRect[] = Array.from({ length: 1 + Math.floor(random() * 400) }, (_, i) => ({
        id: `r${Math.floor(random() * 1e6).toString(16)}-${i}`,
        ux: 1, uy: 0,
        t0: [0, -0, 100, 2500.5, -300][Math.floor(random() * 5)],
        t1: 5000,
        s0: [0, -0, 150, -150, 1e-9][Math.floor(random() * 5)],
        s1: 300,
        layers: ['W'], sources: [0, 1], startSide: 'added', endSide: 'added',
      }));
      const expected = [...strips].sort((a, b) => a.s0 - b.s0 || a.t0 - b.t0 || (a.id < b.id ? -1 : 1));
      expect(byFacesThenStart(strips).map((r) => r.id)).toEqual(expected.map((r) => r.id));
    }
  });
});
