/**
 * Messages between the page and the render worker (workers/render.worker.ts), which draws the plan with WebGL2 on
 * the page's canvas handed over as an OffscreenCanvas. Vertex arrays are sent once: each has an id, and a scene
 * that uses an array the worker already holds sends only the id (the job page shows the drawing page's plan).
 */
import type { FrameState } from './frame';
import type { RenderScene } from './glRenderer';

/** A vertex array by id; `data` is null when the worker holds it already. */
export interface ArrayRef {
  id: number;
  data: Float32Array | null;
}

type SceneLayer = RenderScene['layers'][number];
type SceneOverlay = RenderScene['overlays'][number];

export interface LayerMessage extends Omit<SceneLayer, 'verts' | 'lens'> {
  verts: ArrayRef;
  lens: ArrayRef;
}

export interface OverlayMessage extends Omit<SceneOverlay, 'gpu' | 'axisVerts'> {
  gpu: { fill: ArrayRef; stroke: ArrayRef }[];
  axisVerts: ArrayRef;
}

export type ToRenderWorker =
  | { type: 'canvas'; canvas: OffscreenCanvas }
  | { type: 'scene'; id: number; origin: RenderScene['origin']; layers: LayerMessage[]; overlays: OverlayMessage[] }
  | { type: 'overlays'; id: number; overlays: OverlayMessage[] }
  | { type: 'frame'; id: number; seq: number; frame: FrameState }
  | { type: 'dispose'; id: number };

export type FromRenderWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  /** Frame `seq` of scene `id` is on the canvas. */
  | { type: 'shown'; id: number; seq: number };
