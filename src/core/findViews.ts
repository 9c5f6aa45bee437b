import { boxesIntersect } from './geometry/box';
import type { Box2, Drawing } from './model';

/** One of several drawings placed side by side in model space (plans, elevations, title blocks). */
export interface DrawingView {
  /** Drawing units, with a small margin so lines on its border are inside. */
  box: Box2;
  /** Line-like segments (lines, polyline edges) whose midpoint lies in the view. */
  segments: number;
  /** Of those, the ones on wall layers: the plan is usually the view with the most. */
  wallSegments: number;
}

/** Cells across the longer side of the drawing for the occupancy grid. */
const GRID = 256;
/** Occupied cells this many cells apart (3 % of the drawing's extent) belong to the same view: dimension lines and labels stay with their plan. */
const LINK_CELLS = 8;
/** Clusters with less than this share of the wall segments (of all segments, without wall layers) are not views of their own: a scale bar, a title block, a stray line. */
const MIN_SHARE = 0.05;

/**
 * The separate views of a drawing: clusters of geometry with empty space between them, found on an occupancy
 * grid over the whole drawing. Returns an empty list when there is only one view. Sorted by wall segments,
 * then by segments, so the first is the likely plan.
 */
export function findViews(drawing: Drawing, wallLayers: readonly string[]): DrawingView[] {
  const segments = collectSegments(drawing, new Set(wallLayers));
  const count = segments.isWall.length;
  if (count === 0) return [];
  const bounds = segmentBounds(segments.xy);
  const extent = Math.max(bounds.maxX - bounds.minX, bounds.maxY - bounds.minY);
  if (!(extent > 0)) return [];
  const grid = occupancyGrid(segments.xy, bounds, extent / GRID);
  const clusters = mergeOverlappingBoxes(clusterBoxes(grid));
  const views = clusters.map((box) => ({ box: pad(box, 0.01 * extent), segments: 0, wallSegments: 0 }));
  for (let i = 0; i < count; i++) {
    const mx = (segments.xy[4 * i] + segments.xy[4 * i + 2]) / 2, my = (segments.xy[4 * i + 1] + segments.xy[4 * i + 3]) / 2;
    const view = views.find((v) => mx >= v.box.minX && mx <= v.box.maxX && my >= v.box.minY && my <= v.box.maxY);
    if (!view) continue;
    view.segments++;
    if (segments.isWall[i]) view.wallSegments++;
  }
  const wallTotal = views.reduce((n, v) => n + v.wallSegments, 0);
  const weight = (v: DrawingView) => (wallTotal > 0 ? v.wallSegments / wallTotal : v.segments / count);
  const kept = views.filter((v) => weight(v) >= MIN_SHARE);
  if (kept.length < 2) return [];
  return kept.sort((a, b) => b.wallSegments - a.wallSegments || b.segments - a.segments);
}

/** Every line and polyline edge as x1, y1, x2, y2; block boxes as their diagonal, so they occupy space too. */
function collectSegments(drawing: Drawing, walls: ReadonlySet<string>) {
  const xy: number[] = [];
  const isWall: boolean[] = [];
  for (const layer of drawing.layers) {
    const wall = walls.has(layer.name);
    const lines = layer.lines.xyz;
    for (let i = 0; i < lines.length; i += 6) {
      xy.push(lines[i], lines[i + 1], lines[i + 3], lines[i + 4]);
      isWall.push(wall);
    }
    const { xyz, first, closed } = layer.polylines;
    for (let p = 0; p < closed.length; p++) {
      const start = first[p], n = first[p + 1] - start;
      const edges = closed[p] ? n : n - 1;
      for (let i = 0; i < edges; i++) {
        const a = 3 * (start + i), b = 3 * (start + ((i + 1) % n));
        xy.push(xyz[a], xyz[a + 1], xyz[b], xyz[b + 1]);
        isWall.push(wall);
      }
    }
    for (const b of layer.blocks) {
      if (!b.bbox) continue;
      xy.push(b.bbox.minX, b.bbox.minY, b.bbox.maxX, b.bbox.maxY);
      isWall.push(false);
    }
  }
  return { xy: Float64Array.from(xy), isWall };
}

