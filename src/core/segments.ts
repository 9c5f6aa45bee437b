import Flatbush from 'flatbush';
import { cutTo, listWithRoom, type PlanEntities, type PlanLines } from './entities';
import { lineAngle } from './geometry/angle';
import { compareHashIds, hashIdInto, setHashId, type HashIds } from './hashIds';
import { hypot } from './geometry/hypot';
import { ranksOf, rowsMoved, spatialOrder } from './geometry/spatialOrder';

/** Segments' ends, direction and length in typed arrays: what the geometric tests read. */
export interface SegmentGeometry {
  count: number;
  x1: Float64Array;
  y1: Float64Array;
  x2: Float64Array;
  y2: Float64Array;
  /** Undirected angle in [0, π). */
  angle: Float64Array;
  length: Float64Array;
}

/**
 * Every line plus every polyline segment ("line-like segments", SPEC §4), in typed arrays, sorted by id
 * so every later step sees them in the same order whatever the file order.
 */
export interface SegmentSet extends SegmentGeometry {
  ids: HashIds;
  layers: string[];
}

/**
 * The segments' geometry once more, in spatial order (spatialOrder of their boxes): position r holds segment
 * indexAt[r], and segment i is at position rankOf[i]. Ids are hashes, so in id order neighbours in the plan lie
 * anywhere in the arrays, and the searches and pair tests, which read neighbours one after another, missed the
 * cache on most reads: at 200k segments the arrays outgrow it, and the pair test took 2.2× its 100k time where
 * the same work in spatial order takes 2.0× (and a third less time at either size).
 */
export interface SpatialSegments {
  geometry: SegmentGeometry;
  indexAt: Int32Array;
  rankOf: Int32Array;
}

export function spatialSegments(set: SegmentGeometry): SpatialSegments {
  const n = set.count, boxes = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    boxes[4 * i] = Math.min(set.x1[i], set.x2[i]);
    boxes[4 * i + 1] = Math.min(set.y1[i], set.y2[i]);
    boxes[4 * i + 2] = Math.max(set.x1[i], set.x2[i]);
    boxes[4 * i + 3] = Math.max(set.y1[i], set.y2[i]);
  }
  const indexAt = Int32Array.from(spatialOrder(boxes, n)), rankOf = ranksOf(indexAt);
  const geometry: SegmentGeometry = {
    count: n, x1: rowsMoved(set.x1, 1, rankOf), y1: rowsMoved(set.y1, 1, rankOf), x2: rowsMoved(set.x2, 1, rankOf), y2: rowsMoved(set.y2, 1, rankOf),
    angle: rowsMoved(set.angle, 1, rankOf), length: rowsMoved(set.length, 1, rankOf),
  };
  return { geometry, indexAt, rankOf };
}

/** How many line-like segments the entities have, degenerate ones included (an upper bound). */
function segmentCapacity(entities: PlanEntities): number {
  let count = entities.lines.count;
  for (const p of entities.polylines) count += Math.max(0, p.closed ? p.xy.length / 2 : p.xy.length / 2 - 1);
  return count;
}

/** The indices 0…m−1 in the order of their decimal texts ("10" before "2"), as ids ending in "#i" sort. */
function decimalTextOrder(m: number): number[] {
  const order: number[] = [];
  for (let i = 0; i < m; i++) order.push(i);
  return m <= 10 ? order : order.sort((a, b) => (String(a) < String(b) ? -1 : 1));
}

/** Whether the first n ids ascend (equal neighbours allowed). */
function ascending(ids: HashIds, n: number): boolean {
  for (let i = 1; i < n; i++) if (compareHashIds(ids, i - 1, ids, i) > 0) return false;
  return true;
}

/** The indices of the first n ids in id order, equal ids in index order. */
function orderById(ids: HashIds, n: number): number[] {
  const order: number[] = [];
  for (let i = 0; i < n; i++) order.push(i);
  return order.sort((a, b) => compareHashIds(ids, a, ids, b) || a - b);
}

/**
 * The segments gathered: their ids, layers and ends, in the set's columns (which, gathered in id order as the
 * pipeline's are, become the set's own: no second copy of 200k segments' ends to allocate). A plain object, not a
 * class: V8 holds a class instance's shape only weakly, and a forced GC between jobs would throw away code optimised for it.
 */
interface SegmentList {
  count: number;
  ids: HashIds;
  layers: string[];
  x1: Float64Array;
  y1: Float64Array;
  x2: Float64Array;
  y2: Float64Array;
}

/** Adds a segment whose id is id k of `ids`. */
function addSegment(list: SegmentList, ids: HashIds, k: number, layer: string, x1: number, y1: number, x2: number, y2: number): void {
  const i = list.count++;
  setHashId(list.ids, i, ids[3 * k], ids[3 * k + 1], ids[3 * k + 2]);
  list.layers[i] = layer;
  list.x1[i] = x1;
  list.y1[i] = y1;
  list.x2[i] = x2;
  list.y2[i] = y2;
}

