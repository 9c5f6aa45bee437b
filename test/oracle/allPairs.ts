/**
 * The test oracle (SPEC §4, issue 3): the obvious all-pairs versions of the indexed steps. Each one runs the
 * exact per-pair test of the production code (evaluatePair, hasSegmentInside, quadCovers, evaluateLegacyPair)
 * on every pair, with no spatial index, so the only thing a comparison can catch is a candidate the
 * indexed search failed to visit (or visited twice).
 */
import type { Drawing, Units } from '../../src/core/model';
import { MM_PER_UNIT } from '../../src/core/model';
import { defaultParams, type Params } from '../../src/core/params';
import { DEG } from '../../src/core/geometry/angle';
import { buildSegmentSet, indexSegments, type SegmentSet } from '../../src/core/segments';
import { evaluatePair, quadArea, type PairRule, type SegmentPair } from '../../src/core/pairs';
import { extractEntities } from '../../src/core/steps/extract';
import { normalizeEntities } from '../../src/core/steps/normalize';
import { cleanAndDedupe } from '../../src/core/steps/cleanDedup';
import { findParallelPairs, uniquePairs } from '../../src/core/steps/findParallelPairs';
import { hasSegmentInside, rejectSpanningPairs, uniqueQuads } from '../../src/core/steps/rejectSpanningPairs';
import { pruneCoveredQuads, quadCorners, quadCovers } from '../../src/core/steps/pruneCoveredQuads';
import { evaluateLegacyPair, legacyWallCandidates, type LegacyCandidate, type LegacyRule } from '../../src/core/steps/legacyWallCandidates';
import { growBoxBy, hitMeetsBox, type OpeningAssignment } from '../../src/core/steps/assignOpenings';
import type { PlanOpening } from '../../src/core/entities';
import { rectBoxInto, type WallRect } from '../../src/core/rects';

/** LOGIC_B, all pairs: every i < j through evaluatePair, then the same de-duplication as the indexed step. */
export function allPairsLogicB(set: SegmentSet, rule: PairRule): SegmentPair[] {
  const pairs: SegmentPair[] = [];
  for (let i = 0; i < set.count; i++) {
    for (let j = i + 1; j < set.count; j++) {
      const p = evaluatePair(set, i, j, rule);
      if (p) pairs.push(p);
    }
  }
  return uniquePairs(pairs);
}

/** LOGIC_C, all pairs: every pair against every segment, then one pair per quad. */
export function allPairsLogicC(set: SegmentSet, pairs: SegmentPair[], sinParallel: number, maxInside: number): { kept: SegmentPair[]; rejected: number; sameQuad: number } {
  const all = Array.from({ length: set.count }, (_, k) => k);
  const survivors = pairs.filter((p) => !hasSegmentInside(set, all, p, sinParallel, maxInside));
  const kept = uniqueQuads(survivors);
  return { kept, rejected: pairs.length - survivors.length, sameQuad: survivors.length - kept.length };
}

/** LOGIC_D, all pairs: every quad against every other; removed when a strictly larger one covers it. */
export function allPairsLogicD(pairs: SegmentPair[], tolerance: number): SegmentPair[] {
  const areas = pairs.map((p) => quadArea(p.quad));
  const corners = quadCorners(pairs);
  return pairs.filter((_, i) => {
    for (let j = 0; j < pairs.length; j++) {
      if (j !== i && areas[j] > areas[i] && quadCovers(corners, j, i, tolerance)) return false;
    }
    return true;
  });
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

/**
 * DOOR_RECTANGLE_ASSIGNMENT, all pairs: every opening's grown box against every rectangle — the bounding boxes
 * touch (what the index search decides) and the production test on the rectangle's own axes.
 */
export function allPairsAssignOpenings(openings: PlanOpening[], rects: WallRect[], margin: number): OpeningAssignment[] {
  return openings.map((opening) => {
    const searchBox = growBoxBy(opening.box, margin);
    const hits: number[] = [];
    rects.forEach((r, i) => {
      const b = rectBoxInto(r);
      const boxesTouch = b[0] <= searchBox.maxX && b[1] <= searchBox.maxY && b[2] >= searchBox.minX && b[3] >= searchBox.minY;
      if (boxesTouch && hitMeetsBox(r, searchBox)) hits.push(i);
    });
    return { opening, searchBox, rects: hits };
  });
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
  };
}

/** The segment set exactly as the pipeline builds it in CLEAN_DEDUP (EXTRACT → NORMALIZE → CLEAN_DEDUP). */
export function segmentSetOf(drawing: Drawing, selectedLayers: string[], units: Units = 'mm'): SegmentSet {
  const extracted = extractEntities(drawing, selectedLayers);
  const normalized = normalizeEntities(extracted.entities, MM_PER_UNIT[units]);
  const clean = cleanAndDedupe(normalized.entities);
  return buildSegmentSet(clean.entities);
}

type StepTimes = { LOGIC_B: number; LOGIC_C: number; LOGIC_D: number; WALL_CANDIDATES: number; total: number };

export interface StepOutputs {
  b: SegmentPair[];
  c: SegmentPair[];
  d: SegmentPair[];
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
  const [c, tc, cc] = timed(() => allPairsLogicC(set, b, r.sinParallel, r.maxInside).kept);
  const [d, td, cd] = timed(() => allPairsLogicD(c, r.coverTolerance));
  const [candidates, tw, cw] = timed(() => allPairsWallCandidates(set, r.legacy));
  return { b, c, d, candidates, ms: times(tb, tc, td, tw), cpu_ms: times(cb, cc, cd, cw) };
}

/** The same four steps with the production (indexed) code, each on its own previous output (index build counted in LOGIC_C). */
export function runIndexedSteps(set: SegmentSet, params: Params = defaultParams): StepOutputs {
  const r = rulesFor(params);
  const [index, ti, ci] = timed(() => indexSegments(set));
  const [b, tb, cb] = timed(() => findParallelPairs(set, r.pair));
  const [c, tc, cc] = timed(() => rejectSpanningPairs(set, index, b, r.sinParallel, r.maxInside).kept);
  const [d, td, cd] = timed(() => pruneCoveredQuads(c, r.coverTolerance));
  const [candidates, tw, cw] = timed(() => legacyWallCandidates(set, r.legacy));
  return { b, c, d, candidates, ms: times(tb, tc + ti, td, tw), cpu_ms: times(cb, cc + ci, cd, cw) };
}