function segmentBounds(xy: Float64Array): Box2 {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (let i = 0; i < xy.length; i += 2) {
    const x = xy[i], y = xy[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < b.minX) b.minX = x;
    if (x > b.maxX) b.maxX = x;
    if (y < b.minY) b.minY = y;
    if (y > b.maxY) b.maxY = y;
  }
  return b;
}

interface Grid {
  cells: Uint8Array;
  nx: number;
  ny: number;
  cell: number;
  origin: Box2;
}

/** Marks the cells every segment passes through (sampled at cell spacing). */
function occupancyGrid(xy: Float64Array, bounds: Box2, cell: number): Grid {
  const nx = Math.floor((bounds.maxX - bounds.minX) / cell) + 1;
  const ny = Math.floor((bounds.maxY - bounds.minY) / cell) + 1;
  const cells = new Uint8Array(nx * ny);
  for (let i = 0; i < xy.length; i += 4) {
    const x1 = (xy[i] - bounds.minX) / cell, y1 = (xy[i + 1] - bounds.minY) / cell;
    const x2 = (xy[i + 2] - bounds.minX) / cell, y2 = (xy[i + 3] - bounds.minY) / cell;
    if (![x1, y1, x2, y2].every(Number.isFinite)) continue;
    const steps = Math.ceil(Math.max(Math.abs(x2 - x1), Math.abs(y2 - y1))) + 1;
    for (let s = 0; s <= steps; s++) {
      const t = s / steps;
      cells[Math.floor(y1 + (y2 - y1) * t) * nx + Math.floor(x1 + (x2 - x1) * t)] = 1;
    }
  }
  return { cells, nx, ny, cell, origin: bounds };
}

/** Bounding boxes (drawing units) of the groups of occupied cells within LINK_CELLS of each other. */
function clusterBoxes({ cells, nx, ny, cell, origin }: Grid): Box2[] {
  const seen = new Uint8Array(cells.length);
  const boxes: Box2[] = [];
  const stack: number[] = [];
  for (let start = 0; start < cells.length; start++) {
    if (!cells[start] || seen[start]) continue;
    let minCx = nx, minCy = ny, maxCx = -1, maxCy = -1;
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const c = stack.pop()!;
      const cx = c % nx, cy = (c - cx) / nx;
      minCx = Math.min(minCx, cx); maxCx = Math.max(maxCx, cx);
      minCy = Math.min(minCy, cy); maxCy = Math.max(maxCy, cy);
      for (let y = Math.max(0, cy - LINK_CELLS); y <= Math.min(ny - 1, cy + LINK_CELLS); y++) {
        for (let x = Math.max(0, cx - LINK_CELLS); x <= Math.min(nx - 1, cx + LINK_CELLS); x++) {
          const n = y * nx + x;
          if (cells[n] && !seen[n]) {
            seen[n] = 1;
            stack.push(n);
          }
        }
      }
    }
    boxes.push({
      minX: origin.minX + minCx * cell, minY: origin.minY + minCy * cell,
      maxX: origin.minX + (maxCx + 1) * cell, maxY: origin.minY + (maxCy + 1) * cell,
    });
  }
  return boxes;
}

/** Merges boxes that overlap (an L-shaped view around a smaller one), until no two do. */
function mergeOverlappingBoxes(boxes: Box2[]): Box2[] {
  const out = [...boxes];
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i], b = out[j];
        if (boxesIntersect(a, b)) {
          out[i] = { minX: Math.min(a.minX, b.minX), minY: Math.min(a.minY, b.minY), maxX: Math.max(a.maxX, b.maxX), maxY: Math.max(a.maxY, b.maxY) };
          out.splice(j, 1);
          merged = true;
          break;
        }
      }
    }
  }
  return out;
}

function pad(b: Box2, d: number): Box2 {
  return { minX: b.minX - d, minY: b.minY - d, maxX: b.maxX + d, maxY: b.maxY + d };
}
