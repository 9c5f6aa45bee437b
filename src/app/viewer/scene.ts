/**
 * The viewer's scene: the drawing's segments per layer (re-ordered into spatial chunks for culling, as Float32
 * relative to an origin for the GPU) plus the pipeline's artifacts as overlays, with their picking indexes.
 *
 * Built in two stages: `sceneDataSteps` turns the geometry and the parsed artifacts into `SceneData` — flat typed
 * arrays only (plus each overlay item's tooltip fields as JSON text, parsed when the item is described) — which the
 * pipeline worker builds and transfers (workers/viewerData.ts); `hydrateScene` wraps it for the renderers and
 * picking on the page (Flatbush indexes are reopened from their transferred buffers, nothing is rebuilt).
 */
import Flatbush from 'flatbush';
import type { DrawingGeometry, LayerGeometry } from '../../../workers/geometry';
import { DIMMED, hexToRgba, LAYER_PALETTE, OKABE_ITO, THICKNESS_CLASSES, thicknessClass, type Rgba } from './colors';

export interface Chunk {
  /** First segment (in the layer's re-ordered arrays) and number of segments. */
  start: number;
  count: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface LayerChunks {
  /** x1, y1, x2, y2 per segment relative to the scene origin, in chunk order. */
  verts: Float32Array;
  /** Segment lengths (mm) in chunk order; each chunk is sorted longest first. */
  lens: Float32Array;
  /** Chunk-order position → original segment index. */
  order: Uint32Array;
  chunks: Chunk[];
}

export interface SceneLayer extends LayerChunks {
  index: number;
  name: string;
  color: string;
  rgba: Rgba;
  highlighted: boolean;
  geometry: LayerGeometry;
  segmentCount: number;
  forRenderer: SceneDataLayer['forRenderer'];
}

export type OverlayKey =
  | 'logicB'
  | 'logicC'
  | 'logicD'
  | 'logicE'
  | 'logicF'
  | 'openings'
  | 'bridges'
  | 'walls'
  | 'candidates'
  | 'unjoined';

export interface OverlayGroup {
  label: string;
  color: string;
  /** 0 = outline only. */
  fillAlpha: number;
}

/** An overlay's items as flat arrays: made in the worker, transferred to the page without a copy. */
export interface OverlayData {
  key: OverlayKey;
  label: string;
  groups: OverlayGroup[];
  /** Drawn as screen-sized markers rather than areas. */
  markers: boolean;
  count: number;
  /** Every item's closed ring x0, y0, x1, y1, … (mm), one after another; a single point for markers. */
  coords: Float64Array;
  /** Item i's ring is points start[i] … start[i + 1] - 1 (count + 1 entries). */
  start: Uint32Array;
  /** Legend group of each item. */
  group: Uint8Array;
  /** Centre line to draw per item (walls): x1, y1, x2, y2; null when the overlay has none. */
  axis: Float64Array | null;
  /** GPU vertices relative to the scene origin, per group: fill triangles and outline line pairs (markers: points). */
  gpu: { fill: Float32Array; stroke: Float32Array }[];
  /** Centre lines as GPU line pairs, relative to the origin. */
  axisVerts: Float32Array;
  /**
   * Per item, the fields its tooltip shows as JSON in UTF-8, item i at bytes metaStart[i] … metaStart[i + 1]: a
   * transferred buffer, where strings would be copied (and, at 100k items, take a long task to receive).
   */
  meta: Uint8Array;
  metaStart: Uint32Array;
  /** The `data` buffer of a Flatbush over the items' boxes; null when there are no items. */
  index: ArrayBuffer | null;
}

export interface Overlay extends Omit<OverlayData, 'index'> {
  index: Flatbush | null;
}

/** Line and polyline segments of canvas_data.json (pipeline ids of the drawn segments), indexed by their boxes. */
export interface CanvasSegments {
  layerNames: string[];
  /** Per segment, index into layerNames. */
  layer: Uint32Array;
  /** x1, y1, x2, y2 per segment (mm). */
  coords: Float64Array;
  /** Pipeline ids in UTF-8, segment i at bytes idStart[i] … idStart[i + 1]. */
  ids: Uint8Array;
  idStart: Uint32Array;
  index: ArrayBuffer | null;
}

export interface SceneDataLayer extends LayerChunks {
  geometry: LayerGeometry;
  color: string;
  /**
   * Copies of `verts` and `lens` made where the scene is built off the page, for the render worker: moved to it,
   * they cost the page nothing, where a copy made by postMessage took the page 50–80 ms at 100k segments.
   */
  forRenderer: { verts: Float32Array; lens: Float32Array } | null;
}

/** Everything the page needs to show a plan, in transferable arrays. */
export interface SceneData {
  origin: { x: number; y: number };
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
  layers: SceneDataLayer[];
  overlays: OverlayData[];
  segmentCount: number;
  /** Flatbush `data` over every segment of every layer (in layer order); null: built on the page on first use. */
  segmentIndex: ArrayBuffer | null;
  canvas: CanvasSegments | null;
}

export interface Scene {
  origin: { x: number; y: number };
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
  layers: SceneLayer[];
  overlays: Overlay[];
  segmentCount: number;
  /** Every segment of every layer; item i is segment i - layerOffset[l] of layer l. */
  segmentIndex: () => Flatbush | null;
  layerOffset: Uint32Array;
  /** Pipeline entity ids (from canvas_data.json), looked up by geometry. */
  entityIds: ((layer: SceneLayer, seg: number) => string | null) | null;
}

export const OVERLAY_ORDER: OverlayKey[] = [
  'walls',
  'logicB',
  'logicC',
  'logicD',
  'logicE',
  'logicF',
  'openings',
  'bridges',
  'candidates',
  'unjoined',
];

/** What the legend calls each overlay. */
export const OVERLAY_LABELS: Readonly<Record<OverlayKey, string>> = {
  walls: 'Final walls',
  logicB: 'LOGIC_B pairs',
  logicC: 'LOGIC_C pairs',
  logicD: 'LOGIC_D rectangles',
  logicE: 'LOGIC_E rectangles',
  logicF: 'LOGIC_F rectangles',
  openings: 'Door / window boxes',
  bridges: 'Bridges',
  candidates: 'Legacy wall candidates',
  unjoined: 'Unjoined ends',
};

export const OVERLAY_FILES: Readonly<Record<OverlayKey, string>> = {
  logicB: 'logic_b_pairs.json',
  logicC: 'logic_c_pairs.json',
  logicD: 'logic_d_rectangles.json',
  logicE: 'logic_e_rectangles.json',
  logicF: 'logic_f_rectangles.json',
  openings: 'canvas_data.json',
  bridges: 'door_bridges.json',
  walls: 'walls.json',
  candidates: 'wall_candidate_pairs.json',
  unjoined: 'walls.json',
};

/** Artifacts the viewer reads, by file name. */
export const VIEWER_ARTIFACTS = [...new Set(Object.values(OVERLAY_FILES))];

/**
 * The overlays a plan opens with (shown by default), built with the scene from FIRST_ARTIFACTS, which also give the
 * layer colours and entity ids. The others, every step's pairs and rectangles (about 120 MB of JSON at 200k
 * segments, and most of the time a scene takes), are built afterwards and added to it (addOverlays).
 */
export const FIRST_OVERLAYS: readonly OverlayKey[] = ['walls', 'openings', 'unjoined'];
export const FIRST_ARTIFACTS: readonly string[] = ['walls.json', 'canvas_data.json'];
export const LATER_OVERLAYS: readonly OverlayKey[] = OVERLAY_ORDER.filter((k) => !FIRST_OVERLAYS.includes(k));

/** Of the artifacts present, those the later overlays are built from (the legacy candidates find their segments in canvas_data.json). */
export function laterArtifacts<T extends { name: string }>(artifacts: readonly T[]): T[] {
  const later = artifacts.filter((a) => VIEWER_ARTIFACTS.includes(a.name) && !FIRST_ARTIFACTS.includes(a.name));
  const canvas = artifacts.find((a) => a.name === 'canvas_data.json');
  return later.some((a) => a.name === OVERLAY_FILES.candidates) && canvas ? [...later, canvas] : later;
}

/** Item i's ring (a view into the overlay's coordinates). */
export function itemRing(o: Pick<OverlayData, 'coords' | 'start'>, i: number): Float64Array {
  return o.coords.subarray(o.start[i] * 2, o.start[i + 1] * 2);
}

// ---------------------------------------------------------------------------------------------------------------
// Base geometry

/** Target segments per chunk: small enough to cull well, large enough to keep draw calls few. */
const CHUNK_TARGET = 1024;

export function chunkLayer(g: LayerGeometry, ox: number, oy: number): LayerChunks {
  const n = g.segments.length / 4;
  const s = g.segments;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n * 4; i += 2) {
    if (s[i] < minX) minX = s[i];
    if (s[i] > maxX) maxX = s[i];
    if (s[i + 1] < minY) minY = s[i + 1];
    if (s[i + 1] > maxY) maxY = s[i + 1];
  }
  const side = Math.max(1, Math.ceil(Math.sqrt(n / CHUNK_TARGET)));
  const cells = side * side;
  const w = Math.max(maxX - minX, 1e-9), h = Math.max(maxY - minY, 1e-9);
  const cellOf = new Uint32Array(n);
  const counts = new Uint32Array(cells + 1);
  for (let i = 0; i < n; i++) {
    const mx = (s[i * 4] + s[i * 4 + 2]) / 2, my = (s[i * 4 + 1] + s[i * 4 + 3]) / 2;
    const cx = Math.min(side - 1, Math.floor(((mx - minX) / w) * side));
    const cy = Math.min(side - 1, Math.floor(((my - minY) / h) * side));
    const c = cy * side + cx;
    cellOf[i] = c;
    counts[c + 1]++;
  }
  for (let c = 0; c < cells; c++) counts[c + 1] += counts[c];
  const starts = counts.slice();
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[starts[cellOf[i]]++] = i;
  const verts = new Float32Array(n * 4);
  const lens = new Float32Array(n);
  const chunks: Chunk[] = [];
  const segLen = new Float64Array(n);
  for (let i = 0; i < n; i++) segLen[i] = Math.hypot(s[i * 4 + 2] - s[i * 4], s[i * 4 + 3] - s[i * 4 + 1]);
  for (let c = 0; c < cells; c++) {
    const a = counts[c], b = counts[c + 1];
    if (a === b) continue;
    // Longest first inside a chunk: a zoomed-out frame draws only the prefix of segments longer than a pixel.
    order.subarray(a, b).sort((x, y) => segLen[y] - segLen[x] || x - y);
    let cminX = Infinity, cminY = Infinity, cmaxX = -Infinity, cmaxY = -Infinity;
    for (let k = a; k < b; k++) {
      const o = order[k] * 4;
      const x1 = s[o], y1 = s[o + 1], x2 = s[o + 2], y2 = s[o + 3];
      verts[k * 4] = x1 - ox;
      verts[k * 4 + 1] = y1 - oy;
      verts[k * 4 + 2] = x2 - ox;
      verts[k * 4 + 3] = y2 - oy;
      lens[k] = segLen[order[k]];
      cminX = Math.min(cminX, x1, x2);
      cmaxX = Math.max(cmaxX, x1, x2);
      cminY = Math.min(cminY, y1, y2);
      cmaxY = Math.max(cmaxY, y1, y2);
    }
    chunks.push({ start: a, count: b - a, minX: cminX, minY: cminY, maxX: cmaxX, maxY: cmaxY });
  }
  return { verts, lens, order, chunks };
}

