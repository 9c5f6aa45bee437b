import type { Box2 } from '../model';

/**
 * The part of segment (x1,y1)-(x2,y2) inside `box` as parameters [t0, t1] along it (0 = start, 1 = end),
 * or null when no part of it is inside. Liang–Barsky: one pass over the four box edges.
 */
export function clipSegmentToBox(x1: number, y1: number, x2: number, y2: number, box: Box2): [number, number] | null {
  const dx = x2 - x1;
  const dy = y2 - y1;
  let t0 = 0;
  let t1 = 1;
  // Each edge as p·t ≤ q: entering where p < 0, leaving where p > 0.
  const edges: [number, number][] = [
    [-dx, x1 - box.minX],
    [dx, box.maxX - x1],
    [-dy, y1 - box.minY],
    [dy, box.maxY - y1],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null; // parallel to this edge and outside it
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return null;
  }
  return [t0, t1];
}

export function pointInBox(x: number, y: number, box: Box2): boolean {
  return x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY;
}
