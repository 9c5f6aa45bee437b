import type { PlanOpening } from '../entities';
import type { Vec2 } from '../model';
import type { FreeOpening, HostedOpening, Wall, WallJunction, WallsModel } from '../pipelineTypes';
import { Hasher, hexOf } from '../geometry/hash';
import { groupByDirection, rectPoint, reframeRowExtent, reframeTableRowExtent, rowContainsPoint, rowCornersInside, tableRowBoxInto, rectTableRows, type RectTable, type WallRect } from '../rects';
import { junctionSlot, L_JUNCTION, NO_JUNCTION, type JoinedRects } from './joinCorners';
import type { OpeningAssignment } from './assignOpenings';
import type { OpeningBridge } from './bridgeOpenings';
import { byText, sortShort } from './sortShort';
import { hypot } from '../geometry/hypot';
import { flagsInSpatialOrder } from '../geometry/spatialOrder';
import { orderByKey, orderByNumbers } from '../radixOrder';
import { boxHits, type BoxSearch } from '../geometry/searchInto';

/** A search over the rectangles' boxes: searchOf(indexRects(…)) (the test oracle's finds every rectangle). */
type RectSearch = BoxSearch;

const nearRects = boxHits();

export interface WallRule {
  /** Face offsets of one band agree within this. */
  faceTolerance: number;
  /** Gaps up to this length along a band join without further evidence. */
  maxGap: number;
  /** Widest crossing wall a band may continue across. */
  maxCrossingThickness: number;
  angleTolerance: number;
}

/**
 * Union-find over a parent array whose roots are the smallest member, so the components do not depend on
 * the order of unions. A bare typed array, not a class: the optimised loops then hold no object shape that
 * dies with the job (and would throw that code away at the next garbage collection).
 */
type UnionFind = Int32Array;

function newUnionFind(n: number): UnionFind {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  return parent;
}

function find(parent: UnionFind, i: number): number {
  while (parent[i] !== i) i = parent[i] = parent[parent[i]];
  return i;
}

function union(parent: UnionFind, a: number, b: number): void {
  const ra = find(parent, a), rb = find(parent, b);
  if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
}

/** How far (mm) a point may lie outside a rectangle and still count as inside it. */
const INSIDE_MARGIN = 1;

/**
 * How far the searches for a rectangle that holds some points reach past the points' box: the rectangle grown
 * by INSIDE_MARGIN along its own axes reaches up to √2 times that past its bounding box, and rounding a hair more.
 */
const SEARCH_MARGIN = 2 * INSIDE_MARGIN;

/** Whether the centerline stretch t0..t1 at offset s of a frame lies inside a crossing wall. */
function spannedByCrossingWall(rects: RectTable, index: RectSearch, frame: Frame, s: number, t0: number, t1: number): boolean {
  const a = rectPoint(frame, t0, s), b = rectPoint(frame, t1, s);
  const count = index(
    Math.min(a[0], b[0]) - SEARCH_MARGIN, Math.min(a[1], b[1]) - SEARCH_MARGIN, Math.max(a[0], b[0]) + SEARCH_MARGIN, Math.max(a[1], b[1]) + SEARCH_MARGIN,
    nearRects,
  );
  for (let h = 0; h < count; h++) {
    const k = nearRects.items[h];
    if (Math.abs(rects.ux[k] * frame.ux + rects.uy[k] * frame.uy) <= 0.5 && rowContainsPoint(rects, k, a[0], a[1], INSIDE_MARGIN) && rowContainsPoint(rects, k, b[0], b[1], INSIDE_MARGIN)) return true;
  }
  return false;
}

/** The members of one direction group in the group's frame: extents along (t) and across (s) it. */
interface GroupExtents {
  t0: Float64Array;
  t1: Float64Array;
  s0: Float64Array;
  s1: Float64Array;
}

function groupExtents(rows: Float64Array, group: number[], frame: Frame): GroupExtents {
  const n = group.length;
  const e = { t0: new Float64Array(n), t1: new Float64Array(n), s0: new Float64Array(n), s1: new Float64Array(n) };
  for (let k = 0; k < n; k++) {
    const r = reframeRowExtent(rows, group[k], frame);
    e.t0[k] = r[0];
    e.t1[k] = r[1];
    e.s0[k] = r[2];
    e.s1[k] = r[3];
  }
  return e;
}

/**
 * Joins rectangles that continue each other along one band: touching, or across a crossing wall.
 * A pair is judged from the member that comes first along the band (by t0, then index), the one whose
 * end faces the gap. Only pairs whose s0 faces agree can join, so the pairs are found by a sweep over s0,
 * not over t (where every rectangle of the group overlaps hundreds of others of other bands).
 */