function layerOffsets(layers: readonly { geometry: LayerGeometry }[]): Uint32Array {
  const offsets = new Uint32Array(layers.length + 1);
  for (let l = 0; l < layers.length; l++) offsets[l + 1] = offsets[l] + layers[l].geometry.segments.length / 4;
  return offsets;
}

export function buildSegmentIndex(layers: readonly LayerGeometry[]): Flatbush | null {
  let total = 0;
  for (const g of layers) total += g.segments.length / 4;
  if (total === 0) return null;
  const index = new Flatbush(total);
  for (const g of layers) {
    const s = g.segments;
    for (let o = 0; o < s.length; o += 4) {
      index.add(Math.min(s[o], s[o + 2]), Math.min(s[o + 1], s[o + 3]), Math.max(s[o], s[o + 2]), Math.max(s[o + 1], s[o + 3]));
    }
  }
  index.finish();
  return index;
}

// ---------------------------------------------------------------------------------------------------------------
// Artifacts → overlays

type Json = unknown;
type Pt = [number, number];

const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: Json): Json[] => (Array.isArray(v) ? v : []);
const num = (v: Json): number => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
const str = (v: Json): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
function pt(v: Json): Pt | null {
  if (Array.isArray(v) && v.length >= 2) {
    const x = num(v[0]), y = num(v[1]);
    return Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null;
  }
  if (isObj(v)) {
    const x = num(v.x), y = num(v.y);
    return Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null;
  }
  return null;
}
function ring(v: Json): number[] | null {
  const list = arr(v);
  if (list.length < 3) return null;
  const out: number[] = [];
  for (const q of list) {
    const p = pt(q);
    if (!p) return null;
    out.push(p[0], p[1]);
  }
  return out;
}

