import type { SegmentGeometry, SpatialSegments } from './segments';
import { keepShape } from './keepShape';
import { grown } from './typedArrays';

/** Pairs of segment indices, pair k at items[2k], items[2k + 1], in a buffer that grows. */
export class IndexPairs {
  count = 0;
  items = new Int32Array(1024);

  push(i: number, j: number): void {
    if (2 * this.count + 2 > this.items.length) this.items = grown(this.items, 2 * this.items.length);
    this.items[2 * this.count] = i;
    this.items[2 * this.count + 1] = j;
    this.count++;
  }

  /**
   * Orders the pairs by i (a counting sort on indices below `bound`; pairs with the same i keep their order). Read
   * in order and each written to its place. A radix sort on i, then j did the same work six times over, each pass
   * reading the indices at random (at 200k segments 374k pairs, 3 MB), and nothing reads the pairs' order within one i.
   */
  sortByFirst(bound: number): void {
    const n = this.count, items = this.items, start = new Int32Array(bound + 1), sorted = new Int32Array(Math.max(2 * n, 2));
    for (let k = 0; k < n; k++) start[items[2 * k] + 1]++;
    for (let i = 0; i < bound; i++) start[i + 1] += start[i];
    for (let k = 0; k < n; k++) {
      const at = 2 * start[items[2 * k]]++;
      sorted[at] = items[2 * k];
      sorted[at + 1] = items[2 * k + 1];
    }
    this.items = sorted;
  }
}

/**
 * Every pair of segments (i < j) whose directions may be within maxAngle and whose perpendicular distance
 * may be within reach — a superset of the true pairs, found without comparing everything with everything.
 * A list rather than a callback per pair: LOGIC_B and WALL_CANDIDATES test the pairs with different code,
 * and one call site seeing both would be compiled again at every switch.
 *
 * How: segments go into angle buckets at least maxAngle wide, so parallel segments share a bucket or sit
 * in neighbouring ones. For each bucket, segments of it and of the next bucket are rotated into the
 * bucket's frame, where they are long and thin (along t), and every two whose boxes come within reach of
 * each other are reported (a pair of true partners has points within reach, so their boxes do in any frame).
 * Pairs of two next-bucket segments are left to the next bucket's pass, so every pair is reported once.
 */
export function parallelCandidates(set: SegmentGeometry, maxAngle: number, reach: number, onBucketDone?: (fraction: number) => void): IndexPairs {
  const bucketCount = Math.max(1, Math.floor(Math.PI / maxAngle));
  const width = Math.PI / bucketCount;
  const buckets = groupByBucket(set, bucketCount, width);
  const { boxes, strips } = workFor(set.count);
  const found = new IndexPairs();
  for (let b = 0; b < bucketCount; b++) {
    if (buckets.start[b + 1] > buckets.start[b]) {
      // With two buckets, each is the other's next: pairs across them are taken by bucket 0 only.
      const next = bucketCount > 2 || b === 0 ? (b + 1) % bucketCount : b;
      boxes.fill(set, buckets, b, next === b ? -1 : next, (b + 0.5) * width);
      strips.sort(boxes, reach);
      strips.join(boxes, reach, found);
    }
    onBucketDone?.((b + 1) / bucketCount);
  }
  return found;
}

/**
 * parallelCandidates for segments facing each other at most maxDistance apart (reach maxDistance + 1), as pairs
 * of spatial positions (i < j) in the order of i, so that testing them one after another reads neighbours in the
 * plan and in memory. The list for one angle holds the pairs of any smaller angle too, so LOGIC_B and
 * WALL_CANDIDATES can share one search made with the wider of their angles.
 */
export function candidatesInSpatialOrder(spatial: SpatialSegments, maxAngle: number, maxDistance: number, onBucketDone?: (fraction: number) => void): IndexPairs {
  const found = parallelCandidates(spatial.geometry, maxAngle, maxDistance + 1, onBucketDone);
  found.sortByFirst(spatial.geometry.count);
  return found;
}

