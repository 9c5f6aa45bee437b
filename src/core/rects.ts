import type { PairList } from './pairs';
import { Hasher } from './geometry/hash';
import { orderByNumbers } from './radixOrder';
import { listWithRoom } from './entities';

export type SideSource = 'drawing' | 'added';

/**
 * An oriented wall rectangle: direction u = (ux, uy) canonical (ux > 0, or ux = 0 and uy > 0), normal
 * n = (-uy, ux); it spans t0..t1 along u and s0..s1 along n (s1 - s0 is the thickness).
 */
export interface WallRect {
  id: string;
  ux: number;
  uy: number;
  t0: number;
  t1: number;
  s0: number;
  s1: number;
  layers: string[];
  /**
   * The segments it was built from, by index in the segment set, ascending (a set is in id order and its ids are
   * unique, so this is their ids' order): sorted and compared as numbers, written as ids from one packed buffer.
   */
  sources: number[];
  /** Where each short side comes from: a drawn end line, or an added cap. */
  startSide: SideSource;
  endSide: SideSource;
}

export type Pt = [number, number];

/**
 * Wall rectangles as columns, row i one rectangle (WallRect's fields): what LOGIC_D and LOGIC_E hand on, and what
 * the rectangle artifacts are written from. As objects, LOGIC_D's were 80k at 200k segments, each with six boxed
 * numbers, that lived only until LOGIC_E had read them: some 20 MB in the old generation, towards the limit at which
 * V8 starts a second full collection late in the job. LOGIC_E's are read in list order by LOGIC_F; as objects made
 * band by band, each read went somewhere else in the heap.
 */
export interface RectTable {
  count: number;
  ux: Float64Array;
  uy: Float64Array;
  t0: Float64Array;
  t1: Float64Array;
  s0: Float64Array;
  s1: Float64Array;
  ids: string[];
  layers: string[][];
  sources: number[][];
  startSide: SideSource[];
  endSide: SideSource[];
}

function tableWithRoom(count: number): RectTable {
  return {
    count, ux: new Float64Array(count), uy: new Float64Array(count), t0: new Float64Array(count), t1: new Float64Array(count),
    s0: new Float64Array(count), s1: new Float64Array(count), ids: listWithRoom(count), layers: listWithRoom(count),
    sources: listWithRoom(count), startSide: listWithRoom(count), endSide: listWithRoom(count),
  };
}

/** The rectangles as a table (read once, in list order). */
export function rectTableOf(rects: readonly WallRect[]): RectTable {
  const t = tableWithRoom(rects.length);
  for (let i = 0; i < rects.length; i++) {
    const r = rects[i];
    t.ux[i] = r.ux;
    t.uy[i] = r.uy;
    t.t0[i] = r.t0;
    t.t1[i] = r.t1;
    t.s0[i] = r.s0;
    t.s1[i] = r.s1;
    t.ids[i] = r.id;
    t.layers[i] = r.layers;
    t.sources[i] = r.sources;
    t.startSide[i] = r.startSide;
    t.endSide[i] = r.endSide;
  }
  return t;
}

/** Row i of the table as an object. */
export function rectOfRow(t: RectTable, i: number): WallRect {
  return {
    id: t.ids[i], ux: t.ux[i], uy: t.uy[i], t0: t.t0[i], t1: t.t1[i], s0: t.s0[i], s1: t.s1[i],
    layers: t.layers[i], sources: t.sources[i], startSide: t.startSide[i], endSide: t.endSide[i],
  };
}

export function rectPoint(r: Pick<WallRect, 'ux' | 'uy'>, t: number, s: number): Pt {
  return [t * r.ux - s * r.uy, t * r.uy + s * r.ux];
}

/** Corners in order: start-s0, end-s0, end-s1, start-s1. */
export function rectCorners(r: WallRect): [Pt, Pt, Pt, Pt] {
  return [rectPoint(r, r.t0, r.s0), rectPoint(r, r.t1, r.s0), rectPoint(r, r.t1, r.s1), rectPoint(r, r.t0, r.s1)];
}

