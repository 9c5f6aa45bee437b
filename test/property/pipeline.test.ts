// Property tests (issue 3): the indexed steps equal their all-pairs oracles (test/oracle/allPairs.ts) on random
// drawings and on the samples, and no artifact carries NaN. Bounded to a few seconds in all.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { artifactText, buildLayerInventory, defaultParams, detectUnits, parseParams, runPipeline, suggestedLayers, type Drawing, type Line, type Params } from '../../src/core';
import { lineListOf, polylineListOf } from '../../src/core/layerGeometry';
import { hashIdText } from '../../src/core/hashIds';
import { indexSegments, spatialSegments, type SegmentSet } from '../../src/core/segments';
import type { PairList, SegmentPair } from '../../src/core/pairs';
import { findParallelPairs, parallelAngle } from '../../src/core/steps/findParallelPairs';
import { candidatesInSpatialOrder } from '../../src/core/parallelSearch';
import { rejectSpanningPairs } from '../../src/core/steps/rejectSpanningPairs';
import { pruneCoveredQuads } from '../../src/core/steps/pruneCoveredQuads';
import { legacyWallCandidates, type LegacyCandidate } from '../../src/core/steps/legacyWallCandidates';
import { importDrawing } from '../../src/import';
import type { PolylineObject } from '../support/layerObjects';
import { allPairsLogicB, allPairsLogicC, allPairsLogicD, allPairsWallCandidates, rulesFor, segmentSetOf } from '../oracle/allPairs';

const DEG = Math.PI / 180;
const SEED = 20240611;

// ------------------------------------------------------------------ random drawings

interface Seg {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  z?: [number, number];
}

const coord = fc.double({ min: -4000, max: 4000, noNaN: true });
const length = fc.oneof(fc.double({ min: 1, max: 5000, noNaN: true }), fc.constantFrom(100, 1000, 3000));
/** Degrees: axis-aligned, 45°, arbitrary, or within a hair of a 2° bucket boundary. */
const angle = fc.oneof(
  fc.constantFrom(0, 90, 180, 270, 45, 135, 30, 60),
  fc.double({ min: 0, max: 360, noNaN: true }),
  fc.tuple(fc.integer({ min: 0, max: 179 }), fc.constantFrom(-1e-7, -1e-10, 0, 1e-10, 1e-7)).map(([k, e]) => 2 * k + e),
);
/** Perpendicular offsets: inside [10, 450], at its edges, and outside it. */
const offset = fc.oneof(
  fc.double({ min: 10, max: 450, noNaN: true }),
  fc.constantFrom(10, 450, 9.999, 10.001, 449.999, 450.001, 200, 250, 100),
  fc.double({ min: 0, max: 600, noNaN: true }),
);
/** Angle differences around the 2° (and 10° legacy) limits. */
const skew = fc.oneof(
  fc.double({ min: -2.5, max: 2.5, noNaN: true }),
  fc.constantFrom(2, -2, 1.9999, 2.0001, -1.9999, -2.0001, 0.001, 10, -10, 9.999, 10.001),
  fc.double({ min: -12, max: 12, noNaN: true }),
);

function segment(x: number, y: number, deg: number, len: number): Seg {
  return { x1: x, y1: y, x2: x + Math.cos(deg * DEG) * len, y2: y + Math.sin(deg * DEG) * len };
}

function shifted(s: Seg, deg: number, along: number, across: number, len: number, reversed: boolean): Seg {
  const ux = Math.cos(deg * DEG), uy = Math.sin(deg * DEG);
  const x = s.x1 + ux * along - uy * across, y = s.y1 + uy * along + ux * across;
  const t = segment(x, y, deg, len);
  return reversed ? { x1: t.x2, y1: t.y2, x2: t.x1, y2: t.y1 } : t;
}

const base = fc.record({ x: coord, y: coord, deg: angle, len: length });

