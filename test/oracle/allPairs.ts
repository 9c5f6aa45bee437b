/**
 * The test oracle (SPEC §4, issue 3): the obvious all-pairs versions of the indexed steps. Each one runs the
 * exact per-pair test of the production code (evaluatePair, hasSegmentInside, quadCovers, evaluateLegacyPair)
 * on every pair, with no spatial index, so the only thing a comparison can catch is a candidate the
 * indexed search failed to visit (or visited twice). LOGIC_E and WALLS take their box search as an argument,
 * LOGIC_F its search for the rectangles near each wall end: their oracles are the production steps given a
 * search that tests every item.
 */
import type { Box2, Drawing, Units } from '../../src/core/model';
import { MM_PER_UNIT } from '../../src/core/model';
import { defaultParams, type Params } from '../../src/core/params';
import { DEG } from '../../src/core/geometry/angle';
import { buildSegmentSet, indexSegments, spatialSegments, type SegmentSet } from '../../src/core/segments';
import { hashIdText } from '../../src/core/hashIds';
import { evaluatePair, PairList, type PairRule } from '../../src/core/pairs';
import { extractEntities } from '../../src/core/steps/extract';
import { normalizeEntities } from '../../src/core/steps/normalize';
import { cleanAndDedupe } from '../../src/core/steps/cleanDedup';
import { findParallelPairs, uniquePairs } from '../../src/core/steps/findParallelPairs';
import { hasSegmentInside, keepUnflagged, rejectSpanningPairs, type SpanningResult } from '../../src/core/steps/rejectSpanningPairs';
import { pruneCoveredQuads, quadAreas, quadCovers } from '../../src/core/steps/pruneCoveredQuads';
import { unflaggedRows } from '../../src/core/geometry/spatialOrder';
import { evaluateLegacyPair, legacyWallCandidates, type LegacyCandidate, type LegacyRule } from '../../src/core/steps/legacyWallCandidates';
import { assignOpenings, growBoxBy, hitMeetsBox, indexRects, type OpeningAssignment } from '../../src/core/steps/assignOpenings';
import type { PlanEntities, PlanOpening } from '../../src/core/entities';
import { rectBox, rectBoxInto, rectOfRow, rectTableFromPairs, type RectTable } from '../../src/core/rects';
import { mergeBands, type BandRule } from '../../src/core/steps/mergeBands';
import { joinCorners, type JoinedRects, type JunctionRule, type NearEnds } from '../../src/core/steps/joinCorners';
import { bridgeOpenings, type BridgeRule, type OpeningBridge } from '../../src/core/steps/bridgeOpenings';
import { buildWalls, type WallRule } from '../../src/core/steps/buildWalls';
import { searchOf, type BoxSearch } from '../../src/core/geometry/searchInto';

/** LOGIC_B, all pairs: every i < j through evaluatePair, then the same de-duplication as the indexed step. */
export function allPairsLogicB(set: SegmentSet, rule: PairRule): PairList {
  const pairs = new PairList();
  for (let i = 0; i < set.count; i++) {
    for (let j = i + 1; j < set.count; j++) {
      const found = evaluatePair(set, i, j, rule);
      if (found) pairs.push(i, j, found);
    }
  }
  return uniquePairs(pairs);
}

/** LOGIC_C, all pairs: every pair against every segment, then one pair per quad. */
export function allPairsLogicC(set: SegmentSet, pairs: PairList, sinParallel: number, maxInside: number): SpanningResult {
  const all = Array.from({ length: set.count }, (_, k) => k);
  const spanning = Uint8Array.from({ length: pairs.count }, (_, i) => (hasSegmentInside(set, all, all.length, pairs.quads, 8 * i, pairs.ux[i], pairs.uy[i], pairs.a[i], pairs.b[i], sinParallel, maxInside) ? 1 : 0));
  return keepUnflagged(pairs, spanning);
}

/** LOGIC_D, all pairs: every quad against every other; removed when a strictly larger one covers it. */
export function allPairsLogicD(pairs: PairList, tolerance: number): number[] {
  const areas = quadAreas(pairs);
  const covered = Uint8Array.from({ length: pairs.count }, (_, i) => {
    for (let j = 0; j < pairs.count; j++) {
      if (j !== i && areas[j] > areas[i] && quadCovers(pairs.quads, j, i, tolerance)) return 1;
    }
    return 0;
  });
  return unflaggedRows(covered);
}

const byIds = (p: LegacyCandidate, q: LegacyCandidate) => (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0);

/** WALL_CANDIDATES, all pairs: every i < j through evaluateLegacyPair, sorted like the indexed step. */
export function allPairsWallCandidates(set: SegmentSet, rule: LegacyRule): LegacyCandidate[] {
  const out: LegacyCandidate[] = [];
  for (let i = 0; i < set.count; i++) {
    for (let j = i + 1; j < set.count; j++) {
      const c = evaluateLegacyPair(set, i, j, rule);
      if (c) out.push(c);
    }
  }
  return out.sort(byIds);
}

