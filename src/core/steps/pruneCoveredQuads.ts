import Flatbush from 'flatbush';
import { quadArea, quadBox, type SegmentPair } from '../pairs';

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

/** LOGIC_D: removes every quad covered by a strictly larger one. */
export function pruneCoveredQuads(pairs: SegmentPair[], tolerance: number): SegmentPair[] {
  if (pairs.length === 0) return [];
  const areas = pairs.map((p) => quadArea(p.quad));
  const index = new Flatbush(pairs.length);
  for (const p of pairs) index.add(...quadBox(p.quad));
  index.finish();
  return pairs.filter((p, i) => {
    const [minX, minY, maxX, maxY] = quadBox(p.quad);
    const hits = index.search(minX - tolerance, minY - tolerance, maxX + tolerance, maxY + tolerance);
    return !hits.some((j) => j !== i && areas[j] > areas[i] && quadCovers(pairs[j].quad, p.quad, tolerance));
  });
}