/** A line that only rises in z has no extent in plan; it cannot face anything. */
function flat(x1: number, y1: number, x2: number, y2: number): boolean {
  return x1 === x2 && y1 === y2;
}

/**
 * Gathers the segments in id order when each list comes sorted by id, as cleanAndDedupe hands them over:
 * lines merged with the polylines' segments, a polyline's segments in the order of their "#i" texts.
 */
function gatherMerged(entities: PlanEntities, list: SegmentList): void {
  const lines = entities.lines, segmentId = new Uint32Array(3);
  let next = 0;
  for (const p of entities.polylines) {
    if (!hashIdInto(p.id, segmentId, 0)) throw new Error(`internal: polyline id "${p.id}" is not a hash id`);
    const vertices = p.xy.length / 2;
    const segmentCount = p.closed ? vertices : vertices - 1;
    const order = decimalTextOrder(segmentCount);
    for (let k = 0; k < segmentCount; k++) {
      const i = order[k], j = (i + 1) % vertices;
      const x1 = p.xy[2 * i], y1 = p.xy[2 * i + 1], x2 = p.xy[2 * j], y2 = p.xy[2 * j + 1];
      if (flat(x1, y1, x2, y2)) continue;
      segmentId[2] = i + 1; // "#i"
      for (; next < lines.count && compareHashIds(lines.ids, next, segmentId, 0) <= 0; next++) addLine(list, lines, next);
      addSegment(list, segmentId, 0, p.layer, x1, y1, x2, y2);
    }
  }
  for (; next < lines.count; next++) addLine(list, lines, next);
}

function addLine(list: SegmentList, lines: PlanLines, i: number): void {
  const xyz = lines.xyz, at = 6 * i;
  const x1 = xyz[at], y1 = xyz[at + 1], x2 = xyz[at + 3], y2 = xyz[at + 4];
  if (!flat(x1, y1, x2, y2)) addSegment(list, lines.ids, i, lines.layers[i], x1, y1, x2, y2);
}

function idsInOrder(ids: HashIds, order: readonly number[]): HashIds {
  const out = new Uint32Array(3 * order.length);
  for (let k = 0; k < order.length; k++) setHashId(out, k, ids[3 * order[k]], ids[3 * order[k] + 1], ids[3 * order[k] + 2]);
  return out;
}

export function buildSegmentSet(entities: PlanEntities): SegmentSet {
  const capacity = segmentCapacity(entities);
  const list: SegmentList = {
    count: 0, ids: new Uint32Array(3 * capacity), layers: listWithRoom(capacity),
    x1: new Float64Array(capacity), y1: new Float64Array(capacity), x2: new Float64Array(capacity), y2: new Float64Array(capacity),
  };
  gatherMerged(entities, list);
  const n = list.count;
  cutTo(list.layers, n);
  // Lists not sorted by id (not from cleanAndDedupe) are put in order here.
  const order = ascending(list.ids, n) ? null : orderById(list.ids, n);
  const column = (values: Float64Array) => (order ? Float64Array.from(order, (i) => values[i]) : values.subarray(0, n));
  const set: SegmentSet = {
    count: n,
    ids: order ? idsInOrder(list.ids, order) : list.ids.subarray(0, 3 * n),
    layers: order ? order.map((i) => list.layers[i]) : list.layers,
    x1: column(list.x1),
    y1: column(list.y1),
    x2: column(list.x2),
    y2: column(list.y2),
    angle: new Float64Array(n),
    length: new Float64Array(n),
  };
  for (let k = 0; k < n; k++) {
    const dx = set.x2[k] - set.x1[k], dy = set.y2[k] - set.y1[k];
    set.angle[k] = lineAngle(dx, dy);
    set.length[k] = hypot(dx, dy);
  }
  return set;
}

/** An index over nothing: Flatbush needs at least one box, so it holds one empty box at the origin. */
function emptyIndex(): Flatbush {
  const index = new Flatbush(1);
  index.add(0, 0, 0, 0);
  index.finish();
  return index;
}

/**
 * The index of every empty segment set, made once. Keeping one index alive for good also keeps the shapes (maps)
 * of Flatbush objects alive: V8 holds them weakly, and when every index of a job is garbage they are collected and
 * all code optimised for them (building and searching the index, in several steps) is thrown away, to be
 * optimised again in the next job.
 */
const EMPTY_INDEX = emptyIndex();

/** Packed Hilbert R-tree over the segments' bounding boxes (its items are the geometry's positions). */
export function indexSegments(set: SegmentGeometry): Flatbush {
  if (set.count === 0) return EMPTY_INDEX;
  const index = new Flatbush(set.count);
  for (let i = 0; i < set.count; i++) {
    index.add(
      Math.min(set.x1[i], set.x2[i]), Math.min(set.y1[i], set.y2[i]),
      Math.max(set.x1[i], set.x2[i]), Math.max(set.y1[i], set.y2[i]),
    );
  }
  index.finish();
  return index;
}