/** Whether a bounding box (minX, minY, maxX, maxY) meets (or touches) the box: what an index search decides. */
function boxMeets(b: ArrayLike<number>, box: Box2): boolean {
  return b[0] <= box.maxX && b[1] <= box.maxY && b[2] >= box.minX && b[3] >= box.minY;
}

/**
 * DOOR_RECTANGLE_ASSIGNMENT, all pairs: every opening's grown box against every rectangle — the bounding boxes
 * touch (what the index search decides) and the production test on the rectangle's own axes.
 */
export function allPairsAssignOpenings(openings: PlanOpening[], rects: RectTable, margin: number): OpeningAssignment[] {
  return openings.map((opening) => {
    const searchBox = growBoxBy(opening.box, margin);
    const hits: number[] = [];
    for (let i = 0; i < rects.count; i++) {
      const r = rectOfRow(rects, i);
      if (boxMeets(rectBoxInto(r), searchBox) && hitMeetsBox(r, searchBox)) hits.push(i);
    }
    return { opening, searchBox, rects: hits };
  });
}

/** A stand-in for a spatial index over count items that finds all of them, in item order, whatever the box. */
export function everyItem(count: number): BoxSearch {
  return (_minX, _minY, _maxX, _maxY, hits) => {
    if (hits.items.length < count) hits.items = new Int32Array(count);
    for (let i = 0; i < count; i++) hits.items[i] = i;
    return (hits.count = count);
  };
}

/** LOGIC_E, all pairs: every band gap's face lookup tests every segment. */
export function allPairsMergeBands(rects: RectTable, set: SegmentSet, rule: BandRule): ReturnType<typeof mergeBands> {
  return mergeBands(rects, set, everyItem(set.count), rule);
}

/**
 * LOGIC_F's neighbour search, all pairs: for every wall end, every rectangle whose box meets the square of
 * half-side reach around it, in rectangle order. The square is the step's rule, not only a pre-filter: the
 * T-junction test alone would also take faces up to the other wall's thickness behind an end.
 */
export function allPairsNearEnds(rects: RectTable, ex: Float64Array, ey: Float64Array, reach: number): NearEnds {
  const boxes = Array.from({ length: rects.count }, (_, i) => rectBox(rectOfRow(rects, i)));
  const start = new Int32Array(ex.length + 1), list: number[] = [];
  for (let k = 0; k < ex.length; k++) {
    const square = { minX: ex[k] - reach, minY: ey[k] - reach, maxX: ex[k] + reach, maxY: ey[k] + reach };
    boxes.forEach((b, j) => {
      if (boxMeets(b, square)) list.push(j);
    });
    start[k + 1] = list.length;
  }
  return { start, list: Int32Array.from(list) };
}

/** LOGIC_F, all pairs: every wall end against every rectangle within reach. */
export function allPairsJoinCorners(rects: RectTable, rule: JunctionRule): JoinedRects {
  return joinCorners(rects, rule, allPairsNearEnds);
}

/** WALLS, all pairs: every gap along a band against every crossing wall, every rectangle against every larger one. */
export function allPairsBuildWalls(rects: JoinedRects, assignments: OpeningAssignment[], bridges: OpeningBridge[], rule: WallRule): ReturnType<typeof buildWalls> {
  return buildWalls(rects, everyItem(rects.count), assignments, bridges, rule);
}

// ------------------------------------------------------------------ the pipeline's inputs to those steps

/** The rules the pipeline derives from its parameters (mirrors src/core/pipeline.ts). */
export function rulesFor(params: Params = defaultParams) {
  const sinParallel = Math.sin(params.parallelAngleDeg * DEG);
  return {
    sinParallel,
    pair: { sinParallel, minDistance: params.minWallThickness, maxDistance: params.maxWallThickness, minOverlap: params.minOverlap } satisfies PairRule,
    maxInside: params.insideSegmentMaxLength,
    coverTolerance: 0.1,
    legacy: {
      maxAngleDeg: params.legacyAngleDeg, minDistance: params.minWallThickness, maxDistance: params.maxWallThickness, minOverlapPercent: params.legacyMinOverlapPercent,
    } satisfies LegacyRule,
    band: { minThickness: params.mergeMinThickness, maxThickness: params.mergeMaxThickness, maxGap: params.mergeMaxGap, faceTolerance: 0.5, angleTolerance: 0.2 * DEG } satisfies BandRule,
    junction: { searchDistance: params.junctionSearchDistance, maxExtension: params.junctionMaxExtension, maxDot: params.junctionMaxDot } satisfies JunctionRule,
    openingMargin: params.openingSearchMargin,
    bridge: { bandTolerance: params.bridgeBandTolerance, maxGap: params.bridgeMaxGap, sinParallel } satisfies BridgeRule,
    walls: { faceTolerance: params.bridgeBandTolerance, maxGap: params.mergeMaxGap, maxCrossingThickness: params.maxWallThickness + 1, angleTolerance: params.parallelAngleDeg * DEG } satisfies WallRule,
  };
}

