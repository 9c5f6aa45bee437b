import type { SegmentGeometry } from '../segments';
import { Hasher, hashString } from '../geometry/hash';
import { groupByAngle, rectAngle, rectOfRow, rectTableOf, rectTableRows, reframeRowExtent, type RectTable, type WallRect } from '../rects';
import { orderByHexText, orderByNumbers } from '../radixOrder';
import { boxHits, type BoxSearch } from '../geometry/searchInto';
import { byText, sortShort } from './sortShort';

export interface BandRule {
  minThickness: number;
  maxThickness: number;
  /** Largest gap along the band that merges without further evidence. */
  maxGap: number;
  /** Face lines of one band agree within this. */
  faceTolerance: number;
  /** Directions of one band agree within this (radians). */
  angleTolerance: number;
}

/** Index of the first value >= x in an ascending array. */
function lowerBound(values: ArrayLike<number>, x: number): number {
  let lo = 0, hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The drawn segments and a search over their boxes (searchOf(indexSegments(…)) of the same geometry; the test
 * oracle's finds every segment), where band merging looks for faces that continue across a gap.
 */
interface Drawing {
  set: SegmentGeometry;
  search: BoxSearch;
}

const nearFaces = boxHits();

/**
 * Whether a drawn segment runs along face offset sa or sb of the frame and covers t0..t1 (a face that
 * continues), tested in the frame with toFrame's arithmetic. Such a segment has a point in the frame's box
 * t0 - tol .. t1 + tol between the faces grown by tol: only the segments whose boxes meet that box (grown
 * by tol against rounding) are tested.
 */
function faceContinues(w: FrameTable, sa: number, sb: number, t0: number, t1: number, tol: number): boolean {
  const { ux, uy } = w, { set, search } = w.drawing;
  const lo = t0 - tol, hi = t1 + tol, below = Math.min(sa, sb) - tol, above = Math.max(sa, sb) + tol;
  const count = search(
    Math.min(lo * ux, hi * ux) - Math.max(below * uy, above * uy) - tol, Math.min(lo * uy, hi * uy) + Math.min(below * ux, above * ux) - tol,
    Math.max(lo * ux, hi * ux) - Math.min(below * uy, above * uy) + tol, Math.max(lo * uy, hi * uy) + Math.max(below * ux, above * ux) + tol,
    nearFaces,
  );
  for (let h = 0; h < count; h++) {
    const k = nearFaces.items[h];
    const ta = ux * set.x1[k] + uy * set.y1[k], tb = ux * set.x2[k] + uy * set.y2[k];
    if (Math.min(ta, tb) > t0 + tol || Math.max(ta, tb) < t1 - tol) continue;
    const s1 = -uy * set.x1[k] + ux * set.y1[k], s2 = -uy * set.x2[k] + ux * set.y2[k];
    if ((Math.abs(s1 - sa) <= tol && Math.abs(s2 - sa) <= tol) || (Math.abs(s1 - sb) <= tol && Math.abs(s2 - sb) <= tol)) return true;
  }
  return false;
}

/**
 * The rectangles of one direction group in the group's frame, in flat arrays: band merging compares and
 * sorts them many times, and objects are made only for the rectangles it outputs. Entry i is row row[i] of
 * source. A plain object (not a class instance, whose hidden class would die with each job and take the
 * optimised code with it).
 */
interface FrameTable {
  source: RectTable;
  row: ArrayLike<number>;
  ux: number;
  uy: number;
  t0: Float64Array;
  t1: Float64Array;
  s0: Float64Array;
  s1: Float64Array;
  drawing: Drawing;
  /**
   * The rectangles as objects, row for row, when they are already in the group's frame (strips after layering): a
   * run of one is then its own strip, not a copy. After layering, nearly every run is one strip that the first pass
   * made, and copying them all made LOGIC_E's largest share of what lives long enough to be promoted.
   */
  strips: WallRect[] | null;
}

function emptyTable(source: RectTable, row: ArrayLike<number>, frame: Pick<WallRect, 'ux' | 'uy'>, drawing: Drawing): FrameTable {
  const n = row.length;
  return { source, row, ux: frame.ux, uy: frame.uy, t0: new Float64Array(n), t1: new Float64Array(n), s0: new Float64Array(n), s1: new Float64Array(n), drawing, strips: null };
}

/**
 * Rectangles of any frame near the group's, projected into it: rows members[i] of source, whose numbers are
 * row members[i] of `numbers` (ux, uy, t0, t1, s0, s1 per row, rectRows' layout).
 */
function frameTable(source: RectTable, numbers: Float64Array, members: number[], frame: Pick<WallRect, 'ux' | 'uy'>, drawing: Drawing): FrameTable {
  const table = emptyTable(source, members, frame, drawing);
  for (let i = 0; i < members.length; i++) {
    const e = reframeRowExtent(numbers, members[i], frame);
    table.t0[i] = e[0];
    table.t1[i] = e[1];
    table.s0[i] = e[2];
    table.s1[i] = e[3];
  }
  return table;
}

/**
 * The items at the positions listed, in that order. Pushed one by one, here and in listOf: Array.from over a typed
 * array or an iterator pushes too, but makes an iterator result per item (75 bytes each; some 15 MB per 200k-segment
 * job in this step). Not presized (listWithRoom): a list with holes sorts and reads more slowly.
 */
function itemsAt<T>(items: ArrayLike<T>, positions: ArrayLike<number>): T[] {
  const out: T[] = [];
  for (let k = 0; k < positions.length; k++) out.push(items[positions[k]]);
  return out;
}

/** The numbers as a list. */
function listOf(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let k = 0; k < values.length; k++) out.push(values[k]);
  return out;
}

/** 0 … n − 1. */
function identity(n: number): Int32Array {
  const row = new Int32Array(n);
  for (let i = 0; i < n; i++) row[i] = i;
  return row;
}

/** Strips already in the frame of a group's table, as they are: their own numbers are the table's. */
function stripTable(strips: WallRect[], group: FrameTable): FrameTable {
  const source = rectTableOf(strips);
  return { source, row: identity(strips.length), ux: group.ux, uy: group.uy, t0: source.t0, t1: source.t1, s0: source.s0, s1: source.s1, drawing: group.drawing, strips };
}

/**
 * Clusters the rectangles whose two face offsets agree within the tolerance. Sweeps them sorted by s0:
 * a band of a long building line holds hundreds of rectangles, and the sweep compares each with all of
 * them. Returns the members of every band in that order (bands by first member), band b at
 * members[start[b] .. start[b + 1]).
 */
function groupByFaces(w: FrameTable, tolerance: number): { members: Int32Array; start: number[] } {
  const { s0, s1, t0 } = w;
  const n = s0.length;
  const order = orderByNumbers(n, s0, s1, t0);
  const parent = new Int32Array(n);
  for (let x = 0; x < n; x++) parent[x] = x;
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (let x = 0; x < n; x++) {
    const i = order[x];
    // The same faces as the one before: that one is joined to every later one this one would be (and to this one).
    if (x > 0 && s0[i] === s0[order[x - 1]] && s1[i] === s1[order[x - 1]]) {
      parent[find(x)] = find(x - 1);
      continue;
    }
    for (let y = x + 1; y < n && s0[order[y]] - s0[i] <= tolerance; y++) {
      if (Math.abs(s1[order[y]] - s1[i]) <= tolerance) parent[find(y)] = find(x);
    }
  }
  // Number the bands by first member, count them, then place every member after the ones before it.
  const bandOfRoot = new Int32Array(n).fill(-1);
  const bandOf = new Int32Array(n);
  const start = [0];
  for (let x = 0; x < n; x++) {
    const root = find(x);
    if (bandOfRoot[root] < 0) {
      bandOfRoot[root] = start.length - 1;
      start.push(0);
    }
    bandOf[x] = bandOfRoot[root];
    start[bandOf[x] + 1]++;
  }
  for (let b = 1; b < start.length; b++) start[b] += start[b - 1];
  const next = start.slice(0, -1);
  const members = new Int32Array(n);
  for (let x = 0; x < n; x++) members[next[bandOf[x]]++] = order[x];
  return { members, start };
}

/** One rectangle of the group as an object in the group's frame (what reframe gives). */
function framedRect(w: FrameTable, i: number): WallRect {
  const { source, row } = w, r = row[i];
  return {
    id: source.ids[r], ux: w.ux, uy: w.uy, t0: w.t0[i], t1: w.t1[i], s0: w.s0[i], s1: w.s1[i],
    layers: source.layers[r], sources: source.sources[r], startSide: source.startSide[r], endSide: source.endSide[r],
  };
}

// A run of a band's rectangles is band[start .. end) of its list in order along the band: passed as those three,
// not as a list of its own (one per merged rectangle, some 80k at 200k segments).

/**
 * The layers of the run's rectangles, once each, sorted (sorted first, so repeats are neighbours; a name the same
 * as the one before is not even gathered: neighbours along a band mostly share their layer).
 */
function layersOfRun(w: FrameTable, band: number[], start: number, end: number): string[] {
  // Rectangles of one layer share one list (layerPair's), which the merged one may share too.
  const first = w.source.layers[w.row[band[start]]];
  let shared = true;
  for (let k = start + 1; k < end && shared; k++) shared = w.source.layers[w.row[band[k]]] === first;
  if (shared) return first;
  const all: string[] = [];
  for (let k = start; k < end; k++) {
    for (const name of w.source.layers[w.row[band[k]]]) if (all.length === 0 || all[all.length - 1] !== name) all.push(name);
  }
  return uniqueSorted(sortShort(all, byText));
}

/** The sources of the run's rectangles, once each, ascending. */
function sourcesOfRun(w: FrameTable, band: number[], start: number, end: number): number[] {
  const all: number[] = [];
  for (let k = start; k < end; k++) for (const source of w.source.sources[w.row[band[k]]]) all.push(source);
  return uniqueSorted(sortShort(all, ascending));
}

/** Numbers in ascending order (sources are numbers; without a comparator, sorts order them as text). */
const ascending = (a: number, b: number) => a - b;

/** A sorted list with its repeats removed, in place. */
function uniqueSorted<T>(sorted: T[]): T[] {
  let kept = 0;
  for (const x of sorted) if (kept === 0 || sorted[kept - 1] !== x) sorted[kept++] = x;
  sorted.length = kept;
  return sorted;
}

const idHasher = new Hasher();

/** The id of the rectangle merged from the run's: hashString of their sorted ids joined by '|', hashed part by part. */
function mergedId(w: FrameTable, band: number[], start: number, end: number): string {
  const ids: string[] = [];
  for (let k = start; k < end; k++) ids.push(w.source.ids[w.row[band[k]]]);
  sortShort(ids, byText);
  idHasher.reset();
  for (let k = 0; k < ids.length; k++) (k > 0 ? idHasher.chars('|') : idHasher).chars(ids[k]);
  return idHasher.end().hex();
}

/** One rectangle for a run of the group's rectangles along a band: thickness-weighted faces, the outer ends. */
function combine(w: FrameTable, band: number[], start: number, end: number): WallRect {
  if (end - start === 1) return w.strips ? w.strips[w.row[band[start]]] : framedRect(w, band[start]);
  let weight = 0, s0 = 0, s1 = 0;
  let first = band[start], last = band[start];
  for (let k = start; k < end; k++) {
    const i = band[k];
    const length = w.t1[i] - w.t0[i];
    weight += length;
    s0 += w.s0[i] * length;
    s1 += w.s1[i] * length;
    if (w.t0[i] < w.t0[first]) first = i;
    if (w.t1[i] > w.t1[last]) last = i;
  }
  return {
    id: mergedId(w, band, start, end),
    ux: w.ux,
    uy: w.uy,
    t0: w.t0[first],
    t1: w.t1[last],
    s0: s0 / weight,
    s1: s1 / weight,
    layers: layersOfRun(w, band, start, end),
    sources: sourcesOfRun(w, band, start, end),
    startSide: w.source.startSide[w.row[first]],
    endSide: w.source.endSide[w.row[last]],
  };
}

/** Merges the rectangles of one band along it: touching or overlapping, or across a gap one face spans. */
function mergeBand(w: FrameTable, band: Int32Array, rule: BandRule, out: WallRect[]): void {
  const { t0, t1 } = w, ids = w.source.ids, row = w.row;
  const sorted = sortShort(listOf(band), (a, b) => t0[a] - t0[b] || t1[a] - t1[b] || (ids[row[a]] < ids[row[b]] ? -1 : 1));
  let runStart = 0;
  let runEnd = t1[sorted[0]];
  for (let k = 1; k < sorted.length; k++) {
    const r = sorted[k], head = sorted[runStart];
    const gap = t0[r] - runEnd;
    const joins =
      gap <= rule.maxGap ||
      (gap <= rule.maxThickness &&
        faceContinues(w, w.s0[head], w.s1[head], runEnd, t0[r], rule.faceTolerance));
    if (joins) runEnd = Math.max(runEnd, t1[r]);
    else {
      out.push(combine(w, sorted, runStart, k));
      runStart = k;
      runEnd = t1[r];
    }
  }
  out.push(combine(w, sorted, runStart, sorted.length));
}

/** Every band of the rectangles (one direction group), merged along itself. */
function mergeBandsOf(w: FrameTable, rule: BandRule): WallRect[] {
  const { members, start } = groupByFaces(w, rule.faceTolerance);
  const out: WallRect[] = [];
  for (let b = 0; b + 1 < start.length; b++) mergeBand(w, members.subarray(start[b], start[b + 1]), rule, out);
  return out;
}

/**
 * The parts of r outside t0..t1 along its band, as separate rectangles. Parts no longer than minLength
 * are where the outer layers wrap a corner; the layered wall's junction covers them, so they are dropped.
 */
function remaindersOutside(r: WallRect, t0: number, t1: number, minLength: number): WallRect[] {
  const parts: WallRect[] = [];
  if (r.t0 < t0 - minLength) parts.push({ ...r, id: hashString(`${r.id}<${Math.round(t0 * 10)}`), t1: t0, endSide: 'added' });
  if (r.t1 > t1 + minLength) parts.push({ ...r, id: hashString(`${r.id}>${Math.round(t1 * 10)}`), t0: t1, startSide: 'added' });
  return parts;
}

function layer(a: WallRect, b: WallRect, t0: number, t1: number): WallRect {
  return {
    ...a,
    id: hashString(`${a.id}+${b.id}`),
    t0, t1, s1: b.s1,
    layers: [...new Set([...a.layers, ...b.layers])].sort(),
    sources: [...new Set([...a.sources, ...b.sources])].sort(ascending),
    startSide: a.t0 >= b.t0 ? a.startSide : b.startSide,
    endSide: a.t1 <= b.t1 ? a.endSide : b.endSide,
  };
}

/**
 * The strips by s0, then t0, then id: a radix sort on the two numbers (read from each strip once), then ids for
 * the rare runs of equal numbers. A comparator sort read two strips' boxed numbers per comparison, n·log n
 * reads spread over the heap: at 200k segments 4.9× its 100k time.
 */
export function byFacesThenStart(strips: WallRect[]): WallRect[] {
  const n = strips.length, s0 = new Float64Array(n), t0 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s0[i] = strips[i].s0;
    t0[i] = strips[i].t0;
  }
  const sorted = itemsAt(strips, orderByNumbers(n, s0, t0));
  for (let start = 0, end = 1; start < n; start = end++) {
    while (end < n && sorted[end].s0 === sorted[start].s0 && sorted[end].t0 === sorted[start].t0) end++;
    if (end - start > 1) sorted.splice(start, end - start, ...sorted.slice(start, end).sort((a, b) => (a.id < b.id ? -1 : 1)));
  }
  return sorted;
}