/** Segment indices grouped by angle bucket (counting sort): bucket b is order[start[b]..start[b + 1]). */
function groupByBucket(set: SegmentGeometry, bucketCount: number, width: number): { order: Int32Array; start: Int32Array } {
  const bucketOf = new Int32Array(set.count);
  const start = new Int32Array(bucketCount + 1);
  for (let i = 0; i < set.count; i++) {
    const b = Math.min(bucketCount - 1, Math.floor(set.angle[i] / width));
    bucketOf[i] = b;
    start[b + 1]++;
  }
  for (let b = 0; b < bucketCount; b++) start[b + 1] += start[b];
  const fill = start.slice(0, bucketCount);
  const order = new Int32Array(set.count);
  for (let i = 0; i < set.count; i++) order[fill[bucketOf[i]]++] = i;
  return { order, start };
}

/** The segments of one bucket pass as boxes in the bucket's frame: the bucket's own first, then the next bucket's. */
class FramedBoxes {
  count = 0;
  own = 0;
  readonly segment: Int32Array;
  readonly t0: Float64Array;
  readonly n0: Float64Array;
  readonly t1: Float64Array;
  readonly n1: Float64Array;

  constructor(capacity: number) {
    this.segment = new Int32Array(capacity);
    this.t0 = new Float64Array(capacity);
    this.n0 = new Float64Array(capacity);
    this.t1 = new Float64Array(capacity);
    this.n1 = new Float64Array(capacity);
  }

  fill(set: SegmentGeometry, buckets: { order: Int32Array; start: Int32Array }, own: number, next: number, phi: number): void {
    const c = Math.cos(phi), s = Math.sin(phi);
    this.count = 0;
    this.addBucket(set, buckets, own, c, s);
    this.own = this.count;
    if (next >= 0) this.addBucket(set, buckets, next, c, s);
  }

  private addBucket(set: SegmentGeometry, buckets: { order: Int32Array; start: Int32Array }, b: number, c: number, s: number): void {
    for (let k = buckets.start[b]; k < buckets.start[b + 1]; k++) {
      const i = buckets.order[k], at = this.count++;
      const t1 = c * set.x1[i] + s * set.y1[i], t2 = c * set.x2[i] + s * set.y2[i];
      const n1 = -s * set.x1[i] + c * set.y1[i], n2 = -s * set.x2[i] + c * set.y2[i];
      this.segment[at] = i;
      this.t0[at] = Math.min(t1, t2);
      this.n0[at] = Math.min(n1, n2);
      this.t1[at] = Math.max(t1, t2);
      this.n1[at] = Math.max(n1, n2);
    }
  }
}

/** Length of the runs Strips.sortBoxes sorts by insertion before merging them. */
const RUN = 16;

/**
 * The boxes cut into strips of height reach across the frame (by n0), each strip sorted by t0: the boxes
 * near one box are found in a few strips by binary search on t, so many segments on one line (dashes,
 * a long run of collinear walls) cost no more than their neighbours.
 */
class Strips {
  /** Box numbers, strip by strip, by t0 within a strip. */
  readonly sorted: Int32Array;
  /** Strip s is sorted[start[s]..start[s + 1]); its boxes have n0 ≥ lowest[s] and are at most longest[s] long. */
  readonly start: Int32Array;
  readonly lowest: Float64Array;
  readonly longest: Float64Array;
  count = 0;
  private readonly key: Float64Array;
  private readonly scratch: Int32Array;

  constructor(capacity: number) {
    this.sorted = new Int32Array(capacity);
    this.scratch = new Int32Array(capacity);
    this.start = new Int32Array(capacity + 1);
    this.lowest = new Float64Array(capacity);
    this.longest = new Float64Array(capacity);
    this.key = new Float64Array(capacity);
  }

  sort(boxes: FramedBoxes, height: number): void {
    const n = boxes.count, key = this.key, t0 = boxes.t0;
    let base = Infinity;
    for (let k = 0; k < n; k++) base = Math.min(base, boxes.n0[k]);
    for (let k = 0; k < n; k++) key[k] = Math.floor((boxes.n0[k] - base) / height);
    const sorted = this.sorted;
    for (let k = 0; k < n; k++) sorted[k] = k;
    this.sortBoxes(n, t0);
    this.count = 0;
    for (let x = 0; x < n; x++) {
      const k = sorted[x];
      if (x === 0 || key[k] !== key[sorted[x - 1]]) {
        this.start[this.count] = x;
        this.lowest[this.count] = Infinity;
        this.longest[this.count] = 0;
        this.count++;
      }
      const s = this.count - 1;
      this.lowest[s] = Math.min(this.lowest[s], boxes.n0[k]);
      this.longest[s] = Math.max(this.longest[s], boxes.t1[k] - t0[k]);
    }
    this.start[this.count] = n;
  }

