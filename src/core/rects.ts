import type { SegmentPair } from './pairs';
import { hashString } from './geometry/hash';

export type SideSource = 'drawing' | 'added';

/**
 * An oriented wall rectangle: direction u = (ux, uy) canonical (ux > 0, or ux = 0 and uy > 0), normal
 * n = (-uy, ux); it spans t0..t1 along u and s0..s1 along n (s1 - s0 is the thickness).
 */
export interface WallRect {
  id: string;
  ux: number;
  uy: number;
  t0: number;
  t1: number;
  s0: number;
  s1: number;
  layers: string[];
  /** Ids of the segments it was built from. */
  sources: string[];
  /** Where each short side comes from: a drawn end line, or an added cap. */
  startSide: SideSource;
  endSide: SideSource;
}

export type Pt = [number, number];

export function rectPoint(r: Pick<WallRect, 'ux' | 'uy'>, t: number, s: number): Pt {
  return [t * r.ux - s * r.uy, t * r.uy + s * r.ux];
}

/** Corners in order: start-s0, end-s0, end-s1, start-s1. */
export function rectCorners(r: WallRect): [Pt, Pt, Pt, Pt] {
  return [rectPoint(r, r.t0, r.s0), rectPoint(r, r.t1, r.s0), rectPoint(r, r.t1, r.s1), rectPoint(r, r.t0, r.s1)];
}

export function rectBox(r: WallRect): [number, number, number, number] {
  const c = rectCorners(r);
  return [
    Math.min(c[0][0], c[1][0], c[2][0], c[3][0]), Math.min(c[0][1], c[1][1], c[2][1], c[3][1]),
    Math.max(c[0][0], c[1][0], c[2][0], c[3][0]), Math.max(c[0][1], c[1][1], c[2][1], c[3][1]),
  ];
}

export function thickness(r: WallRect): number {
  return r.s1 - r.s0;
}

/** Projection of a point on a frame's direction (t) and normal (s). */
export function toFrame(frame: Pick<WallRect, 'ux' | 'uy'>, x: number, y: number): Pt {
  return [frame.ux * x + frame.uy * y, -frame.uy * x + frame.ux * y];
}

export function rectFromPair(pair: SegmentPair, ids: readonly string[], layers: readonly string[]): WallRect {
  const q = pair.quad;
  const frame = { ux: pair.ux, uy: pair.uy };
  const sa = (toFrame(frame, q[0], q[1])[1] + toFrame(frame, q[2], q[3])[1]) / 2;
  const sb = (toFrame(frame, q[4], q[5])[1] + toFrame(frame, q[6], q[7])[1]) / 2;
  const sources = [ids[pair.a], ids[pair.b]];
  return {
    id: hashString(`${sources[0]}|${sources[1]}|${Math.round(pair.lo * 10)}|${Math.round(pair.hi * 10)}`),
    ux: pair.ux,
    uy: pair.uy,
    t0: pair.lo,
    t1: pair.hi,
    s0: Math.min(sa, sb),
    s1: Math.max(sa, sb),
    layers: [...new Set([layers[pair.a], layers[pair.b]])].sort(),
    sources,
    startSide: 'added',
    endSide: 'added',
  };
}

/** The same rectangle expressed in another (nearly parallel) frame. */
export function reframe(r: WallRect, frame: Pick<WallRect, 'ux' | 'uy'>): WallRect {
  const c = rectCorners(r).map(([x, y]) => toFrame(frame, x, y));
  // The frame may point the other way (directions are modulo π): take the sides by value.
  const sideA = (c[0][1] + c[1][1]) / 2;
  const sideB = (c[2][1] + c[3][1]) / 2;
  return {
    ...r,
    ux: frame.ux,
    uy: frame.uy,
    t0: Math.min(c[0][0], c[1][0], c[2][0], c[3][0]),
    t1: Math.max(c[0][0], c[1][0], c[2][0], c[3][0]),
    s0: Math.min(sideA, sideB),
    s1: Math.max(sideA, sideB),
  };
}

/** Angle of a canonical direction, in (-π/2, π/2]. */
export function rectAngle(r: Pick<WallRect, 'ux' | 'uy'>): number {
  return Math.atan2(r.uy, r.ux);
}

/**
 * Groups rectangles whose directions are within tolerance (radians), treating directions modulo π.
 * Returns groups of indices, each with the frame of its first member; deterministic for a given input order.
 */
export function groupByDirection<T extends Pick<WallRect, 'ux' | 'uy'>>(items: T[], tolerance: number): number[][] {
  if (items.length === 0) return [];
  const order = items.map((r, i) => ({ i, a: rectAngle(r) })).sort((p, q) => p.a - q.a || p.i - q.i);
  // Start after the widest gap on the circle so a group is never cut at the ±90° seam.
  let startAt = 0;
  let widest = order[0].a + Math.PI - order[order.length - 1].a;
  for (let k = 1; k < order.length; k++) {
    const gap = order[k].a - order[k - 1].a;
    if (gap > widest) {
      widest = gap;
      startAt = k;
    }
  }
  const groups: number[][] = [];
  let current: number[] = [];
  let prev = NaN;
  for (let step = 0; step < order.length; step++) {
    const { i, a } = order[(startAt + step) % order.length];
    const angle = step > 0 && a < prev ? a + Math.PI : a;
    if (step > 0 && angle - prev > tolerance) {
      groups.push(current);
      current = [];
    }
    current.push(i);
    prev = angle;
  }
  groups.push(current);
  return groups;
}