/** Strips split into those a layering pass must look at and those it may leave as they are. */
export interface NearAndFar {
  near: WallRect[];
  far: WallRect[];
}

/** How a layering pass after the first picks its strips: nearAcross, or (the test oracle's) every strip. */
export type LayerPassStrips = (strips: WallRect[], fresh: WallRect[], reach: number) => NearAndFar;

/**
 * The strips whose extent across the band (s0..s1) comes within reach of some fresh strip's, and the others. Passes
 * over every strip of a direction group, for the few new strips, went through 104k strips in all at 200k segments
 * (21 passes) against 44k at 100k (20 passes): a bigger plan more often has one spot that needs another pass.
 */
export function nearAcross(strips: WallRect[], fresh: WallRect[], reach: number): NearAndFar {
  // The fresh extents grown by reach, merged into disjoint intervals in order (of their starts: a radix sort).
  const starts = new Float64Array(fresh.length);
  for (let k = 0; k < fresh.length; k++) starts[k] = fresh[k].s0;
  const byStart = orderByNumbers(fresh.length, starts);
  const lo: number[] = [], hi: number[] = [];
  for (let k = 0; k < byStart.length; k++) {
    const r = fresh[byStart[k]], a = r.s0 - reach, b = r.s1 + reach;
    if (hi.length > 0 && a <= hi[hi.length - 1]) hi[hi.length - 1] = Math.max(hi[hi.length - 1], b);
    else {
      lo.push(a);
      hi.push(b);
    }
  }
  const near: WallRect[] = [], far: WallRect[] = [];
  for (const r of strips) {
    // The last interval starting at or below r.s1 is the only one that can reach r (they are disjoint and in order).
    const first = lowerBound(lo, r.s1), k = first < lo.length && lo[first] === r.s1 ? first : first - 1;
    (k >= 0 && hi[k] >= r.s0 ? near : far).push(r);
  }
  return { near, far };
}

