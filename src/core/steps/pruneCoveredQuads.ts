import Flatbush from 'flatbush';
import { quadArea, quadBoxes, type SegmentPair } from '../pairs';

type Quad = SegmentPair['quad'];

/** Whether point (x, y) is inside the convex quad, its edges pushed out by tolerance. */
export function pointInQuad(q: Quad, x: number, y: number, tolerance: number): boolean {
  const cross = (q[2] - q[0]) * (q[7] - q[1]) - (q[3] - q[1]) * (q[6] - q[0]);
  const sign = cross >= 0 ? 1 : -1;
  for (let e = 0; e < 4; e++) {
    const ax = q[2 * e], ay = q[2 * e + 1];
    const ex = q[(2 * e + 2) % 8] - ax, ey = q[(2 * e + 3) % 8] - ay;
    const len = Math.hypot(ex, ey);
    if (len === 0) continue;
    const inward = (sign * (ex * (y - ay) - ey * (x - ax))) / len;
    if (inward < -tolerance) return false;
  }
  return true;
}

export function quadCovers(outer: Quad, inner: Quad, tolerance: number): boolean {
  for (let i = 0; i < 4; i++) if (!pointInQuad(outer, inner[2 * i], inner[2 * i + 1], tolerance)) return false;
  return true;
}

/** Whether a strictly larger quad among the index's hits near quad i covers it. */
function coveredByLarger(pairs: SegmentPair[], areas: Float64Array, hits: number[], i: number, tolerance: number): boolean {
  for (const j of hits) if (j !== i && areas[j] > areas[i] && quadCovers(pairs[j].quad, pairs[i].quad, tolerance)) return true;
  return false;
}

/** LOGIC_D: removes every quad covered by a strictly larger one. */
export function pruneCoveredQuads(pairs: SegmentPair[], tolerance: number): SegmentPair[] {
  if (pairs.length === 0) return [];
  const areas = new Float64Array(pairs.length);
  for (let i = 0; i < pairs.length; i++) areas[i] = quadArea(pairs[i].quad);
  const boxes = quadBoxes(pairs);
  const index = new Flatbush(pairs.length);
  for (let i = 0; i < pairs.length; i++) index.add(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]);
  index.finish();
  const kept: SegmentPair[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const hits = index.search(boxes[4 * i] - tolerance, boxes[4 * i + 1] - tolerance, boxes[4 * i + 2] + tolerance, boxes[4 * i + 3] + tolerance);
    if (!coveredByLarger(pairs, areas, hits, i, tolerance)) kept.push(pairs[i]);
  }
  return kept;
}
