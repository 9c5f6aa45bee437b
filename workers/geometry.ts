/**
 * A drawing's geometry for the plan viewer, as flat typed arrays (transferable, so 200k segments cross from the
 * worker to the page without a structured-clone walk of objects).
 *
 * Per layer: every line-like segment (lines, polyline segments incl. the closing one, and the four sides of each
 * block's world box) as x1, y1, x2, y2 in mm, and for every segment the entity it comes from.
 */
import type { Drawing } from '../src/core/model';
import { lineCount, polylineCount } from '../src/core/layerGeometry';

export type GeometryEntityKind = 'line' | 'polyline' | 'block';

export interface LayerGeometry {
  name: string;
  /** x1, y1, x2, y2 per segment, mm. */
  segments: Float64Array;
  /** Per segment: index of its entity within the layer (lines first, then polylines, then blocks). */
  entity: Uint32Array;
  /** Per segment: index of the segment within its entity (polyline segment number, block box side). */
  part: Uint32Array;
  lineCount: number;
  polylineCount: number;
  blockCount: number;
  /** Block names, one per block (blocks are drawn as their world box). */
  blockNames: string[];
}

export interface DrawingGeometry {
  layers: LayerGeometry[];
  /** Total number of segments over all layers. */
  segmentCount: number;
  /** Extents of every segment, mm; null for an empty drawing. */
  bounds: { minX: number; minY: number; maxX: number; maxY: number } | null;
}

/** Segments drawn for a polyline of `count` vertices: a closing one only when it adds a new edge. */
function edgeCount(count: number, closed: boolean): number {
  return count < 2 ? 0 : count - 1 + (closed && count > 2 ? 1 : 0);
}

/** Flattens a drawing into per-layer segment arrays, scaled to mm. */
export function extractGeometry(drawing: Drawing, mmPerUnit: number): DrawingGeometry {
  const k = mmPerUnit;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  let total = 0;
  const layers: LayerGeometry[] = drawing.layers.map((layer) => {
    const { xyz, first, closed } = layer.polylines;
    const polylines = polylineCount(layer.polylines);
    let n = lineCount(layer.lines) + layer.blocks.filter((b) => b.bbox).length * 4;
    for (let p = 0; p < polylines; p++) n += edgeCount(first[p + 1] - first[p], closed[p] === 1);
    const segments = new Float64Array(n * 4);
    const entity = new Uint32Array(n);
    const part = new Uint32Array(n);
    let s = 0;
    const push = (x1: number, y1: number, x2: number, y2: number, e: number, p: number) => {
      const o = s * 4;
      segments[o] = x1 * k;
      segments[o + 1] = y1 * k;
      segments[o + 2] = x2 * k;
      segments[o + 3] = y2 * k;
      entity[s] = e;
      part[s] = p;
      s++;
    };
    let e = 0;
    const lines = layer.lines.xyz;
    for (let i = 0; i < lines.length; i += 6) push(lines[i], lines[i + 1], lines[i + 3], lines[i + 4], e++, 0);
    for (let p = 0; p < polylines; p++) {
      const start = first[p], count = first[p + 1] - start;
      for (let i = 0; i < edgeCount(count, closed[p] === 1); i++) {
        const a = 3 * (start + i), b = 3 * (start + ((i + 1) % count));
        push(xyz[a], xyz[a + 1], xyz[b], xyz[b + 1], e, i);
      }
      e++;
    }
    const blockNames: string[] = [];
    for (const b of layer.blocks) {
      blockNames.push(b.name);
      const bb = b.bbox;
      if (bb) {
        push(bb.minX, bb.minY, bb.maxX, bb.minY, e, 0);
        push(bb.maxX, bb.minY, bb.maxX, bb.maxY, e, 1);
        push(bb.maxX, bb.maxY, bb.minX, bb.maxY, e, 2);
        push(bb.minX, bb.maxY, bb.minX, bb.minY, e, 3);
      }
      e++;
    }
    for (let i = 0; i < s * 4; i += 2) {
      const x = segments[i], y = segments[i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    total += s;
    return {
      name: layer.name,
      segments: s * 4 === segments.length ? segments : segments.slice(0, s * 4),
      entity: s === n ? entity : entity.slice(0, s),
      part: s === n ? part : part.slice(0, s),
      lineCount: lineCount(layer.lines),
      polylineCount: polylines,
      blockCount: layer.blocks.length,
      blockNames,
    };
  });
  return { layers, segmentCount: total, bounds: total > 0 ? { minX, minY, maxX, maxY } : null };
}

/** The buffers of a geometry, for Comlink.transfer. */
export function geometryTransferables(g: DrawingGeometry): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const l of g.layers) out.push(l.segments.buffer as ArrayBuffer, l.entity.buffer as ArrayBuffer, l.part.buffer as ArrayBuffer);
  return out;
}
