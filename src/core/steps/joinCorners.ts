import Flatbush from 'flatbush';
import { boxHits, searchInto } from '../geometry/searchInto';
import { grown } from '../typedArrays';
import { tableRowBoxInto, type RectTable } from '../rects';
import { hypot } from '../geometry/hypot';
import { spatialOrder } from '../geometry/spatialOrder';
import { orderByNumbers } from '../radixOrder';

export interface JunctionRule {
  searchDistance: number;
  maxExtension: number;
  maxDot: number;
}

/** What joins a wall end, per end slot (see EndJunctions). */
export const NO_JUNCTION = 0, L_JUNCTION = 1, T_JUNCTION = 2;

/**
 * The junction of each wall end, by end slot: slot 2 · rectangle + 0 is its start, + 1 its end, and each end has one
 * junction at most. A rectangle's junctions are listed in the order they were made (the L pass, by cost, then the T
 * pass): the end's first where endFirst is 1 (see junctionSlot). Columns, not an object per junction: LOGIC_F's
 * output lives through the last steps of the job, and as objects it was the largest thing they promoted.
 */
export interface EndJunctions {
  kind: Uint8Array;
  /** The other rectangle's number. */
  other: Int32Array;
  /** Where the junction is (its centerlines meet, or this centerline meets the other wall's face). */
  x: Float64Array;
  y: Float64Array;
  endFirst: Uint8Array;
}

/** LOGIC_F's rectangles: LOGIC_E's, with the ends moved, whether each one moved, and their junctions. */
export interface JoinedRects extends RectTable {
  modified: Uint8Array;
  junctions: EndJunctions;
}

/** The end slot of rectangle i's junction number n (0 or 1) in the order they were made; it may hold NO_JUNCTION. */
export function junctionSlot(j: EndJunctions, i: number, n: number): number {
  return 2 * i + (n ^ j.endFirst[i]);
}

/** A wall end is slot 2 * rectangle + (0 start, 1 end). */
export const END_NAMES = ['start', 'end'] as const;

/**
 * The numbers the junction search reads besides the rectangles' own: each end is looked at once per nearby
 * wall, and small objects (points, crossings) per look would cost more than the arithmetic. The arithmetic is
 * that of rectPoint, toFrame and the centerline crossing, written out. A plain object, not a class: a class
 * instance's hidden class dies with the last instance, and with it the optimised code of every function that
 * reads one (each job would compile them again).
 */
interface EndTable extends Pick<RectTable, 'ux' | 'uy' | 't0' | 't1' | 's0' | 's1'> {
  /** Centerline offset. */
  c: Float64Array;
  /** The centerline's point at t = 0 (rectPoint(r, 0, c)). */
  ox: Float64Array;
  oy: Float64Array;
  /** Centerline end points, per end slot. */
  ex: Float64Array;
  ey: Float64Array;
}

function endTable(rects: RectTable): EndTable {
  const n = rects.count;
  const w: EndTable = {
    ux: rects.ux, uy: rects.uy, t0: rects.t0, t1: rects.t1, s0: rects.s0, s1: rects.s1,
    c: new Float64Array(n), ox: new Float64Array(n), oy: new Float64Array(n), ex: new Float64Array(2 * n), ey: new Float64Array(2 * n),
  };
  for (let i = 0; i < n; i++) {
    const ux = w.ux[i], uy = w.uy[i], t0 = w.t0[i], t1 = w.t1[i], c = (w.s0[i] + w.s1[i]) / 2;
    w.c[i] = c;
    w.ox[i] = 0 * ux - c * uy;
    w.oy[i] = 0 * uy + c * ux;
    w.ex[2 * i] = t0 * ux - c * uy;
    w.ey[2 * i] = t0 * uy + c * ux;
    w.ex[2 * i + 1] = t1 * ux - c * uy;
    w.ey[2 * i + 1] = t1 * uy + c * ux;
  }
  return w;
}