const MM_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatMm(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return `${MM_FORMAT.format(Math.round(v * 10) / 10)} mm`;
}

/** An overlay's items while they are collected (worker side). */
class ItemList {
  coords: number[] = [];
  start: number[] = [0];
  group: number[] = [];
  axis: number[] | null = null;
  meta: string[] = [];
  readonly label: string;
  constructor(
    readonly key: OverlayKey,
    readonly groups: OverlayGroup[],
    readonly markers = false,
  ) {
    this.label = OVERLAY_LABELS[key];
  }
  add(r: readonly number[], group: number, meta: object, axis?: readonly number[]) {
    for (const v of r) this.coords.push(v);
    this.start.push(this.coords.length / 2);
    this.group.push(group);
    if (axis) (this.axis ??= []).push(...axis);
    this.meta.push(JSON.stringify(meta));
  }
}

function junctionText(js: Json): string {
  const list = arr(js).filter(isObj);
  if (list.length === 0) return 'none';
  return list.map((j) => `${str(j.kind)}${j.end ? ` at ${str(j.end)}` : ''}${j.otherId || j.otherWallId ? ` with ${str(j.otherId ?? j.otherWallId)}` : ''}`).join('; ');
}

function pairItems(list: ItemList, data: Json): ItemList {
  arr(data).forEach((p, i) => {
    if (!isObj(p)) return;
    const r = ring(p.quad);
    if (!r) return;
    const a = arr(p.a_trimmed).map(pt), b = arr(p.b_trimmed).map(pt);
    const overlap = a[0] && a[1] ? Math.hypot(a[1][0] - a[0][0], a[1][1] - a[0][1]) : NaN;
    const overlapB = b[0] && b[1] ? Math.hypot(b[1][0] - b[0][0], b[1][1] - b[0][1]) : NaN;
    list.add(r, 0, { n: i + 1, a: str(p.a), b: str(p.b), d: num(p.distance), o: overlap, ob: overlapB });
  });
  return list;
}

function rectItems(list: ItemList, data: Json): ItemList {
  for (const r of arr(data)) {
    if (!isObj(r)) continue;
    const g = ring(r.corners);
    if (!g) continue;
    list.add(g, 0, {
      id: str(r.id),
      t: num(r.thickness),
      len: num(r.length),
      layers: arr(r.layers).map(str).join(', '),
      sides: isObj(r.sides) ? Object.entries(r.sides).map(([k, v]) => `${k}: ${str(v)}`).join(', ') : undefined,
      mod: 'was_modified' in r ? !!r.was_modified : undefined,
      j: 'junctions' in r ? junctionText(r.junctions) : undefined,
    });
  }
  return list;
}

