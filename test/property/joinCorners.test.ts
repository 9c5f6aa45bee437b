// LOGIC_F's neighbour search (the rectangles whose boxes come within the search distance of a wall end) through
// the index equals the all-pairs oracle (SPEC §4): random L and T corners of any direction, around the
// perpendicularity limit and the search distance, a T onto the joint of two collinear rectangles, and
// axis-aligned rectangles whose boxes touch the search window exactly or lie a hair beyond it.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { rectPoint, rectTableOf, toFrame, type Pt, type WallRect } from '../../src/core/rects';
import { END_NAMES, joinCorners, junctionSlot, L_JUNCTION, NO_JUNCTION, type JoinedRects, type JunctionRule } from '../../src/core/steps/joinCorners';
import { allPairsJoinCorners, rulesFor } from '../oracle/allPairs';
import { angleOf, coordinate, directionArb, frameAt, HORIZONTAL, numbered, rectArb, VERTICAL, wallRect, type Frame } from './arbitraries';

const DEFAULT_RULE = rulesFor().junction;

/** Mostly the pipeline's rule; sometimes other distances and perpendicularity limits. */
const ruleArb: fc.Arbitrary<JunctionRule> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(DEFAULT_RULE) },
  {
    weight: 1,
    arbitrary: fc.record({
      searchDistance: fc.oneof(fc.constantFrom(0, 100, 400, 1000), fc.double({ min: 0, max: 1000, noNaN: true })),
      maxExtension: fc.oneof(fc.constantFrom(0, 300, 400, 1000), fc.double({ min: 0, max: 1000, noNaN: true })),
      maxDot: fc.oneof(fc.constantFrom(0, 0.3, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    }),
  },
);

/** Offsets from a corner point: on it, around the extension and search limits, and anywhere near. */
const nearArb = fc.oneof(fc.constantFrom(0, 150, -150, 300, -300, 400, -400, 450, -450), fc.double({ min: -700, max: 700, noNaN: true }));
/** How far the second wall turns from perpendicular: not, at the 0.3 dot limit, a little past it, parallel, anything. */
const skewArb = fc.oneof(fc.constantFrom(0, Math.asin(0.3), -Math.asin(0.3), 0.31, Math.PI / 2), fc.double({ min: -0.6, max: 0.6, noNaN: true }));
const lengthArb = fc.oneof(fc.constantFrom(1, 300), fc.double({ min: 1, max: 5000, noNaN: true }));
const thicknessArb = fc.oneof(fc.constantFrom(0, 10, 450), fc.double({ min: 10, max: 600, noNaN: true }));

/** A wall of the frame whose centerline starts or ends at (along, across) from p in the frame. */
function endingNear(frame: Frame, p: Pt, atEnd: boolean, along: number, across: number, length: number, thickness: number): WallRect {
  const [tp, sp] = toFrame(frame, p[0], p[1]);
  const t = tp + along, c = sp + across;
  return wallRect('', frame, atEnd ? t - length : t, atEnd ? t : t + length, c - thickness / 2, c + thickness / 2);
}

const wallEndArb = fc.record({ atEnd: fc.boolean(), along: nearArb, across: nearArb, length: lengthArb, thickness: thicknessArb });
type WallEnd = typeof wallEndArb extends fc.Arbitrary<infer E> ? E : never;

const endNear = (frame: Frame, p: Pt, e: WallEnd) => endingNear(frame, p, e.atEnd, e.along, e.across, e.length, e.thickness);

/** Two walls, the second turned by about 90°, each ending near one point (an L, or a T when one reaches past it). */
const cornerArb = fc
  .record({ x: coordinate, y: coordinate, frame: directionArb, skew: skewArb, a: wallEndArb, b: wallEndArb })
  .map(({ x, y, frame, skew, a, b }) => [endNear(frame, [x, y], a), endNear(frameAt(angleOf(frame) + Math.PI / 2 + skew), [x, y], b)]);

/** A wall ending near the joint of two collinear rectangles that touch end to end (equal candidates for its T). */
const jointArb = fc
  .record({ x: coordinate, y: coordinate, frame: directionArb, skew: skewArb, a: wallEndArb, before: lengthArb, after: lengthArb, across: nearArb, thickness: thicknessArb })
  .map(({ x, y, frame, skew, a, before, after, across, thickness }) => {
    const other = frameAt(angleOf(frame) + Math.PI / 2 + skew);
    return [endNear(frame, [x, y], a), endingNear(other, [x, y], true, 0, across, before, thickness), endingNear(other, [x, y], false, 0, across, after, thickness)];
  });

/** x moved a hair (an ulp or two) in the direction of sign. */
function nudged(x: number, sign: number): number {
  return x + sign * Math.max(Math.abs(x) * Number.EPSILON, Number.MIN_VALUE);
}

/** Where one axis of a box lies against the search window around an end: touching its low or high edge from outside, a hair beyond, or across the end. */
const axisPlacementArb = fc.record({ place: fc.constantFrom('below', 'above', 'across'), beyond: fc.boolean(), size: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1000, noNaN: true })), shift: nearArb });
type AxisPlacement = typeof axisPlacementArb extends fc.Arbitrary<infer A> ? A : never;

