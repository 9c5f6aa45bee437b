import type { SegmentSet } from '../segments';
import { evaluatePair, type PairRule } from '../pairs';
import { candidatesInIndexOrder, type IndexPairs } from '../parallelSearch';
import { DEG } from '../geometry/angle';

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
function legacyCheck(set: SegmentSet, i: number, j: number, rule: LegacyRule, pairRule: PairRule): LegacyFound | null {
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
  return { a: set.ids[i], b: set.ids[j], distance: c.distance, overlap_percent: c.overlap_percent, angle_diff_deg: c.angle_diff_deg, avg_length: c.avg_length };
}

/** The legacy check for one pair, as a report entry (or null). */
export function evaluateLegacyPair(set: SegmentSet, i: number, j: number, rule: LegacyRule): LegacyCandidate | null {
  const c = legacyCheck(set, i, j, rule, legacyPairRule(rule));
  return c && candidateOf(set, i, j, c);
}

/**
 * WALL_CANDIDATES: visits every pair of segments that passes the legacy check (visit gets the shared answer,
 * valid during the call): the pipeline writes each into the report's text without making an entry object. The
 * candidates to test may be given (a search with this distance and an angle at least the rule's); they are in
 * index order, which is id order, so the pairs come out sorted by a, then b.
 */
export function eachLegacyCandidate(
  set: SegmentSet,
  rule: LegacyRule,
  candidates: IndexPairs,
  visit: (i: number, j: number, found: LegacyFound) => void,
): void {
  const pairRule = legacyPairRule(rule);
  for (let k = 0; k < candidates.count; k++) {
    const i = candidates.items[2 * k], j = candidates.items[2 * k + 1];
    const c = legacyCheck(set, i, j, rule, pairRule);
    if (c) visit(i, j, c);
  }
}

/** The WALL_CANDIDATES report as entries (eachLegacyCandidate's pairs). */
export function legacyWallCandidates(
  set: SegmentSet,
  rule: LegacyRule,
  candidates: IndexPairs = candidatesInIndexOrder(set, rule.maxAngleDeg * DEG, rule.maxDistance),
): LegacyCandidate[] {
  const out: LegacyCandidate[] = [];
  eachLegacyCandidate(set, rule, candidates, (i, j, c) => out.push(candidateOf(set, i, j, c)));
  return out;
}