/** A small group of segments that exercises one situation. */
const group: fc.Arbitrary<{ lines: Seg[]; polylines: PolylineObject[] }> = fc.oneof(
  // a lone segment
  base.map((b) => ({ lines: [segment(b.x, b.y, b.deg, b.len)], polylines: [] })),
  // an exactly parallel partner at a wall-like offset, shifted along and maybe reversed
  fc.tuple(base, offset, fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 2, noNaN: true }), fc.boolean()).map(([b, d, shift, k, rev]) => {
    const s = segment(b.x, b.y, b.deg, b.len);
    return { lines: [s, shifted(s, b.deg, shift * b.len, d, k * b.len, rev)], polylines: [] };
  }),
  // a nearly parallel partner
  fc.tuple(base, offset, skew, fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.boolean()).map(([b, d, dd, shift, rev]) => {
    const s = segment(b.x, b.y, b.deg, b.len);
    return { lines: [s, shifted(s, b.deg + dd, shift * b.len, d, b.len, rev)], polylines: [] };
  }),
  // exact duplicates, possibly reversed, possibly in 3D with different z
  fc.tuple(base, fc.boolean(), fc.boolean()).map(([b, rev, z]) => {
    const s = segment(b.x, b.y, b.deg, b.len);
    const t: Seg = rev ? { x1: s.x2, y1: s.y2, x2: s.x1, y2: s.y1 } : { ...s };
    if (z) t.z = [0, 3000];
    return { lines: [s, t], polylines: [] };
  }),
  // a wall broken into collinear pieces (touching, overlapping or with small gaps), both faces
  fc.tuple(base, offset, fc.array(fc.constantFrom(0, 0.5, 1, 1.5, 50, -20), { minLength: 1, maxLength: 3 })).map(([b, d, gaps]) => {
    const lines: Seg[] = [];
    const piece = b.len / (gaps.length + 1);
    let at = 0;
    for (let i = 0; i <= gaps.length; i++) {
      const s = segment(b.x, b.y, b.deg, b.len);
      lines.push(shifted(s, b.deg, at, 0, piece, false), shifted(s, b.deg, at, d, piece, i % 2 === 1));
      at += piece + (gaps[i] ?? 0);
    }
    return { lines, polylines: [] };
  }),
  // a wall strip with hatch lines inside it
  fc.tuple(base, offset, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 })).map(([b, d, hatch]) => {
    const s = segment(b.x, b.y, b.deg, b.len);
    return { lines: [s, shifted(s, b.deg, 0, d, b.len, false), ...hatch.map((h) => shifted(s, b.deg, h * b.len * 0.3, h * d, b.len * 0.5, false))], polylines: [] };
  }),
  // a wall drawn as a closed (or open) polyline rectangle
  fc.tuple(base, offset, fc.boolean()).map(([b, d, closed]) => {
    const ux = Math.cos(b.deg * DEG), uy = Math.sin(b.deg * DEG);
    const pts: [number, number][] = [[0, 0], [b.len, 0], [b.len, d], [0, d]].map(([t, s]) => [b.x + ux * t - uy * s, b.y + uy * t + ux * s]);
    return { lines: [], polylines: [{ vertices: pts.map(([x, y]) => ({ x, y, z: 0 })), closed }] };
  }),
);

const drawingArb = fc.array(group, { minLength: 1, maxLength: 25 }).map((groups): Drawing => {
  const toLine = (s: Seg): Line => ({ start: { x: s.x1, y: s.y1, z: s.z?.[0] ?? 0 }, end: { x: s.x2, y: s.y2, z: s.z?.[1] ?? 0 } });
  const lines = groups.flatMap((g) => g.lines).map(toLine);
  const polylines = groups.flatMap((g) => g.polylines);
  // Two selected layers, so identical lines on different layers stay separate segments.
  const half = Math.floor(lines.length / 3);
  return {
    fileName: 'random.json', declaredUnits: null, warnings: [],
    layers: [
      { name: 'A-WALL', lines: lineListOf(lines.slice(half)), polylines: polylineListOf(polylines), blocks: [], otherCounts: [], skipped: 0 },
      { name: 'A-WALL-2', lines: lineListOf(lines.slice(0, half)), polylines: polylineListOf([]), blocks: [], otherCounts: [], skipped: 0 },
    ],
  };
});

