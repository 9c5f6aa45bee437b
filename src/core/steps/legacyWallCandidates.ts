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

/**
 * The legacy check for one pair: parallel within the angle, distance in range, overlapping most of the longer line.
 * pairRule is legacyPairRule(rule), passed in by callers that test many pairs.
 */
export function evaluateLegacyPair(set: SegmentSet, i: number, j: number, rule: LegacyRule, pairRule = legacyPairRule(rule)): LegacyCandidate | null {
  const pair = evaluatePair(set, i, j, pairRule);
  if (!pair) return null;
  const longer = Math.max(set.length[i], set.length[j]);
  const overlapPercent = (100 * (pair.hi - pair.lo)) / longer;
  if (overlapPercent < rule.minOverlapPercent) return null;
  let diff = Math.abs(set.angle[i] - set.angle[j]);
  if (diff > Math.PI / 2) diff = Math.PI - diff;
  return {
    a: set.ids[i],
    b: set.ids[j],
    distance: pair.distance,
    overlap_percent: overlapPercent,
    angle_diff_deg: diff / DEG,
    avg_length: (set.length[i] + set.length[j]) / 2,
  };
}

/**
 * WALL_CANDIDATES: the legacy pair report, kept for comparison with the old system. The candidates to test
 * may be given (a search with this distance and an angle at least the rule's); they are in index order,
 * which is id order, so the report comes out sorted by a, then b.
 */
export function legacyWallCandidates(
  set: SegmentSet,
  rule: LegacyRule,
  candidates: IndexPairs = candidatesInIndexOrder(set, rule.maxAngleDeg * DEG, rule.maxDistance),
): LegacyCandidate[] {
  const out: LegacyCandidate[] = [];
  const pairRule = legacyPairRule(rule);
  for (let k = 0; k < candidates.count; k++) {
    const c = evaluateLegacyPair(set, candidates.items[2 * k], candidates.items[2 * k + 1], rule, pairRule);
    if (c) out.push(c);
  }
  return out;
}