/** Layers that stack in one wall; a guard against endless passes on degenerate input. */
const MAX_LAYER_PASSES = 8;

/**
 * Layered walls: two strips of one direction that share a face line (an insulation or cladding line
 * drawn inside a wall) become one strip of the full thickness where they run side by side, as long as
 * the total stays a wall thickness. Each pass merges every strip at most once; passes repeat so three
 * layers merge too.
 */
export function mergeLayers(strips: WallRect[], rule: BandRule, passStrips: LayerPassStrips = nearAcross): { strips: WallRect[]; merges: number } {
  let merges = 0;
  let current = strips;
  let fresh: WallRect[] = [];
  for (let pass = 0; pass < MAX_LAYER_PASSES; pass++) {
    // After the first pass every merge takes a strip made in the pass before (two older strips that could merge
    // would have, when the lower one's turn came): a later pass needs only the strips near those across the band.
    const { near, far } = pass === 0 ? { near: current, far: [] } : passStrips(current, fresh, rule.maxThickness + rule.faceTolerance);
    const sorted = byFacesThenStart(near);
    const starts = sorted.map((r) => r.s0);
    const used = new Uint8Array(sorted.length);
    const produced: WallRect[] = [];
    for (let i = 0; i < sorted.length; i++) {
      if (used[i]) continue;
      const a = sorted[i];
      for (let j = lowerBound(starts, a.s1 - rule.faceTolerance); j < sorted.length && starts[j] <= a.s1 + rule.faceTolerance; j++) {
        const b = sorted[j];
        if (j === i || used[j] || b.s1 - a.s0 > rule.maxThickness) continue;
        const t0 = Math.max(a.t0, b.t0), t1 = Math.min(a.t1, b.t1);
        if (t1 - t0 <= rule.maxGap) continue;
        const layered = layer(a, b, t0, t1);
        const wrap = layered.s1 - layered.s0;
        produced.push(layered, ...remaindersOutside(a, t0, t1, wrap), ...remaindersOutside(b, t0, t1, wrap));
        used[i] = used[j] = 1;
        merges++;
        break;
      }
    }
    if (produced.length === 0) break;
    current = far.concat(sorted.filter((_, k) => !used[k]), produced);
    fresh = produced;
  }
  return { strips: current, merges };
}

