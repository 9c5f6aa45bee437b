import Flatbush from 'flatbush';
import type { SegmentSet } from './segments';

/**
 * Calls visit(i, j) (i < j) for every pair of segments whose directions may be within maxAngle and whose
 * perpendicular distance may be within reach — a superset of the true pairs, found without comparing
 * everything with everything.
 *
 * How: segments go into angle buckets at least maxAngle wide, so parallel segments share a bucket or sit
 * in neighbouring ones. For each bucket, segments of it and of the next bucket are rotated into the
 * bucket's frame, where they are long and thin, and put in a packed R-tree; each segment of the bucket
 * queries its box grown by reach. A pair is reported once (the lower-id segment's bucket query, or the
 * bucket below for cross-bucket pairs).
 */
export function forEachParallelCandidate(
  set: SegmentSet,
  maxAngle: number,
  reach: number,
  visit: (i: number, j: number) => void,
  onBucketDone?: (fraction: number) => void,
): void {
  const bucketCount = Math.max(1, Math.floor(Math.PI / maxAngle));
  const width = Math.PI / bucketCount;
  const members: number[][] = Array.from({ length: bucketCount }, () => []);
  for (let i = 0; i < set.count; i++) members[Math.min(bucketCount - 1, Math.floor(set.angle[i] / width))].push(i);

  for (let b = 0; b < bucketCount; b++) {
    const own = members[b];
    if (own.length === 0) continue;
    const next = bucketCount > 1 ? members[(b + 1) % bucketCount] : [];
    const nextInBucket = bucketCount > 2 || b === 0 ? next : [];
    const phi = (b + 0.5) * width;
    const c = Math.cos(phi), s = Math.sin(phi);
    const candidates = own.concat(nextInBucket);
    const index = new Flatbush(candidates.length);
    const boxes = new Float64Array(candidates.length * 4);
    candidates.forEach((i, k) => {
      const t1 = c * set.x1[i] + s * set.y1[i], t2 = c * set.x2[i] + s * set.y2[i];
      const n1 = -s * set.x1[i] + c * set.y1[i], n2 = -s * set.x2[i] + c * set.y2[i];
      boxes[4 * k] = Math.min(t1, t2);
      boxes[4 * k + 1] = Math.min(n1, n2);
      boxes[4 * k + 2] = Math.max(t1, t2);
      boxes[4 * k + 3] = Math.max(n1, n2);
      index.add(boxes[4 * k], boxes[4 * k + 1], boxes[4 * k + 2], boxes[4 * k + 3]);
    });
    index.finish();
    for (let k = 0; k < own.length; k++) {
      const i = own[k];
      const hits = index.search(boxes[4 * k] - reach, boxes[4 * k + 1] - reach, boxes[4 * k + 2] + reach, boxes[4 * k + 3] + reach);
      for (const h of hits) {
        const j = candidates[h];
        // Same-bucket pairs are seen from both sides: keep the one queried by the lower index.
        if (h < own.length ? i < j : true) visit(Math.min(i, j), Math.max(i, j));
      }
    }
    onBucketDone?.((b + 1) / bucketCount);
  }
}
