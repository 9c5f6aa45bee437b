import Flatbush from 'flatbush';
import type { Box2 } from '../model';
import type { PlanOpening } from '../entities';
import { tableRowBoxInto, type RectTable, type WallRect } from '../rects';
import { boxHits, searchInto, type BoxHits } from '../geometry/searchInto';
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
  return extentMeetsBox(box, r.ux, r.uy, r.t0, r.t1, r.s0, r.s1);
}

function extentMeetsBox(box: Box2, ux: number, uy: number, t0: number, t1: number, s0: number, s1: number): boolean {
  return boxReaches(box, ux, uy, t0, t1) && boxReaches(box, -uy, ux, s0, s1);
}

export function growBoxBy(box: Box2, margin: number): Box2 {
  return { minX: box.minX - margin, minY: box.minY - margin, maxX: box.maxX + margin, maxY: box.maxY + margin };
}

/** A Flatbush over the rectangles' boxes, shared by DOOR_RECTANGLE_ASSIGNMENT and WALLS (one empty box when there are none: Flatbush needs an item). */
export function indexRects(rects: RectTable): Flatbush {
  const index = new Flatbush(Math.max(rects.count, 1));
  for (let i = 0; i < rects.count; i++) {
    const b = tableRowBoxInto(rects, i);
    index.add(b[0], b[1], b[2], b[3]);
  }
  if (rects.count === 0) index.add(0, 0, 0, 0);
  index.finish();
  return index;
}

const byIndex = (a: number, b: number) => a - b;

/** The rectangles whose oriented shape meets the box, in index order. */
function rectsMeeting(rects: RectTable, index: Flatbush, box: Box2, hits: BoxHits): number[] {
  const count = searchInto(index, box.minX, box.minY, box.maxX, box.maxY, hits);
  const found: number[] = [];
  for (let h = 0; h < count; h++) {
    const i = hits.items[h];
    if (extentMeetsBox(box, rects.ux[i], rects.uy[i], rects.t0[i], rects.t1[i], rects.s0[i], rects.s1[i])) found.push(i);
  }
  return sortShort(found, byIndex);
}

/** DOOR_RECTANGLE_ASSIGNMENT: for every door and window block, the wall rectangles near its box. `index` is indexRects(rects). */
export function assignOpenings(openings: PlanOpening[], rects: RectTable, index: Flatbush, margin: number): OpeningAssignment[] {
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
  const hits = boxHits();
  const order = spatialOrder(boxes, openings.length);
  for (let x = 0; x < order.length; x++) found[order[x]] = rects.count === 0 ? [] : rectsMeeting(rects, index, searchBoxes[order[x]], hits);
  return openings.map((opening, k) => ({ opening, searchBox: searchBoxes[k], rects: found[k] }));
}