/** The rectangles in id order; hash ids (nearly all) by radix sort, which at 200k segments takes a third of the comparisons' time. */
function sortedById(rects: WallRect[]): WallRect[] {
  const order = orderByHexText(rects.map((r) => r.id));
  if (!order) return rects.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return itemsAt(rects, order);
}

/**
 * LOGIC_E: merges rectangles of the same band (same direction, same two face lines) that touch or overlap
 * along it, at any angle. Rectangles outside the thickness range pass through unchanged. `search` searches
 * the boxes of the segments of `set` (searchOf(indexSegments(set))).
 */
export function mergeBands(rects: RectTable, set: SegmentGeometry, search: BoxSearch, rule: BandRule): { rects: RectTable; merged: number; layerMerges: number } {
  const drawing: Drawing = { set, search };
  const eligible: number[] = [], out: WallRect[] = [];
  for (let i = 0; i < rects.count; i++) {
    const thickness = rects.s1[i] - rects.s0[i];
    if (thickness >= rule.minThickness && thickness <= rule.maxThickness) eligible.push(i);
    else out.push(rectOfRow(rects, i));
  }
  let layerMerges = 0;
  const numbers = rectTableRows(rects);
  // A loop, not Float64Array.from over the list: that makes an iterator result per item.
  const angles = new Float64Array(eligible.length);
  for (let k = 0; k < eligible.length; k++) angles[k] = rectAngle({ ux: rects.ux[eligible[k]], uy: rects.uy[eligible[k]] });
  for (const group of groupByAngle(angles, rule.angleTolerance)) {
    const members = group.map((k) => eligible[k]);
    const frame = { ux: rects.ux[members[0]], uy: rects.uy[members[0]] };
    const table = frameTable(rects, numbers, members, frame, drawing);
    const merged = mergeBandsOf(table, rule);
    const layered = mergeLayers(merged, rule);
    layerMerges += layered.merges;
    // Layering cuts strips where their neighbours end; join the pieces of each band again.
    out.push(...(layered.merges ? mergeBandsOf(stripTable(layered.strips, table), rule) : merged));
  }
  // A table, read once in id order: LOGIC_F and the artifact writer read the rectangles in that order, and the
  // objects made band by band lie elsewhere in memory each (on such objects LOGIC_F took 212 ms at 200k segments
  // in the bench's order of sizes, on copies made in id order 152 ms).
  const sorted = rectTableOf(sortedById(out));
  return { rects: sorted, merged: rects.count - sorted.count, layerMerges };
}
