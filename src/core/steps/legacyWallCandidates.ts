import { spatialSegments, type SegmentGeometry, type SegmentSet, type SpatialSegments } from '../segments';
import { evaluatePair, type PairRule } from '../pairs';
import { candidatesInSpatialOrder, type IndexPairs } from '../parallelSearch';
import { orderByKey } from '../radixOrder';
import { ranksOf, rowsMoved } from '../geometry/spatialOrder';
import { grown } from '../typedArrays';
import { DEG } from '../geometry/angle';
import { hashIdText } from '../hashIds';

export interface LegacyCandidate {
  a: string;
  b: string;
  distance: number;
  overlap_percent: number;
  angle_diff_deg: number;
  avg_length: number;
}

export interface LegacyRule {
  maxAngleDeg: number;
  minDistance: number;
  maxDistance: number;
  minOverlapPercent: number;
}

/** The LOGIC_B test with the legacy angle and no overlap minimum. */
function legacyPairRule(rule: LegacyRule): PairRule {
  return { sinParallel: Math.sin(rule.maxAngleDeg * DEG), minDistance: rule.minDistance, maxDistance: rule.maxDistance, minOverlap: 0 };
}

/** What the legacy check finds for a pair that passes: LegacyCandidate's numbers. */
export type LegacyFound = Omit<LegacyCandidate, 'a' | 'b'>;

/** legacyCheck's answer, overwritten by its next call. */
const found: LegacyFound = { distance: 0, overlap_percent: 0, angle_diff_deg: 0, avg_length: 0 };

/**
 * The legacy check for one pair: parallel within the angle, distance in range, overlapping most of the longer
 * line. Its answer is one shared object, valid until the next call.
 */
function legacyCheck(set: SegmentGeometry, i: number, j: number, rule: LegacyRule, pairRule: PairRule): LegacyFound | null {
  const pair = evaluatePair(set, i, j, pairRule);
  if (!pair) return null;
  const longer = Math.max(set.length[i], set.length[j]);
  const overlapPercent = (100 * (pair.hi - pair.lo)) / longer;
  if (overlapPercent < rule.minOverlapPercent) return null;
  let diff = Math.abs(set.angle[i] - set.angle[j]);
  if (diff > Math.PI / 2) diff = Math.PI - diff;
  found.distance = pair.distance;
  found.overlap_percent = overlapPercent;
  found.angle_diff_deg = diff / DEG;
  found.avg_length = (set.length[i] + set.length[j]) / 2;
  return found;
}

function candidateOf(set: SegmentSet, i: number, j: number, c: LegacyFound): LegacyCandidate {
  return { a: hashIdText(set.ids, i), b: hashIdText(set.ids, j), distance: c.distance, overlap_percent: c.overlap_percent, angle_diff_deg: c.angle_diff_deg, avg_length: c.avg_length };
}

/** The legacy check for one pair, as a report entry (or null). */
export function evaluateLegacyPair(set: SegmentSet, i: number, j: number, rule: LegacyRule): LegacyCandidate | null {
  const c = legacyCheck(set, i, j, rule, legacyPairRule(rule));
  return c && candidateOf(set, i, j, c);
}

/** The pairs that pass, in columns: segment indices i < j and the numbers of each, row k < count. */
interface Passed {
  count: number;
  i: Int32Array;
  j: Int32Array;
  numbers: Float64Array;
}

function addPassed(p: Passed, i: number, j: number, c: LegacyFound): Passed {
  if (p.count === p.i.length) {
    const size = 2 * p.count;
    p = { count: p.count, i: grown(p.i, size), j: grown(p.j, size), numbers: grown(p.numbers, 4 * size) };
  }
  const k = p.count++;
  p.i[k] = i;
  p.j[k] = j;
  p.numbers[4 * k] = c.distance;
  p.numbers[4 * k + 1] = c.overlap_percent;
  p.numbers[4 * k + 2] = c.angle_diff_deg;
  p.numbers[4 * k + 3] = c.avg_length;
  return p;
}

/**
 * WALL_CANDIDATES: visits every pair of segments that passes the legacy check, by segment index (i, then j),
 * which is id order (visit gets a shared answer, valid during the call): the pipeline writes each into the
 * report's text without making an entry object. The candidates to test may be given (a search with this
 * distance and an angle at least the rule's, as pairs of spatial positions): they are tested in their order,
 * where neighbours are read one after another, each as (segment with the smaller index, the other).
 */
export function eachLegacyCandidate(
  spatial: SpatialSegments,
  rule: LegacyRule,
  candidates: IndexPairs,
  visit: (i: number, j: number, found: LegacyFound) => void,
): void {
  const pairRule = legacyPairRule(rule);
  const { geometry, indexAt } = spatial;
  let passed: Passed = { count: 0, i: new Int32Array(1024), j: new Int32Array(1024), numbers: new Float64Array(4096) };
  for (let k = 0; k < candidates.count; k++) {
    const r = candidates.items[2 * k], s = candidates.items[2 * k + 1];
    const i = indexAt[r], j = indexAt[s];
    const c = i < j ? legacyCheck(geometry, r, s, rule, pairRule) : legacyCheck(geometry, s, r, rule, pairRule);
    if (c) passed = addPassed(passed, Math.min(i, j), Math.max(i, j), c);
  }
  // Indices are never negative: their words read as unsigned are the same numbers.
  const n = passed.count, rank = ranksOf(orderByKey(new Uint32Array(passed.j.buffer, 0, n), new Uint32Array(passed.i.buffer, 0, n)));
  // Moved into index order before the visits (read in order, written to their places): read row by row in that
  // order, the numbers (3 MB at 200k segments) were read at random.
  const numbers = rowsMoved(passed.numbers.subarray(0, 4 * n), 4, rank), first = new Int32Array(n), second = new Int32Array(n);
  for (let m = 0; m < n; m++) {
    first[rank[m]] = passed.i[m];
    second[rank[m]] = passed.j[m];
  }
  for (let k = 0; k < n; k++) {
    found.distance = numbers[4 * k];
    found.overlap_percent = numbers[4 * k + 1];
    found.angle_diff_deg = numbers[4 * k + 2];
    found.avg_length = numbers[4 * k + 3];
    visit(first[k], second[k], found);
  }
}

/** The WALL_CANDIDATES report as entries (eachLegacyCandidate's pairs). */
export function legacyWallCandidates(
  set: SegmentSet,
  rule: LegacyRule,
  spatial: SpatialSegments = spatialSegments(set),
  candidates: IndexPairs = candidatesInSpatialOrder(spatial, rule.maxAngleDeg * DEG, rule.maxDistance),
): LegacyCandidate[] {
  const out: LegacyCandidate[] = [];
  eachLegacyCandidate(spatial, rule, candidates, (i, j, c) => out.push(candidateOf(set, i, j, c)));
  return out;
}