/** How far end slot k must move outwards to reach position t (negative: t is already inside). */
function extensionTo(w: EndTable, k: number, t: number): number {
  const i = k >> 1;
  return (k & 1) === 0 ? w.t0[i] - t : t - w.t1[i];
}

/** Where the centerlines of a and b cross, as positions along each (ta, tb); written by crossCenterlines. */
const crossing = { ta: 0, tb: 0 };

/** Centerline intersection of rectangles a and b into `crossing`; false for parallel lines. */
function crossCenterlines(w: EndTable, a: number, b: number): boolean {
  const aux = w.ux[a], auy = w.uy[a], bux = w.ux[b], buy = w.uy[b];
  const det = aux * -buy - auy * -bux;
  if (Math.abs(det) < 1e-9) return false;
  const dx = w.ox[b] - w.ox[a], dy = w.oy[b] - w.oy[a];
  crossing.ta = (dx * -buy - dy * -bux) / det;
  crossing.tb = (aux * dy - auy * dx) / det;
  return true;
}

/** The rectangles near each wall end, as one flat list: those of end slot k are list[start[k] .. start[k + 1]). */
export interface NearEnds {
  start: Int32Array;
  list: Int32Array;
}

/**
 * A search for the rectangles whose boxes come within reach of each end slot's point (ex[k], ey[k]): the
 * index's (nearEnds), or the test oracle's, which tests every box.
 */
export type EndSearch = (rects: RectTable, ex: Float64Array, ey: Float64Array, reach: number) => NearEnds;

/**
 * The rectangles whose boxes come within the search distance of each end, in the index's order. Every end
 * is searched once: the L pass and the T pass look around the same (unextended) end points.
 */
function nearEnds(rects: RectTable, ex: Float64Array, ey: Float64Array, reach: number): NearEnds {
  const index = new Flatbush(rects.count);
  for (let i = 0; i < rects.count; i++) {
    const b = tableRowBoxInto(rects, i);
    index.add(b[0], b[1], b[2], b[3]);
  }
  index.finish();
  // Searched in spatial order (see spatialOrder), then listed by end slot.
  const n = ex.length, points = new Float64Array(4 * n);
  for (let k = 0; k < n; k++) {
    points[4 * k] = points[4 * k + 2] = ex[k];
    points[4 * k + 1] = points[4 * k + 3] = ey[k];
  }
  const order = spatialOrder(points, n), from = new Int32Array(n), count = new Int32Array(n);
  let found = new Int32Array(4 * n), size = 0;
  const hits = boxHits();
  for (let x = 0; x < n; x++) {
    const k = order[x];
    const m = searchInto(index, ex[k] - reach, ey[k] - reach, ex[k] + reach, ey[k] + reach, hits);
    if (size + m > found.length) found = grown(found, 2 * (size + m));
    from[k] = size;
    count[k] = m;
    for (let h = 0; h < m; h++) found[size++] = hits.items[h];
  }
  const start = new Int32Array(n + 1), list = new Int32Array(size);
  for (let k = 0, at = 0; k < n; k++) {
    for (let h = from[k]; h < from[k] + count[k]; h++) list[at++] = found[h];
    start[k + 1] = at;
  }
  return { start, list };
}

/**
 * L-junction candidates, in columns: the two end slots, where each centerline is met, the meeting point and the
 * cost; candidate k is row k < count. Typed columns that double when full: arrays grown by push past ~16k
 * numbers reallocate as large objects in V8's old generation, some 17 MB per 200k-segment job.
 */
interface LCandidates {
  count: number;
  slotA: Int32Array;
  slotB: Int32Array;
  ta: Float64Array;
  tb: Float64Array;
  x: Float64Array;
  y: Float64Array;
  cost: Float64Array;
}

