import type { Box2 } from '../model';
import { reframe, type WallRect } from '../rects';
import type { OpeningAssignment } from './assignOpenings';

export interface OpeningBridge {
  openingId: string;
  /** Indices of the two wall rectangles the bridge joins, in order along the band. */
  from: number;
  to: number;
  /** The gap rectangle, in the frame of `from`. */
  rect: Pick<WallRect, 'ux' | 'uy' | 't0' | 't1' | 's0' | 's1'>;
}

export interface BridgeRule {
  bandTolerance: number;
  maxGap: number;
  sinParallel: number;
}

/** Extent of a box projected on direction (ux, uy). */
function boxSpanAlong(box: Box2, ux: number, uy: number): [number, number] {
  const p = [box.minX * ux + box.minY * uy, box.maxX * ux + box.minY * uy, box.maxX * ux + box.maxY * uy, box.minX * ux + box.maxY * uy];
  return [Math.min(...p), Math.max(...p)];
}

/** The gap between two collinear rectangles of one band, or null when they are not collinear or too far apart. */
function gapBetween(rects: WallRect[], i: number, j: number, rule: BridgeRule): OpeningBridge['rect'] & { from: number; to: number } | null {
  const a = rects[i];
  if (Math.abs(a.ux * rects[j].uy - a.uy * rects[j].ux) > rule.sinParallel) return null;
  const b = reframe(rects[j], a);
  if (Math.abs(a.s0 - b.s0) > rule.bandTolerance || Math.abs(a.s1 - b.s1) > rule.bandTolerance) return null;
  const [first, second, from, to] = a.t0 <= b.t0 ? [a, b, i, j] : [b, a, j, i];
  const gap = second.t0 - first.t1;
  if (gap <= 0) return null;
  return { ux: a.ux, uy: a.uy, t0: first.t1, t1: second.t0, s0: Math.max(a.s0, b.s0), s1: Math.min(a.s1, b.s1), from, to };
}

/**
 * DOOR_BRIDGE: for every door or window, the largest gap between two of its collinear wall rectangles
 * that lies across the opening's box — the part of the wall the opening interrupts. Gaps are at most
 * maxGap long, or longer when the opening's own box spans the whole gap.
 */
export function bridgeOpenings(assignments: OpeningAssignment[], rects: WallRect[], rule: BridgeRule): OpeningBridge[] {
  const bridges: OpeningBridge[] = [];
  for (const { opening, rects: near } of assignments) {
    let best: OpeningBridge | null = null;
    for (let x = 0; x < near.length; x++) {
      for (let y = x + 1; y < near.length; y++) {
        const gap = gapBetween(rects, near[x], near[y], rule);
        if (!gap) continue;
        const [lo, hi] = boxSpanAlong(opening.box, gap.ux, gap.uy);
        if (hi <= gap.t0 || lo >= gap.t1) continue;
        // Wider than the usual limit only where the block itself spans the gap (a wide window or sliding door).
        const spannedByBlock = lo <= gap.t0 + rule.bandTolerance && hi >= gap.t1 - rule.bandTolerance;
        if (gap.t1 - gap.t0 > rule.maxGap && !spannedByBlock) continue;
        const { from, to, ...rect } = gap;
        if (!best || rect.t1 - rect.t0 > best.rect.t1 - best.rect.t0) best = { openingId: opening.id, from, to, rect };
      }
    }
    if (best) bridges.push(best);
  }
  return bridges;
}
