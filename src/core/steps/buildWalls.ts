import type { PlanOpening } from '../entities';
import type { FreeOpening, HostedOpening, Wall, WallJunction, WallsModel } from '../pipelineTypes';
import { hashString } from '../geometry/hash';
import Flatbush from 'flatbush';
import { groupByDirection, rectBox, rectContainsPoint, rectCorners, rectPoint, reframe, thickness, toFrame, type Pt, type WallRect } from '../rects';
import type { JoinedRect } from './joinCorners';
import type { OpeningAssignment } from './assignOpenings';
import type { OpeningBridge } from './bridgeOpenings';

export interface WallRule {
  /** Face offsets of one band agree within this. */
  faceTolerance: number;
  /** Gaps up to this length along a band join without further evidence. */
  maxGap: number;
  /** Widest crossing wall a band may continue across. */
  maxCrossingThickness: number;
  angleTolerance: number;
}

class UnionFind {
  private parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]];
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a), rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Whether the centerline stretch t0..t1 of `frame` at offset s lies inside a crossing wall. */
function spannedByCrossingWall(rects: WallRect[], index: Flatbush, frame: WallRect, s: number, t0: number, t1: number): boolean {
  const a = rectPoint(frame, t0, s), b = rectPoint(frame, t1, s);
  const hits = index.search(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
  return hits.some((k) => {
    const r = rects[k];
    if (Math.abs(r.ux * frame.ux + r.uy * frame.uy) > 0.5) return false;
    return rectContainsPoint(r, a[0], a[1], 1) && rectContainsPoint(r, b[0], b[1], 1);
  });
}

/** Joins rectangles that continue each other along one band: touching, or across a crossing wall. */
function joinCollinear(
  rects: JoinedRect[],
  uf: UnionFind,
  rule: WallRule,
  crossingWalls: (frame: WallRect, s: number, t0: number, t1: number) => boolean,
): void {
  for (const group of groupByDirection(rects, rule.angleTolerance)) {
    const frame = rects[group[0]];
    const inFrame = group.map((i) => ({ i, r: reframe(rects[i], frame) })).sort((p, q) => p.r.t0 - q.r.t0 || p.i - q.i);
    for (let x = 0; x < inFrame.length; x++) {
      const a = inFrame[x].r;
      for (let y = x + 1; y < inFrame.length && inFrame[y].r.t0 <= a.t1 + rule.maxCrossingThickness; y++) {
        const b = inFrame[y].r;
        if (Math.abs(a.s0 - b.s0) > rule.faceTolerance || Math.abs(a.s1 - b.s1) > rule.faceTolerance) continue;
        const gap = b.t0 - a.t1;
        if (gap <= rule.maxGap || crossingWalls(a, (a.s0 + a.s1) / 2, a.t1, b.t0)) uf.union(inFrame[x].i, inFrame[y].i);
      }
    }
  }
}

/**
 * Whether rectangle i lies wholly inside a larger one: leftovers such as the corner piece of a layered
 * wall, already part of the wall that was extended over it.
 */
function insideLargerRect(rects: WallRect[], index: Flatbush, i: number): boolean {
  const r = rects[i];
  const area = (r.t1 - r.t0) * (r.s1 - r.s0);
  const corners = rectCorners(r);
  const [minX, minY, maxX, maxY] = rectBox(r);
  return index.search(minX, minY, maxX, maxY).some((k) => {
    const o = rects[k];
    if (k === i || (o.t1 - o.t0) * (o.s1 - o.s0) <= area) return false;
    return corners.every(([x, y]) => rectContainsPoint(o, x, y, 1));
  });
}

interface WallDraft {
  members: number[];
  frame: WallRect;
  t0: number;
  t1: number;
  s: number;
  thickness: number;
}

function draftWall(members: number[], rects: JoinedRect[]): WallDraft {
  const frame = rects[members[0]];
  let t0 = Infinity, t1 = -Infinity, weight = 0, sSum = 0, thSum = 0;
  for (const m of members) {
    const r = reframe(rects[m], frame);
    const w = r.t1 - r.t0;
    t0 = Math.min(t0, r.t0);
    t1 = Math.max(t1, r.t1);
    weight += w;
    sSum += ((r.s0 + r.s1) / 2) * w;
    thSum += thickness(r) * w;
  }
  return { members, frame, t0, t1, s: sSum / weight, thickness: thSum / weight };
}

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}

function openingCenterOnWall(d: WallDraft, o: PlanOpening, bridge: OpeningBridge | undefined): { t: number; width: number } {
  if (bridge) {
    const [ta] = toFrame(d.frame, ...rectPoint(bridge.rect, bridge.rect.t0, bridge.rect.s0));
    const [tb] = toFrame(d.frame, ...rectPoint(bridge.rect, bridge.rect.t1, bridge.rect.s0));
    return { t: (ta + tb) / 2, width: Math.abs(tb - ta) };
  }
  const corners: Pt[] = [[o.box.minX, o.box.minY], [o.box.maxX, o.box.minY], [o.box.maxX, o.box.maxY], [o.box.minX, o.box.maxY]];
  const ts = corners.map(([x, y]) => toFrame(d.frame, x, y)[0]);
  const lo = Math.min(...ts), hi = Math.max(...ts);
  return { t: (lo + hi) / 2, width: hi - lo };
}

