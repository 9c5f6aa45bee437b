import type { SegmentGeometry } from './segments';
import { hypot } from './geometry/hypot';
import { grown } from './typedArrays';

/** Two parallel segments facing each other: a candidate wall, as a plain object (PairList.at). */
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

/** What evaluatePair finds for a pair that passes: SegmentPair without the two indices. */
export interface PairFound {
  ux: number;
  uy: number;
  distance: number;
  lo: number;
  hi: number;
  /** As SegmentPair.quad. */
  quad: Float64Array;
}

/** Whether the rows ascend (equal neighbours allowed). */
function ascending(rows: ArrayLike<number>): boolean {
  for (let k = 1; k < rows.length; k++) if (rows[k] < rows[k - 1]) return false;
  return true;
}

/**
 * The pairs of LOGIC_B–LOGIC_D, one row per pair in typed arrays (SegmentPair's fields by row; quads eight
 * numbers per row). Tens of thousands of pair objects, each with its boxed numbers and quad array, were the
 * pipeline's largest group of objects that the garbage collector had to move and mark; rows cost it nothing.
 */
export class PairList {
  count = 0;
  a: Int32Array;
  b: Int32Array;
  ux: Float64Array;
  uy: Float64Array;
  distance: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  quads: Float64Array;

  constructor(capacity = 64) {
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.ux = new Float64Array(capacity);
    this.uy = new Float64Array(capacity);
    this.distance = new Float64Array(capacity);
    this.lo = new Float64Array(capacity);
    this.hi = new Float64Array(capacity);
    this.quads = new Float64Array(8 * capacity);
  }

  private grow(): void {
    const capacity = 2 * Math.max(this.a.length, 32);
    this.a = grown(this.a, capacity);
    this.b = grown(this.b, capacity);
    this.ux = grown(this.ux, capacity);
    this.uy = grown(this.uy, capacity);
    this.distance = grown(this.distance, capacity);
    this.lo = grown(this.lo, capacity);
    this.hi = grown(this.hi, capacity);
    this.quads = grown(this.quads, 8 * capacity);
  }

  /** Empties the list, keeping its buffers. */
  clear(): this {
    this.count = 0;
    return this;
  }

  /** Adds the pair of segments a, b. */
  push(a: number, b: number, found: PairFound): void {
    if (this.count === this.a.length) this.grow();
    const i = this.count++;
    this.a[i] = a;
    this.b[i] = b;
    this.ux[i] = found.ux;
    this.uy[i] = found.uy;
    this.distance[i] = found.distance;
    this.lo[i] = found.lo;
    this.hi[i] = found.hi;
    this.quads.set(found.quad, 8 * i);
  }

  /**
   * The rows listed (each at most once), in that order, as a new list. Rows listed out of order are copied in the
   * order they are stored and written to their places: reading 112-byte rows at random from a list larger than the
   * cache stalls on every row (uniquePairs' order at 200k segments: 9 MB), where writes at random do not.
   */
  select(rows: ArrayLike<number>): PairList {
    const out = new PairList(rows.length);
    out.count = rows.length;
    if (ascending(rows)) {
      for (let k = 0; k < rows.length; k++) this.copyRow(rows[k], out, k);
      return out;
    }
    const place = new Int32Array(this.count).fill(-1);
    for (let k = 0; k < rows.length; k++) place[rows[k]] = k;
    for (let i = 0; i < this.count; i++) if (place[i] >= 0) this.copyRow(i, out, place[i]);
    return out;
  }

  private copyRow(i: number, out: PairList, k: number): void {
    out.a[k] = this.a[i];
    out.b[k] = this.b[i];
    out.ux[k] = this.ux[i];
    out.uy[k] = this.uy[i];
    out.distance[k] = this.distance[i];
    out.lo[k] = this.lo[i];
    out.hi[k] = this.hi[i];
    // Eight numbers copied one by one: a subarray to copy from would be an object per row.
    for (let c = 0; c < 8; c++) out.quads[8 * k + c] = this.quads[8 * i + c];
  }

  /** Row i as an object. */
  at(i: number): SegmentPair {
    const q = this.quads;
    const at = 8 * i;
    return {
      a: this.a[i], b: this.b[i], ux: this.ux[i], uy: this.uy[i], distance: this.distance[i], lo: this.lo[i], hi: this.hi[i],
      quad: [q[at], q[at + 1], q[at + 2], q[at + 3], q[at + 4], q[at + 5], q[at + 6], q[at + 7]],
    };
  }

  /** Every row as an object (tests and the oracle's comparisons). */
  toArray(): SegmentPair[] {
    return Array.from({ length: this.count }, (_, i) => this.at(i));
  }
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
function trimInto(set: SegmentGeometry, i: number, ux: number, uy: number, lo: number, hi: number, out: Float64Array, at: number): void {
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

/** evaluatePair's answer, overwritten by its next call. */
const found: PairFound = { ux: 0, uy: 0, distance: 0, lo: 0, hi: 0, quad: new Float64Array(8) };

/**
 * The exact LOGIC_B test for one pair of segments; every search strategy (all-pairs oracle or indexed)
 * calls this, so they agree by construction on the candidates they both see. A pair that passes is
 * described in one shared PairFound, valid until the next call (PairList.push copies it): no object per pair.
 */
export function evaluatePair(set: SegmentGeometry, a: number, b: number, rule: PairRule): PairFound | null {
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
  found.ux = ux;
  found.uy = uy;
  found.distance = distance;
  found.lo = lo;
  found.hi = hi;
  const q = found.quad;
  q[0] = p[0];
  q[1] = p[1];
  q[2] = p[2];
  q[3] = p[3];
  q[4] = p[6];
  q[5] = p[7];
  q[6] = p[4];
  q[7] = p[5];
  return found;
}

/** The quads' bounding boxes as minX, minY, maxX, maxY per pair. */
export function quadBoxes(pairs: PairList): Float64Array {
  const boxes = new Float64Array(4 * pairs.count);
  const q = pairs.quads;
  for (let i = 0; i < pairs.count; i++) {
    const at = 8 * i;
    boxes[4 * i] = Math.min(q[at], q[at + 2], q[at + 4], q[at + 6]);
    boxes[4 * i + 1] = Math.min(q[at + 1], q[at + 3], q[at + 5], q[at + 7]);
    boxes[4 * i + 2] = Math.max(q[at], q[at + 2], q[at + 4], q[at + 6]);
    boxes[4 * i + 3] = Math.max(q[at + 1], q[at + 3], q[at + 5], q[at + 7]);
  }
  return boxes;
}

/** The area of the quad q[at … at + 7]. */
export function quadArea(q: ArrayLike<number>, at = 0): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    const j = (i + 1) % 4;
    s += q[at + 2 * i] * q[at + 2 * j + 1] - q[at + 2 * j] * q[at + 2 * i + 1];
  }
  return Math.abs(s) / 2;
}