function boxRing(b: Json): number[] | null {
  if (!isObj(b)) return null;
  const x0 = num(b.minX), y0 = num(b.minY), x1 = num(b.maxX), y1 = num(b.maxY);
  if (![x0, y0, x1, y1].every(Number.isFinite)) return null;
  return [x0, y0, x1, y0, x1, y1, x0, y1];
}

function wallRing(p1: Pt, p2: Pt, t: number): number[] {
  const dx = p2[0] - p1[0], dy = p2[1] - p1[1];
  const len = Math.hypot(dx, dy) || 1;
  const nx = (-dy / len) * (t / 2), ny = (dx / len) * (t / 2);
  return [p1[0] + nx, p1[1] + ny, p2[0] + nx, p2[1] + ny, p2[0] - nx, p2[1] - ny, p1[0] - nx, p1[1] - ny];
}

/** Calls `f(id, layer, x1, y1, x2, y2)` for every line and polyline segment of canvas_data.json. */
function eachCanvasSegment(canvas: Json, f: (id: string, layer: string, x1: number, y1: number, x2: number, y2: number) => void): void {
  if (!isObj(canvas)) return;
  for (const l of arr(canvas.lines)) {
    if (!isObj(l)) continue;
    const a = pt(l.p1), b = pt(l.p2);
    if (a && b) f(str(l.id), str(l.layer), a[0], a[1], b[0], b[1]);
  }
  for (const p of arr(canvas.polylines)) {
    if (!isObj(p)) continue;
    const v = arr(p.points).map(num);
    const n = Math.floor(v.length / 2);
    const id = str(p.id), layer = str(p.layer);
    for (let i = 0; i + 1 < n; i++) f(`${id}#${i}`, layer, v[i * 2], v[i * 2 + 1], v[i * 2 + 2], v[i * 2 + 3]);
    if (p.closed && n > 2) f(`${id}#${n - 1}`, layer, v[(n - 1) * 2], v[(n - 1) * 2 + 1], v[0], v[1]);
  }
}

export interface ArtifactData {
  /** Parsed JSON by artifact file name. */
  get(name: string): Json | undefined;
}

/** The items of the overlays of `keys` whose artifacts are present. */
function* overlayItemSteps(data: ArtifactData, keys: readonly OverlayKey[] = OVERLAY_ORDER): Generator<void, ItemList[], void> {
  const lists: ItemList[] = [];
  const has = (name: string) => data.get(name) !== undefined;

  if (has('walls.json') && (keys.includes('walls') || keys.includes('unjoined'))) {
    const model = data.get('walls.json');
    const items = new ItemList('walls', THICKNESS_CLASSES.map((c) => ({ label: c.label, color: c.color, fillAlpha: 0.55 })));
    const ends = new ItemList('unjoined', [{ label: 'Wall end without junction', color: OKABE_ITO.vermillion, fillAlpha: 1 }], true);
    if (isObj(model)) {
      for (const w of arr(model.walls)) {
        if (!isObj(w)) continue;
        const p1 = pt(w.p1), p2 = pt(w.p2), t = num(w.thickness);
        if (!p1 || !p2 || !Number.isFinite(t)) continue;
        const openings = arr(w.openings)
          .filter(isObj)
          .map((o) => [str(o.kind), str(o.blockName) || str(o.id), num(o.width), num(o.offset)]);
        items.add(wallRing(p1, p2, t), thicknessClass(t), { id: str(w.id), t, len: num(w.length), layers: arr(w.layers).map(str).join(', '), op: openings, j: junctionText(w.junctions) }, [p1[0], p1[1], p2[0], p2[1]]);
      }
      for (const e of arr(model.unjoinedEnds)) {
        if (!isObj(e)) continue;
        const p = pt(e.point);
        if (!p) continue;
        ends.add(p, 0, { w: str(e.wallId), x: p[0], y: p[1] });
      }
    }
    lists.push(items, ends);
    yield;
  }
  if (has('logic_b_pairs.json') && keys.includes('logicB')) {
    lists.push(pairItems(new ItemList('logicB', [{ label: 'Candidate pair', color: OKABE_ITO.skyBlue, fillAlpha: 0.18 }]), data.get('logic_b_pairs.json')));
    yield;
  }
  if (has('logic_c_pairs.json') && keys.includes('logicC')) {
    lists.push(pairItems(new ItemList('logicC', [{ label: 'Pair kept by LOGIC_C', color: OKABE_ITO.blue, fillAlpha: 0.18 }]), data.get('logic_c_pairs.json')));
    yield;
  }
  if (has('logic_d_rectangles.json') && keys.includes('logicD')) {
    lists.push(rectItems(new ItemList('logicD', [{ label: 'Not covered by a larger quad', color: OKABE_ITO.reddishPurple, fillAlpha: 0.2 }]), data.get('logic_d_rectangles.json')));
    yield;
  }
  if (has('logic_e_rectangles.json') && keys.includes('logicE')) {
    lists.push(rectItems(new ItemList('logicE', [{ label: 'Merged along the band', color: OKABE_ITO.bluishGreen, fillAlpha: 0.2 }]), data.get('logic_e_rectangles.json')));
    yield;
  }
  if (has('logic_f_rectangles.json') && keys.includes('logicF')) {
    lists.push(rectItems(new ItemList('logicF', [{ label: 'Junctions closed', color: OKABE_ITO.orange, fillAlpha: 0.2 }]), data.get('logic_f_rectangles.json')));
    yield;
  }

  const canvas = data.get('canvas_data.json');
  if (isObj(canvas) && keys.includes('openings')) {
    const items = new ItemList('openings', [
      { label: 'Door', color: OKABE_ITO.vermillion, fillAlpha: 0.15 },
      { label: 'Window', color: OKABE_ITO.blue, fillAlpha: 0.15 },
    ]);
    for (const o of arr(canvas.openings)) {
      if (!isObj(o)) continue;
      const r = boxRing(o.box);
      if (!r) continue;
      const win = str(o.kind) === 'window';
      items.add(r, win ? 1 : 0, { win, id: str(o.id), name: str(o.name), layer: str(o.layer), w: r[2] - r[0], h: r[5] - r[1] });
    }
    lists.push(items);
    yield;
  }
  if (has('door_bridges.json') && keys.includes('bridges')) {
    const items = new ItemList('bridges', [{ label: 'Bridge across an opening', color: OKABE_ITO.yellow, fillAlpha: 0.7 }]);
    for (const b of arr(data.get('door_bridges.json'))) {
      if (!isObj(b)) continue;
      const r = ring(b.corners);
      if (!r) continue;
      items.add(r, 0, { op: str(b.opening), from: str(b.from), to: str(b.to), w: num(b.width), t: num(b.thickness) });
    }
    lists.push(items);
    yield;
  }
  if (has('wall_candidate_pairs.json') && keys.includes('candidates')) {
    const segs = new Map<string, [number, number, number, number]>();
    eachCanvasSegment(canvas, (id, _layer, x1, y1, x2, y2) => segs.set(id, [x1, y1, x2, y2]));
    const items = new ItemList('candidates', [{ label: 'Parallel pair (legacy report)', color: OKABE_ITO.black, fillAlpha: 0.06 }]);
    arr(data.get('wall_candidate_pairs.json')).forEach((p, i) => {
      if (!isObj(p)) return;
      const a = segs.get(str(p.a)), b = segs.get(str(p.b));
      if (!a || !b) return;
      const same = (a[2] - a[0]) * (b[2] - b[0]) + (a[3] - a[1]) * (b[3] - b[1]) >= 0;
      const [bx1, by1, bx2, by2] = same ? b : [b[2], b[3], b[0], b[1]];
      items.add([a[0], a[1], a[2], a[3], bx2, by2, bx1, by1], 0, { n: i + 1, a: str(p.a), b: str(p.b), d: num(p.distance), op: num(p.overlap_percent), ad: num(p.angle_diff_deg), al: num(p.avg_length) });
    });
    lists.push(items);
  }
  yield;
  lists.sort(byOverlayOrder);
  return lists.filter((l) => keys.includes(l.key));
}

