import type Flatbush from 'flatbush';
import type { SegmentGeometry, SpatialSegments } from '../segments';
import { quadBoxes, type PairList } from '../pairs';
import { hypot } from '../geometry/hypot';
import { flagsInSpatialOrder, ranksOf, rowsMoved, spatialOrder, unflaggedRows } from '../geometry/spatialOrder';
import { boxHits, searchInto } from '../geometry/searchInto';

/** Segments lying on a face line (within this, mm) are on the quad's boundary, not inside it. */
const FACE_TOLERANCE = 0.01;

/**
 * Length of segment k that lies inside the quad q[at … at + 7], the long sides pulled in by FACE_TOLERANCE.
 * Cyrus–Beck clipping against the convex quad.
 */
export function lengthInsideQuad(set: SegmentGeometry, k: number, q: Float64Array, at: number): number {
  const x1 = set.x1[k], y1 = set.y1[k];
  const dx = set.x2[k] - x1, dy = set.y2[k] - y1;
  // Orientation of the quad so inward normals point inside whatever the winding.
  const cross = (q[at + 2] - q[at]) * (q[at + 7] - q[at + 1]) - (q[at + 3] - q[at + 1]) * (q[at + 6] - q[at]);
  const sign = cross >= 0 ? 1 : -1;
  let tEnter = 0, tLeave = 1;
  for (let e = 0; e < 4; e++) {
    const ax = q[at + 2 * e], ay = q[at + 2 * e + 1];
    const bx = q[at + ((2 * e + 2) % 8)], by = q[at + ((2 * e + 3) % 8)];
    const ex = bx - ax, ey = by - ay;
    const len = hypot(ex, ey);
    if (len === 0) continue;
    // Inward unit normal of edge e.
    const nx = (-ey * sign) / len, ny = (ex * sign) / len;
    // Edges 0 (A) and 2 (B) are the wall faces; 1 and 3 are the open ends.
    const inset = e % 2 === 0 ? FACE_TOLERANCE : 0;
    const start = nx * (x1 - ax) + ny * (y1 - ay) - inset;
    const rate = nx * dx + ny * dy;
    if (rate === 0) {
      if (start <= 0) return 0;
      continue;
    }
    const t = -start / rate;
    if (rate > 0) tEnter = Math.max(tEnter, t);
    else tLeave = Math.min(tLeave, t);
    if (tEnter >= tLeave) return 0;
  }
  return (tLeave - tEnter) * hypot(dx, dy);
}

/**
 * Whether a segment among the candidates (positions in set), parallel to direction (ux, uy), lies inside the quad
 * quads[at … at + 7] for more than maxInside; the pair's own two segments, at positions a and b, do not count.
 */
export function hasSegmentInside(
  set: SegmentGeometry,
  candidates: ArrayLike<number>,
  candidateCount: number,
  quads: Float64Array,
  at: number,
  ux: number,
  uy: number,
  a: number,
  b: number,
  sinParallel: number,
  maxInside: number,
): boolean {
  for (let c = 0; c < candidateCount; c++) {
    const k = candidates[c];
    if (k === a || k === b) continue;
    const l = set.length[k];
    const cross = (ux * (set.y2[k] - set.y1[k]) - uy * (set.x2[k] - set.x1[k])) / l;
    if (Math.abs(cross) > sinParallel) continue;
    if (lengthInsideQuad(set, k, quads, at) > maxInside) return true;
  }
  return false;
}

/**
 * Writes the quad's corners rounded to 0.1 mm (integers) into out[at..at + 7], sorted by x then y, so
 * quads with the same corners in any order write the same eight numbers.
 */
function writeRoundedCorners(q: Float64Array, from: number, out: Float64Array, at: number): void {
  for (let i = 0; i < 4; i++) {
    const x = Math.round(q[from + 2 * i] * 10), y = Math.round(q[from + 2 * i + 1] * 10);
    // Insertion sort of the (at most four) corners.
    let j = at + 2 * i;
    while (j > at && (out[j - 2] > x || (out[j - 2] === x && out[j - 1] > y))) {
      out[j] = out[j - 2];
      out[j + 1] = out[j - 1];
      j -= 2;
    }
    out[j] = x;
    out[j + 1] = y;
  }
}

function sameCorners(c: Float64Array, a: number, b: number): boolean {
  for (let k = 0; k < 8; k++) if (c[a + k] !== c[b + k]) return false;
  return true;
}

