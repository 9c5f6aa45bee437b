import Flatbush from 'flatbush';
import type { Box2 } from '../model';
import type { PlanOpening } from '../entities';
import { rectBox, type WallRect } from '../rects';

export interface OpeningAssignment {
  opening: PlanOpening;
  /** The opening's box grown by the search margin. */
  searchBox: Box2;
  /** Indices of the wall rectangles that intersect the search box. */
  rects: number[];
}

/** Whether the box's projection on axis (ax, ay) reaches the interval lo..hi. */
function boxReaches(box: Box2, ax: number, ay: number, lo: number, hi: number): boolean {
  const p0 = ax * box.minX + ay * box.minY, p1 = ax * box.maxX + ay * box.minY;
  const p2 = ax * box.maxX + ay * box.maxY, p3 = ax * box.minX + ay * box.maxY;
  return Math.max(p0, p1, p2, p3) >= lo && Math.min(p0, p1, p2, p3) <= hi;
}

/** Separating-axis test between an oriented rectangle and an axis-aligned box. */
export function rectIntersectsBox(r: WallRect, box: Box2): boolean {
  const [minX, minY, maxX, maxY] = rectBox(r);
  if (maxX < box.minX || minX > box.maxX || maxY < box.minY || minY > box.maxY) return false;
  return boxReaches(box, r.ux, r.uy, r.t0, r.t1) && boxReaches(box, -r.uy, r.ux, r.s0, r.s1);
}

export function growBoxBy(box: Box2, margin: number): Box2 {
  return { minX: box.minX - margin, minY: box.minY - margin, maxX: box.maxX + margin, maxY: box.maxY + margin };
}

/** DOOR_RECTANGLE_ASSIGNMENT: for every door and window block, the wall rectangles near its box. */
export function assignOpenings(openings: PlanOpening[], rects: WallRect[], margin: number): OpeningAssignment[] {
  if (rects.length === 0) return openings.map((opening) => ({ opening, searchBox: growBoxBy(opening.box, margin), rects: [] }));
  const index = new Flatbush(rects.length);
  for (const r of rects) index.add(...rectBox(r));
  index.finish();
  return openings.map((opening) => {
    const searchBox = growBoxBy(opening.box, margin);
    const hits = index.search(searchBox.minX, searchBox.minY, searchBox.maxX, searchBox.maxY);
    return { opening, searchBox, rects: hits.filter((i) => rectIntersectsBox(rects[i], searchBox)).sort((a, b) => a - b) };
  });
}