/** Mostly the defaults; sometimes other angle and thickness limits (bucket widths that do not divide 180°). */
const paramsArb: fc.Arbitrary<Params> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(defaultParams) },
  {
    weight: 1,
    arbitrary: fc.record({
      parallelAngleDeg: fc.constantFrom(0.5, 1, 2, 3.7, 7),
      maxWallThickness: fc.constantFrom(300, 450, 600),
      legacyAngleDeg: fc.constantFrom(5, 10, 13),
    }).map((p) => parseParams(p)),
  },
);

// ------------------------------------------------------------------ comparisons

function describePair(p: SegmentPair, set: SegmentSet): string {
  return `${hashIdText(set.ids, p.a)}(${p.a})|${hashIdText(set.ids, p.b)}(${p.b}) d=${p.distance} [${p.lo}, ${p.hi}]`;
}

/** Throws with the first difference, so a shrunk counterexample says what is missing. */
function samePairs(what: string, indexedList: PairList, oracleList: PairList, set: SegmentSet): void {
  const indexed = indexedList.toArray(), oracle = oracleList.toArray();
  const key = (p: SegmentPair) => JSON.stringify(p);
  const a = new Set(indexed.map(key)), b = new Set(oracle.map(key));
  const missing = oracle.filter((p) => !a.has(key(p)));
  const extra = indexed.filter((p) => !b.has(key(p)));
  if (missing.length || extra.length || indexed.length !== oracle.length) {
    throw new Error(`${what}: indexed ${indexed.length}, oracle ${oracle.length}; missing ${missing.slice(0, 3).map((p) => describePair(p, set)).join('; ')}; extra ${extra.slice(0, 3).map((p) => describePair(p, set)).join('; ')}`);
  }
  expect(indexed).toEqual(oracle);
}

function sameCandidates(indexed: LegacyCandidate[], oracle: LegacyCandidate[]): void {
  const key = (c: LegacyCandidate) => `${c.a}|${c.b}`;
  if (indexed.length !== oracle.length) {
    const a = new Set(indexed.map(key));
    throw new Error(`WALL_CANDIDATES: indexed ${indexed.length}, oracle ${oracle.length}; missing ${oracle.filter((c) => !a.has(key(c))).slice(0, 3).map(key).join('; ')}`);
  }
  expect(indexed).toEqual(oracle);
}

/** Every indexed step against its oracle, each on the same input. */
function compareSteps(set: SegmentSet, params: Params): void {
  const r = rulesFor(params);
  const spatial = spatialSegments(set);
  const b = findParallelPairs(spatial, r.pair);
  samePairs('LOGIC_B', b, allPairsLogicB(set, r.pair), set);
  const c = rejectSpanningPairs(spatial, indexSegments(spatial.geometry), b, r.sinParallel, r.maxInside);
  const cOracle = allPairsLogicC(set, b, r.sinParallel, r.maxInside);
  samePairs('LOGIC_C', b.select(c.kept), b.select(cOracle.kept), set);
  expect({ rejected: c.rejected, sameQuad: c.sameQuad }).toEqual({ rejected: cOracle.rejected, sameQuad: cOracle.sameQuad });
  const kept = b.select(c.kept);
  samePairs('LOGIC_D', kept.select(pruneCoveredQuads(kept, r.coverTolerance)), kept.select(allPairsLogicD(kept, r.coverTolerance)), set);
  const candidates = allPairsWallCandidates(set, r.legacy);
  sameCandidates(legacyWallCandidates(set, r.legacy, spatial), candidates);
  // The pipeline's one search for LOGIC_B and WALL_CANDIDATES, within the wider of their angles.
  const shared = candidatesInSpatialOrder(spatial, Math.max(parallelAngle(r.pair), r.legacy.maxAngleDeg * DEG), r.pair.maxDistance);
  expect(findParallelPairs(spatial, r.pair, shared).toArray()).toEqual(b.toArray());
  expect(legacyWallCandidates(set, r.legacy, spatial, shared)).toEqual(candidates);
}

