import type { Drawing } from '../../src/core/model';
import { lineListOf, polylineListOf } from '../../src/core/layerGeometry';
import { linesOf, polylinesOf } from './layerObjects';

/** The drawing with every point moved by an affine map x' = x·k + dx, y' = y·k + dy (z scaled alike). */
export function transformDrawing(d: Drawing, k: number, dx = 0, dy = 0): Drawing {
  const p = <T extends { x: number; y: number; z: number }>(v: T): T => ({ ...v, x: v.x * k + dx, y: v.y * k + dy, z: v.z * k });
  return {
    ...d,
    layers: d.layers.map((l) => ({
      ...l,
      lines: lineListOf(linesOf(l.lines).map((x) => ({ start: p(x.start), end: p(x.end) }))),
      polylines: polylineListOf(polylinesOf(l.polylines).map((x) => ({ ...x, vertices: x.vertices.map(p) }))),
      blocks: l.blocks.map((b) => ({
        ...b,
        position: p(b.position),
        bbox: b.bbox && { minX: b.bbox.minX * k + dx, minY: b.bbox.minY * k + dy, maxX: b.bbox.maxX * k + dx, maxY: b.bbox.maxY * k + dy },
      })),
    })),
  };
}
