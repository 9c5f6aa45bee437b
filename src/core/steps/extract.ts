import type { Box2, Drawing } from '../model';
import { addPlanLine, planLinesWithRoom, trimmedPlanLines, type PlanEntities, type PlanLines, type PlanOpening, type PlanPolyline } from '../entities';
import { clipPolylineToBox } from '../clipToRegion';
import { clipSegmentToBox, pointInBox } from '../geometry/clipSegment';
import { classifyLayer } from '../layers';
import { lineCount, polylineCount } from '../layerGeometry';

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
  const lines = planLinesWithRoom(drawing.layers.reduce((n, l) => n + (selected.has(l.name) ? lineCount(l.lines) : 0), 0));
  const polylines: PlanPolyline[] = [], openings: PlanOpening[] = [];
  let selectedCount = 0;
  let outside = 0;
  for (const layer of drawing.layers) {
    const layerClass = classifyLayer(layer.name);
    if (selected.has(layer.name)) {
      selectedCount++;
      const lineXyz = layer.lines.xyz;
      for (let at = 0; at < lineXyz.length; at += 6) {
        if (!region) addLinePiece(lines, lineXyz, at, layer.name, 0, 1);
        else if (!clipLine(lines, lineXyz, at, layer.name, region)) outside++;
      }
      const { xyz, first } = layer.polylines;
      for (let p = 0; p < polylineCount(layer.polylines); p++) {
        const xy: number[] = [];
        for (let v = first[p]; v < first[p + 1]; v++) xy.push(xyz[3 * v], xyz[3 * v + 1]);
        const closed = layer.polylines.closed[p] === 1;
        const runs = region ? clipPolylineToBox(xy, closed, region) : [{ xy, closed }];
        if (runs.length === 0) outside++;
        for (const run of runs) polylines.push({ id: '', layer: layer.name, xy: run.xy, closed: run.closed });
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
        openings.push({
          id: '', kind, layer: layer.name, name: b.name,
          x: b.position.x, y: b.position.y, rotation: b.rotation, box: { minX: box.minX, minY: box.minY, maxX: box.maxX, maxY: box.maxY },
        });
      }
    }
  }
  return {
    entities: { lines: trimmedPlanLines(lines), polylines, openings },
    metrics: {
      selected_layers: selectedCount,
      lines: lines.count,
      polylines: polylines.length,
      door_blocks: openings.filter((o) => o.kind === 'door').length,
      window_blocks: openings.filter((o) => o.kind === 'window').length,
      ...(region ? { outside_region: outside } : {}),
    },
  };
}

/** The value at parameter t between a (t = 0) and b (t = 1), exactly a or b at the ends. */
function at(t: number, a: number, b: number): number {
  return t === 0 ? a : t === 1 ? b : a + (b - a) * t;
}

/**
 * Adds the piece between parameters t0 and t1 (0 = start, 1 = end) of the line at xyz[i…i + 5] (start x, y, z,
 * end x, y, z), z interpolated alike.
 */
function addLinePiece(lines: PlanLines, xyz: Float64Array, i: number, layer: string, t0: number, t1: number): void {
  addPlanLine(
    lines, layer,
    at(t0, xyz[i], xyz[i + 3]), at(t0, xyz[i + 1], xyz[i + 4]), at(t0, xyz[i + 2], xyz[i + 5]),
    at(t1, xyz[i], xyz[i + 3]), at(t1, xyz[i + 1], xyz[i + 4]), at(t1, xyz[i + 2], xyz[i + 5]),
  );
}

/** Adds the part of the line inside the region; false when none of it is. */
function clipLine(lines: PlanLines, xyz: Float64Array, i: number, layer: string, region: Box2): boolean {
  const span = clipSegmentToBox(xyz[i], xyz[i + 1], xyz[i + 3], xyz[i + 4], region);
  if (!span || !(span[1] > span[0])) return false;
  addLinePiece(lines, xyz, i, layer, span[0], span[1]);
  return true;
}