const byOverlayOrder = (x: { key: OverlayKey }, y: { key: OverlayKey }) => OVERLAY_ORDER.indexOf(x.key) - OVERLAY_ORDER.indexOf(y.key);

/** Typed arrays, GPU vertices and the picking index of a collected overlay. */
function finishOverlay(list: ItemList, ox: number, oy: number): OverlayData {
  const count = list.group.length;
  const coords = Float64Array.from(list.coords);
  const start = Uint32Array.from(list.start);
  const group = Uint8Array.from(list.group);
  const axis = list.axis ? Float64Array.from(list.axis) : null;
  const [meta, metaStart] = utf8Table(list.meta);
  // GPU vertices: fills as triangle fans of each convex ring, outlines as line pairs; markers as points.
  const gpu = list.groups.map((_, gi) => {
    let nFill = 0, nStroke = 0;
    for (let i = 0; i < count; i++) {
      if (group[i] !== gi) continue;
      const n = start[i + 1] - start[i];
      if (list.markers) nStroke += 2;
      else {
        if (n >= 3) nFill += (n - 2) * 6;
        nStroke += n * 4;
      }
    }
    const fill = new Float32Array(nFill), stroke = new Float32Array(nStroke);
    let f = 0, s = 0;
    for (let i = 0; i < count; i++) {
      if (group[i] !== gi) continue;
      const b = start[i] * 2, n = start[i + 1] - start[i];
      if (list.markers) {
        stroke[s++] = coords[b] - ox;
        stroke[s++] = coords[b + 1] - oy;
        continue;
      }
      for (let k = 1; k + 1 < n; k++) {
        fill[f++] = coords[b] - ox;
        fill[f++] = coords[b + 1] - oy;
        fill[f++] = coords[b + k * 2] - ox;
        fill[f++] = coords[b + k * 2 + 1] - oy;
        fill[f++] = coords[b + k * 2 + 2] - ox;
        fill[f++] = coords[b + k * 2 + 3] - oy;
      }
      for (let k = 0; k < n; k++) {
        const j = (k + 1) % n;
        stroke[s++] = coords[b + k * 2] - ox;
        stroke[s++] = coords[b + k * 2 + 1] - oy;
        stroke[s++] = coords[b + j * 2] - ox;
        stroke[s++] = coords[b + j * 2 + 1] - oy;
      }
    }
    return { fill, stroke };
  });
  const axisVerts = new Float32Array(axis ? axis.length : 0);
  if (axis) for (let i = 0; i < axis.length; i += 2) {
    axisVerts[i] = axis[i] - ox;
    axisVerts[i + 1] = axis[i + 1] - oy;
  }
  let index: ArrayBuffer | null = null;
  if (count > 0) {
    const fb = new Flatbush(count);
    for (let i = 0; i < count; i++) {
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (let k = start[i] * 2; k < start[i + 1] * 2; k += 2) {
        if (coords[k] < minX) minX = coords[k];
        if (coords[k] > maxX) maxX = coords[k];
        if (coords[k + 1] < minY) minY = coords[k + 1];
        if (coords[k + 1] > maxY) maxY = coords[k + 1];
      }
      fb.add(minX, minY, maxX, maxY);
    }
    fb.finish();
    index = fb.data as ArrayBuffer;
  }
  return { key: list.key, label: list.label, groups: list.groups, markers: list.markers, count, coords, start, group, axis, gpu, axisVerts, meta, metaStart, index };
}