  /** Whether box p goes before box q: by strip, then by t0, then by box number. */
  private before(p: number, q: number, t0: Float64Array): boolean {
    const kp = this.key[p], kq = this.key[q];
    if (kp !== kq) return kp < kq;
    return t0[p] < t0[q] || (t0[p] === t0[q] && p < q);
  }

  /**
   * Sorts sorted[0..n) by before(): insertion sort of short runs, then bottom-up merges through a scratch
   * buffer: a comparator passed to the typed array's sort() is a call back into JS per comparison.
   */
  private sortBoxes(n: number, t0: Float64Array): void {
    let from = this.sorted, to = this.scratch;
    for (let lo = 0; lo < n; lo += RUN) {
      const hi = Math.min(n, lo + RUN);
      for (let x = lo + 1; x < hi; x++) {
        const k = from[x];
        let y = x;
        for (; y > lo && this.before(k, from[y - 1], t0); y--) from[y] = from[y - 1];
        from[y] = k;
      }
    }
    for (let width = RUN; width < n; width *= 2) {
      for (let lo = 0; lo < n; lo += 2 * width) {
        const mid = Math.min(n, lo + width), hi = Math.min(n, lo + 2 * width);
        let x = lo, y = mid, at = lo;
        while (x < mid && y < hi) to[at++] = this.before(from[y], from[x], t0) ? from[y++] : from[x++];
        while (x < mid) to[at++] = from[x++];
        while (y < hi) to[at++] = from[y++];
      }
      const swap = from;
      from = to;
      to = swap;
    }
    if (from !== this.sorted) this.sorted.set(from.subarray(0, n));
  }

  /**
   * Adds the segments of every two boxes within reach of each other, found from the one lower in n (then
   * in box number): it looks only upwards, through the strips its reach spans.
   */
  join(boxes: FramedBoxes, reach: number, found: IndexPairs): void {
    const { t0, n0, t1, n1, segment, own } = boxes;
    const sorted = this.sorted;
    for (let s = 0; s < this.count; s++) {
      for (let x = this.start[s]; x < this.start[s + 1]; x++) {
        const k = sorted[x];
        const loT = t0[k] - reach, hiT = t1[k] + reach, loN = n0[k] - reach, hiN = n1[k] + reach;
        for (let u = s; u < this.count && this.lowest[u] <= hiN; u++) {
          const end = this.start[u + 1];
          for (let y = this.firstFrom(u, t0, loT - this.longest[u]); y < end && t0[sorted[y]] <= hiT; y++) {
            const m = sorted[y];
            if (t1[m] < loT || n0[m] > hiN || n1[m] < loN) continue;
            // Each pair once: from its lower box; two next-bucket boxes belong to the next pass.
            if (n0[m] < n0[k] || (n0[m] === n0[k] && m <= k) || (k >= own && m >= own)) continue;
            const i = segment[k], j = segment[m];
            found.push(Math.min(i, j), Math.max(i, j));
          }
        }
      }
    }
  }

  /** The first position in strip u whose box starts at t0 ≥ t (binary search). */
  private firstFrom(u: number, t0: Float64Array, t: number): number {
    let lo = this.start[u], hi = this.start[u + 1];
    const sorted = this.sorted;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t0[sorted[mid]] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * The search's working buffers, kept between calls and replaced only by larger ones: for 200k segments they are
 * 14 MB, and allocating that afresh for every job adds to the memory outside the JS heap that makes V8 start
 * its full collections early.
 */
let work = { boxes: new FramedBoxes(0), strips: new Strips(0) };

function workFor(count: number): { boxes: FramedBoxes; strips: Strips } {
  if (work.boxes.segment.length < count) work = { boxes: new FramedBoxes(count), strips: new Strips(count) };
  return work;
}

keepShape(new IndexPairs());
keepShape(new FramedBoxes(0));
keepShape(new Strips(0));
