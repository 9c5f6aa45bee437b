import { NO_HASH_IDS, type HashIds } from './hashIds';
import type { Box2 } from './model';
import type { OpeningKind } from './pipelineTypes';

/**
 * Lines as the pipeline sees them after EXTRACT (world coordinates, in drawing units until NORMALIZE), in
 * arrays rather than one object per line: line i is xyz[6i … 6i + 5] (start x, y, z, end x, y, z) on layers[i],
 * with id i of ids. Lines have ids from CLEAN_DEDUP on (its hashes, as HashIds); before, `ids` is empty. A big
 * plan's lines stay a few buffers the garbage collector need not walk.
 */
export interface PlanLines {
  count: number;
  ids: HashIds;
  layers: string[];
  xyz: Float64Array;
}

export interface PlanPolyline {
  id: string;
  layer: string;
  /** Flat x, y pairs. */
  xy: number[];
  closed: boolean;
}

export interface PlanOpening {
  id: string;
  kind: OpeningKind;
  layer: string;
  name: string;
  x: number;
  y: number;
  rotation: number;
  box: Box2;
}

export interface PlanEntities {
  lines: PlanLines;
  polylines: PlanPolyline[];
  openings: PlanOpening[];
}

/** Above this many items, new Array(n) can make a slow dictionary-mode array; such a list grows by assignment as [] does. */
const MAX_PRESIZED = 1 << 22;

/**
 * An empty list with room for `capacity` items, filled in order by index (list[count] = item) and cut to its
 * count at the end. A list grown by push reallocates its store each time it fills, and past about 16k items
 * each new store is a large object, allocated in V8's old generation: a 200k-segment job's id and layer lists
 * went through some 40 MB of such copies, which brought its full collections forward.
 */
export function listWithRoom<T>(capacity: number): T[] {
  return capacity <= MAX_PRESIZED ? new Array<T>(capacity) : [];
}

/** Cuts a listWithRoom list to the items written (in place: V8 trims the store without copying it). */
export function cutTo<T>(list: T[], count: number): T[] {
  if (list.length !== count) list.length = count;
  return list;
}

/**
 * Room for `capacity` lines, filled by addPlanLine. Plain functions over a plain object, not a builder class:
 * V8 holds a class's shape weakly, so code optimised for it would be thrown away with each job's last builder.
 */
export function planLinesWithRoom(capacity: number): PlanLines {
  return { count: 0, ids: NO_HASH_IDS, layers: listWithRoom(capacity), xyz: new Float64Array(6 * capacity) };
}

/** Adds a line without an id (CLEAN_DEDUP gives the ids). */
export function addPlanLine(lines: PlanLines, layer: string, x1: number, y1: number, z1: number, x2: number, y2: number, z2: number): void {
  const i = lines.count++;
  lines.layers[i] = layer;
  setLine(lines.xyz, i, x1, y1, z1, x2, y2, z2);
}

/** Writes line i's ends into xyz[6i … 6i + 5]. */
export function setLine(xyz: Float64Array, i: number, x1: number, y1: number, z1: number, x2: number, y2: number, z2: number): void {
  const at = 6 * i;
  xyz[at] = x1;
  xyz[at + 1] = y1;
  xyz[at + 2] = z1;
  xyz[at + 3] = x2;
  xyz[at + 4] = y2;
  xyz[at + 5] = z2;
}

/** The lines added so far: their layer list cut to the count, their coordinates a view of the buffer without the unused room (no copy). */
export function trimmedPlanLines(lines: PlanLines): PlanLines {
  return { count: lines.count, ids: lines.ids, layers: cutTo(lines.layers, lines.count), xyz: lines.xyz.subarray(0, 6 * lines.count) };
}
