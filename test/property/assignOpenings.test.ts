// DOOR_RECTANGLE_ASSIGNMENT's indexed search equals the all-pairs oracle (SPEC §4) on random wall rectangles of any
// direction and random opening boxes, including boxes that only touch a rectangle's bounding box.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { PlanOpening } from '../../src/core/entities';
import type { WallRect } from '../../src/core/rects';
import { assignOpenings, indexRects } from '../../src/core/steps/assignOpenings';
import { allPairsAssignOpenings } from '../oracle/allPairs';

const coordinate = fc.double({ min: -20_000, max: 20_000, noNaN: true });

const rectArb = fc
  .record({ angle: fc.double({ min: -Math.PI / 2, max: Math.PI / 2, noNaN: true }), straight: fc.boolean(), t0: coordinate, length: fc.double({ min: 1, max: 8000, noNaN: true }), s0: coordinate, thickness: fc.double({ min: 10, max: 450, noNaN: true }) })
  .map(({ angle, straight, t0, length, s0, thickness }): WallRect => {
    // Half of the rectangles axis-aligned, as most walls are; the direction is canonical (ux > 0 or ux = 0, uy > 0).
    const a = straight ? Math.round(angle / (Math.PI / 2)) * (Math.PI / 2) : angle;
    const ux = Math.abs(Math.cos(a)) < 1e-12 ? 0 : Math.cos(a), uy = ux === 0 ? 1 : Math.sin(a);
    return { id: 'r', ux, uy, t0, t1: t0 + length, s0, s1: s0 + thickness, layers: ['A-WALL'], sources: [], startSide: 'added', endSide: 'added' };
  });

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
      expect(assignOpenings(all, rects, indexRects(rects), margin)).toEqual(allPairsAssignOpenings(all, rects, margin));
    }),
    { seed: 20261129, numRuns: 300 },
  );
});