function lCandidatesWithRoom(capacity: number): LCandidates {
  return {
    count: 0, slotA: new Int32Array(capacity), slotB: new Int32Array(capacity), ta: new Float64Array(capacity), tb: new Float64Array(capacity),
    x: new Float64Array(capacity), y: new Float64Array(capacity), cost: new Float64Array(capacity),
  };
}

function addLCandidate(c: LCandidates, ka: number, kb: number, ta: number, tb: number, x: number, y: number, cost: number): LCandidates {
  if (c.count === c.slotA.length) {
    const size = 2 * c.count;
    c = {
      count: c.count, slotA: grown(c.slotA, size), slotB: grown(c.slotB, size), ta: grown(c.ta, size), tb: grown(c.tb, size),
      x: grown(c.x, size), y: grown(c.y, size), cost: grown(c.cost, size),
    };
  }
  const k = c.count++;
  c.slotA[k] = ka; c.slotB[k] = kb; c.ta[k] = ta; c.tb[k] = tb; c.x[k] = x; c.y[k] = y; c.cost[k] = cost;
  return c;
}

/**
 * Every pair of perpendicular wall ends within the search distance whose centerlines meet within reach
 * of both, in the order of (cost, first wall, second wall) and then of discovery.
 */
function lCandidates(w: EndTable, near: NearEnds, rule: JunctionRule): { c: LCandidates; order: Uint32Array } {
  let c = lCandidatesWithRoom(1024);
  const n = w.ux.length;
  const { start, list } = near;
  const withinReach = (ext: number, other: number) => ext <= rule.maxExtension && ext >= -(w.s1[other] - w.s0[other]) - rule.maxExtension;
  for (let i = 0; i < n; i++) {
    for (let ka = 2 * i; ka <= 2 * i + 1; ka++) {
      const pax = w.ex[ka], pay = w.ey[ka];
      for (let h = start[ka]; h < start[ka + 1]; h++) {
        const j = list[h];
        if (j <= i || Math.abs(w.ux[i] * w.ux[j] + w.uy[i] * w.uy[j]) > rule.maxDot) continue;
        if (!crossCenterlines(w, i, j)) continue;
        const ta = crossing.ta, tb = crossing.tb;
        for (let kb = 2 * j; kb <= 2 * j + 1; kb++) {
          if (hypot(pax - w.ex[kb], pay - w.ey[kb]) > rule.searchDistance) continue;
          const extA = extensionTo(w, ka, ta);
          const extB = extensionTo(w, kb, tb);
          if (!withinReach(extA, j) || !withinReach(extB, i)) continue;
          c = addLCandidate(c, ka, kb, ta, tb, w.ox[i] + ta * w.ux[i], w.oy[i] + ta * w.uy[i], Math.abs(extA) + Math.abs(extB));
        }
      }
    }
  }
  const wallA = new Int32Array(c.count), wallB = new Int32Array(c.count);
  for (let k = 0; k < c.count; k++) {
    wallA[k] = c.slotA[k] >> 1;
    wallB[k] = c.slotB[k] >> 1;
  }
  const order = orderByNumbers(c.count, c.cost, wallA, wallB);
  return { c, order };
}

/**
 * LOGIC_F: closes L-junctions (two roughly perpendicular walls ending near each other are extended so
 * their centerlines meet) and T-junctions (a wall ending near another wall's face is extended to it).
 * One junction per wall end; exactly one output rectangle per input rectangle, and the output shares every
 * column of the input but t0 and t1 (LOGIC_F's artifact copies LOGIC_E's text on that ground). Only the
 * rectangles that searchEnds finds near an end are candidates for its junction.
 */