function joinCollinear(rects: RectTable, index: RectSearch, uf: UnionFind, rule: WallRule): void {
  const tol = rule.faceTolerance;
  const rows = rectTableRows(rects);
  for (const group of groupByDirection(rects, rule.angleTolerance)) {
    const frame = frameOf(rects, group[0]);
    const { t0, t1, s0, s1 } = groupExtents(rows, group, frame);
    const acrossBand = orderByNumbers(group.length, s0);
    for (let x = 0; x < acrossBand.length; x++) {
      const p = acrossBand[x];
      for (let y = x + 1; y < acrossBand.length && s0[acrossBand[y]] - s0[p] <= tol; y++) {
        const q = acrossBand[y];
        const a = t0[p] < t0[q] || (t0[p] === t0[q] && group[p] < group[q]) ? p : q, b = a === p ? q : p;
        if (t0[b] > t1[a] + rule.maxCrossingThickness || Math.abs(s1[a] - s1[b]) > tol) continue;
        if (t0[b] - t1[a] <= rule.maxGap || spannedByCrossingWall(rects, index, frame, (s0[a] + s1[a]) / 2, t1[a], t0[b])) union(uf, group[a], group[b]);
      }
    }
  }
}

/**
 * Whether rectangle i lies wholly inside a larger one: leftovers such as the corner piece of a layered
 * wall, already part of the wall that was extended over it.
 */
function insideLargerRect(rects: RectTable, index: RectSearch, i: number): boolean {
  const area = rectArea(rects, i);
  const box = tableRowBoxInto(rects, i);
  const count = index(box[0] - SEARCH_MARGIN, box[1] - SEARCH_MARGIN, box[2] + SEARCH_MARGIN, box[3] + SEARCH_MARGIN, nearRects);
  for (let h = 0; h < count; h++) {
    const k = nearRects.items[h];
    if (k !== i && rectArea(rects, k) > area && rowCornersInside(rects, i, k, INSIDE_MARGIN)) return true;
  }
  return false;
}

function rectArea(rects: RectTable, i: number): number {
  return (rects.t1[i] - rects.t0[i]) * (rects.s1[i] - rects.s0[i]);
}

/** A direction to measure along (t) and across (s): a rectangle's. */
type Frame = Pick<WallRect, 'ux' | 'uy'>;

function frameOf(rects: RectTable, i: number): Frame {
  return { ux: rects.ux[i], uy: rects.uy[i] };
}

interface WallDraft {
  members: number[];
  frame: Frame;
  t0: number;
  t1: number;
  s: number;
  thickness: number;
}

function draftWall(members: number[], rects: RectTable): WallDraft {
  const frame = frameOf(rects, members[0]);
  let t0 = Infinity, t1 = -Infinity, weight = 0, sSum = 0, thSum = 0;
  for (let k = 0; k < members.length; k++) {
    const e = reframeTableRowExtent(rects, members[k], frame);
    const rt0 = e[0], rt1 = e[1], rs0 = e[2], rs1 = e[3];
    const w = rt1 - rt0;
    t0 = Math.min(t0, rt0);
    t1 = Math.max(t1, rt1);
    weight += w;
    sSum += ((rs0 + rs1) / 2) * w;
    thSum += (rs1 - rs0) * w;
  }
  return { members, frame, t0, t1, s: sSum / weight, thickness: thSum / weight };
}

/**
 * The rectangles grouped into walls: members of one union-find component, in index order, leaving out the
 * pieces inside a larger rectangle unless a bridge holds them. Walls are numbered by their first member.
 */
function collectWalls(rects: RectTable, index: RectSearch, uf: UnionFind, bridges: OpeningBridge[]): { members: number[][]; wallOfRect: Int32Array } {
  const n = rects.count;
  const bridged = new Uint8Array(n);
  for (const b of bridges) bridged[b.from] = bridged[b.to] = 1;
  const boxes = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) boxes.set(tableRowBoxInto(rects, i), 4 * i);
  const inside = flagsInSpatialOrder(boxes, n, (i) => !bridged[i] && insideLargerRect(rects, index, i));
  const wallOfRoot = new Int32Array(n).fill(-1);
  const wallOfRect = new Int32Array(n).fill(-1);
  const members: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (inside[i]) continue;
    const root = find(uf, i);
    if (wallOfRoot[root] === -1) wallOfRoot[root] = members.push([]) - 1;
    wallOfRect[i] = wallOfRoot[root];
    members[wallOfRect[i]].push(i);
  }
  return { members, wallOfRect };
}

const byOffset = (a: HostedOpening, b: HostedOpening) => a.offset - b.offset;

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}