/**
 * The corners of rectCorners as x0, y0, …, x3, y3, with rectPoint's arithmetic, in one scratch buffer
 * that the next call overwrites: for the hot paths (boxes and reframing of every rectangle) that would
 * otherwise allocate five arrays per rectangle.
 */
const cornerScratch = new Float64Array(8);
function cornerCoordinates(r: WallRect): Float64Array {
  return cornersOf(r.ux, r.uy, r.t0, r.t1, r.s0, r.s1);
}

function cornersOf(ux: number, uy: number, t0: number, t1: number, s0: number, s1: number): Float64Array {
  const c = cornerScratch;
  c[0] = t0 * ux - s0 * uy;
  c[1] = t0 * uy + s0 * ux;
  c[2] = t1 * ux - s0 * uy;
  c[3] = t1 * uy + s0 * ux;
  c[4] = t1 * ux - s1 * uy;
  c[5] = t1 * uy + s1 * ux;
  c[6] = t0 * ux - s1 * uy;
  c[7] = t0 * uy + s1 * ux;
  return c;
}

/**
 * The numbers of each rectangle (ux, uy, t0, t1, s0, s1, six per rectangle), read once in list order: a step that
 * then visits the rectangles in another order (by direction, by band) reads one compact array instead of objects
 * and their boxed numbers spread over the heap.
 */
export function rectRows(rects: readonly WallRect[]): Float64Array {
  const rows = new Float64Array(6 * rects.length);
  for (let i = 0; i < rects.length; i++) {
    const r = rects[i], at = 6 * i;
    rows[at] = r.ux;
    rows[at + 1] = r.uy;
    rows[at + 2] = r.t0;
    rows[at + 3] = r.t1;
    rows[at + 4] = r.s0;
    rows[at + 5] = r.s1;
  }
  return rows;
}

/** rectRows of a table's rectangles. */
export function rectTableRows(t: RectTable): Float64Array {
  const rows = new Float64Array(6 * t.count);
  for (let i = 0; i < t.count; i++) {
    const at = 6 * i;
    rows[at] = t.ux[i];
    rows[at + 1] = t.uy[i];
    rows[at + 2] = t.t0[i];
    rows[at + 3] = t.t1[i];
    rows[at + 4] = t.s0[i];
    rows[at + 5] = t.s1[i];
  }
  return rows;
}

/** rectBox's minX, minY, maxX, maxY in one scratch buffer that the next call overwrites (no array per rectangle). */
const boxScratch = new Float64Array(4);
export function rectBoxInto(r: WallRect): Float64Array {
  return boxOfCorners(cornerCoordinates(r));
}

/** rectBoxInto of row i of a table. */
export function tableRowBoxInto(t: RectTable, i: number): Float64Array {
  return boxOfCorners(cornersOf(t.ux[i], t.uy[i], t.t0[i], t.t1[i], t.s0[i], t.s1[i]));
}

function boxOfCorners(c: Float64Array): Float64Array {
  boxScratch[0] = Math.min(c[0], c[2], c[4], c[6]);
  boxScratch[1] = Math.min(c[1], c[3], c[5], c[7]);
  boxScratch[2] = Math.max(c[0], c[2], c[4], c[6]);
  boxScratch[3] = Math.max(c[1], c[3], c[5], c[7]);
  return boxScratch;
}

export function rectBox(r: WallRect): [number, number, number, number] {
  const b = rectBoxInto(r);
  return [b[0], b[1], b[2], b[3]];
}

/** Projection of a point on a frame's direction (t) and normal (s). */
export function toFrame(frame: Pick<WallRect, 'ux' | 'uy'>, x: number, y: number): Pt {
  return [frame.ux * x + frame.uy * y, -frame.uy * x + frame.ux * y];
}