export function joinCorners(rects: RectTable, rule: JunctionRule, searchEnds: EndSearch = nearEnds): JoinedRects {
  const n = rects.count;
  const w = endTable(rects);
  // The output's positions along each wall.
  const t0 = Float64Array.from(w.t0), t1 = Float64Array.from(w.t1);
  const modified = new Uint8Array(n);
  const junctions: EndJunctions = {
    kind: new Uint8Array(2 * n), other: new Int32Array(2 * n), x: new Float64Array(2 * n), y: new Float64Array(2 * n), endFirst: new Uint8Array(n),
  };
  const extend = (k: number, t: number) => {
    const i = k >> 1;
    if ((k & 1) === 0 && t < t0[i]) {
      t0[i] = t;
      modified[i] = 1;
    } else if ((k & 1) === 1 && t > t1[i]) {
      t1[i] = t;
      modified[i] = 1;
    }
  };
  const addJunction = (k: number, kind: number, other: number, x: number, y: number) => {
    junctions.kind[k] = kind;
    junctions.other[k] = other;
    junctions.x[k] = x;
    junctions.y[k] = y;
    if ((k & 1) === 1 && junctions.kind[k - 1] === NO_JUNCTION) junctions.endFirst[k >> 1] = 1;
  };

  const near = n > 0 ? searchEnds(rects, w.ex, w.ey, rule.searchDistance) : { start: new Int32Array(1), list: new Int32Array(0) };
  // Wall ends already joined, per end slot.
  const used = new Uint8Array(2 * n);
  const { c, order } = lCandidates(w, near, rule);
  for (let x = 0; x < order.length; x++) {
    const m = order[x];
    const ka = c.slotA[m], kb = c.slotB[m];
    if (used[ka] || used[kb]) continue;
    used[ka] = used[kb] = 1;
    extend(ka, c.ta[m]);
    extend(kb, c.tb[m]);
    addJunction(ka, L_JUNCTION, kb >> 1, c.x[m], c.y[m]);
    addJunction(kb, L_JUNCTION, ka >> 1, c.x[m], c.y[m]);
  }

  // T-junctions: a free end facing the side of a perpendicular wall is extended to its nearer face.
  for (let k = 0; k < 2 * n; k++) {
    if (used[k]) continue;
    const i = k >> 1;
    const pax = w.ex[k], pay = w.ey[k];
    let best = -1, bestT = 0, bestExt = 0;
    for (let h = near.start[k]; h < near.start[k + 1]; h++) {
      const j = near.list[h];
      if (j === i || Math.abs(w.ux[i] * w.ux[j] + w.uy[i] * w.uy[j]) > rule.maxDot) continue;
      if (!crossCenterlines(w, i, j) || crossing.tb < w.t0[j] || crossing.tb > w.t1[j]) continue;
      // The face of b on a's side: the one whose offset is nearer a's end point.
      const sEnd = -w.uy[j] * pax + w.ux[j] * pay;
      const face = Math.abs(sEnd - w.s0[j]) < Math.abs(sEnd - w.s1[j]) ? w.s0[j] : w.s1[j];
      const along = w.ux[i] * -w.uy[j] + w.uy[i] * w.ux[j]; // rate of change of b's offset along a
      const tFace = crossing.ta + (face - w.c[j]) / along;
      const ext = extensionTo(w, k, tFace);
      if (ext > rule.searchDistance || ext < -(w.s1[j] - w.s0[j])) continue;
      // A face behind the end (a negative extension) is a junction only for an end that pokes into the other wall,
      // not for an end facing away from it (the other wall lies beyond this wall's other end).
      if (ext < 0 && (sEnd < w.s0[j] || sEnd > w.s1[j])) continue;
      // Of equally near faces, the first rectangle's: the order of the index's hits must not decide.
      if (best < 0 || Math.abs(ext) < Math.abs(bestExt) || (Math.abs(ext) === Math.abs(bestExt) && j < best)) {
        best = j;
        bestT = tFace;
        bestExt = ext;
      }
    }
    if (best >= 0) {
      extend(k, bestT);
      addJunction(k, T_JUNCTION, best, bestT * w.ux[i] - w.c[i] * w.uy[i], bestT * w.uy[i] + w.c[i] * w.ux[i]);
    }
  }

  return { ...rects, t0, t1, modified, junctions };
}