/** The entities exactly as CLEAN_DEDUP hands them on (EXTRACT → NORMALIZE → CLEAN_DEDUP). */
function cleanEntitiesOf(drawing: Drawing, selectedLayers: string[], units: Units): PlanEntities {
  const extracted = extractEntities(drawing, selectedLayers);
  const normalized = normalizeEntities(extracted.entities, MM_PER_UNIT[units]);
  return cleanAndDedupe(normalized.entities).entities;
}

/** The segment set exactly as the pipeline builds it in CLEAN_DEDUP. */
export function segmentSetOf(drawing: Drawing, selectedLayers: string[], units: Units = 'mm'): SegmentSet {
  return buildSegmentSet(cleanEntitiesOf(drawing, selectedLayers, units));
}

/** What LOGIC_E, LOGIC_F and WALLS are handed in the pipeline, each made by the production steps. */
export interface RectangleStepInputs {
  set: SegmentSet;
  /** LOGIC_D's rectangles, LOGIC_E's input. */
  rectsD: RectTable;
  /** LOGIC_E's rectangles, LOGIC_F's input. */
  rectsE: RectTable;
  /** LOGIC_F's rectangles, WALLS' input with the openings' assignments and bridges. */
  rectsF: JoinedRects;
  assignments: OpeningAssignment[];
  bridges: OpeningBridge[];
}

/** Runs the production steps up to WALLS on a drawing (mirrors src/core/pipeline.ts). */
export function rectangleStepInputs(drawing: Drawing, selectedLayers: string[], units: Units, params: Params = defaultParams): RectangleStepInputs {
  const r = rulesFor(params);
  const entities = cleanEntitiesOf(drawing, selectedLayers, units);
  const set = buildSegmentSet(entities);
  const { d } = runIndexedSteps(set, params);
  const rectsD = rectTableFromPairs(d, Array.from({ length: d.count }, (_, i) => i), (h, k) => h.chars(hashIdText(set.ids, k)), set.layers);
  const { geometry } = spatialSegments(set);
  const rectsE = mergeBands(rectsD, geometry, searchOf(indexSegments(geometry)), r.band).rects;
  const rectsF = joinCorners(rectsE, r.junction);
  const assignments = assignOpenings(entities.openings, rectsF, indexRects(rectsF), r.openingMargin);
  return { set, rectsD, rectsE, rectsF, assignments, bridges: bridgeOpenings(assignments, rectsF, r.bridge) };
}

type StepTimes = { LOGIC_B: number; LOGIC_C: number; LOGIC_D: number; WALL_CANDIDATES: number; total: number };

export interface StepOutputs {
  b: PairList;
  c: PairList;
  d: PairList;
  candidates: LegacyCandidate[];
  /** Wall-clock milliseconds per step. */
  ms: StepTimes;
  /** CPU milliseconds (user + system) per step: steadier than wall time on a shared machine. */
  cpu_ms: StepTimes;
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function timed<T>(f: () => T): [T, number, number] {
  const c0 = cpuNow();
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0, cpuNow() - c0];
}

const times = (b: number, c: number, d: number, w: number): StepTimes => ({ LOGIC_B: b, LOGIC_C: c, LOGIC_D: d, WALL_CANDIDATES: w, total: b + c + d + w });

/** Runs LOGIC_B, C, D and WALL_CANDIDATES all-pairs, each step on the oracle output of the previous one. */
export function runOracleSteps(set: SegmentSet, params: Params = defaultParams): StepOutputs {
  const r = rulesFor(params);
  const [b, tb, cb] = timed(() => allPairsLogicB(set, r.pair));
  const [c, tc, cc] = timed(() => b.select(allPairsLogicC(set, b, r.sinParallel, r.maxInside).kept));
  const [d, td, cd] = timed(() => c.select(allPairsLogicD(c, r.coverTolerance)));
  const [candidates, tw, cw] = timed(() => allPairsWallCandidates(set, r.legacy));
  return { b, c, d, candidates, ms: times(tb, tc, td, tw), cpu_ms: times(cb, cc, cd, cw) };
}

/** The same four steps with the production (indexed) code, each on its own previous output (the spatial copy counted in LOGIC_B, the index build in LOGIC_C). */
export function runIndexedSteps(set: SegmentSet, params: Params = defaultParams): StepOutputs {
  const r = rulesFor(params);
  const [spatial, ts, cs] = timed(() => spatialSegments(set));
  const [index, ti, ci] = timed(() => indexSegments(spatial.geometry));
  const [b, tb, cb] = timed(() => findParallelPairs(spatial, r.pair));
  const [c, tc, cc] = timed(() => b.select(rejectSpanningPairs(spatial, index, b, r.sinParallel, r.maxInside).kept));
  const [d, td, cd] = timed(() => c.select(pruneCoveredQuads(c, r.coverTolerance)));
  const [candidates, tw, cw] = timed(() => legacyWallCandidates(set, r.legacy, spatial));
  return { b, c, d, candidates, ms: times(tb + ts, tc + ti, td, tw), cpu_ms: times(cb + cs, cc + ci, cd, cw) };
}
