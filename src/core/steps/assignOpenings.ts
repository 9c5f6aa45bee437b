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

/** Separating-axis test between an oriented rectangle and an axis-aligned box. */
export function rectIntersectsBox(r: WallRect, box: Box2): boolean {
  const [minX, minY, maxX, maxY] = rectBox(r);
  if (maxX < box.minX || minX > box.maxX || maxY < box.minY || minY > box.maxY) return false;
  const boxCorners: [number, number][] = [[box.minX, box.minY], [box.maxX, box.minY], [box.maxX, box.maxY], [box.minX, box.maxY]];
  for (const [ax, ay, lo, hi] of [[r.ux, r.uy, r.t0, r.t1], [-r.uy, r.ux, r.s0, r.s1]] as const) {
    const proj = boxCorners.map(([x, y]) => ax * x + ay * y);
    if (Math.max(...proj) < lo || Math.min(...proj) > hi) return false;
  }
  return true;
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

