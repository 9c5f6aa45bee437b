import type { Box2 } from '../model';
import type { PlanEntities, PlanLine, PlanOpening, PlanPolyline } from '../entities';
import { Hasher, hexOf } from '../geometry/hash';
import { emptyBox, growBox, padBox } from '../geometry/box';

export interface LayerStyle {
  name: string;
  color: string;
}

export interface CleanOutput {
  entities: PlanEntities;
  bounds: Box2;
  layerStyles: LayerStyle[];
  metrics: Record<string, number>;
}

// Okabe–Ito and Tol palettes: distinguishable for colour-blind users.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#332288', '#117733', '#882255', '#44AA99', '#999933'];

/**
 * A line and its reversed copy are the same line: every line is stored in one canonical direction
 * (lexicographically smaller end first), so which copy survives deduplication does not matter.
 */
function isForward(l: PlanLine): boolean {
  return l.x1 < l.x2 || (l.x1 === l.x2 && (l.y1 < l.y2 || (l.y1 === l.y2 && l.z1 <= l.z2)));
}

/** Turns the line to its canonical direction and gives it its id. */
function canonicalizeLine(l: PlanLine, id: string): void {
  l.id = id;
  if (isForward(l)) return;
  const { x1, y1, z1 } = l;
  l.x1 = l.x2;
  l.y1 = l.y2;
  l.z1 = l.z2;
  l.x2 = x1;
  l.y2 = y1;
  l.z2 = z1;
}

/** Likewise a polyline is stored in the direction whose coordinates sort first. */
function isForwardPolyline(xy: readonly number[]): boolean {
  const n = xy.length;
  for (let i = 0; i < n; i++) {
    // Compare the sequence with its reverse (points reversed, x before y) until they differ.
    const j = i % 2 === 0 ? n - 2 - i : n - i;
    if (xy[i] !== xy[j]) return xy[i] < xy[j];
  }
  return true;
}

function reversedPoints(xy: readonly number[]): number[] {
  const reversed: number[] = [];
  for (let k = xy.length - 2; k >= 0; k -= 2) reversed.push(xy[k], xy[k + 1]);
  return reversed;
}

function canonicalizePolyline(p: PlanPolyline, id: string): void {
  p.id = id;
  if (!isForwardPolyline(p.xy)) p.xy = reversedPoints(p.xy);
}

function canonicalizeOpening(o: PlanOpening, id: string): void {
  o.id = id;
}

/** Hash of the line in its canonical direction. */
function lineHash(l: PlanLine, h: Hasher): Hasher {
  h.str(l.layer).str('L');
  return isForward(l) ? h.num(l.x1).num(l.y1).num(l.z1).num(l.x2).num(l.y2).num(l.z2) : h.num(l.x2).num(l.y2).num(l.z2).num(l.x1).num(l.y1).num(l.z1);
}

/** Hash of the polyline's points in its canonical direction. */
function polylineHash(p: PlanPolyline, h: Hasher): Hasher {
  h.str(p.layer).str(p.closed ? 'P1' : 'P0');
  const xy = p.xy;
  if (isForwardPolyline(xy)) for (let k = 0; k < xy.length; k++) h.num(xy[k]);
  else for (let k = xy.length - 2; k >= 0; k -= 2) h.num(xy[k]).num(xy[k + 1]);
  return h;
}

function openingHash(o: PlanOpening, h: Hasher): Hasher {
  const b = o.box;
  return h.str(o.layer).str('B').str(o.name).num(o.x).num(o.y).num(o.rotation).num(b.minX).num(b.minY).num(b.maxX).num(b.maxY);
}

/**
 * The indices 0…n−1 ordered by (high, low), equal keys in index order: a stable LSD radix sort over the
 * eight bytes, low word first. A comparator sort calls back into JS for each of its n·log n comparisons.
 */
