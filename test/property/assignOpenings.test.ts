// DOOR_RECTANGLE_ASSIGNMENT's indexed search equals the all-pairs oracle (SPEC §4) on random wall rectangles of any
// direction and random opening boxes, including boxes that only touch a rectangle's bounding box.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { PlanOpening } from '../../src/core/entities';
import { assignOpenings, indexRects } from '../../src/core/steps/assignOpenings';
import { rectTableOf } from '../../src/core/rects';
import { allPairsAssignOpenings } from '../oracle/allPairs';
import { coordinate, rectArb } from './arbitraries';

const openingArb = fc.record({ x: coordinate, y: coordinate, w: fc.double({ min: 0, max: 2000, noNaN: true }), h: fc.double({ min: 0, max: 2000, noNaN: true }) }).map(
  ({ x, y, w, h }): PlanOpening => ({ id: 'o', kind: 'door', layer: 'A-DOOR', name: 'DOOR', x, y, rotation: 0, box: { minX: x, minY: y, maxX: x + w, maxY: y + h } }),
);

it('DOOR_RECTANGLE_ASSIGNMENT: the indexed search finds exactly the rectangles the all-pairs search finds', () => {
  fc.assert(
    fc.property(fc.array(rectArb, { minLength: 0, maxLength: 120 }), fc.array(openingArb, { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 500, noNaN: true }), (rects, openings, margin) => {
      // Openings placed at rectangle corners too, where boxes touch or barely miss.
      const cornerOpenings = rects.slice(0, 10).map((r, i): PlanOpening => {
        const x = r.t1 * r.ux - r.s1 * r.uy, y = r.t1 * r.uy + r.s1 * r.ux;
        return { ...openings[i % openings.length], box: { minX: x, minY: y, maxX: x + 100, maxY: y + 100 } };
      });
      const all = [...openings, ...cornerOpenings];
      const table = rectTableOf(rects);
      expect(assignOpenings(all, table, indexRects(table), margin)).toEqual(allPairsAssignOpenings(all, table, margin));
    }),
    { seed: 20261129, numRuns: 300 },
  );
});
