/**
 * Picking through the scene's Flatbush indexes: only the items whose boxes touch the pointer's tolerance box are
 * examined, so a hover costs the same on 200 or 200 000 segments.
 */
import type { OverlayKey, Scene, SceneLayer } from './scene';
import { formatMm, itemInfo, itemRing } from './scene';

export type Pick =
  | { type: 'entity'; layer: number; seg: number }
  | { type: 'overlay'; overlay: OverlayKey; item: number };

export interface PickFilter {
  layerVisible: (layer: number) => boolean;
  overlayVisible: (key: OverlayKey) => boolean;
}

function segDist2(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1, dy = y2 - y1;
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? ((px - x1) * dx + (py - y1) * dy) / l2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = x1 + t * dx - px, ey = y1 + t * dy - py;
  return ex * ex + ey * ey;
}

function ringDist2(ring: ArrayLike<number>, px: number, py: number): number {
  const n = ring.length / 2;
  if (n === 1) return (ring[0] - px) ** 2 + (ring[1] - py) ** 2;
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    best = Math.min(best, segDist2(px, py, ring[i * 2], ring[i * 2 + 1], ring[j * 2], ring[j * 2 + 1]));
  }
  return best;
}

export function pointInRing(ring: ArrayLike<number>, px: number, py: number): boolean {
  let inside = false;
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[i * 2], yi = ring[i * 2 + 1], xj = ring[j * 2], yj = ring[j * 2 + 1];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function layerOf(scene: Scene, global: number): number {
  let lo = 0, hi = scene.layers.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (scene.layerOffset[mid] <= global) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The nearest visible segment within `tol` mm of (x, y). */
export function pickSegment(scene: Scene, x: number, y: number, tol: number, filter: PickFilter): { layer: number; seg: number; d2: number } | null {
  const index = scene.segmentIndex();
  if (!index) return null;
  let best: { layer: number; seg: number; d2: number } | null = null;
  const tol2 = tol * tol;
  const hits = index.search(x - tol, y - tol, x + tol, y + tol);
  for (const g of hits) {
    const l = layerOf(scene, g);
    if (!filter.layerVisible(l)) continue;
    const seg = g - scene.layerOffset[l];
    const s = scene.layers[l].geometry.segments;
    const d2 = segDist2(x, y, s[seg * 4], s[seg * 4 + 1], s[seg * 4 + 2], s[seg * 4 + 3]);
    if (d2 <= tol2 && (!best || d2 < best.d2 || (d2 === best.d2 && scene.layers[l].highlighted && !scene.layers[best.layer].highlighted))) best = { layer: l, seg, d2 };
  }
  return best;
}

/**
 * What is under the pointer: a marker, an area strictly containing the point (top-most overlay first), else the
 * nearest segment, else an area whose outline is within tolerance.
 */
export function pick(scene: Scene, x: number, y: number, tol: number, filter: PickFilter): Pick | null {
  const visible = scene.overlays.filter((o) => o.index && filter.overlayVisible(o.key));
  // Top-most first: the last drawn overlay is on top.
  for (let k = visible.length - 1; k >= 0; k--) {
    const o = visible[k];
    if (!o.markers) continue;
    const ids = o.index!.search(x - tol * 1.5, y - tol * 1.5, x + tol * 1.5, y + tol * 1.5);
    if (ids.length) {
      ids.sort((a, b) => ringDist2(itemRing(o, a), x, y) - ringDist2(itemRing(o, b), x, y));
      return { type: 'overlay', overlay: o.key, item: ids[0] };
    }
  }
  const seg = pickSegment(scene, x, y, tol, filter);
  let edge: { key: OverlayKey; item: number; d2: number } | null = null;
  for (let k = visible.length - 1; k >= 0; k--) {
    const o = visible[k];
    if (o.markers) continue;
    const ids = o.index!.search(x - tol, y - tol, x + tol, y + tol);
    let inside: number | null = null;
    let insideArea = Infinity;
    for (const i of ids) {
      const r = itemRing(o, i);
      if (pointInRing(r, x, y)) {
        // The smallest area wins among overlapping items of one overlay.
        const a = Math.abs(ringArea(r));
        // Right on a drawn line (a third of the tolerance) the line wins; elsewhere inside, the area does.
        if (seg && seg.d2 <= (tol * tol) / 9) continue;
        if (a < insideArea) {
          inside = i;
          insideArea = a;
        }
      } else {
        const d2 = ringDist2(r, x, y);
        if (d2 <= tol * tol && (!edge || d2 < edge.d2)) edge = { key: o.key, item: i, d2 };
      }
    }
    if (inside !== null) return { type: 'overlay', overlay: o.key, item: inside };
  }
  if (seg) return { type: 'entity', layer: seg.layer, seg: seg.seg };
  if (edge) return { type: 'overlay', overlay: edge.key, item: edge.item };
  return null;
}

function ringArea(r: ArrayLike<number>): number {
  let a = 0;
  const n = r.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) a += (r[j * 2] + r[i * 2]) * (r[j * 2 + 1] - r[i * 2 + 1]);
  return a / 2;
}

/** The nearest segment end point within `tol` mm, for the measure tool. */
export function snapEndpoint(scene: Scene, x: number, y: number, tol: number, filter: PickFilter): [number, number] | null {
  const index = scene.segmentIndex();
  if (!index) return null;
  let best: [number, number] | null = null;
  let bestD = tol * tol;
  for (const g of index.search(x - tol, y - tol, x + tol, y + tol)) {
    const l = layerOf(scene, g);
    if (!filter.layerVisible(l)) continue;
    const s = scene.layers[l].geometry.segments;
    const o = (g - scene.layerOffset[l]) * 4;
    for (const [px, py] of [
      [s[o], s[o + 1]],
      [s[o + 2], s[o + 3]],
    ]) {
      const d = (px - x) ** 2 + (py - y) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = [px, py];
      }
    }
  }
  return best;
}

