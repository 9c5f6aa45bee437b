import Flatbush from 'flatbush';
import type { PlanEntities } from './entities';
import { lineAngle } from './geometry/angle';

/**
 * Every line plus every polyline segment ("line-like segments", SPEC §4), in typed arrays, sorted by id
 * so every later step sees them in the same order whatever the file order.
 */
export interface SegmentSet {
  count: number;
  ids: string[];
  layers: string[];
  x1: Float64Array;
  y1: Float64Array;
  x2: Float64Array;
  y2: Float64Array;
  /** Undirected angle in [0, π). */
  angle: Float64Array;
  length: Float64Array;
}

/** How many line-like segments the entities have, degenerate ones included (an upper bound). */
function segmentCapacity(entities: PlanEntities): number {
  let count = entities.lines.length;
  for (const p of entities.polylines) count += Math.max(0, p.closed ? p.xy.length / 2 : p.xy.length / 2 - 1);
  return count;
}

/**
 * Sorts the segments by id. They are gathered lines first, then polylines, and cleanAndDedupe hands both
 * lists over sorted by id, so the sort (a merge sort that finds presorted runs) mostly merges two runs.
 */
function orderById(ids: readonly string[]): number[] {
  const order: number[] = [];
  for (let i = 0; i < ids.length; i++) order.push(i);
  return order.sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
}

export function buildSegmentSet(entities: PlanEntities): SegmentSet {
  const capacity = segmentCapacity(entities);
  const ids: string[] = [], layers: string[] = [];
  const xy = new Float64Array(4 * capacity);
  let n = 0;
  const add = (id: string, layer: string, x1: number, y1: number, x2: number, y2: number) => {
    // A line that only rises in z has no extent in plan; it cannot face anything.
    if (x1 === x2 && y1 === y2) return;
    ids.push(id);
    layers.push(layer);
    xy[4 * n] = x1;
    xy[4 * n + 1] = y1;
    xy[4 * n + 2] = x2;
    xy[4 * n + 3] = y2;
    n++;
  };
  for (const l of entities.lines) add(l.id, l.layer, l.x1, l.y1, l.x2, l.y2);
  for (const p of entities.polylines) {
    const vertices = p.xy.length / 2;
    const segmentCount = p.closed ? vertices : vertices - 1;
    for (let i = 0; i < segmentCount; i++) {
      const j = (i + 1) % vertices;
      add(`${p.id}#${i}`, p.layer, p.xy[2 * i], p.xy[2 * i + 1], p.xy[2 * j], p.xy[2 * j + 1]);
    }
  }
  const order = orderById(ids);
  const set: SegmentSet = {
    count: n,
    ids: [],
    layers: [],
    x1: new Float64Array(n),
    y1: new Float64Array(n),
    x2: new Float64Array(n),
    y2: new Float64Array(n),
    angle: new Float64Array(n),
    length: new Float64Array(n),
  };
  for (let k = 0; k < n; k++) {
    const i = order[k];
    set.ids.push(ids[i]);
    set.layers.push(layers[i]);
    const x1 = xy[4 * i], y1 = xy[4 * i + 1], x2 = xy[4 * i + 2], y2 = xy[4 * i + 3];
    set.x1[k] = x1;
    set.y1[k] = y1;
    set.x2[k] = x2;
    set.y2[k] = y2;
    set.angle[k] = lineAngle(x2 - x1, y2 - y1);
    set.length[k] = Math.hypot(x2 - x1, y2 - y1);
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

/** Packed Hilbert R-tree over the segments' bounding boxes. */
export function indexSegments(set: SegmentSet): Flatbush {
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
