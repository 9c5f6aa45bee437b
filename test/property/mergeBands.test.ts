// LOGIC_E's face lookup (a face line that continues across a gap in a band) searched through the segment index
// equals the all-pairs oracle (SPEC §4): random bands of any direction cut by gaps, with face segments that reach
// exactly to, just short of or just past the gap's ends and the face tolerance, layered strips, and noise.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { DEG, lineAngle } from '../../src/core/geometry/angle';
import { rectPoint, rectTableOf, type WallRect } from '../../src/core/rects';
import { indexSegments, type SegmentSet } from '../../src/core/segments';
import { mergeBands, mergeLayers, type BandRule, type LayerPassStrips } from '../../src/core/steps/mergeBands';
import { searchOf } from '../../src/core/geometry/searchInto';
import { allPairsMergeBands, rulesFor } from '../oracle/allPairs';
import { angleOf, coordinate, directionArb, frameAt, numbered, wallRect, type Frame } from './arbitraries';

type Segment = [number, number, number, number];

/** A segment set of the given segments (what LOGIC_E reads of one: the end points). */
function segmentSet(segments: Segment[]): SegmentSet {
  const n = segments.length, column = (k: number) => Float64Array.from(segments, (s) => s[k]);
  return {
    count: n,
    ids: Uint32Array.from({ length: 3 * n }, (_, w) => (w % 3 === 1 ? w / 3 : 0)), // ids 0, 1, 2, … as hash words
    layers: segments.map(() => 'A-WALL'),
    x1: column(0), y1: column(1), x2: column(2), y2: column(3),
    angle: Float64Array.from(segments, ([x1, y1, x2, y2]) => lineAngle(x2 - x1, y2 - y1)),
    length: Float64Array.from(segments, ([x1, y1, x2, y2]) => Math.hypot(x2 - x1, y2 - y1)),
  };
}

/** The segment t0..t1 at offsets sa (start) and sb (end) across the frame. */
function frameSegment(frame: Frame, t0: number, t1: number, sa: number, sb: number): Segment {
  const a = rectPoint(frame, t0, sa), b = rectPoint(frame, t1, sb);
  return [a[0], a[1], b[0], b[1]];
}

const TOLERANCE = rulesFor().band.faceTolerance;
/** Offsets within the face tolerance, mostly, and just or well past it. */
const nearTolerance = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 0.25, -0.25, TOLERANCE, -TOLERANCE) },
  { weight: 1, arbitrary: fc.constantFrom(TOLERANCE + 1e-9, -TOLERANCE - 1e-9, 0.6, -3) },
);
/** Gaps along a band: overlaps, touching, around the 1 mm merge gap and the 450 mm thickness limit, and between. */
const gapArb = fc.oneof(fc.constantFrom(-100, 0, 0.5, 1, 1 + 1e-9, 2, 449.9999, 450, 450 + 1e-9, 600), fc.double({ min: 1, max: 450, noNaN: true }));
/** How far a face segment reaches past a gap's end (negative: it stops short). */
const reachArb = fc.oneof(fc.constantFrom(0, TOLERANCE, -TOLERANCE, TOLERANCE + 1e-9, -TOLERANCE - 1e-9, -1, -50), fc.double({ min: -100, max: 3000, noNaN: true }));

/** One gap's face segment: on face 0 (s0) or 1 (s1), off it by the end offsets, reaching before and past the gap. */
const faceArb = fc.record({ side: fc.constantFrom(0, 1), offStart: nearTolerance, offEnd: nearTolerance, before: reachArb, after: reachArb, reversed: fc.boolean() });

const pieceArb = fc.record({
  length: fc.oneof(fc.constantFrom(1, 50, 1000), fc.double({ min: 1, max: 4000, noNaN: true })),
  gap: gapArb,
  off0: nearTolerance,
  off1: nearTolerance,
  face: fc.option(faceArb, { freq: 4 }),
});

/** A band: pieces along a frame, each followed by its gap; a strip layered on its s1 face sometimes. */
const bandArb = fc.record({
  frame: fc.oneof(directionArb, directionArb.map((f) => frameAt(angleOf(f) + 1e-4))),
  t0: coordinate,
  s0: coordinate,
  thickness: fc.oneof(fc.constantFrom(20, 450, 19.999, 450.001, 100), fc.double({ min: 10, max: 500, noNaN: true })),
  pieces: fc.array(pieceArb, { minLength: 1, maxLength: 6 }),
  layer: fc.option(fc.record({ thickness: fc.double({ min: 20, max: 200, noNaN: true }), shift: fc.double({ min: -500, max: 500, noNaN: true }) }), { freq: 3 }),
});

