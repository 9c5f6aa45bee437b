import type Flatbush from 'flatbush';
import type { SegmentSet } from '../segments';
import { hashString } from '../geometry/hash';
import { groupByDirection, reframe, thickness, type WallRect } from '../rects';

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

/**
 * Whether a drawn segment runs along face offset s of the frame and covers t0..t1 (a face that continues).
 * Points go through the arithmetic of rectPoint and toFrame, written out: this runs for every gap of every band.
 */
function faceContinues(set: SegmentSet, index: Flatbush, frame: WallRect, s: number, t0: number, t1: number, rule: BandRule): boolean {
  const ux = frame.ux, uy = frame.uy;
  const ax = t0 * ux - s * uy, ay = t0 * uy + s * ux;
  const bx = t1 * ux - s * uy, by = t1 * uy + s * ux;
  const tol = rule.faceTolerance;
  for (const k of index.search(Math.min(ax, bx) - 1, Math.min(ay, by) - 1, Math.max(ax, bx) + 1, Math.max(ay, by) + 1)) {
    if (k >= set.count) continue;
    const x1 = set.x1[k], y1 = set.y1[k], x2 = set.x2[k], y2 = set.y2[k];
    const ta = ux * x1 + uy * y1, sa = -uy * x1 + ux * y1;
    const tb = ux * x2 + uy * y2, sb = -uy * x2 + ux * y2;
    if (Math.abs(sa - s) <= tol && Math.abs(sb - s) <= tol && Math.min(ta, tb) <= t0 + tol && Math.max(ta, tb) >= t1 - tol) return true;
  }
  return false;
}

/**
 * Clusters rectangles (already in one frame) whose two face offsets agree within the tolerance. Sweeps
 * them sorted by s0, with the offsets copied into flat arrays: a band of a long building line holds
 * hundreds of rectangles, and the sweep compares each with all of them.
 */
function groupByFaces(rects: WallRect[], tolerance: number): WallRect[][] {
  const n = rects.length;
  const s0 = new Float64Array(n), s1 = new Float64Array(n), t0 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s0[i] = rects[i].s0;
    s1[i] = rects[i].s1;
    t0[i] = rects[i].t0;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => s0[i] - s0[j] || s1[i] - s1[j] || t0[i] - t0[j]);
  const parent = Int32Array.from({ length: n }, (_, x) => x);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (let x = 0; x < n; x++) {
    const i = order[x];
    for (let y = x + 1; y < n && s0[order[y]] - s0[i] <= tolerance; y++) {
      if (Math.abs(s1[order[y]] - s1[i]) <= tolerance) parent[find(y)] = find(x);
    }
  }
  const bands = new Map<number, WallRect[]>();
  order.forEach((i, x) => {
    const root = find(x);
    const band = bands.get(root);
    if (band) band.push(rects[i]);
    else bands.set(root, [rects[i]]);
  });
  return [...bands.values()];
}

function combine(run: WallRect[]): WallRect {
  if (run.length === 1) return run[0];
  let weight = 0, s0 = 0, s1 = 0;
  for (const r of run) {
    const w = r.t1 - r.t0;
    weight += w;
    s0 += r.s0 * w;
    s1 += r.s1 * w;
  }
  const first = run.reduce((a, b) => (b.t0 < a.t0 ? b : a));
  const last = run.reduce((a, b) => (b.t1 > a.t1 ? b : a));
  return {
    id: hashString(run.map((r) => r.id).sort().join('|')),
    ux: run[0].ux,
    uy: run[0].uy,
    t0: first.t0,
    t1: last.t1,
    s0: s0 / weight,
    s1: s1 / weight,
    layers: [...new Set(run.flatMap((r) => r.layers))].sort(),
    sources: [...new Set(run.flatMap((r) => r.sources))].sort(),
    startSide: first.startSide,
    endSide: last.endSide,
  };
}