/** The box's interval on one axis, for the window center ± reach on that axis. */
function placedInterval(center: number, reach: number, { place, beyond, size, shift }: AxisPlacement): [number, number] {
  if (place === 'above') {
    const lo = beyond ? nudged(center + reach, 1) : center + reach;
    return [lo, lo + size];
  }
  if (place === 'below') {
    const hi = beyond ? nudged(center - reach, -1) : center - reach;
    return [hi - size, hi];
  }
  return [center + shift - size / 2, center + shift + size / 2];
}

/** The axis-aligned rectangle with this box (exactly: its corners are the box's, with rectPoint's arithmetic). */
function boxRect(vertical: boolean, [x0, x1]: [number, number], [y0, y1]: [number, number]): WallRect {
  // A vertical frame maps (t, s) to (-s, t).
  return vertical ? wallRect('', VERTICAL, y0, y1, -x1, -x0) : wallRect('', HORIZONTAL, x0, x1, y0, y1);
}

/** An axis-aligned wall, and one whose box touches (or just misses) the search window around one of its ends. */
function touchingWindow(reach: number) {
  return fc
    .record({ vertical: fc.boolean(), otherVertical: fc.boolean(), x: coordinate, y: coordinate, a: wallEndArb, onX: axisPlacementArb, onY: axisPlacementArb })
    .map(({ vertical, otherVertical, x, y, a, onX, onY }) => {
      const wall = endNear(vertical ? VERTICAL : HORIZONTAL, [x, y], a);
      // The end point as the step computes it: rectPoint at the end, on the centerline.
      const end = rectPoint(wall, a.atEnd ? wall.t1 : wall.t0, (wall.s0 + wall.s1) / 2);
      return [wall, boxRect(otherVertical, placedInterval(end[0], reach, onX), placedInterval(end[1], reach, onY))];
    });
}

/** Rectangle i's junctions as objects, in the order they were made. */
function junctionsOf(joined: JoinedRects, i: number) {
  const j = joined.junctions, list = [];
  for (let n = 0; n < 2; n++) {
    const k = junctionSlot(j, i, n);
    if (j.kind[k] !== NO_JUNCTION) list.push({ end: END_NAMES[k & 1], kind: j.kind[k] === L_JUNCTION ? 'L' : 'T', otherId: joined.ids[j.other[k]], other: j.other[k], center: [j.x[k], j.y[k]] });
  }
  return list;
}

