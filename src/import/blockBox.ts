import type { BlockRef, Box2, Vec3 } from '../core/model';

/** A box "contains" its block's position if it does within this share of its diagonal (SPEC §2.1). */
const CONTAINS_TOLERANCE = 0.01;

type Placement = Pick<BlockRef, 'position' | 'rotation' | 'scaleX' | 'scaleY'>;

/**
 * The world extents of a block reference. Exports normally give world boxes; a box that does not contain the
 * insertion point is taken as block-local extents and placed like the block (scale, rotate, translate).
 */
export function worldBlockBox(box: Box2, placement: Placement): Box2 {
  return containsPoint(box, placement.position) ? box : placeLocalBox(box, placement);
}

function containsPoint(box: Box2, point: Vec3): boolean {
  const tolerance = CONTAINS_TOLERANCE * Math.hypot(box.maxX - box.minX, box.maxY - box.minY);
  return (
    point.x >= box.minX - tolerance &&
    point.x <= box.maxX + tolerance &&
    point.y >= box.minY - tolerance &&
    point.y <= box.maxY + tolerance
  );
}

/** Axis-aligned world box around the four placed corners of a block-local box. */
function placeLocalBox(box: Box2, { position, rotation, scaleX, scaleY }: Placement): Box2 {
  const radians = (rotation * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const world: Box2 = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const [localX, localY] of [
    [box.minX, box.minY],
    [box.maxX, box.minY],
    [box.maxX, box.maxY],
    [box.minX, box.maxY],
  ] as const) {
    const x = localX * scaleX;
    const y = localY * scaleY;
    const worldX = position.x + x * cos - y * sin;
    const worldY = position.y + x * sin + y * cos;
    world.minX = Math.min(world.minX, worldX);
    world.minY = Math.min(world.minY, worldY);
    world.maxX = Math.max(world.maxX, worldX);
    world.maxY = Math.max(world.maxY, worldY);
  }
  return world;
}