function orderByHash(high: Uint32Array, low: Uint32Array): Uint32Array {
  const n = high.length;
  let order = new Uint32Array(n), next = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const bucketStart = new Uint32Array(257);
  for (let pass = 0; pass < 8; pass++) {
    const words = pass < 4 ? low : high, shift = (pass % 4) * 8;
    bucketStart.fill(0);
    for (let k = 0; k < n; k++) bucketStart[((words[k] >>> shift) & 255) + 1]++;
    for (let b = 1; b < 257; b++) bucketStart[b] += bucketStart[b - 1];
    for (let k = 0; k < n; k++) {
      const i = order[k];
      next[bucketStart[(words[i] >>> shift) & 255]++] = i;
    }
    const done = next;
    next = order;
    order = done;
  }
  return order;
}

/**
 * One hasher for every job, reset per entity. V8 holds the shape (map) of Hasher objects only weakly: with
 * hashers made per call, it dies with the job's last hasher and every function optimised for it is thrown
 * away (a "weak objects" deoptimisation), so each job would hash with cold code.
 */
const HASHER = new Hasher();

/**
 * Keeps the first of each group of equal entities (same 64-bit hash of layer, type and geometry), gives
 * each survivor that hash as id (in place: the items are NORMALIZE's own output, which nothing reads
 * afterwards, and a copy of each would only be garbage), sorts by id. Works on the hash words, not their text: sorting by
 * (high, low) is sorting by id because the id is their fixed-width hex, and the index as last key makes
 * the first copy in file order lead its group.
 */
function dedupeByHash<T>(items: readonly T[], hashOf: (item: T, h: Hasher) => Hasher, canonicalize: (item: T, id: string) => void): { kept: T[]; removed: number } {
  const n = items.length;
  const high = new Uint32Array(n), low = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    hashOf(items[i], HASHER.reset());
    high[i] = HASHER.high();
    low[i] = HASHER.low();
  }
  const order = orderByHash(high, low);
  const kept: T[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k], prev = order[k - 1];
    if (k > 0 && high[i] === high[prev] && low[i] === low[prev]) continue;
    canonicalize(items[i], hexOf(high[i], low[i]));
    kept.push(items[i]);
  }
  return { kept, removed: n - kept.length };
}

/** Adds the entities' layer names; runs of one layer (the usual case) cost one comparison per entity. */
function addLayerNames(names: Set<string>, entities: readonly { layer: string }[]): void {
  let last: string | null = null;
  for (let i = 0; i < entities.length; i++) {
    const layer = entities[i].layer;
    if (layer !== last) names.add((last = layer));
  }
}

function entityBounds(e: PlanEntities): Box2 {
  const box = emptyBox();
  for (const l of e.lines) {
    growBox(box, l.x1, l.y1);
    growBox(box, l.x2, l.y2);
  }
  for (const p of e.polylines) for (let i = 0; i < p.xy.length; i += 2) growBox(box, p.xy[i], p.xy[i + 1]);
  for (const o of e.openings) {
    growBox(box, o.box.minX, o.box.minY);
    growBox(box, o.box.maxX, o.box.maxY);
  }
  return Number.isFinite(box.minX) ? padBox(box, 0.05) : { minX: 0, minY: 0, maxX: 0, maxY: 0 };
}

/**
 * CLEAN_DEDUP: removes exact duplicates, assigns deterministic ids, builds padded bounds and layer colours.
 * The kept entities are the input's own objects, given their ids and canonical direction in place.
 */
export function cleanAndDedupe(input: PlanEntities): CleanOutput {
  const lines = dedupeByHash(input.lines, lineHash, canonicalizeLine);
  const polylines = dedupeByHash(input.polylines, polylineHash, canonicalizePolyline);
  const openings = dedupeByHash(input.openings, openingHash, canonicalizeOpening);
  const entities = { lines: lines.kept, polylines: polylines.kept, openings: openings.kept };
  const names = new Set<string>();
  addLayerNames(names, entities.lines);
  addLayerNames(names, entities.polylines);
  addLayerNames(names, entities.openings);
  const layerNames = [...names].sort();
  return {
    entities,
    bounds: entityBounds(entities),
    layerStyles: layerNames.map((name, i) => ({ name, color: PALETTE[i % PALETTE.length] })),
    metrics: {
      lines: lines.kept.length,
      polylines: polylines.kept.length,
      openings: openings.kept.length,
      duplicates_removed: lines.removed + polylines.removed + openings.removed,
    },
  };
}