type Band = typeof bandArb extends fc.Arbitrary<infer B> ? B : never;

/** The band's rectangles and face segments. */
function drawBand(band: Band): { rects: WallRect[]; segments: Segment[] } {
  const { frame, s0, thickness } = band, s1 = s0 + thickness;
  const rects: WallRect[] = [], segments: Segment[] = [];
  let t = band.t0;
  for (const { length, gap, off0, off1, face } of band.pieces) {
    rects.push(wallRect('', frame, t, t + length, s0 + off0, s1 + off1));
    t += length;
    if (face) {
      const s = face.side === 0 ? s0 : s1;
      const [ta, tb] = face.reversed ? [t + gap + face.after, t - face.before] : [t - face.before, t + gap + face.after];
      segments.push(frameSegment(frame, ta, tb, s + face.offStart, s + face.offEnd));
    }
    t += gap;
  }
  if (band.layer) rects.push(wallRect('', frame, band.t0 + band.layer.shift, t, s1, s1 + band.layer.thickness));
  return { rects, segments };
}

/** Segments anywhere, of any direction and length (zero included). */
const noiseArb = fc.record({ x: coordinate, y: coordinate, angle: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), length: fc.double({ min: 0, max: 5000, noNaN: true }) });

/** Mostly the pipeline's rule; sometimes other merge gaps and thickness limits. */
const ruleArb: fc.Arbitrary<BandRule> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(rulesFor().band) },
  { weight: 1, arbitrary: fc.record({ minThickness: fc.constantFrom(0, 20), maxThickness: fc.constantFrom(100, 450, 1000), maxGap: fc.constantFrom(0, 1, 50), faceTolerance: fc.constant(TOLERANCE), angleTolerance: fc.constant(0.2 * DEG) }) },
);

it('LOGIC_E: the indexed face lookup finds the faces the all-pairs lookup finds', () => {
  fc.assert(
    fc.property(fc.array(bandArb, { minLength: 1, maxLength: 6 }), fc.array(noiseArb, { maxLength: 30 }), ruleArb, (bands, noise, rule) => {
      const drawn = bands.map(drawBand);
      const rects = rectTableOf(numbered(drawn.map((d) => d.rects)));
      const noiseSegments = noise.map(({ x, y, angle, length }): Segment => [x, y, x + Math.cos(angle) * length, y + Math.sin(angle) * length]);
      const set = segmentSet([...drawn.flatMap((d) => d.segments), ...noiseSegments]);
      expect(mergeBands(rects, set, searchOf(indexSegments(set)), rule)).toEqual(allPairsMergeBands(rects, set, rule));
    }),
    { seed: 20261130, numRuns: 300 },
  );
});

/** The test oracle's layering pass: every strip, every pass. */
const everyStrip: LayerPassStrips = (strips) => ({ near: strips, far: [] });

/** Stacks of one to four layers (each on the one below, within the face tolerance), spread across and along a band. */
const stackArb = fc.record({
  s: fc.integer({ min: -20, max: 20 }).map((k) => k * 700),
  layers: fc.array(fc.record({ thickness: fc.double({ min: 20, max: 220, noNaN: true }), t0: fc.integer({ min: -3000, max: 0 }), t1: fc.integer({ min: 500, max: 6000 }), off: fc.double({ min: -0.4, max: 0.4, noNaN: true }) }), { minLength: 1, maxLength: 4 }),
});

it('LOGIC_E: layering passes after the first look only near the strips just made, and merge what passes over every strip merge', () => {
  const frame = frameAt(0);
  fc.assert(
    fc.property(fc.array(stackArb, { minLength: 1, maxLength: 25 }), ruleArb, (stacks, rule) => {
      const strips = numbered(stacks.map(({ s, layers }) => {
        let below = s;
        return layers.map(({ thickness, t0, t1, off }) => {
          const r = wallRect('', frame, t0, t1, below + off, below + off + thickness);
          below = r.s1;
          return r;
        });
      }));
      // The same strips (in another order: LOGIC_E sorts what it makes of them) and the same number of merges.
      const byId = (r: { strips: WallRect[]; merges: number }) => ({ merges: r.merges, strips: [...r.strips].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.s0 - b.s0)) });
      expect(byId(mergeLayers(strips, rule))).toEqual(byId(mergeLayers(strips, rule, everyStrip)));
    }),
    { seed: 20261129, numRuns: 300 },
  );
});
