/**
 * The view: a centre in drawing mm and a scale in CSS pixels per mm. Screen y grows downwards, drawing y upwards.
 */
export interface Camera {
  cx: number;
  cy: number;
  /** CSS pixels per mm. */
  scale: number;
}

export interface Viewport {
  width: number;
  height: number;
}

export interface Rect {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export const MIN_SCALE = 1e-6;
export const MAX_SCALE = 200;

const clampScale = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));

export function toScreen(c: Camera, v: Viewport, x: number, y: number): [number, number] {
  return [(x - c.cx) * c.scale + v.width / 2, v.height / 2 - (y - c.cy) * c.scale];
}

export function toWorld(c: Camera, v: Viewport, sx: number, sy: number): [number, number] {
  return [(sx - v.width / 2) / c.scale + c.cx, (v.height / 2 - sy) / c.scale + c.cy];
}

/** The drawing area seen by the camera. */
export function visibleRect(c: Camera, v: Viewport): Rect {
  const hw = v.width / 2 / c.scale, hh = v.height / 2 / c.scale;
  return { minX: c.cx - hw, minY: c.cy - hh, maxX: c.cx + hw, maxY: c.cy + hh };
}

/** A camera showing the whole rectangle with a margin (in CSS pixels). */
export function fitRect(r: Rect, v: Viewport, margin = 24): Camera {
  const w = Math.max(r.maxX - r.minX, 1), h = Math.max(r.maxY - r.minY, 1);
  const scale = clampScale(Math.min((v.width - 2 * margin) / w, (v.height - 2 * margin) / h) || 1);
  return { cx: (r.minX + r.maxX) / 2, cy: (r.minY + r.maxY) / 2, scale: scale > 0 ? scale : 1 };
}

/** Moves the view by a screen offset (the drawing follows the pointer). */
export function pan(c: Camera, dxPx: number, dyPx: number): Camera {
  return { ...c, cx: c.cx - dxPx / c.scale, cy: c.cy + dyPx / c.scale };
}

/** Zooms by a factor keeping the drawing point under (sx, sy) fixed. */
export function zoomAt(c: Camera, v: Viewport, factor: number, sx: number, sy: number): Camera {
  const scale = clampScale(c.scale * factor);
  const [wx, wy] = toWorld(c, v, sx, sy);
  return { scale, cx: wx - (sx - v.width / 2) / scale, cy: wy - (v.height / 2 - sy) / scale };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.minX <= b.maxX && a.maxX >= b.minX && a.minY <= b.maxY && a.maxY >= b.minY;
}
