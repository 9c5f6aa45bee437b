import Flatbush from 'flatbush';
import type { Box2 } from '../model';
import type { PlanOpening } from '../entities';
import { rectBoxInto, type WallRect } from '../rects';
import { sortShort } from './sortShort';
import { spatialOrder } from '../geometry/spatialOrder';

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

/**
 * Separating-axis test between an oriented rectangle and an axis-aligned box, on the rectangle's two axes:
 * for index hits, whose bounding box already meets the box (the test on the box's own axes).
 */
export function hitMeetsBox(r: WallRect, box: Box2): boolean {
  return boxReaches(box, r.ux, r.uy, r.t0, r.t1) && boxReaches(box, -r.uy, r.ux, r.s0, r.s1);
}

export function growBoxBy(box: Box2, margin: number): Box2 {
  return { minX: box.minX - margin, minY: box.minY - margin, maxX: box.maxX + margin, maxY: box.maxY + margin };
}

/** A Flatbush over the rectangles' boxes, shared by DOOR_RECTANGLE_ASSIGNMENT and WALLS (one empty box when there are none: Flatbush needs an item). */
export function indexRects(rects: WallRect[]): Flatbush {
  const index = new Flatbush(Math.max(rects.length, 1));
  for (let i = 0; i < rects.length; i++) {
    const b = rectBoxInto(rects[i]);
    index.add(b[0], b[1], b[2], b[3]);
  }
  if (rects.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return index;
}

const byIndex = (a: number, b: number) => a - b;

/** The rectangles whose oriented shape meets the box, in index order (the search's own list, filtered in place). */
function rectsMeeting(rects: WallRect[], index: Flatbush, box: Box2): number[] {
  const hits = index.search(box.minX, box.minY, box.maxX, box.maxY);
  let kept = 0;
  for (let h = 0; h < hits.length; h++) if (hitMeetsBox(rects[hits[h]], box)) hits[kept++] = hits[h];
  hits.length = kept;
  return sortShort(hits, byIndex);
}

/** DOOR_RECTANGLE_ASSIGNMENT: for every door and window block, the wall rectangles near its box. `index` is indexRects(rects). */
export function assignOpenings(openings: PlanOpening[], rects: WallRect[], index: Flatbush, margin: number): OpeningAssignment[] {
  const searchBoxes = openings.map((o) => growBoxBy(o.box, margin));
  const boxes = new Float64Array(4 * openings.length);
  searchBoxes.forEach((b, k) => {
    boxes[4 * k] = b.minX;
    boxes[4 * k + 1] = b.minY;
    boxes[4 * k + 2] = b.maxX;
    boxes[4 * k + 3] = b.maxY;
  });
  // Searched in spatial order (see spatialOrder), listed in the openings' order.
  const found: number[][] = new Array(openings.length);
  for (const k of spatialOrder(boxes, openings.length)) found[k] = rects.length === 0 ? [] : rectsMeeting(rects, index, searchBoxes[k]);
  return openings.map((opening, k) => ({ opening, searchBox: searchBoxes[k], rects: found[k] }));
}
