// WALLS' two index searches — the crossing wall a band continues across (joinCollinear) and the larger rectangle
// a piece lies inside (collectWalls) — equal the all-pairs oracle (SPEC §4): random bands of any direction cut
// by a gap with a crossing wall whose sides and ends lie exactly on, within 1 mm of, or past the gap's
// centerline, pieces inside, on the edge of or a hair outside larger rectangles (zero-width ones included),
// and noise.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { DEG } from '../../src/core/geometry/angle';
import { rectPoint, rectTableOf, toFrame, type WallRect } from '../../src/core/rects';
import { indexRects } from '../../src/core/steps/assignOpenings';
import { buildWalls, type WallRule } from '../../src/core/steps/buildWalls';
import { searchOf } from '../../src/core/geometry/searchInto';
import type { JoinedRects } from '../../src/core/steps/joinCorners';
import { allPairsBuildWalls, rulesFor } from '../oracle/allPairs';
import { angleOf, coordinate, directionArb, frameAt, HORIZONTAL, numbered, rectArb, VERTICAL, wallRect } from './arbitraries';

/** Mostly the pipeline's rule; sometimes other tolerances, gaps and crossing thicknesses. */
const ruleArb: fc.Arbitrary<WallRule> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(rulesFor().walls) },
  { weight: 1, arbitrary: fc.record({ faceTolerance: fc.constantFrom(0, 50), maxGap: fc.constantFrom(0, 1, 100), maxCrossingThickness: fc.constantFrom(100, 451, 1000), angleTolerance: fc.constant(2 * DEG) }) },
);

/** Where an edge lies from a point: on it, within the 1 mm margin inside or outside, a hair past the margin, or well clear. */
const edgeArb = fc.oneof(fc.constantFrom(-1.5, -1 - 1e-9, -1, -0.5, 0, 0.5, 1), fc.double({ min: -2, max: 300, noNaN: true }));
const lengthArb = fc.oneof(fc.constantFrom(1, 1000), fc.double({ min: 1, max: 5000, noNaN: true }));
const thicknessArb = fc.oneof(fc.constantFrom(0, 10, 450), fc.double({ min: 10, max: 600, noNaN: true }));

const ordered = (p: number, q: number): [number, number] => (p <= q ? [p, q] : [q, p]);

/**
 * Two pieces of a band with a gap along it, and a wall turned by about 90° across the gap: its sides and ends
 * placed by edgeArb from the gap's ends on the first piece's centerline (the stretch the step tests).
 */
const crossingArb = fc
  .record({
    frame: directionArb, t: coordinate, s0: coordinate, thickness: thicknessArb, before: lengthArb, after: lengthArb,
    gap: fc.oneof(fc.constantFrom(0, 1, 1 + 1e-9, 2, 450, 451, 451 + 1e-9), fc.double({ min: 1, max: 451, noNaN: true })),
    faceShift0: fc.constantFrom(0, 10, -50, 50 + 1e-9), faceShift1: fc.constantFrom(0, -10, 50, -50 - 1e-9),
    skew: fc.oneof(fc.constantFrom(0, Math.PI / 6, -Math.PI / 6, 0.53, Math.PI / 2), fc.double({ min: -0.6, max: 0.6, noNaN: true })),
    side0: edgeArb, side1: edgeArb, end0: edgeArb, end1: edgeArb,
  })
  .map(({ frame, t, s0, thickness, before, after, gap, faceShift0, faceShift1, skew, side0, side1, end0, end1 }) => {
    const s1 = s0 + thickness, c = (s0 + s1) / 2;
    const crossing = frameAt(angleOf(frame) + Math.PI / 2 + skew);
    const a = rectPoint(frame, t, c), b = rectPoint(frame, t + gap, c);
    const [ta, sa] = toFrame(crossing, a[0], a[1]), [tb, sb] = toFrame(crossing, b[0], b[1]);
    const [ct0, ct1] = ordered(Math.min(ta, tb) - end0, Math.max(ta, tb) + end1), [cs0, cs1] = ordered(Math.min(sa, sb) - side0, Math.max(sa, sb) + side1);
    return [
      wallRect('', frame, t - before, t, s0, s1),
      wallRect('', frame, t + gap, t + gap + after, s0 + faceShift0, s1 + faceShift1),
      wallRect('', crossing, ct0, ct1, cs0, cs1),
    ];
  });

/** A larger rectangle and a piece of its frame whose sides lie by edgeArb inside (or outside) its sides; some pieces have no width. */
const insideArb = fc
  .record({ frame: directionArb, t0: coordinate, length: lengthArb, s0: coordinate, thickness: thicknessArb, start: edgeArb, end: edgeArb, low: edgeArb, high: edgeArb, flat: fc.boolean() })
  .map(({ frame, t0, length, s0, thickness, start, end, low, high, flat }) => {
    const t1 = t0 + length, s1 = s0 + thickness;
    const [pt0, pt1] = ordered(t0 + start, t1 - end), [ps0, ps1] = ordered(s0 + low, s1 - high);
    return [wallRect('', frame, t0, t1, s0, s1), wallRect('', frame, pt0, pt1, ps0, flat ? ps0 : ps1)];
  });

/** The rectangles as LOGIC_F hands them on, none moved or joined. */
function joined(rects: WallRect[]): JoinedRects {
  const n = rects.length;
  const junctions = { kind: new Uint8Array(2 * n), other: new Int32Array(2 * n), x: new Float64Array(2 * n), y: new Float64Array(2 * n), endFirst: new Uint8Array(n) };
  return { ...rectTableOf(rects), modified: new Uint8Array(n), junctions };
}

it('WALLS: the indexed crossing-wall and larger-rectangle searches find what the all-pairs searches find', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(crossingArb, insideArb, rectArb.map((r) => [r])), { minLength: 1, maxLength: 10 }), ruleArb, (groups, rule) => {
      const rects = joined(numbered(groups));
      expect(buildWalls(rects, searchOf(indexRects(rects)), [], [], rule)).toEqual(allPairsBuildWalls(rects, [], [], rule));
    }),
    { seed: 20261202, numRuns: 400 },
  );
});

/** Both ways agree on the rectangles, and make this many walls of them. */
function expectWalls(rects: JoinedRects, count: number): void {
  const rule = rulesFor().walls;
  const model = buildWalls(rects, searchOf(indexRects(rects)), [], [], rule);
  expect(model).toEqual(allPairsBuildWalls(rects, [], [], rule));
  expect(model.walls).toHaveLength(count);
}

it('WALLS: a band continues across a crossing wall that ends 0.5 mm short of its centerline (inside by the 1 mm margin)', () => {
  // The band's centerline is y = 100; the crossing wall covers x 1000..1300, y -500..99.5: no box meets the stretch's.
  expectWalls(joined([wallRect('a', HORIZONTAL, 0, 1000, 0, 200), wallRect('b', HORIZONTAL, 1300, 2000, 0, 200), wallRect('c', VERTICAL, -500, 99.5, -1300, -1000)]), 2);
});

it('WALLS: a piece of no width 0.5 mm outside a larger rectangle lies inside it by the 1 mm margin, and is left out', () => {
  expectWalls(joined([wallRect('a', HORIZONTAL, 0, 1000, 0, 200), wallRect('b', HORIZONTAL, 200, 400, -0.5, -0.5)]), 1);
});
