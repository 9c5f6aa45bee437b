import { clipSegmentToBox } from './geometry/clipSegment';
import type { Box2 } from './model';

/** A point list [x0, y0, x1, y1, …] and whether it closes on itself. */
export interface PointRun {
  xy: number[];
  closed: boolean;
}

/**
 * The parts of a polyline inside `box`: the polyline itself when it lies wholly inside, otherwise one open run per
 * stretch of consecutive edges that stays inside (a closed outline cut by the box edge wraps around its start).
 */
export function clipPolylineToBox(xy: readonly number[], closed: boolean, box: Box2): PointRun[] {
  const n = xy.length / 2;
  const edgeCount = closed ? n : n - 1;
  const runs: number[][] = [];
  let current: number[] | null = null;
  let allInside = true;
  for (let i = 0; i < edgeCount; i++) {
    const j = (i + 1) % n;
    const [x1, y1, x2, y2] = [xy[2 * i], xy[2 * i + 1], xy[2 * j], xy[2 * j + 1]];
    const span = clipSegmentToBox(x1, y1, x2, y2, box);
    if (!span || span[1] <= span[0]) {
      allInside = false;
      current = null;
      continue;
    }
    const [t0, t1] = span;
    if (t0 > 0 || t1 < 1) allInside = false;
    if (!current || t0 > 0) {
      current = [x1 + (x2 - x1) * t0, y1 + (y2 - y1) * t0];
      runs.push(current);
    }
    current.push(x1 + (x2 - x1) * t1, y1 + (y2 - y1) * t1);
    if (t1 < 1) current = null;
  }
  if (allInside && edgeCount > 0) return [{ xy: [...xy], closed }];
  // A closed outline's last run continues into its first when both touch the start vertex inside the box.
  if (closed && runs.length > 1) {
    const first = runs[0], last = runs[runs.length - 1];
    if (first[0] === xy[0] && first[1] === xy[1] && last[last.length - 2] === xy[0] && last[last.length - 1] === xy[1]) {
      runs[0] = [...last, ...first.slice(2)];
      runs.pop();
    }
  }
  return runs.map((run) => ({ xy: run, closed: false }));
}