export interface PickInfo {
  title: string;
  rows: [string, string][];
  /** Outline to highlight: closed ring, or a segment (two points). */
  ring: number[];
  closed: boolean;
}

function entityKind(layer: SceneLayer, seg: number): { kind: string; entity: number; part: number } {
  const g = layer.geometry;
  const e = g.entity[seg];
  const part = g.part[seg];
  if (e < g.lineCount) return { kind: 'line', entity: e, part };
  if (e < g.lineCount + g.polylineCount) return { kind: 'polyline', entity: e - g.lineCount, part };
  return { kind: 'block', entity: e - g.lineCount - g.polylineCount, part };
}

export function describe(scene: Scene, p: Pick): PickInfo | null {
  if (p.type === 'entity') {
    const layer = scene.layers[p.layer];
    if (!layer || p.seg >= layer.segmentCount) return null;
    const s = layer.geometry.segments;
    const o = p.seg * 4;
    const { kind, entity, part } = entityKind(layer, p.seg);
    const pipelineId = scene.entityIds?.(layer, p.seg) ?? null;
    const length = Math.hypot(s[o + 2] - s[o], s[o + 3] - s[o + 1]);
    const rows: [string, string][] = [
      ['Layer', layer.name],
      ['Type', kind === 'polyline' ? `polyline segment ${part + 1}` : kind === 'block' ? `block box (${layer.geometry.blockNames[entity] ?? ''})` : 'line'],
      ['Length', formatMm(length)],
      ['Id', pipelineId ?? `${kind} ${entity + 1} of layer`],
    ];
    if (!layer.highlighted) rows.push(['Selected for the job', 'no']);
    return { title: kind === 'block' ? 'Block' : kind === 'polyline' ? 'Polyline segment' : 'Line', rows, ring: [s[o], s[o + 1], s[o + 2], s[o + 3]], closed: false };
  }
  const o = scene.overlays.find((x) => x.key === p.overlay);
  if (!o || !Number.isInteger(p.item) || p.item < 0 || p.item >= o.count) return null;
  const ring = Array.from(itemRing(o, p.item));
  return { ...itemInfo(o, p.item), ring, closed: ring.length > 4 };
}

/** Selection keys as they appear in the URL: "e.<layer>.<segment>" or "<overlay>.<item>". */
export function pickKey(p: Pick): string {
  return p.type === 'entity' ? `e.${p.layer}.${p.seg}` : `${p.overlay}.${p.item}`;
}

export function parsePickKey(key: string, scene: Scene): Pick | null {
  const parts = key.split('.');
  if (parts[0] === 'e' && parts.length === 3) {
    const layer = Number(parts[1]), seg = Number(parts[2]);
    if (Number.isInteger(layer) && Number.isInteger(seg) && scene.layers[layer] && seg >= 0 && seg < scene.layers[layer].segmentCount) return { type: 'entity', layer, seg };
    return null;
  }
  if (parts.length === 2) {
    const o = scene.overlays.find((x) => x.key === parts[0]);
    const item = Number(parts[1]);
    if (o && Number.isInteger(item) && item >= 0 && item < o.count) return { type: 'overlay', overlay: o.key, item };
  }
  return null;
}

export function ringBounds(ring: ArrayLike<number>) {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < ring.length; i += 2) {
    minX = Math.min(minX, ring[i]);
    maxX = Math.max(maxX, ring[i]);
    minY = Math.min(minY, ring[i + 1]);
    maxY = Math.max(maxY, ring[i + 1]);
  }
  return { minX, minY, maxX, maxY };
}