/** Merges the rectangles of one band along it: touching or overlapping, or across a gap one face spans. */
function mergeBand(band: WallRect[], set: SegmentSet, index: Flatbush, rule: BandRule): WallRect[] {
  const sorted = [...band].sort((a, b) => a.t0 - b.t0 || a.t1 - b.t1 || (a.id < b.id ? -1 : 1));
  const out: WallRect[] = [];
  let run = [sorted[0]];
  let runEnd = sorted[0].t1;
  for (const r of sorted.slice(1)) {
    const gap = r.t0 - runEnd;
    const frame = run[0];
    const joins =
      gap <= rule.maxGap ||
      (gap <= rule.maxThickness &&
        (faceContinues(set, index, frame, frame.s0, runEnd, r.t0, rule) || faceContinues(set, index, frame, frame.s1, runEnd, r.t0, rule)));
    if (joins) {
      run.push(r);
      runEnd = Math.max(runEnd, r.t1);
    } else {
      out.push(combine(run));
      run = [r];
      runEnd = r.t1;
    }
  }
  out.push(combine(run));
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

/** Index of the first value >= x in an ascending array. */
function lowerBound(values: number[], x: number): number {
  let lo = 0, hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function layer(a: WallRect, b: WallRect, t0: number, t1: number): WallRect {
  return {
    ...a,
    id: hashString(`${a.id}+${b.id}`),
    t0, t1, s1: b.s1,
    layers: [...new Set([...a.layers, ...b.layers])].sort(),
    sources: [...new Set([...a.sources, ...b.sources])].sort(),
    startSide: a.t0 >= b.t0 ? a.startSide : b.startSide,
    endSide: a.t1 <= b.t1 ? a.endSide : b.endSide,
  };
}

/** Layers that stack in one wall; a guard against endless passes on degenerate input. */
const MAX_LAYER_PASSES = 8;

/**
 * Layered walls: two strips of one direction that share a face line (an insulation or cladding line
 * drawn inside a wall) become one strip of the full thickness where they run side by side, as long as
 * the total stays a wall thickness. Each pass merges every strip at most once; passes repeat so three
 * layers merge too.
 */
function mergeLayers(strips: WallRect[], rule: BandRule): { strips: WallRect[]; merges: number } {
  let merges = 0;
  let current = strips;
  for (let pass = 0; pass < MAX_LAYER_PASSES; pass++) {
    const sorted = [...current].sort((a, b) => a.s0 - b.s0 || a.t0 - b.t0 || (a.id < b.id ? -1 : 1));
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
    current = sorted.filter((_, k) => !used[k]).concat(produced);
  }
  return { strips: current, merges };
}

/**
 * LOGIC_E: merges rectangles of the same band (same direction, same two face lines) that touch or overlap
 * along it, at any angle. Rectangles outside the thickness range pass through unchanged.
 */
export function mergeBands(rects: WallRect[], set: SegmentSet, index: Flatbush, rule: BandRule): { rects: WallRect[]; merged: number; layerMerges: number } {
  const eligible = rects.filter((r) => thickness(r) >= rule.minThickness && thickness(r) <= rule.maxThickness);
  const eligibleSet = new Set(eligible);
  const passThrough = rects.filter((r) => !eligibleSet.has(r));
  const out: WallRect[] = [...passThrough];
  let layerMerges = 0;
  for (const group of groupByDirection(eligible, rule.angleTolerance)) {
    const frame = eligible[group[0]];
    const inFrame = group.map((i) => reframe(eligible[i], frame));
    const merged = groupByFaces(inFrame, rule.faceTolerance).flatMap((band) => mergeBand(band, set, index, rule));
    const layered = mergeLayers(merged, rule);
    layerMerges += layered.merges;
    // Layering cuts strips where their neighbours end; join the pieces of each band again.
    out.push(...(layered.merges ? groupByFaces(layered.strips, rule.faceTolerance).flatMap((band) => mergeBand(band, set, index, rule)) : merged));
  }
  out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rects: out, merged: rects.length - out.length, layerMerges };
}