/** A hash of the eight rounded corners at corners[at..at + 8), as a 32-bit integer. */
function cornersHash(corners: Float64Array, at: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < 8; k++) h = Math.imul(h ^ corners[at + k], 0x01000193);
  return h ^ (h >>> 15);
}

/**
 * Of the rows listed, those that are the first of their group with the same quad (corners to 0.1 mm, in any
 * order). Quads are compared as their rounded corners, found through an open-addressing table of their hashes
 * (kept quad numbers + 1, 0 for empty): no text key, map entry or closure per pair.
 */
export function uniqueQuads(pairs: PairList, rows: readonly number[]): number[] {
  const corners = new Float64Array(8 * rows.length);
  let size = 16;
  while (size < 2 * rows.length) size *= 2;
  const table = new Int32Array(size);
  const kept: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    const at = 8 * k;
    writeRoundedCorners(pairs.quads, 8 * rows[k], corners, at);
    let slot = cornersHash(corners, at) & (size - 1);
    while (table[slot] !== 0 && !sameCorners(corners, 8 * (table[slot] - 1), at)) slot = (slot + 1) & (size - 1);
    if (table[slot] === 0) {
      table[slot] = k + 1;
      kept.push(rows[k]);
    }
  }
  return kept;
}

/** What LOGIC_C keeps of its pairs: the rows kept, in order, and how many went for each reason. */
export interface SpanningResult {
  kept: number[];
  rejected: number;
  sameQuad: number;
}

/** The rows that are not flagged, then one per quad. */
export function keepUnflagged(pairs: PairList, flagged: ArrayLike<number>): SpanningResult {
  const survivors = unflaggedRows(flagged);
  const kept = uniqueQuads(pairs, survivors);
  return { kept, rejected: pairs.count - survivors.length, sameQuad: survivors.length - kept.length };
}

/**
 * LOGIC_C: rejects pairs whose quad is crossed by a third parallel segment (the pair spans two walls, or a
 * wall and a hatch line), then keeps one pair per quad. `index` is indexSegments(spatial.geometry).
 */
export function rejectSpanningPairs(
  spatial: SpatialSegments,
  index: Flatbush,
  pairs: PairList,
  sinParallel: number,
  maxInside: number,
  onProgress?: (fraction: number) => void,
): SpanningResult {
  const boxes = quadBoxes(pairs), order = spatialOrder(boxes, pairs.count);
  const v = pairsInOrder(pairs, boxes, order, spatial.rankOf);
  const hits = boxHits();
  const spanning = flagsInSpatialOrder(boxes, pairs.count, (_, k) => {
    searchInto(index, v.boxes[4 * k], v.boxes[4 * k + 1], v.boxes[4 * k + 2], v.boxes[4 * k + 3], hits);
    return hasSegmentInside(spatial.geometry, hits.items, hits.count, v.quads, 8 * k, v.ux[k], v.uy[k], v.a[k], v.b[k], sinParallel, maxInside);
  }, onProgress, order);
  return keepUnflagged(pairs, spanning);
}

/** What LOGIC_C reads of each pair, row k the pair visited k-th; a and b as spatial positions. */
interface VisitedPairs {
  boxes: Float64Array;
  quads: Float64Array;
  ux: Float64Array;
  uy: Float64Array;
  a: Int32Array;
  b: Int32Array;
}

/**
 * The pairs' numbers moved into the order they are visited. Pairs are stored by segment id (random in the plan), so
 * in spatial order each one's numbers lay in seven places far apart; at 200k segments those reads, one pair at a
 * time between searches, missed the cache on a growing share. Moved here array by array, read in order and written
 * to their places (rowsMoved): gathered row by row instead, at random, the move took 2.6× its 100k time.
 */
function pairsInOrder(pairs: PairList, boxes: Float64Array, order: ArrayLike<number>, segmentRank: Int32Array): VisitedPairs {
  const n = pairs.count, visit = ranksOf(order);
  const a = new Int32Array(n), b = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    a[visit[i]] = segmentRank[pairs.a[i]];
    b[visit[i]] = segmentRank[pairs.b[i]];
  }
  return {
    boxes: rowsMoved(boxes, 4, visit), quads: rowsMoved(pairs.quads.subarray(0, 8 * n), 8, visit),
    ux: rowsMoved(pairs.ux.subarray(0, n), 1, visit), uy: rowsMoved(pairs.uy.subarray(0, n), 1, visit), a, b,
  };
}
