import type { Drawing } from '../model';
import type { PlanEntities } from '../entities';
import { classifyLayer } from '../layers';

export interface ExtractOutput {
  entities: PlanEntities;
  metrics: Record<string, number>;
}

/**
 * EXTRACT: the selected layers' lines and polylines, the blocks of door and window layers (collected
 * whether or not the layer is selected) and blocks named as doors or windows on any layer. Ids are provisional (file order);
 * CLEAN_DEDUP replaces them with geometry hashes.
 */
export function extractEntities(drawing: Drawing, selectedLayers: readonly string[]): ExtractOutput {
  const selected = new Set(selectedLayers);
  const entities: PlanEntities = { lines: [], polylines: [], openings: [] };
  let selectedCount = 0;
  for (const layer of drawing.layers) {
    const layerClass = classifyLayer(layer.name);
    if (selected.has(layer.name)) {
      selectedCount++;
      for (const l of layer.lines) {
        entities.lines.push({
          id: '', layer: layer.name,
          x1: l.start.x, y1: l.start.y, z1: l.start.z,
          x2: l.end.x, y2: l.end.y, z2: l.end.z,
        });
      }
      for (const p of layer.polylines) {
        const xy: number[] = [];
        for (const v of p.vertices) xy.push(v.x, v.y);
        entities.polylines.push({ id: '', layer: layer.name, xy, closed: p.closed });
      }
    }
    for (const b of layer.blocks) {
      // Blocks on door/window layers are openings; elsewhere a block counts when its own name says so
      // (a "DOOR_900" inserted on a wall or furniture layer).
      const kind = layerClass === 'door' || layerClass === 'window' ? layerClass : classifyLayer(b.name);
      if (kind === 'door' || kind === 'window') {
        const box = b.bbox ?? { minX: b.position.x, minY: b.position.y, maxX: b.position.x, maxY: b.position.y };
        entities.openings.push({
          id: '', kind, layer: layer.name, name: b.name,
          x: b.position.x, y: b.position.y, rotation: b.rotation, box: { ...box },
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
    },
  };
}
