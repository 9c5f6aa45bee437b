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

interface RawSegment {
  id: string;
  layer: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export function buildSegmentSet(entities: PlanEntities): SegmentSet {
  const raw: RawSegment[] = [];
  // A line that only rises in z has no extent in plan; it cannot face anything.
  for (const l of entities.lines) if (l.x1 !== l.x2 || l.y1 !== l.y2) raw.push({ id: l.id, layer: l.layer, x1: l.x1, y1: l.y1, x2: l.x2, y2: l.y2 });
  for (const p of entities.polylines) {
    const n = p.xy.length / 2;
    const segmentCount = p.closed ? n : n - 1;
    for (let i = 0; i < segmentCount; i++) {
      const j = (i + 1) % n;
      const s = { id: `${p.id}#${i}`, layer: p.layer, x1: p.xy[2 * i], y1: p.xy[2 * i + 1], x2: p.xy[2 * j], y2: p.xy[2 * j + 1] };
      if (s.x1 !== s.x2 || s.y1 !== s.y2) raw.push(s);
    }
  }
  raw.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const count = raw.length;
  const set: SegmentSet = {
    count,
    ids: raw.map((s) => s.id),
    layers: raw.map((s) => s.layer),
    x1: new Float64Array(count),
    y1: new Float64Array(count),
    x2: new Float64Array(count),
    y2: new Float64Array(count),
    angle: new Float64Array(count),
    length: new Float64Array(count),
  };
  raw.forEach((s, i) => {
    set.x1[i] = s.x1;
    set.y1[i] = s.y1;
    set.x2[i] = s.x2;
    set.y2[i] = s.y2;
    set.angle[i] = lineAngle(s.x2 - s.x1, s.y2 - s.y1);
    set.length[i] = Math.hypot(s.x2 - s.x1, s.y2 - s.y1);
  });
  return set;
}

/** Packed Hilbert R-tree over the segments' bounding boxes. */
export function indexSegments(set: SegmentSet): Flatbush {
  const index = new Flatbush(Math.max(set.count, 1));
  for (let i = 0; i < set.count; i++) {
    index.add(
      Math.min(set.x1[i], set.x2[i]), Math.min(set.y1[i], set.y2[i]),
      Math.max(set.x1[i], set.x2[i]), Math.max(set.y1[i], set.y2[i]),
    );
  }
  if (set.count === 0) index.add(0, 0, 0, 0);
  index.finish();
  return index;
}