/** Strings as one UTF-8 buffer with the byte offset of each (n + 1 entries). */
function utf8Table(list: readonly string[]): [Uint8Array, Uint32Array] {
  const encoder = new TextEncoder();
  const starts = new Uint32Array(list.length + 1);
  let bytes = new Uint8Array(Math.max(16, list.reduce((n, x) => n + x.length, 0) + 16));
  let at = 0;
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (bytes.length - at < x.length * 3) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, at + x.length * 3));
      grown.set(bytes.subarray(0, at));
      bytes = grown;
    }
    at += encoder.encodeInto(x, bytes.subarray(at)).written;
    starts[i + 1] = at;
  }
  return [bytes.slice(0, at), starts];
}

const decoder = new TextDecoder();
const utf8 = (bytes: Uint8Array, starts: Uint32Array, i: number) => decoder.decode(bytes.subarray(starts[i], starts[i + 1]));

function canvasTable(canvas: Json): CanvasSegments | null {
  const layerNames: string[] = [];
  const layerIds = new Map<string, number>();
  const layer: number[] = [], coords: number[] = [], ids: string[] = [];
  eachCanvasSegment(canvas, (id, l, x1, y1, x2, y2) => {
    if (![x1, y1, x2, y2].every(Number.isFinite)) return;
    let li = layerIds.get(l);
    if (li === undefined) {
      li = layerNames.length;
      layerNames.push(l);
      layerIds.set(l, li);
    }
    layer.push(li);
    coords.push(x1, y1, x2, y2);
    ids.push(id);
  });
  if (ids.length === 0) return null;
  const [idBytes, idStart] = utf8Table(ids);
  const fb = new Flatbush(ids.length);
  for (let o = 0; o < coords.length; o += 4) fb.add(Math.min(coords[o], coords[o + 2]), Math.min(coords[o + 1], coords[o + 3]), Math.max(coords[o], coords[o + 2]), Math.max(coords[o + 1], coords[o + 3]));
  fb.finish();
  return { layerNames, layer: Uint32Array.from(layer), coords: Float64Array.from(coords), ids: idBytes, idStart, index: fb.data as ArrayBuffer };
}

// ---------------------------------------------------------------------------------------------------------------
// Tooltips, made when an item is described

/** Title and tooltip rows of overlay item i, from its JSON fields. */
export function itemInfo(o: Pick<OverlayData, 'key' | 'meta' | 'metaStart'>, i: number): { title: string; rows: [string, string][] } {
  let m: Record<string, Json> = {};
  try {
    const v = JSON.parse(utf8(o.meta, o.metaStart, i)) as Json;
    if (isObj(v)) m = v;
  } catch {
    // Unreadable fields show as blanks.
  }
  switch (o.key) {
    case 'walls': {
      const op = arr(m.op).map(arr);
      return {
        title: 'Wall',
        rows: [
          ['Id', str(m.id)],
          ['Thickness', formatMm(num(m.t))],
          ['Length', formatMm(num(m.len))],
          ['Layers', str(m.layers)],
          ['Hosted openings', op.length === 0 ? 'none' : op.map(([kind, name, w, off]) => `${str(kind)} ${str(name)} (${formatMm(num(w))} at ${formatMm(num(off))})`).join('; ')],
          ['Junctions', str(m.j)],
        ],
      };
    }
    case 'unjoined':
      return { title: 'Unjoined wall end', rows: [['Wall', str(m.w)], ['Point', `${formatMm(num(m.x))}, ${formatMm(num(m.y))}`]] };
    case 'logicB':
    case 'logicC': {
      const overlap = num(m.o), overlapB = num(m.ob);
      return {
        title: `${o.key === 'logicB' ? 'LOGIC_B' : 'LOGIC_C'} pair ${str(m.n)}`,
        rows: [
          ['Segments', `${str(m.a)} + ${str(m.b)}`],
          ['Distance', formatMm(num(m.d))],
          ['Overlap', Number.isFinite(overlapB) && Math.abs(overlapB - overlap) > 0.05 ? `${formatMm(overlap)} / ${formatMm(overlapB)}` : formatMm(overlap)],
        ],
      };
    }
    case 'logicD':
    case 'logicE':
    case 'logicF': {
      const rows: [string, string][] = [
        ['Id', str(m.id)],
        ['Thickness', formatMm(num(m.t))],
        ['Length', formatMm(num(m.len))],
        ['Layers', str(m.layers)],
      ];
      if (m.sides !== undefined) rows.push(['Sides', str(m.sides)]);
      if (m.mod !== undefined) rows.push(['Extended', m.mod ? 'yes' : 'no']);
      if (m.j !== undefined) rows.push(['Junctions', str(m.j)]);
      return { title: `LOGIC_${o.key.slice(-1)} rectangle`, rows };
    }
    case 'openings':
      return {
        title: m.win ? 'Window block' : 'Door block',
        rows: [
          ['Id', str(m.id)],
          ['Block', str(m.name)],
          ['Layer', str(m.layer)],
          ['Box', `${formatMm(num(m.w))} × ${formatMm(num(m.h))}`],
        ],
      };
    case 'bridges':
      return { title: 'Bridge', rows: [['Opening', str(m.op)], ['From → to', `${str(m.from)} → ${str(m.to)}`], ['Width', formatMm(num(m.w))], ['Thickness', formatMm(num(m.t))]] };
    case 'candidates':
      return {
        title: `Legacy candidate pair ${str(m.n)}`,
        rows: [
          ['Segments', `${str(m.a)} + ${str(m.b)}`],
          ['Distance', formatMm(num(m.d))],
          ['Overlap', `${num(m.op).toFixed(1)} %`],
          ['Angle difference', `${num(m.ad).toFixed(2)}°`],
          ['Average length', formatMm(num(m.al))],
        ],
      };
  }
}

