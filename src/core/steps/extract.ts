import type { Box2, Drawing, Line } from '../model';
import type { PlanEntities, PlanLine } from '../entities';
import { clipPolylineToBox } from '../clipToRegion';
import { clipSegmentToBox, pointInBox } from '../geometry/clipSegment';
import { classifyLayer } from '../layers';

export interface ExtractOutput {
  entities: PlanEntities;
  metrics: Record<string, number>;
}

/**
 * EXTRACT: the selected layers' lines and polylines, the blocks of door and window layers (collected
 * whether or not the layer is selected) and blocks named as doors or windows on any layer. Ids are provisional (file order);
 * CLEAN_DEDUP replaces them with geometry hashes.
 *
 * With a `region` (drawing units) only what lies inside it is kept: lines and polylines are cut at its edge and
 * openings count when their insertion point is inside, so one view of several in model space can be processed alone.
 */
export function extractEntities(drawing: Drawing, selectedLayers: readonly string[], region: Box2 | null = null): ExtractOutput {
  const selected = new Set(selectedLayers);
  const entities: PlanEntities = { lines: [], polylines: [], openings: [] };
  let selectedCount = 0;
  let outside = 0;
  for (const layer of drawing.layers) {
    const layerClass = classifyLayer(layer.name);
    if (selected.has(layer.name)) {
      selectedCount++;
      for (const l of layer.lines) {
        const line = region ? clipLine(l, layer.name, region) : rawLine(l, layer.name, 0, 1);
        if (line) entities.lines.push(line);
        else outside++;
      }
      for (const p of layer.polylines) {
        const xy: number[] = [];
        for (const v of p.vertices) xy.push(v.x, v.y);
        const runs = region ? clipPolylineToBox(xy, p.closed, region) : [{ xy, closed: p.closed }];
        if (runs.length === 0) outside++;
        for (const run of runs) entities.polylines.push({ id: '', layer: layer.name, xy: run.xy, closed: run.closed });
      }
    }
    for (const b of layer.blocks) {
      if (region && !pointInBox(b.position.x, b.position.y, region)) {
        outside++;
        continue;
      }
      // Blocks on door/window layers are openings; elsewhere a block counts when its own name says so
      // (a "DOOR_900" inserted on a wall or furniture layer).
      const kind = layerClass === 'door' || layerClass === 'window' ? layerClass : classifyLayer(b.name);
      if (kind === 'door' || kind === 'window') {
        const box = b.bbox ?? { minX: b.position.x, minY: b.position.y, maxX: b.position.x, maxY: b.position.y };
        entities.openings.push({
          id: '', kind, layer: layer.name, name: b.name,
          x: b.position.x, y: b.position.y, rotation: b.rotation, box: { minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY },
        });
      }
    }
  }
  return {
    entities,
    metrics: {
      selected_layers: selectedCount,
      lines: entities.lines.length,
      polylines: entities.polylines.length,
      door_blocks: entities.openings.filter((o) => o.kind === 'door').length,
      window_blocks: entities.openings.filter((o) => o.kind === 'window').length,
      ...(region ? { outside_region: outside } : {}),
    },
  };
}

/** The value at parameter t between a (t = 0) and b (t = 1), exactly a or b at the ends. */
function at(t: number, a: number, b: number): number {
  return t === 0 ? a : t === 1 ? b : a + (b - a) * t;
}

/** The piece of a line between parameters t0 and t1 (0 = start, 1 = end), z interpolated alike. */
function rawLine(l: Line, layer: string, t0: number, t1: number): PlanLine {
  return {
    id: '', layer,
    x1: at(t0, l.start.x, l.end.x), y1: at(t0, l.start.y, l.end.y), z1: at(t0, l.start.z, l.end.z),
    x2: at(t1, l.start.x, l.end.x), y2: at(t1, l.start.y, l.end.y), z2: at(t1, l.start.z, l.end.z),
  };
}

function clipLine(l: Line, layer: string, region: Box2): PlanLine | null {
  const span = clipSegmentToBox(l.start.x, l.start.y, l.end.x, l.end.y, region);
  return span && span[1] > span[0] ? rawLine(l, layer, span[0], span[1]) : null;
}
