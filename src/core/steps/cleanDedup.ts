import type { Box2 } from '../model';
import { listWithRoom, setLine, type PlanEntities, type PlanLines, type PlanOpening, type PlanPolyline } from '../entities';
import { Hasher } from '../geometry/hash';
import { hashIdText, setHashId, type HashIds } from '../hashIds';
import { emptyBox, growBox, padBox } from '../geometry/box';
import { orderByKey } from '../radixOrder';

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
function isForward(xyz: Float64Array, at: number): boolean {
  const x1 = xyz[at], y1 = xyz[at + 1], x2 = xyz[at + 3], y2 = xyz[at + 4];
  return x1 < x2 || (x1 === x2 && (y1 < y2 || (y1 === y2 && xyz[at + 2] <= xyz[at + 5])));
}

/**
 * The kept lines in id order, with their ids, each turned to its canonical direction. The ends are read in the
 * input's order and each kept line written to its place: id order is random in the plan, and reading 48-byte rows
 * in it from 9 MB of lines (200k segments) stalled on nearly every row.
 */
function canonicalLines(input: PlanLines, kept: Kept): PlanLines {
  const count = kept.order.length, place = new Int32Array(input.count).fill(-1), layers = listWithRoom<string>(count);
  for (let k = 0; k < count; k++) {
    place[kept.order[k]] = k;
    layers[k] = input.layers[kept.order[k]];
  }
  const xyz = input.xyz, out = new Float64Array(6 * count);
  for (let i = 0; i < input.count; i++) {
    const k = place[i], at = 6 * i;
    if (k < 0) continue;
    if (isForward(xyz, at)) setLine(out, k, xyz[at], xyz[at + 1], xyz[at + 2], xyz[at + 3], xyz[at + 4], xyz[at + 5]);
    else setLine(out, k, xyz[at + 3], xyz[at + 4], xyz[at + 5], xyz[at], xyz[at + 1], xyz[at + 2]);
  }
  return { count, ids: kept.ids, layers, xyz: out };
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

/** Hash of line i in its canonical direction. */
function lineHash(lines: PlanLines, i: number, h: Hasher): Hasher {
  const xyz = lines.xyz, at = 6 * i;
  h.str(lines.layers[i]).str('L');
  return isForward(xyz, at)
    ? h.num(xyz[at]).num(xyz[at + 1]).num(xyz[at + 2]).num(xyz[at + 3]).num(xyz[at + 4]).num(xyz[at + 5])
    : h.num(xyz[at + 3]).num(xyz[at + 4]).num(xyz[at + 5]).num(xyz[at]).num(xyz[at + 1]).num(xyz[at + 2]);
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
 * One hasher for every job, reset per entity. V8 holds the shape (map) of Hasher objects only weakly: with
 * hashers made per call, it dies with the job's last hasher and every function optimised for it is thrown
 * away (a "weak objects" deoptimisation), so each job would hash with cold code.
 */
const HASHER = new Hasher();

/** The survivors of deduplication: their indices in id order, and their ids. */
interface Kept {
  order: Int32Array;
  ids: HashIds;
}

/**
 * Keeps the first of each group of equal entities 0…n−1 (same 64-bit hash of layer, type and geometry) and
 * gives each survivor that hash as id, in id order. Works on the hash words, not their text: sorting by
 * (high, low) is sorting by id because the id is their fixed-width hex, and the index as last key makes
 * the first copy in file order lead its group.
 */
function dedupeByHash(n: number, hashOf: (i: number, h: Hasher) => Hasher): Kept {
  const high = new Uint32Array(n), low = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    hashOf(i, HASHER.reset());
    high[i] = HASHER.high();
    low[i] = HASHER.low();
  }
  const order = orderByKey(low, high);
  const keptOrder = new Int32Array(n), ids = new Uint32Array(3 * n);
  let count = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k], prev = order[k - 1];
    if (k > 0 && high[i] === high[prev] && low[i] === low[prev]) continue;
    keptOrder[count] = i;
    setHashId(ids, count++, high[i], low[i], 0);
  }
  return { order: keptOrder.subarray(0, count), ids: ids.subarray(0, 3 * count) };
}

/**
 * The kept items given their ids (as text: polylines and openings are few) in place (they are NORMALIZE's own
 * output, which nothing reads afterwards, and a copy of each would only be garbage).
 */
function keptItems<T>(items: readonly T[], kept: Kept, canonicalize: (item: T, id: string) => void): T[] {
  // Pushed one by one: Array.from over the typed order would make an iterator result per item.
  const out: T[] = [];
  for (let k = 0; k < kept.order.length; k++) {
    const item = items[kept.order[k]];
    canonicalize(item, hashIdText(kept.ids, k));
    out.push(item);
  }
  return out;
}

/** Adds the entities' layer names; runs of one layer (the usual case) cost one comparison per entity. */
function addLayerNames(names: Set<string>, layers: readonly string[]): void {
  let last: string | null = null;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    if (layer !== last) names.add((last = layer));
  }
}

function entityBounds(e: PlanEntities): Box2 {
  const box = emptyBox();
  const xyz = e.lines.xyz;
  for (let at = 0; at < 6 * e.lines.count; at += 3) growBox(box, xyz[at], xyz[at + 1]);
  for (const p of e.polylines) for (let i = 0; i < p.xy.length; i += 2) growBox(box, p.xy[i], p.xy[i + 1]);
  for (const o of e.openings) {
    growBox(box, o.box.minX, o.box.minY);
    growBox(box, o.box.maxX, o.box.maxY);
  }
  return Number.isFinite(box.minX) ? padBox(box, 0.05) : { minX: 0, minY: 0, maxX: 0, maxY: 0 };
}

/**
 * CLEAN_DEDUP: removes exact duplicates, assigns deterministic ids, builds padded bounds and layer colours.
 * The kept polylines and openings are the input's own objects, given their ids and canonical direction in place;
 * the kept lines are copied into new arrays in id order.
 */
export function cleanAndDedupe(input: PlanEntities): CleanOutput {
  const { lines: inputLines, polylines: inputPolylines, openings: inputOpenings } = input;
  const keptLines = dedupeByHash(inputLines.count, (i, h) => lineHash(inputLines, i, h));
  const keptPolylines = dedupeByHash(inputPolylines.length, (i, h) => polylineHash(inputPolylines[i], h));
  const keptOpenings = dedupeByHash(inputOpenings.length, (i, h) => openingHash(inputOpenings[i], h));
  const entities = {
    lines: canonicalLines(inputLines, keptLines),
    polylines: keptItems(inputPolylines, keptPolylines, canonicalizePolyline),
    openings: keptItems(inputOpenings, keptOpenings, canonicalizeOpening),
  };
  const names = new Set<string>();
  addLayerNames(names, entities.lines.layers);
  addLayerNames(names, entities.polylines.map((p) => p.layer));
  addLayerNames(names, entities.openings.map((o) => o.layer));
  const layerNames = [...names].sort();
  return {
    entities,
    bounds: entityBounds(entities),
    layerStyles: layerNames.map((name, i) => ({ name, color: PALETTE[i % PALETTE.length] })),
    metrics: {
      lines: entities.lines.count,
      polylines: entities.polylines.length,
      openings: entities.openings.length,
      duplicates_removed: inputLines.count + inputPolylines.length + inputOpenings.length - entities.lines.count - entities.polylines.length - entities.openings.length,
    },
  };
}