/** Offset along the normal of (ux, uy) of the midpoint of the two quad corners at q[at … at + 3] (one trimmed segment). */
function sideOffset(q: Float64Array, at: number, ux: number, uy: number): number {
  return (-uy * q[at] + ux * q[at + 1] + (-uy * q[at + 2] + ux * q[at + 3])) / 2;
}

/** One list per layer name for the rectangles of a single layer, which are nearly all: no array per rectangle. */
const singleLayer = new Map<string, string[]>();

/** The layers of two segments, once each, sorted. Rectangles never change their lists, so they may share one. */
function layerPair(a: string, b: string): string[] {
  if (a !== b) return a < b ? [a, b] : [b, a];
  let list = singleLayer.get(a);
  if (!list) singleLayer.set(a, (list = [a]));
  return list;
}

/** Whether point (x, y) lies in row i of the table grown by margin on every side (toFrame's arithmetic, no arrays). */
export function rowContainsPoint(t: RectTable, i: number, x: number, y: number, margin: number): boolean {
  const ux = t.ux[i], uy = t.uy[i];
  const pt = ux * x + uy * y, ps = -uy * x + ux * y;
  return pt >= t.t0[i] - margin && pt <= t.t1[i] + margin && ps >= t.s0[i] - margin && ps <= t.s1[i] + margin;
}

const pairIdHasher = new Hasher();

/** Feeds segment k's id to the hasher as Hasher.chars(id) does (hashTextOf, or chars of the ids themselves). */
export type HashId = (h: Hasher, k: number) => Hasher;

/**
 * hashString(`${a}|${b}|${lo}|${hi}`) of segments a and b's ids (the overlap in 0.1 mm), hashed part by part: no
 * text per rectangle to make, join and flatten.
 */
function pairRectId(hashId: HashId, a: number, b: number, lo: number, hi: number): string {
  const h = pairIdHasher.reset();
  hashId(h, a).chars('|');
  return hashId(h, b).chars('|').decimal(Math.round(lo * 10)).chars('|').decimal(Math.round(hi * 10)).end().hex();
}

/** Whether every corner of row i (rectCorners' arithmetic, no arrays) lies in row k grown by margin. */
export function rowCornersInside(t: RectTable, i: number, k: number, margin: number): boolean {
  const c = cornersOf(t.ux[i], t.uy[i], t.t0[i], t.t1[i], t.s0[i], t.s1[i]);
  for (let m = 0; m < 8; m += 2) if (!rowContainsPoint(t, k, c[m], c[m + 1], margin)) return false;
  return true;
}

/** The wall rectangles of the pairs at the given rows: each pair's overlap along the shared direction, between the two faces. */
export function rectTableFromPairs(pairs: PairList, rows: readonly number[], hashId: HashId, layers: readonly string[]): RectTable {
  const t = tableWithRoom(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const ux = pairs.ux[i], uy = pairs.uy[i], lo = pairs.lo[i], hi = pairs.hi[i], a = pairs.a[i], b = pairs.b[i];
    const sa = sideOffset(pairs.quads, 8 * i, ux, uy);
    const sb = sideOffset(pairs.quads, 8 * i + 4, ux, uy);
    t.ux[k] = ux;
    t.uy[k] = uy;
    t.t0[k] = lo;
    t.t1[k] = hi;
    t.s0[k] = Math.min(sa, sb);
    t.s1[k] = Math.max(sa, sb);
    t.ids[k] = pairRectId(hashId, a, b, lo, hi);
    t.layers[k] = layerPair(layers[a], layers[b]);
    t.sources[k] = [a, b];
    t.startSide[k] = 'added';
    t.endSide[k] = 'added';
  }
  return t;
}