// ---------------------------------------------------------------------------------------------------------------

export interface SceneInput {
  geometry: DrawingGeometry;
  /** Layers drawn in their colours; the others are dimmed. */
  highlighted: ReadonlySet<string>;
  artifacts?: ArtifactData;
}

/** Builds the scene in one go (tests, tools). */
export function buildScene(input: SceneInput): Scene {
  return hydrateScene(runSteps(sceneDataSteps(input.geometry, input.artifacts, false)), input.highlighted);
}

/** Builds the scene on the page in slices, pausing between layers and overlays (when no worker built it). */
export async function buildSceneSliced(input: SceneInput, pause: () => Promise<void>): Promise<Scene> {
  const steps = sceneDataSteps(input.geometry, input.artifacts, false);
  for (;;) {
    const r = steps.next();
    if (r.done) return hydrateScene(r.value, input.highlighted);
    await pause();
  }
}

/** The overlays of `keys` from the artifacts, placed for a scene with this origin: the later overlays of a scene (FIRST_OVERLAYS). */
export function buildOverlayData(artifacts: ArtifactData, origin: { x: number; y: number }, keys: readonly OverlayKey[]): OverlayData[] {
  return runSteps(overlayItemSteps(artifacts, keys)).map((l) => finishOverlay(l, origin.x, origin.y));
}

/** Builds the scene's data in one go (the worker). */
/** `offPage`: built in a worker for the page, with the segment index and the render worker's copies (SceneDataLayer). */
export function buildSceneData(geometry: DrawingGeometry, artifacts: ArtifactData | undefined, offPage: boolean): SceneData {
  return runSteps(sceneDataSteps(geometry, artifacts, offPage));
}