/** Paths of NaN / ±Infinity numbers, and of nulls (JSON's NaN) outside the fields that may be null. */
function badNumbers(value: unknown, path = '$', out: string[] = []): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push(`${path}=${value}`);
  } else if (value === null) {
    if (!/\.(junction_center|host_wall_id)$/.test(path)) out.push(`${path}=null`);
  } else if (Array.isArray(value)) value.forEach((v, i) => badNumbers(v, `${path}[${i}]`, out));
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value as object)) badNumbers(v, `${path}.${k}`, out);
  return out;
}

// ------------------------------------------------------------------ properties

describe('indexed steps equal the all-pairs oracle', () => {
  it('on random drawings: LOGIC_B, LOGIC_C, LOGIC_D, WALL_CANDIDATES', () => {
    fc.assert(
      fc.property(drawingArb, paramsArb, (d, params) => {
        compareSteps(segmentSetOf(d, ['A-WALL', 'A-WALL-2']), params);
      }),
      { seed: SEED, numRuns: 250 },
    );
  });

  it('on dense random drawings (many segments in a small area)', () => {
    const dense = fc.array(group, { minLength: 40, maxLength: 80 }).map((groups): Drawing => {
      // Squeeze every group into a 3 m square so almost everything is within reach of everything.
      const squeeze = (v: number) => v % 3000;
      const lines: Line[] = groups.flatMap((g) => g.lines).map((s) => ({ start: { x: squeeze(s.x1), y: squeeze(s.y1), z: 0 }, end: { x: squeeze(s.x1) + (s.x2 - s.x1), y: squeeze(s.y1) + (s.y2 - s.y1), z: 0 } }));
      return { fileName: 'dense.json', declaredUnits: null, warnings: [], layers: [{ name: 'A-WALL', lines: lineListOf(lines), polylines: polylineListOf(groups.flatMap((g) => g.polylines)), blocks: [], otherCounts: [], skipped: 0 }] };
    });
    fc.assert(fc.property(dense, (d) => compareSteps(segmentSetOf(d, ['A-WALL']), defaultParams)), { seed: SEED + 1, numRuns: 25 });
  });

  for (const name of ['apartment', 'office-floor', 'rotated']) {
    it(`on the ${name} sample`, () => {
      const d = importDrawing(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url)), `${name}.json`);
      const layers = suggestedLayers(buildLayerInventory(d));
      const set = segmentSetOf(d, layers, detectUnits(d).units);
      expect(set.count).toBeGreaterThan(100);
      compareSteps(set, defaultParams);
    });
  }
});

describe('no NaN in the artifacts', () => {
  it('on random drawings, through every step', () => {
    fc.assert(
      fc.property(drawingArb, (d) => {
        const result = runPipeline({ drawing: d, selectedLayers: ['A-WALL', 'A-WALL-2'], units: 'mm', params: defaultParams });
        const bad: string[] = [];
        for (const a of result.artifacts) badNumbers(JSON.parse(artifactText(a)), a.name, bad);
        badNumbers(result.walls, 'walls', bad);
        for (const s of result.steps) badNumbers(s.metrics, `${s.name}.metrics`, bad);
        if (bad.length) throw new Error(`non-finite numbers: ${bad.slice(0, 5).join(', ')}`);
      }),
      { seed: SEED + 2, numRuns: 120 },
    );
  });
});