/** Position t along the draft's frame of point (x, y) (toFrame's arithmetic). */
function alongFrame(d: WallDraft, x: number, y: number): number {
  return d.frame.ux * x + d.frame.uy * y;
}

/** Where an opening sits along its wall and how wide it is: the bridge it fills, else its block's box. */
function openingCenterOnWall(d: WallDraft, o: PlanOpening, bridge: OpeningBridge | undefined): { t: number; width: number } {
  if (bridge) {
    const a = rectPoint(bridge.rect, bridge.rect.t0, bridge.rect.s0), b = rectPoint(bridge.rect, bridge.rect.t1, bridge.rect.s0);
    const ta = alongFrame(d, a[0], a[1]), tb = alongFrame(d, b[0], b[1]);
    return { t: (ta + tb) / 2, width: Math.abs(tb - ta) };
  }
  const { minX, minY, maxX, maxY } = o.box;
  const t0 = alongFrame(d, minX, minY), t1 = alongFrame(d, maxX, minY), t2 = alongFrame(d, maxX, maxY), t3 = alongFrame(d, minX, maxY);
  const lo = Math.min(t0, t1, t2, t3), hi = Math.max(t0, t1, t2, t3);
  return { t: (lo + hi) / 2, width: hi - lo };
}

/** Distance from a point to rectangle i's centerline segment. */
function distanceToCenterline(rects: RectTable, i: number, x: number, y: number): number {
  const ux = rects.ux[i], uy = rects.uy[i], t0 = rects.t0[i], t1 = rects.t1[i];
  const t = ux * x + uy * y, s = -uy * x + ux * y;
  const dt = t < t0 ? t0 - t : t > t1 ? t - t1 : 0;
  return hypot(dt, s - (rects.s0[i] + rects.s1[i]) / 2);
}

/** The rectangle of a wall nearest to the point (the first of equals), or -1 when none of them is in a wall. */
function nearestWallRect(rects: RectTable, near: number[], wallOfRect: Int32Array, x: number, y: number): number {
  let best = -1, bestDistance = Infinity;
  for (let k = 0; k < near.length; k++) {
    const i = near[k];
    if (wallOfRect[i] === -1) continue;
    const distance = distanceToCenterline(rects, i, x, y);
    if (best === -1 || distance < bestDistance) best = i, bestDistance = distance;
  }
  return best;
}

/** An empty list for each of count walls. */
function perWall<T>(count: number): T[][] {
  const lists: T[][] = [];
  for (let w = 0; w < count; w++) lists.push([]);
  return lists;
}

/**
 * The layers of each wall's rectangles, once each, sorted. Here and in wallJunctions the rectangles are
 * visited in index order, which is every wall's member order, so memory is read in order, not wall by wall.
 */
function wallLayers(rects: RectTable, wallOfRect: Int32Array, count: number): string[][] {
  const lists = perWall<string>(count);
  for (let i = 0; i < rects.count; i++) {
    if (wallOfRect[i] === -1) continue;
    const layers = lists[wallOfRect[i]], ofRect = rects.layers[i];
    for (let k = 0; k < ofRect.length; k++) if (!layers.includes(ofRect[k])) layers.push(ofRect[k]);
  }
  for (const layers of lists) sortShort(layers, byText);
  return lists;
}

/** The junctions of each wall's rectangles with other walls, in member order. */
function wallJunctions(rects: JoinedRects, wallOfRect: Int32Array, ids: string[]): WallJunction[][] {
  const lists = perWall<WallJunction>(ids.length), j = rects.junctions;
  for (let i = 0; i < rects.count; i++) {
    const w = wallOfRect[i];
    if (w === -1) continue;
    for (let n = 0; n < 2; n++) {
      const k = junctionSlot(j, i, n);
      if (j.kind[k] === NO_JUNCTION) continue;
      const otherWall = wallOfRect[j.other[k]];
      if (otherWall !== -1 && otherWall !== w) lists[w].push({ kind: j.kind[k] === L_JUNCTION ? 'L' : 'T', otherWallId: ids[otherWall], point: { x: j.x[k], y: j.y[k] } });
    }
  }
  return lists;
}

const wallHasher = new Hasher();

/**
 * Each wall's id hash, as two words (Hasher.high(), low()): hashString of its rectangles' ids, sorted and joined
 * by '|', hashed part by part.
 */
