import type { Box2 } from '../../core/model';
import type { Camera, Viewport } from './camera';
import type { PickInfo } from './picking';
import type { OverlayKey } from './scene';

/** Everything a renderer needs to draw one frame. */
export interface FrameState {
  camera: Camera;
  /** CSS pixels. */
  viewport: Viewport;
  dpr: number;
  layerVisible: readonly boolean[];
  overlayVisible: ReadonlySet<OverlayKey>;
  hover: PickInfo | null;
  selection: readonly PickInfo[];
  measure: { a: [number, number]; b: [number, number] | null } | null;
  snap: [number, number] | null;
  /** The job's region (or the one being drawn), world mm. */
  region: Box2 | null;
}

export interface Renderer {
  readonly kind: 'webgl2' | 'canvas2d';
  /** Draws a whole frame now. */
  render(frame: FrameState): void;
  /**
   * Draws (part of) a frame in an animation frame; true once it is on screen. Called again with the same frame
   * object it continues; with a new one it starts over. Renderers that draw fast enough draw it whole at once.
   */
  renderSlice(frame: FrameState): boolean;
  /** Blocks until the GPU has finished the frame (benchmarks). */
  finish(): void;
  dispose(): void;
}

/** Marker size of point overlays (unjoined ends), CSS pixels. */
export const MARKER_PX = 9;
export const HOVER_PX = 3;
export const SELECT_PX = 3.5;
export const REGION_PX = 2;

/** A box as a closed ring [x, y, …] for outline drawing. */
export function boxRing(b: Box2): number[] {
  return [b.minX, b.minY, b.maxX, b.minY, b.maxX, b.maxY, b.minX, b.maxY];
}

/** Segments shorter than this on screen (CSS px) are left out of a frame: they would not cover a pixel. */
export const LOD_PX = 0.5;

/** How many segments of a chunk (sorted longest first) are at least `minLen` long. */
export function lodCount(lens: Float32Array, start: number, count: number, minLen: number): number {
  if (count === 0 || lens[start] < minLen) return 0;
  if (lens[start + count - 1] >= minLen) return count;
  let lo = 0, hi = count - 1; // lens[start + lo] >= minLen > lens[start + hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (lens[start + mid] >= minLen) lo = mid;
    else hi = mid;
  }
  return lo + 1;
}
