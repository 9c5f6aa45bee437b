import type { BimJson, BimJsonFeature, WallsModel } from '../core/pipelineTypes';

export interface BimJsonSource {
  fileName: string;
  units: string;
  layers: string[];
  generator: string;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const xy = (p: { x: number; y: number }): [number, number] => [round(p.x, 3), round(p.y, 3)];

/**
 * BIMJSON for the Revit add-in (SPEC §5). The reader turns every LineString into a wall, so walls are the
 * only LineStrings; doors and windows are Points. Walls shorter than minWallLength are left out.
 */
export function toBimJson(model: WallsModel, source: BimJsonSource, minWallLength: number): BimJson {
  const features: BimJsonFeature[] = [];
  for (const w of model.walls) {
    // The reader skips short walls anyway; their openings are still exported, unhosted.
    const exported = w.length >= minWallLength;
    for (const o of w.openings) {
      features.push({
        type: 'Feature',
        id: o.id,
        geometry: { type: 'Point', coordinates: xy(o.center) },
        properties: { category: o.kind, width_mm: round(o.width, 1), host_wall_id: exported ? w.id : null, offset_mm: exported ? round(o.offset, 1) : null, block_name: o.blockName, layer: o.layer },
      });
    }
    if (!exported) continue;
    features.push({
      type: 'Feature',
      id: w.id,
      geometry: { type: 'LineString', coordinates: [xy(w.p1), xy(w.p2)] },
      properties: {
        category: 'wall',
        thickness_mm: round(w.thickness, 1),
        thickness_cm: round(w.thickness / 10, 2),
        length_mm: round(w.length, 1),
        layer: w.layers.join(', '),
        hosted: w.openings.map((o) => o.id),
        junctions: w.junctions.map((j) => ({ kind: j.kind, wall: j.otherWallId })),
      },
    });
  }
  for (const o of model.unhostedOpenings) {
    features.push({
      type: 'Feature',
      id: o.id,
      geometry: { type: 'Point', coordinates: xy(o.center) },
      properties: { category: o.kind, width_mm: round(o.width, 1), host_wall_id: null, block_name: o.blockName, layer: o.layer },
    });
  }
  return { type: 'BIMJSON', version: '1.0', units: 'mm', source: { ...source }, features };
}