function wallHashes(rects: RectTable, members: number[][]): { high: Uint32Array; low: Uint32Array } {
  const high = new Uint32Array(members.length), low = new Uint32Array(members.length);
  for (let w = 0; w < members.length; w++) {
    const ids = sortShort(members[w].map((m) => rects.ids[m]), byText);
    wallHasher.reset();
    for (let k = 0; k < ids.length; k++) (k > 0 ? wallHasher.chars('|') : wallHasher).chars(ids[k]);
    wallHasher.end();
    high[w] = wallHasher.high();
    low[w] = wallHasher.low();
  }
  return { high, low };
}

/**
 * WALLS: rectangles plus opening bridges merged into continuous walls, each with its centerline,
 * thickness, hosted doors and windows, and junctions. `index` holds the rectangles' boxes (indexRects).
 */
export function buildWalls(
  rects: JoinedRects,
  index: RectSearch,
  assignments: OpeningAssignment[],
  bridges: OpeningBridge[],
  rule: WallRule,
): WallsModel {
  const uf = newUnionFind(rects.count);
  joinCollinear(rects, index, uf, rule);
  for (const b of bridges) union(uf, b.from, b.to);
  const { members, wallOfRect } = collectWalls(rects, index, uf, bridges);
  const drafts = members.map((m) => draftWall(m, rects));
  const { high, low } = wallHashes(rects, members);
  const ids = drafts.map((_, w) => `W-${hexOf(high[w], low[w])}`);

  const hosted = perWall<HostedOpening>(drafts.length);
  const unhosted: FreeOpening[] = [];
  // Bridges come in the order of the assignments, at most one per opening (opening ids are unique).
  let nextBridge = 0;
  for (let k = 0; k < assignments.length; k++) {
    const { opening, rects: near } = assignments[k];
    const bridge = bridges[nextBridge]?.openingId === opening.id ? bridges[nextBridge++] : undefined;
    const cx = (opening.box.minX + opening.box.maxX) / 2, cy = (opening.box.minY + opening.box.maxY) / 2;
    const hostRect = bridge ? bridge.from : nearestWallRect(rects, near, wallOfRect, cx, cy);
    if (hostRect === -1) {
      unhosted.push({ id: opening.id, kind: opening.kind, blockName: opening.name, layer: opening.layer, center: { x: cx, y: cy }, width: Math.max(opening.box.maxX - opening.box.minX, opening.box.maxY - opening.box.minY) });
      continue;
    }
    const w = wallOfRect[hostRect];
    const d = drafts[w];
    const { t, width } = openingCenterOnWall(d, opening, bridge);
    const center = rectPoint(d.frame, t, d.s);
    hosted[w].push({ id: opening.id, kind: opening.kind, blockName: opening.name, layer: opening.layer, center: { x: center[0], y: center[1] }, offset: t - d.t0, width: roundTo(width, 0.1) });
  }

  const layers = wallLayers(rects, wallOfRect, drafts.length);
  const junctions = wallJunctions(rects, wallOfRect, ids);
  // Listed by id ((high, low) sorts like the hex text), and made in that order: the artifact writers and
  // findUnjoinedEnds then read the walls in the order they lie in memory.
  const byId = orderByKey(low, high);
  const walls: Wall[] = new Array(drafts.length);
  for (let k = 0; k < byId.length; k++) {
    const w = byId[k], d = drafts[w];
    const p1 = rectPoint(d.frame, d.t0, d.s), p2 = rectPoint(d.frame, d.t1, d.s);
    walls[k] = {
      id: ids[w],
      p1: { x: p1[0], y: p1[1] },
      p2: { x: p2[0], y: p2[1] },
      thickness: roundTo(d.thickness, 0.1),
      length: d.t1 - d.t0,
      layers: layers[w],
      openings: sortShort(hosted[w], byOffset),
      junctions: junctions[w],
    };
  }
  return { units: 'mm', walls, unhostedOpenings: unhosted, unjoinedEnds: findUnjoinedEnds(walls) };
}

/** Whether a wall end neither meets another wall nor borders one of the wall's openings. */
function endIsFree(w: Wall, point: Vec2, offset: number): boolean {
  const reach = w.thickness + 1;
  for (const j of w.junctions) if (hypot(j.point.x - point.x, j.point.y - point.y) <= reach) return false;
  for (const o of w.openings) if (Math.abs(o.offset - offset) <= o.width / 2 + reach) return false;
  return true;
}

/** Wall ends that neither meet another wall nor border one of its openings. */
function findUnjoinedEnds(walls: Wall[]): WallsModel['unjoinedEnds'] {
  const ends: WallsModel['unjoinedEnds'] = [];
  for (const w of walls) {
    if (endIsFree(w, w.p1, 0)) ends.push({ wallId: w.id, point: w.p1 });
    if (endIsFree(w, w.p2, w.length)) ends.push({ wallId: w.id, point: w.p2 });
  }
  return ends;
}
