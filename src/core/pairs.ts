import type { SegmentSet } from './segments';
import { hypot } from './geometry/hypot';

/** Two parallel segments facing each other: a candidate wall (LOGIC_B output). */
export interface SegmentPair {
  /** Indices into the SegmentSet, a < b. */
  a: number;
  b: number;
  /** Shared unit direction (bisector of the two directions). */
  ux: number;
  uy: number;
  /** Perpendicular distance at the middle of the overlap. */
  distance: number;
  /** Overlap interval along the shared direction. */
  lo: number;
  hi: number;
  /** The quad A.p1, A.p2, B.p2, B.p1 of the trimmed segments, as x, y pairs. */
  quad: [number, number, number, number, number, number, number, number];
}

export interface PairRule {
  /** sin of the largest angle between parallel segments. */
  sinParallel: number;
  minDistance: number;
  maxDistance: number;
  minOverlap: number;
}

/**
 * Writes the points of segment i whose projections on direction (ux, uy) are lo and hi into
 * out[at..at + 3] (x, y at lo, then x, y at hi): evaluatePair trims both segments of every overlapping
 * candidate, so the points go into a scratch buffer rather than new arrays.
 */
function trimInto(set: SegmentSet, i: number, ux: number, uy: number, lo: number, hi: number, out: Float64Array, at: number): void {
  const x1 = set.x1[i], y1 = set.y1[i];
  const dx = set.x2[i] - x1, dy = set.y2[i] - y1;
  const along = ux * dx + uy * dy;
  const start = ux * x1 + uy * y1;
  const kLo = (lo - start) / along, kHi = (hi - start) / along;
  out[at] = x1 + kLo * dx;
  out[at + 1] = y1 + kLo * dy;
  out[at + 2] = x1 + kHi * dx;
  out[at + 3] = y1 + kHi * dy;
}

/** A.lo, A.hi, B.lo, B.hi as x, y pairs. */
const trimmed = new Float64Array(8);

/**
 * The exact LOGIC_B test for one pair of segments; every search strategy (all-pairs oracle or indexed)
 * calls this, so they agree by construction on the candidates they both see.
 */
export function evaluatePair(set: SegmentSet, a: number, b: number, rule: PairRule): SegmentPair | null {
  const la = set.length[a], lb = set.length[b];
  const uax = (set.x2[a] - set.x1[a]) / la, uay = (set.y2[a] - set.y1[a]) / la;
  let ubx = (set.x2[b] - set.x1[b]) / lb, uby = (set.y2[b] - set.y1[b]) / lb;
  if (Math.abs(uax * uby - uay * ubx) > rule.sinParallel) return null;
  if (uax * ubx + uay * uby < 0) {
    ubx = -ubx;
    uby = -uby;
  }
  let ux = uax + ubx, uy = uay + uby;
  const ul = hypot(ux, uy);
  ux /= ul;
  uy /= ul;
  // Orient the shared direction canonically so the quad does not depend on how the lines were drawn.
  if (ux < -1e-12 || (Math.abs(ux) <= 1e-12 && uy < 0)) {
    ux = -ux;
    uy = -uy;
  }
  const ta1 = ux * set.x1[a] + uy * set.y1[a], ta2 = ux * set.x2[a] + uy * set.y2[a];
  const tb1 = ux * set.x1[b] + uy * set.y1[b], tb2 = ux * set.x2[b] + uy * set.y2[b];
  const lo = Math.max(Math.min(ta1, ta2), Math.min(tb1, tb2));
  const hi = Math.min(Math.max(ta1, ta2), Math.max(tb1, tb2));
  if (hi - lo <= rule.minOverlap) return null;
  const p = trimmed;
  trimInto(set, a, ux, uy, lo, hi, p, 0);
  trimInto(set, b, ux, uy, lo, hi, p, 4);
  const distance = Math.abs(-uy * ((p[4] + p[6]) / 2 - (p[0] + p[2]) / 2) + ux * ((p[5] + p[7]) / 2 - (p[1] + p[3]) / 2));
  if (distance < rule.minDistance || distance > rule.maxDistance) return null;
  return { a, b, ux, uy, distance, lo, hi, quad: [p[0], p[1], p[2], p[3], p[6], p[7], p[4], p[5]] };
}

/** The quads' bounding boxes as minX, minY, maxX, maxY per pair. */
export function quadBoxes(pairs: SegmentPair[]): Float64Array {
  const boxes = new Float64Array(4 * pairs.length);
  for (let i = 0; i < pairs.length; i++) {
    const q = pairs[i].quad;
    boxes[4 * i] = Math.min(q[0], q[2], q[4], q[6]);
    boxes[4 * i + 1] = Math.min(q[1], q[3], q[5], q[7]);
    boxes[4 * i + 2] = Math.max(q[0], q[2], q[4], q[6]);
    boxes[4 * i + 3] = Math.max(q[1], q[3], q[5], q[7]);
  }
  return boxes;
}

export function quadArea(q: SegmentPair['quad']): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    const j = (i + 1) % 4;
    s += q[2 * i] * q[2 * j + 1] - q[2 * j] * q[2 * i + 1];
  }
  return Math.abs(s) / 2;
}
