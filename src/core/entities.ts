import type { Box2 } from './model';
import type { OpeningKind } from './pipelineTypes';

/**
 * Lines as the pipeline sees them after EXTRACT (world coordinates, in drawing units until NORMALIZE), in
 * arrays rather than one object per line: line i is xyz[6i … 6i + 5] (start x, y, z, end x, y, z) on layers[i],
 * with ids[i] ('' until CLEAN_DEDUP gives ids). A big plan's lines stay a few buffers the garbage collector
 * need not walk.
 */
export interface PlanLines {
  count: number;
  ids: string[];
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

/**
 * Room for `capacity` lines, filled by addPlanLine. Plain functions over a plain object, not a builder class:
 * V8 holds a class's shape weakly, so code optimised for it would be thrown away with each job's last builder.
 */
export function planLinesWithRoom(capacity: number): PlanLines {
  return { count: 0, ids: [], layers: [], xyz: new Float64Array(6 * capacity) };
}

export function addPlanLine(lines: PlanLines, id: string, layer: string, x1: number, y1: number, z1: number, x2: number, y2: number, z2: number): void {
  const at = 6 * lines.count++;
  lines.ids.push(id);
  lines.layers.push(layer);
  const xyz = lines.xyz;
  xyz[at] = x1;
  xyz[at + 1] = y1;
  xyz[at + 2] = z1;
  xyz[at + 3] = x2;
  xyz[at + 4] = y2;
  xyz[at + 5] = z2;
}

/** The lines added so far, their coordinates a view of the buffer without the unused room (no copy). */
export function trimmedPlanLines(lines: PlanLines): PlanLines {
  return { count: lines.count, ids: lines.ids, layers: lines.layers, xyz: lines.xyz.subarray(0, 6 * lines.count) };
}