/** Distance from a point to a rectangle's centerline segment. */
function distanceToCenterline(r: WallRect, x: number, y: number): number {
  const [t, s] = toFrame(r, x, y);
  const dt = t < r.t0 ? r.t0 - t : t > r.t1 ? t - r.t1 : 0;
  return Math.hypot(dt, s - (r.s0 + r.s1) / 2);
}

/**
 * WALLS: rectangles plus opening bridges merged into continuous walls, each with its centerline,
 * thickness, hosted doors and windows, and junctions.
 */
export function buildWalls(
  rects: JoinedRect[],
  assignments: OpeningAssignment[],
  bridges: OpeningBridge[],
  rule: WallRule,
): WallsModel {
  const uf = new UnionFind(rects.length);
  const index = new Flatbush(Math.max(rects.length, 1));
  for (const r of rects) index.add(...rectBox(r));
  if (rects.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  joinCollinear(rects, uf, rule, (frame, s, t0, t1) => spannedByCrossingWall(rects, index, frame, s, t0, t1));
  for (const b of bridges) uf.union(b.from, b.to);
  const bridged = new Set(bridges.flatMap((b) => [b.from, b.to]));
  const groups = new Map<number, number[]>();
  rects.forEach((_, i) => {
    if (!bridged.has(i) && insideLargerRect(rects, index, i)) return;
    const root = uf.find(i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  });
  const drafts = [...groups.values()].map((members) => draftWall(members, rects));
  const wallOfRect = new Map<number, number>();
  drafts.forEach((d, w) => d.members.forEach((m) => wallOfRect.set(m, w)));
  const ids = drafts.map((d) => `W-${hashString(d.members.map((m) => rects[m].id).sort().join('|'))}`);

  const hosted: HostedOpening[][] = drafts.map(() => []);
  const unhosted: FreeOpening[] = [];
  const bridgeByOpening = new Map(bridges.map((b) => [b.openingId, b]));
  for (const { opening, rects: near } of assignments) {
    const bridge = bridgeByOpening.get(opening.id);
    const cx = (opening.box.minX + opening.box.maxX) / 2, cy = (opening.box.minY + opening.box.maxY) / 2;
    const hostRect = bridge
      ? bridge.from
      : near.filter((i) => wallOfRect.has(i)).reduce<number | null>((best, i) => (best === null || distanceToCenterline(rects[i], cx, cy) < distanceToCenterline(rects[best], cx, cy) ? i : best), null);
    if (hostRect === null) {
      unhosted.push({ id: opening.id, kind: opening.kind, blockName: opening.name, layer: opening.layer, center: { x: cx, y: cy }, width: Math.max(opening.box.maxX - opening.box.minX, opening.box.maxY - opening.box.minY) });
      continue;
    }
    const w = wallOfRect.get(hostRect) as number;
    const d = drafts[w];
    const { t, width } = openingCenterOnWall(d, opening, bridge);
    const [x, y] = rectPoint(d.frame, t, d.s);
    hosted[w].push({ id: opening.id, kind: opening.kind, blockName: opening.name, layer: opening.layer, center: { x, y }, offset: t - d.t0, width: roundTo(width, 0.1) });
  }

  const rectIndexById = new Map(rects.map((r, i) => [r.id, i]));
  const walls: Wall[] = drafts.map((d, w) => {
    const [x1, y1] = rectPoint(d.frame, d.t0, d.s);
    const [x2, y2] = rectPoint(d.frame, d.t1, d.s);
    const junctions: WallJunction[] = [];
    for (const m of d.members) {
      for (const j of rects[m].junctions) {
        const other = rectIndexById.get(j.otherId);
        const otherWall = other === undefined ? undefined : wallOfRect.get(other);
        if (otherWall === undefined || otherWall === w) continue;
        junctions.push({ kind: j.kind, otherWallId: ids[otherWall], point: { x: j.center[0], y: j.center[1] } });
      }
    }
    return {
      id: ids[w],
      p1: { x: x1, y: y1 },
      p2: { x: x2, y: y2 },
      thickness: roundTo(d.thickness, 0.1),
      length: d.t1 - d.t0,
      layers: [...new Set(d.members.flatMap((m) => rects[m].layers))].sort(),
      openings: hosted[w].sort((a, b) => a.offset - b.offset),
      junctions,
    };
  });
  walls.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { units: 'mm', walls, unhostedOpenings: unhosted, unjoinedEnds: findUnjoinedEnds(walls) };
}

/** Wall ends that neither meet another wall nor border one of its openings. */
function findUnjoinedEnds(walls: Wall[]): WallsModel['unjoinedEnds'] {
  const ends: WallsModel['unjoinedEnds'] = [];
  for (const w of walls) {
    for (const [point, offset] of [[w.p1, 0], [w.p2, w.length]] as const) {
      const reach = w.thickness + 1;
      const joined = w.junctions.some((j) => Math.hypot(j.point.x - point.x, j.point.y - point.y) <= reach);
      const atOpening = w.openings.some((o) => Math.abs(o.offset - offset) <= o.width / 2 + reach);
      if (!joined && !atOpening) ends.push({ wallId: w.id, point });
    }
  }
  return ends;
}