function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export function* sceneDataSteps(geometry: DrawingGeometry, artifacts: ArtifactData | undefined, offPage: boolean): Generator<void, SceneData, void> {
  const canvas = artifacts?.get('canvas_data.json');
  const pipelineColors = new Map<string, string>();
  if (isObj(canvas)) for (const l of arr(canvas.layers)) if (isObj(l)) pipelineColors.set(str(l.name), str(l.color));
  const lists = artifacts ? yield* overlayItemSteps(artifacts) : [];

  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  if (geometry.bounds) ({ minX, minY, maxX, maxY } = geometry.bounds);
  for (const l of lists)
    for (let i = 0; i < l.coords.length; i += 2) {
      const x = l.coords[i], y = l.coords[i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  const bounds = minX <= maxX ? { minX, minY, maxX, maxY } : { minX: -5000, minY: -5000, maxX: 5000, maxY: 5000 };
  const origin = { x: Math.round((bounds.minX + bounds.maxX) / 2), y: Math.round((bounds.minY + bounds.maxY) / 2) };
  const overlays: OverlayData[] = [];
  for (const l of lists) {
    overlays.push(finishOverlay(l, origin.x, origin.y));
    yield;
  }
  let paletteIndex = 0;
  const layers: SceneDataLayer[] = [];
  for (const g of geometry.layers) {
    const color = pipelineColors.get(g.name) || LAYER_PALETTE[paletteIndex++ % LAYER_PALETTE.length];
    const chunked = chunkLayer(g, origin.x, origin.y);
    const forRenderer = offPage ? { verts: chunked.verts.slice(), lens: chunked.lens.slice() } : null;
    layers.push({ geometry: g, color, ...chunked, forRenderer });
    yield;
  }
  const segmentIndex = offPage ? ((buildSegmentIndex(geometry.layers)?.data as ArrayBuffer | undefined) ?? null) : null;
  return { origin, bounds, layers, overlays, segmentCount: geometry.segmentCount, segmentIndex, canvas: canvasTable(canvas) };
}

/** The buffers of scene data, for Comlink.transfer (each listed once). */
export function sceneTransferables(d: SceneData): ArrayBuffer[] {
  return transferList((add) => {
    for (const l of d.layers) {
      add(l.geometry.segments);
      add(l.geometry.entity);
      add(l.geometry.part);
      add(l.verts);
      add(l.lens);
      add(l.order);
      add(l.forRenderer?.verts);
      add(l.forRenderer?.lens);
    }
    for (const o of d.overlays) addOverlayBuffers(o, add);
    add(d.segmentIndex);
    if (d.canvas) {
      add(d.canvas.layer);
      add(d.canvas.coords);
      add(d.canvas.ids);
      add(d.canvas.idStart);
      add(d.canvas.index);
    }
  });
}

function addOverlayBuffers(o: OverlayData, add: AddBuffer): void {
  add(o.coords);
  add(o.start);
  add(o.group);
  add(o.axis);
  add(o.axisVerts);
  add(o.meta);
  add(o.metaStart);
  add(o.index);
  for (const g of o.gpu) {
    add(g.fill);
    add(g.stroke);
  }
}

/** The buffers of overlays, for Comlink.transfer. */
export function overlayTransferables(list: readonly OverlayData[]): ArrayBuffer[] {
  return transferList((add) => list.forEach((o) => addOverlayBuffers(o, add)));
}

type AddBuffer = (a: ArrayBufferView | ArrayBuffer | null | undefined) => void;

/** The distinct non-empty buffers behind the views that `fill` adds. */
function transferList(fill: (add: AddBuffer) => void): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  fill((a) => {
    if (!a) return;
    const b = a instanceof ArrayBuffer ? a : a.buffer;
    if (b instanceof ArrayBuffer && b.byteLength > 0) out.add(b);
  });
  return [...out];
}

function hydrateOverlay(o: OverlayData): Overlay {
  return { ...o, index: o.index ? Flatbush.from(o.index) : null };
}

/**
 * Adds overlays built after the scene (the later ones, see FIRST_OVERLAYS), in legend order. The overlay list is
 * replaced on the scene itself: renderers and picking read it each time they draw or pick (the WebGL renderer
 * uploads an overlay the first time it is shown), so nothing already on the GPU is sent again.
 */
export function addOverlays(scene: Scene, more: readonly OverlayData[]): void {
  const added = new Set(more.map((o) => o.key));
  scene.overlays = [...scene.overlays.filter((o) => !added.has(o.key)), ...more.map(hydrateOverlay)].sort(byOverlayOrder);
}

/** Wraps scene data for the renderers and picking: no geometry is copied and no index rebuilt. */
export function hydrateScene(d: SceneData, highlighted: ReadonlySet<string>): Scene {
  const layers: SceneLayer[] = d.layers.map((l, index) => {
    const on = highlighted.has(l.geometry.name);
    return {
      index,
      name: l.geometry.name,
      color: l.color,
      rgba: on ? hexToRgba(l.color, 1) : DIMMED,
      highlighted: on,
      geometry: l.geometry,
      segmentCount: l.geometry.segments.length / 4,
      verts: l.verts,
      lens: l.lens,
      order: l.order,
      chunks: l.chunks,
      forRenderer: l.forRenderer,
    };
  });
  const overlays: Overlay[] = d.overlays.map(hydrateOverlay);
  const offsets = layerOffsets(d.layers);
  // Without a prebuilt index (built on the page), it is made on the first pick (or when the viewer is idle).
  let index: Flatbush | null | undefined = d.segmentIndex ? Flatbush.from(d.segmentIndex) : undefined;
  const segmentIndex = () => (index === undefined ? (index = buildSegmentIndex(d.layers.map((l) => l.geometry))) : index);
  return {
    origin: d.origin,
    bounds: d.bounds,
    layers,
    overlays,
    segmentCount: d.segmentCount,
    segmentIndex,
    layerOffset: offsets,
    entityIds: d.canvas ? entityIdLookup(d.canvas) : null,
  };
}

/** Finds the pipeline id of a drawn segment by its geometry rounded to 0.1 mm, through the canvas segments' index. */
function entityIdLookup(c: CanvasSegments): (layer: SceneLayer, seg: number) => string | null {
  const index = c.index ? Flatbush.from(c.index) : null;
  const r = (v: number) => Math.round(v * 10);
  return (layer, seg) => {
    if (!index) return null;
    const s = layer.geometry.segments, o = seg * 4;
    const x1 = s[o], y1 = s[o + 1], x2 = s[o + 2], y2 = s[o + 3];
    const e = 0.11;
    let found = -1;
    for (const h of index.search(Math.min(x1, x2) - e, Math.min(y1, y2) - e, Math.max(x1, x2) + e, Math.max(y1, y2) + e)) {
      if (h <= found || c.layerNames[c.layer[h]] !== layer.name) continue;
      const k = h * 4;
      const a1 = r(c.coords[k]), b1 = r(c.coords[k + 1]), a2 = r(c.coords[k + 2]), b2 = r(c.coords[k + 3]);
      const same = a1 === r(x1) && b1 === r(y1) && a2 === r(x2) && b2 === r(y2);
      const flipped = a1 === r(x2) && b1 === r(y2) && a2 === r(x1) && b2 === r(y1);
      // The last matching segment wins, as in a table filled in file order.
      if (same || flipped) found = h;
    }
    return found < 0 ? null : utf8(c.ids, c.idStart, found);
  };
}
