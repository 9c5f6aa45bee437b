// Random wall rectangles for the property tests of the rectangle steps: any direction, half of them
// axis-aligned (as most walls are, and where bounding boxes touch exactly), each in its own frame.
import fc from 'fast-check';
import type { WallRect } from '../../src/core/rects';

export const coordinate = fc.double({ min: -20_000, max: 20_000, noNaN: true });

export type Frame = Pick<WallRect, 'ux' | 'uy'>;

/** The canonical direction (ux > 0, or ux = 0 and uy = 1) of a line at this angle (radians, modulo π). */
export function frameAt(angle: number): Frame {
  const a = angle - Math.PI * Math.round(angle / Math.PI);
  const ux = Math.abs(Math.cos(a)) < 1e-12 ? 0 : Math.cos(a);
  return { ux, uy: ux === 0 ? 1 : Math.sin(a) };
}

export const HORIZONTAL: Frame = { ux: 1, uy: 0 }, VERTICAL: Frame = { ux: 0, uy: 1 };

/** The angle of a canonical direction, in (-π/2, π/2]. */
export function angleOf(frame: Frame): number {
  return Math.atan2(frame.uy, frame.ux);
}

/** Directions of any angle, half of them snapped to an axis. */
export const directionArb: fc.Arbitrary<Frame> = fc
  .record({ angle: fc.double({ min: -Math.PI / 2, max: Math.PI / 2, noNaN: true }), straight: fc.boolean() })
  .map(({ angle, straight }) => frameAt(straight ? Math.round(angle / (Math.PI / 2)) * (Math.PI / 2) : angle));

/** The rectangle t0..t1 along the frame and s0..s1 across it. */
export function wallRect(id: string, frame: Frame, t0: number, t1: number, s0: number, s1: number): WallRect {
  return { id, ux: frame.ux, uy: frame.uy, t0, t1, s0, s1, layers: ['A-WALL'], sources: [0], startSide: 'added', endSide: 'added' };
}

/** A wall rectangle anywhere, of any direction, 1–8000 mm long and 10–450 mm thick. */
export const rectArb: fc.Arbitrary<WallRect> = fc
  .record({ frame: directionArb, t0: coordinate, length: fc.double({ min: 1, max: 8000, noNaN: true }), s0: coordinate, thickness: fc.double({ min: 10, max: 450, noNaN: true }) })
  .map(({ frame, t0, length, s0, thickness }) => wallRect('r', frame, t0, t0 + length, s0, s0 + thickness));

/** The rectangles of several generated groups, numbered (ids decide sort orders and merged ids). */
export function numbered(groups: WallRect[][]): WallRect[] {
  return groups.flat().map((r, i) => ({ ...r, id: `r${String(i).padStart(3, '0')}`, sources: [i] }));
}