/**
 * The extent of row i of a table in another (nearly parallel) frame — t0, t1, s0, s1, its corners projected with the
 * arithmetic of toFrame — written to `out` (by default one scratch buffer that the next call overwrites): for loops
 * over many rectangles or pairs that need no rectangle object.
 */
const extentScratch = new Float64Array(4);
export function reframeTableRowExtent(t: RectTable, i: number, frame: Pick<WallRect, 'ux' | 'uy'>, out: Float64Array = extentScratch): Float64Array {
  return extentInFrame(cornersOf(t.ux[i], t.uy[i], t.t0[i], t.t1[i], t.s0[i], t.s1[i]), frame, out);
}

/** reframeTableRowExtent of row k of rectRows. */
export function reframeRowExtent(rows: Float64Array, k: number, frame: Pick<WallRect, 'ux' | 'uy'>, out: Float64Array = extentScratch): Float64Array {
  const at = 6 * k;
  return extentInFrame(cornersOf(rows[at], rows[at + 1], rows[at + 2], rows[at + 3], rows[at + 4], rows[at + 5]), frame, out);
}

function extentInFrame(c: Float64Array, frame: Pick<WallRect, 'ux' | 'uy'>, out: Float64Array): Float64Array {
  const fx = frame.ux, fy = frame.uy;
  const x0 = c[0], y0 = c[1], x1 = c[2], y1 = c[3], x2 = c[4], y2 = c[5], x3 = c[6], y3 = c[7];
  const t0 = fx * x0 + fy * y0, t1 = fx * x1 + fy * y1, t2 = fx * x2 + fy * y2, t3 = fx * x3 + fy * y3;
  // The frame may point the other way (directions are modulo π): take the sides by value.
  const sideA = (-fy * x0 + fx * y0 + (-fy * x1 + fx * y1)) / 2;
  const sideB = (-fy * x2 + fx * y2 + (-fy * x3 + fx * y3)) / 2;
  out[0] = Math.min(t0, t1, t2, t3);
  out[1] = Math.max(t0, t1, t2, t3);
  out[2] = Math.min(sideA, sideB);
  out[3] = Math.max(sideA, sideB);
  return out;
}

/** Angle of a canonical direction, in (-π/2, π/2]. */
export function rectAngle(r: Pick<WallRect, 'ux' | 'uy'>): number {
  return Math.atan2(r.uy, r.ux);
}

/**
 * Groups the table's rectangles whose directions are within tolerance (radians), treating directions modulo π.
 * Returns groups of indices, each with the frame of its first member; deterministic for a given input order.
 */
export function groupByDirection(t: Pick<RectTable, 'count' | 'ux' | 'uy'>, tolerance: number): number[][] {
  const angles = new Float64Array(t.count);
  for (let i = 0; i < t.count; i++) angles[i] = Math.atan2(t.uy[i], t.ux[i]);
  return groupByAngle(angles, tolerance);
}

/** groupByDirection of the directions at these angles (rectAngle's). */
export function groupByAngle(angles: Float64Array, tolerance: number): number[][] {
  if (angles.length === 0) return [];
  const order = orderByNumbers(angles.length, angles);
  // Start after the widest gap on the circle so a group is never cut at the ±90° seam.
  let startAt = 0;
  let widest = angles[order[0]] + Math.PI - angles[order[order.length - 1]];
  for (let k = 1; k < order.length; k++) {
    const gap = angles[order[k]] - angles[order[k - 1]];
    if (gap > widest) {
      widest = gap;
      startAt = k;
    }
  }
  const groups: number[][] = [];
  let current: number[] = [];
  let prev = NaN;
  for (let step = 0; step < order.length; step++) {
    const i = order[(startAt + step) % order.length];
    const a = angles[i];
    const angle = step > 0 && a < prev ? a + Math.PI : a;
    if (step > 0 && angle - prev > tolerance) {
      groups.push(current);
      current = [];
    }
    current.push(i);
    prev = angle;
  }
  groups.push(current);
  return groups;
}
