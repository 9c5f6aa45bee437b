import type { SegmentSet } from '../segments';
import { evaluatePair, pairKey, type PairRule, type SegmentPair } from '../pairs';
import { forEachParallelCandidate } from '../parallelSearch';

export function comparePairs(p: SegmentPair, q: SegmentPair): number {
  return p.a - q.a || p.b - q.b || p.lo - q.lo;
}

/** Keeps one pair per key (same two ids and same overlap to 0.1 mm), in a deterministic order. */
export function uniquePairs(pairs: SegmentPair[], set: SegmentSet): SegmentPair[] {
  const seen = new Set<string>();
  const out: SegmentPair[] = [];
  for (const p of pairs.sort(comparePairs)) {
    const key = pairKey(p, set);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}

/**
 * LOGIC_B: candidate wall pairs — segments parallel within the angle, facing each other at a distance in
 * the wall-thickness range, with overlapping projections.
 */
export function findParallelPairs(set: SegmentSet, rule: PairRule, onProgress?: (f: number) => void): SegmentPair[] {
  const pairs: SegmentPair[] = [];
  const maxAngle = Math.asin(Math.min(1, rule.sinParallel));
  forEachParallelCandidate(set, maxAngle, rule.maxDistance + 1, (i, j) => {
    const pair = evaluatePair(set, i, j, rule);
    if (pair) pairs.push(pair);
  }, onProgress);
  return uniquePairs(pairs, set);
}
