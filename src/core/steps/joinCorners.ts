import Flatbush from 'flatbush';
import { rectBox, rectPoint, toFrame, type Pt, type WallRect } from '../rects';

export interface JunctionRule {
  searchDistance: number;
  maxExtension: number;
  maxDot: number;
}

export type RectEnd = 'start' | 'end';

export interface RectJunction {
  end: RectEnd;
  kind: 'L' | 'T';
  otherId: string;
  center: Pt;
}

export interface JoinedRect extends WallRect {
  was_modified: boolean;
  junction_center: Pt | null;
  junctions: RectJunction[];
}

const ENDS: RectEnd[] = ['start', 'end'];

function centerOffset(r: WallRect): number {
  return (r.s0 + r.s1) / 2;
}

function endT(r: WallRect, end: RectEnd): number {
  return end === 'start' ? r.t0 : r.t1;
}

function endPoint(r: WallRect, end: RectEnd): Pt {
  return rectPoint(r, endT(r, end), centerOffset(r));
}

/** Centerline intersection, as positions along each wall, or null for parallel lines. */
function centerlineCrossing(a: WallRect, b: WallRect): { ta: number; tb: number; point: Pt } | null {
  const pa = rectPoint(a, 0, centerOffset(a));
  const pb = rectPoint(b, 0, centerOffset(b));
  const det = a.ux * -b.uy - a.uy * -b.ux;
  if (Math.abs(det) < 1e-9) return null;
  const dx = pb[0] - pa[0], dy = pb[1] - pa[1];
  const ta = (dx * -b.uy - dy * -b.ux) / det;
  const tb = (a.ux * dy - a.uy * dx) / det;
  return { ta, tb, point: [pa[0] + ta * a.ux, pa[1] + ta * a.uy] };
}

/** How far an end must move outwards to reach position t (negative: t is already inside). */
function extensionTo(r: WallRect, end: RectEnd, t: number): number {
  return end === 'start' ? r.t0 - t : t - r.t1;
}

interface LCandidate {
  a: number;
  aEnd: RectEnd;
  b: number;
  bEnd: RectEnd;
  ta: number;
  tb: number;
  point: Pt;
  cost: number;
}

/**
 * LOGIC_F: closes L-junctions (two roughly perpendicular walls ending near each other are extended so
 * their centerlines meet) and T-junctions (a wall ending near another wall's face is extended to it).
 * One junction per wall end; exactly one output rectangle per input rectangle.
 */
export function joinCorners(rects: WallRect[], rule: JunctionRule): JoinedRect[] {
  const out: JoinedRect[] = rects.map((r) => ({
    id: r.id, ux: r.ux, uy: r.uy, t0: r.t0, t1: r.t1, s0: r.s0, s1: r.s1, layers: r.layers, sources: r.sources, startSide: r.startSide, endSide: r.endSide,
    was_modified: false, junction_center: null, junctions: [],
  }));
  if (rects.length === 0) return out;
  const index = new Flatbush(rects.length);
  for (const r of rects) index.add(...rectBox(r));
  index.finish();
  const near = (p: Pt) => index.search(p[0] - rule.searchDistance, p[1] - rule.searchDistance, p[0] + rule.searchDistance, p[1] + rule.searchDistance);
  // Every end is searched once: the L pass and the T pass look around the same (unextended) end points.
  const ends = rects.map((r) => ENDS.map((end) => {
    const point = endPoint(r, end);
    return { point, near: near(point) };
  }));
  // Wall ends already joined, at 2 * rectangle + (0 start, 1 end).
  const used = new Uint8Array(2 * rects.length);
  const endSlot = (i: number, end: RectEnd) => 2 * i + (end === 'start' ? 0 : 1);
  const perpendicular = (a: WallRect, b: WallRect) => Math.abs(a.ux * b.ux + a.uy * b.uy) <= rule.maxDot;
  const withinReach = (ext: number, other: WallRect) => ext <= rule.maxExtension && ext >= -(other.s1 - other.s0) - rule.maxExtension;

  const candidates: LCandidate[] = [];
  rects.forEach((a, i) => {
    ENDS.forEach((aEnd, e) => {
      const { point: pa, near: hits } = ends[i][e];
      for (const j of hits) {
        const b = rects[j];
        if (j <= i || !perpendicular(a, b)) continue;
        const crossing = centerlineCrossing(a, b);
        if (!crossing) continue;
        for (const bEnd of ENDS) {
          const pb = endPoint(b, bEnd);
          if (Math.hypot(pa[0] - pb[0], pa[1] - pb[1]) > rule.searchDistance) continue;
          const extA = extensionTo(a, aEnd, crossing.ta);
          const extB = extensionTo(b, bEnd, crossing.tb);
          if (!withinReach(extA, b) || !withinReach(extB, a)) continue;
          candidates.push({ a: i, aEnd, b: j, bEnd, ta: crossing.ta, tb: crossing.tb, point: crossing.point, cost: Math.abs(extA) + Math.abs(extB) });
        }
      }
    });
  });
  candidates.sort((p, q) => p.cost - q.cost || p.a - q.a || p.b - q.b);
  const extend = (k: number, end: RectEnd, t: number) => {
    const r = out[k];
    if (end === 'start' && t < r.t0) {
      r.t0 = t;
      r.was_modified = true;
    } else if (end === 'end' && t > r.t1) {
      r.t1 = t;
      r.was_modified = true;
    }
  };
  for (const c of candidates) {
    const ka = endSlot(c.a, c.aEnd), kb = endSlot(c.b, c.bEnd);
    if (used[ka] || used[kb]) continue;
    used[ka] = used[kb] = 1;
    extend(c.a, c.aEnd, c.ta);
    extend(c.b, c.bEnd, c.tb);
    out[c.a].junctions.push({ end: c.aEnd, kind: 'L', otherId: rects[c.b].id, center: c.point });
    out[c.b].junctions.push({ end: c.bEnd, kind: 'L', otherId: rects[c.a].id, center: c.point });
  }

  // T-junctions: a free end facing the side of a perpendicular wall is extended to its nearer face.
  rects.forEach((a, i) => {
    ENDS.forEach((aEnd, e) => {
      if (used[endSlot(i, aEnd)]) return;
      const { point: pa, near: hits } = ends[i][e];
      let best: { t: number; other: WallRect; point: Pt; ext: number } | null = null;
      for (const j of hits) {
        const b = rects[j];
        if (j === i || !perpendicular(a, b)) continue;
        const crossing = centerlineCrossing(a, b);
        if (!crossing || crossing.tb < b.t0 || crossing.tb > b.t1) continue;
        // The face of b on a's side: the one whose offset is nearer a's end point.
        const [, sEnd] = toFrame(b, pa[0], pa[1]);
        const face = Math.abs(sEnd - b.s0) < Math.abs(sEnd - b.s1) ? b.s0 : b.s1;
        const along = a.ux * -b.uy + a.uy * b.ux; // rate of change of b's offset along a
        const tFace = crossing.ta + (face - centerOffset(b)) / along;
        const ext = extensionTo(a, aEnd, tFace);
        if (ext > rule.searchDistance || ext < -(b.s1 - b.s0)) continue;
        if (!best || Math.abs(ext) < Math.abs(best.ext)) best = { t: tFace, other: b, point: rectPoint(a, tFace, centerOffset(a)), ext };
      }
      if (best) {
        extend(i, aEnd, best.t);
        out[i].junctions.push({ end: aEnd, kind: 'T', otherId: best.other.id, center: best.point });
      }
    });
  });
  for (const r of out) r.junction_center = r.junctions[0]?.center ?? null;
  return out;
}