it('LOGIC_F: the indexed neighbour search finds the walls the all-pairs search finds', () => {
  const caseArb = ruleArb.chain((rule) =>
    fc.tuple(fc.constant(rule), fc.array(fc.oneof(cornerArb, jointArb, touchingWindow(rule.searchDistance), rectArb.map((r) => [r])), { minLength: 1, maxLength: 12 })),
  );
  fc.assert(
    fc.property(caseArb, ([rule, groups]) => {
      const rects = rectTableOf(numbered(groups));
      expect(joinCorners(rects, rule)).toEqual(allPairsJoinCorners(rects, rule));
    }),
    { seed: 20261201, numRuns: 400 },
  );
});

it('LOGIC_F: a wall ending at the joint of two collinear walls joins the first of them, whatever the index order', () => {
  // The stem ends 200 mm short of the joint at x = 0, too far from the walls' centerline ends for an L; both walls'
  // faces are equally near. With these 16 more rectangles the index sorts its boxes along its curve and finds
  // 'left' before 'right' whichever comes first in the list.
  const stem = wallRect('stem', VERTICAL, -600, -200, -50, 50);
  const left = wallRect('left', HORIZONTAL, -1000, 0, 0, 450), right = wallRect('right', HORIZONTAL, 0, 1000, 0, 450);
  const far = Array.from({ length: 16 }, (_, k) => wallRect(`far${k}`, HORIZONTAL, -5000 * k, -5000 * k + 1000, 20_000, 20_200));
  for (const walls of [[left, right], [right, left]]) {
    const rects = rectTableOf([stem, ...walls, ...far]);
    const joined = joinCorners(rects, DEFAULT_RULE);
    expect(joined).toEqual(allPairsJoinCorners(rects, DEFAULT_RULE));
    expect(junctionsOf(joined, 0)).toEqual([{ end: 'end', kind: 'T', otherId: walls[0].id, other: 1, center: [0, 0] }]);
  }
});

it('LOGIC_F: a wall whose other end stops short of a wall gets a T at that end only, none at the end facing away', () => {
  // The stub runs from 300 to 100 mm below the wall's face. Its near end is extended 100 mm to the face; its far end
  // has the same face 300 mm behind it (within the wall's thickness, the allowance for ends that poke into a wall),
  // but beyond the stub's other end, so it is no junction of that end.
  const stub = wallRect('stub', VERTICAL, -300, -100, -50, 50);
  const wall = wallRect('wall', HORIZONTAL, -1000, 1000, 0, 450);
  const joined = joinCorners(rectTableOf([stub, wall]), DEFAULT_RULE);
  expect(junctionsOf(joined, 0)).toEqual([{ end: 'end', kind: 'T', otherId: 'wall', other: 1, center: [0, 0] }]);
  expect([joined.t0[0], joined.t1[0]]).toEqual([-300, 0]);
  // An end that pokes 200 mm into the wall still joins it, without being shortened; the other end, 300 mm from the
  // face the first end crossed, does not.
  const poking = joinCorners(rectTableOf([wallRect('poke', VERTICAL, -300, 200, -50, 50), wall]), DEFAULT_RULE);
  expect(junctionsOf(poking, 0).map((j) => [j.end, j.kind, j.otherId])).toEqual([['end', 'T', 'wall']]);
  expect([poking.t0[0], poking.t1[0]]).toEqual([-300, 200]);
});

it('LOGIC_F: a wall lists its junctions in the order they were made, the cheaper L first', () => {
  // a's end meets b's start exactly (cost 0); its start meets c's start 20 mm short of it (cost 20).
  const a = wallRect('a', HORIZONTAL, 0, 1000, -50, 50);
  const b = wallRect('b', VERTICAL, 0, 1000, -1050, -950), c = wallRect('c', VERTICAL, 20, 1000, -50, 50);
  const joined = joinCorners(rectTableOf([a, b, c]), DEFAULT_RULE);
  expect(junctionsOf(joined, 0).map((j) => [j.end, j.kind, j.otherId])).toEqual([['end', 'L', 'b'], ['start', 'L', 'c']]);
  // c is extended down to a's centerline; a and b already meet.
  expect(joined.t0[2]).toBeCloseTo(0, 9);
  expect(Array.from(joined.modified)).toEqual([0, 0, 1]);
});
