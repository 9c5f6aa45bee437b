import type { SegmentSet } from '../segments';
import { DEG } from '../geometry/angle';

export interface LayerSummary {
  layer: string;
  segments: number;
  horizontal: number;
  vertical: number;
  diagonal: number;
  bbox: [number, number, number, number];
}

/** Lines within this angle of an axis count as horizontal or vertical. */
const AXIS_TOLERANCE = 2 * DEG;

/** PARALLEL_NAIVE: per-layer bounding box and counts of horizontal, vertical and diagonal segments. */
export function summarizeLayers(set: SegmentSet): LayerSummary[] {
  const byLayer = new Map<string, LayerSummary>();
  for (let i = 0; i < set.count; i++) {
    let s = byLayer.get(set.layers[i]);
    if (!s) byLayer.set(set.layers[i], (s = { layer: set.layers[i], segments: 0, horizontal: 0, vertical: 0, diagonal: 0, bbox: [Infinity, Infinity, -Infinity, -Infinity] }));
    s.segments++;
    const a = set.angle[i];
    if (a <= AXIS_TOLERANCE || a >= Math.PI - AXIS_TOLERANCE) s.horizontal++;
    else if (Math.abs(a - Math.PI / 2) <= AXIS_TOLERANCE) s.vertical++;
    else s.diagonal++;
    const box = s.bbox;
    box[0] = Math.min(box[0], set.x1[i], set.x2[i]);
    box[1] = Math.min(box[1], set.y1[i], set.y2[i]);
    box[2] = Math.max(box[2], set.x1[i], set.x2[i]);
    box[3] = Math.max(box[3], set.y1[i], set.y2[i]);
  }
  return [...byLayer.values()].sort((a, b) => (a.layer < b.layer ? -1 : a.layer > b.layer ? 1 : 0));
}
