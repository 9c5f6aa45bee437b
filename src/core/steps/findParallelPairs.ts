import type { SegmentSet } from '../segments';
import { evaluatePair, type PairRule, type SegmentPair } from '../pairs';
import { candidatesInIndexOrder, type IndexPairs } from '../parallelSearch';

export function comparePairs(p: SegmentPair, q: SegmentPair): number {
  return p.a - q.a || p.b - q.b || p.lo - q.lo;
}

/** Whether two pairs have the same overlap to 0.1 mm. */
function sameOverlap(p: SegmentPair, q: SegmentPair): boolean {
  return Math.round(p.lo * 10) === Math.round(q.lo * 10) && Math.round(p.hi * 10) === Math.round(q.hi * 10);
}

/**
 * Keeps one pair per key (same two ids and same overlap to 0.1 mm), in a deterministic order. Ids are
 * unique in a SegmentSet (CLEAN_DEDUP's hashes), so the same two ids are the same two indices: after the
 * sort, a pair's duplicates are among the kept pairs just before it with the same a and b.
 */
export function uniquePairs(pairs: SegmentPair[]): SegmentPair[] {
  const out: SegmentPair[] = [];
  for (const p of pairs.sort(comparePairs)) {
    let seen = false;
    for (let k = out.length - 1; k >= 0 && out[k].a === p.a && out[k].b === p.b && !seen; k--) seen = sameOverlap(out[k], p);
    if (!seen) out.push(p);
  }
  return out;
}

/** The largest angle between two segments that LOGIC_B takes as parallel. */
export function parallelAngle(rule: PairRule): number {
  return Math.asin(Math.min(1, rule.sinParallel));
}

/**
 * LOGIC_B: candidate wall pairs — segments parallel within the angle, facing each other at a distance in
 * the wall-thickness range, with overlapping projections. The candidates to test may be given (a search
 * with this distance and an angle at least the rule's); in index order, the pairs come out sorted.
 */
export function findParallelPairs(
  set: SegmentSet,
  rule: PairRule,
  candidates: IndexPairs = candidatesInIndexOrder(set, parallelAngle(rule), rule.maxDistance),
): SegmentPair[] {
  const pairs: SegmentPair[] = [];
  for (let k = 0; k < candidates.count; k++) {
    const pair = evaluatePair(set, candidates.items[2 * k], candidates.items[2 * k + 1], rule);
    if (pair) pairs.push(pair);
  }
  return uniquePairs(pairs);
}
