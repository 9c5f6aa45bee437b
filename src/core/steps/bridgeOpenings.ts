import type { Box2 } from '../model';
import { reframeTableRowExtent, type RectTable, type WallRect } from '../rects';
import type { OpeningAssignment } from './assignOpenings';

export interface OpeningBridge {
  openingId: string;
  /** Indices of the two wall rectangles the bridge joins, in order along the band. */
  from: number;
  to: number;
  /** The gap rectangle, in the frame of the lower-indexed of the two (`from` or `to`: the one first in the opening's list). */
  rect: Pick<WallRect, 'ux' | 'uy' | 't0' | 't1' | 's0' | 's1'>;
}

export interface BridgeRule {
  bandTolerance: number;
  maxGap: number;
  sinParallel: number;
}

/** A gap between two rectangles of one band (as in OpeningBridge); one instance is reused, as most gaps are not kept. */
interface Gap {
  from: number;
  to: number;
  rect: OpeningBridge['rect'];
}

/** Writes the gap between near rectangles i and j to `gap`; false when they are not in one band or touch. */
function gapBetween(rects: RectTable, i: number, j: number, rule: BridgeRule, gap: Gap): boolean {
  const ux = rects.ux[i], uy = rects.uy[i];
  if (Math.abs(ux * rects.uy[j] - uy * rects.ux[j]) > rule.sinParallel) return false;
  const aT0 = rects.t0[i], aT1 = rects.t1[i], aS0 = rects.s0[i], aS1 = rects.s1[i];
  const r = gap.rect;
  r.ux = ux;
  r.uy = uy;
  const b = reframeTableRowExtent(rects, j, r);
  const bT0 = b[0], bT1 = b[1], bS0 = b[2], bS1 = b[3];
  if (Math.abs(aS0 - bS0) > rule.bandTolerance || Math.abs(aS1 - bS1) > rule.bandTolerance) return false;
  const aFirst = aT0 <= bT0;
  r.t0 = aFirst ? aT1 : bT1;
  r.t1 = aFirst ? bT0 : aT0;
  if (r.t1 - r.t0 <= 0) return false;
  r.s0 = Math.max(aS0, bS0);
  r.s1 = Math.min(aS1, bS1);
  gap.from = aFirst ? i : j;
  gap.to = aFirst ? j : i;
  return true;
}

/** Whether the box, projected on the gap's direction, reaches into the gap; and whether the gap may be that long. */
function boxFillsGap(box: Box2, gap: OpeningBridge['rect'], rule: BridgeRule): boolean {
  const { ux, uy } = gap;
  const p0 = box.minX * ux + box.minY * uy, p1 = box.maxX * ux + box.minY * uy, p2 = box.maxX * ux + box.maxY * uy, p3 = box.minX * ux + box.maxY * uy;
  const lo = Math.min(p0, p1, p2, p3), hi = Math.max(p0, p1, p2, p3);
  if (hi <= gap.t0 || lo >= gap.t1) return false;
  // Wider than the usual limit only where the block itself spans the gap (a wide window or sliding door).
  const spannedByBlock = lo <= gap.t0 + rule.bandTolerance && hi >= gap.t1 - rule.bandTolerance;
  return gap.t1 - gap.t0 <= rule.maxGap || spannedByBlock;
}

/**
 * DOOR_BRIDGE: for every door or window, the largest gap between two of its collinear wall rectangles
 * that lies across the opening's box — the part of the wall the opening interrupts. Gaps are at most
 * maxGap long, or longer when the opening's own box spans the whole gap.
 */
export function bridgeOpenings(assignments: OpeningAssignment[], rects: RectTable, rule: BridgeRule): OpeningBridge[] {
  const bridges: OpeningBridge[] = [];
  const gap: Gap = { from: 0, to: 0, rect: { ux: 0, uy: 0, t0: 0, t1: 0, s0: 0, s1: 0 } };
  for (let k = 0; k < assignments.length; k++) {
    const { opening, rects: near } = assignments[k];
    let best: OpeningBridge | null = null;
    for (let x = 0; x < near.length; x++) {
      for (let y = x + 1; y < near.length; y++) {
        if (!gapBetween(rects, near[x], near[y], rule, gap) || !boxFillsGap(opening.box, gap.rect, rule)) continue;
        if (!best || gap.rect.t1 - gap.rect.t0 > best.rect.t1 - best.rect.t0) best = { openingId: opening.id, from: gap.from, to: gap.to, rect: { ...gap.rect } };
      }
    }
    if (best) bridges.push(best);
  }
  return bridges;
}
