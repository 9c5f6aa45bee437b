import type { Drawing, Layer, Vec3 } from '../../src/core/model';
import { linesOf, polylinesOf } from './layerObjects';

// Drawings written in the DWG-export JSON format (SPEC §2.1), as a user would upload them.

const xyz = (p: Vec3) => ({ X: p.x, Y: p.y, Z: p.z });

/** One layer as the JSON export writes it. */
export function layerJson(l: Layer) {
  return {
    LayerName: l.name,
    Lines: linesOf(l.lines).map((x) => ({ Start: xyz(x.start), End: xyz(x.end) })),
    Polylines: polylinesOf(l.polylines).map((p) => ({ Vertices: p.vertices.map(xyz), IsClosed: p.closed })),
    Blocks: l.blocks.map((b) => ({
      Name: b.name, Position: xyz(b.position), Rotation: b.rotation, ScaleX: b.scaleX, ScaleY: b.scaleY,
      BoundingBox: b.bbox && { MinPoint: { X: b.bbox.minX, Y: b.bbox.minY, Z: 0 }, MaxPoint: { X: b.bbox.maxX, Y: b.bbox.maxY, Z: 0 } },
    })),
  };
}

export function drawingJson(d: Drawing): Buffer {
  return Buffer.from(JSON.stringify({ FileName: d.fileName, Layers: d.layers.map(layerJson) }));
}
