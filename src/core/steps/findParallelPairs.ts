import type { SpatialSegments } from '../segments';
import { evaluatePair, PairList, type PairRule } from '../pairs';
import { candidatesInSpatialOrder, type IndexPairs } from '../parallelSearch';
import { orderByNumbers } from '../radixOrder';

/** Whether rows i and j have the same overlap to 0.1 mm. */
function sameOverlap(pairs: PairList, i: number, j: number): boolean {
  return Math.round(pairs.lo[i] * 10) === Math.round(pairs.lo[j] * 10) && Math.round(pairs.hi[i] * 10) === Math.round(pairs.hi[j] * 10);
}

/**
 * Keeps one pair per key (same two ids and same overlap to 0.1 mm), in a deterministic order: by a, then b,
 * then lo (a stable sort, so exact ties keep the order found). Ids are unique in a SegmentSet (CLEAN_DEDUP's
 * hashes), so the same two ids are the same two indices: after the sort, a pair's duplicates are among the
 * kept pairs just before it with the same a and b.
 */
export function uniquePairs(pairs: PairList): PairList {
  const { a, b, lo } = pairs;
  const order = orderByNumbers(pairs.count, a, b, lo);
  const kept: number[] = [];
  // Index loops over typed orders, here and in LOGIC_F and door assignment: for-of over a typed array goes through
  // its iterator, four times as slow, and in code not yet optimised makes an object per item.
  for (let x = 0; x < order.length; x++) {
    const i = order[x];
    let seen = false;
    for (let k = kept.length - 1; k >= 0 && a[kept[k]] === a[i] && b[kept[k]] === b[i] && !seen; k--) seen = sameOverlap(pairs, kept[k], i);
    if (!seen) kept.push(i);
  }
  return pairs.select(kept);
}

/** The largest angle between two segments that LOGIC_B takes as parallel. */
export function parallelAngle(rule: PairRule): number {
  return Math.asin(Math.min(1, rule.sinParallel));
}

/** The pairs found before de-duplication, kept between calls (uniquePairs copies out what it keeps), so a job does not grow a new list. */
const found = new PairList();

/**
 * LOGIC_B: candidate wall pairs — segments parallel within the angle, facing each other at a distance in
 * the wall-thickness range, with overlapping projections. The candidates to test may be given (a search
 * with this distance and an angle at least the rule's, as pairs of spatial positions); they are tested in that
 * order, each as (segment with the smaller index, the other) as the all-pairs version tests it, and the pairs
 * come out by segment index.
 */
export function findParallelPairs(
  spatial: SpatialSegments,
  rule: PairRule,
  candidates: IndexPairs = candidatesInSpatialOrder(spatial, parallelAngle(rule), rule.maxDistance),
): PairList {
  const pairs = found.clear();
  const { geometry, indexAt } = spatial;
  for (let k = 0; k < candidates.count; k++) {
    const r = candidates.items[2 * k], s = candidates.items[2 * k + 1];
    const i = indexAt[r], j = indexAt[s];
    const pair = i < j ? evaluatePair(geometry, r, s, rule) : evaluatePair(geometry, s, r, rule);
    if (pair) pairs.push(Math.min(i, j), Math.max(i, j), pair);
  }
  return uniquePairs(pairs);
}
