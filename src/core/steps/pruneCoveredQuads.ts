import Flatbush from 'flatbush';
import { boxHits, searchInto, type BoxHits } from '../geometry/searchInto';
import { quadArea, quadBoxes, type PairList } from '../pairs';
import { hypot } from '../geometry/hypot';
import { ranksOf, rowsMoved, spatialOrder, unflaggedRows } from '../geometry/spatialOrder';

/** Whether point (x, y) is inside the convex quad q[at … at + 7], its edges pushed out by tolerance. */
function pointInQuad(q: Float64Array, at: number, x: number, y: number, tolerance: number): boolean {
  const cross = (q[at + 2] - q[at]) * (q[at + 7] - q[at + 1]) - (q[at + 3] - q[at + 1]) * (q[at + 6] - q[at]);
  const sign = cross >= 0 ? 1 : -1;
  for (let e = 0; e < 4; e++) {
    const ax = q[at + 2 * e], ay = q[at + 2 * e + 1];
    const ex = q[at + ((2 * e + 2) % 8)] - ax, ey = q[at + ((2 * e + 3) % 8)] - ay;
    const len = hypot(ex, ey);
    if (len === 0) continue;
    const inward = (sign * (ex * (y - ay) - ey * (x - ax))) / len;
    if (inward < -tolerance) return false;
  }
  return true;
}

/** Whether quad j of the corners covers quad i: all of i's corners inside j pushed out by tolerance. */
export function quadCovers(corners: Float64Array, j: number, i: number, tolerance: number): boolean {
  for (let k = 0; k < 4; k++) if (!pointInQuad(corners, 8 * j, corners[8 * i + 2 * k], corners[8 * i + 2 * k + 1], tolerance)) return false;
  return true;
}

/** Whether a strictly larger quad among the index's hits near quad i covers it. */
function coveredByLarger(corners: Float64Array, areas: Float64Array, hits: BoxHits, i: number, tolerance: number): boolean {
  for (let h = 0; h < hits.count; h++) {
    const j = hits.items[h];
    if (j !== i && areas[j] > areas[i] && quadCovers(corners, j, i, tolerance)) return true;
  }
  return false;
}

/** The quads' areas, one per pair. */
export function quadAreas(pairs: PairList): Float64Array {
  const areas = new Float64Array(pairs.count);
  for (let i = 0; i < pairs.count; i++) areas[i] = quadArea(pairs.quads, 8 * i);
  return areas;
}

/**
 * LOGIC_D: the rows of the pairs whose quad no strictly larger quad covers. The quads are read from flat arrays
 * (pair objects with their quad arrays and boxed numbers made the step 4× as slow for 2× the pairs), moved into
 * spatial order, and tested in that order over an index of the moved boxes: a quad's neighbours are then near it
 * in memory too (pairs come by segment id, spread over the plan).
 */
export function pruneCoveredQuads(pairs: PairList, tolerance: number): number[] {
  const n = pairs.count;
  if (n === 0) return [];
  const byRow = quadBoxes(pairs), order = spatialOrder(byRow, n), rankOf = ranksOf(order);
  const boxes = rowsMoved(byRow, 4, rankOf), corners = rowsMoved(pairs.quads.subarray(0, 8 * n), 8, rankOf), areas = rowsMoved(quadAreas(pairs), 1, rankOf);
  const index = new Flatbush(n);
  for (let r = 0; r < n; r++) index.add(boxes[4 * r], boxes[4 * r + 1], boxes[4 * r + 2], boxes[4 * r + 3]);
  index.finish();
  const hits = boxHits();
  const covered = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    searchInto(index, boxes[4 * r] - tolerance, boxes[4 * r + 1] - tolerance, boxes[4 * r + 2] + tolerance, boxes[4 * r + 3] + tolerance, hits);
    covered[order[r]] = coveredByLarger(corners, areas, hits, r, tolerance) ? 1 : 0;
  }
  return unflaggedRows(covered);
}
