import type { Box2 } from './model';

/** The rectangle spanned by two opposite corners, whichever two they are. */
export function regionFromCorners(ax: number, ay: number, bx: number, by: number): Box2 {
  return { minX: Math.min(ax, bx), minY: Math.min(ay, by), maxX: Math.max(ax, bx), maxY: Math.max(ay, by) };
}

/**
 * A region written as "minX,minY,maxX,maxY" (drawing units; any two opposite corners). Throws a sentence for the
 * user when it is not four numbers or encloses no area.
 */
export function parseRegion(text: string): Box2 {
  const parts = text.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  if (parts.length !== 4 || parts.some((p) => p === '') || values.some((v) => !Number.isFinite(v))) {
    throw new Error(`the region "${text}" is not four numbers "minX,minY,maxX,maxY"`);
  }
  const region = regionFromCorners(values[0], values[1], values[2], values[3]);
  if (!(region.maxX > region.minX && region.maxY > region.minY)) {
    throw new Error(`the region "${text}" encloses no area`);
  }
  return region;
}

/** "minX,minY,maxX,maxY" with up to `digits` decimals: what parseRegion reads back. */
export function formatRegion(region: Box2, digits = 3): string {
  const f = (v: number) => String(Number(v.toFixed(digits)));
  return [region.minX, region.minY, region.maxX, region.maxY].map(f).join(',');
}
