/**
 * Draws the plan viewer's frames with WebGL2 on the page's canvas, handed over as an OffscreenCanvas. Off the page,
 * a context's creation, uploads, canvas resizes and the compositor's read of each new frame (software GL) wait for
 * the GPU process here, not on the page's main thread. Frames are drawn in this worker's animation frames, in
 * slices where the GL is software, as on the page (src/app/viewer/glRenderer.ts).
 */
import { createGlCanvas, glRendererOn, type GlCanvas, type RenderScene } from '../src/app/viewer/glRenderer';
import type { FrameState, Renderer } from '../src/app/viewer/frame';
import type { ArrayRef, FromRenderWorker, OverlayMessage, ToRenderWorker } from '../src/app/viewer/renderProtocol';

let surface: GlCanvas | null = null;
let current: { id: number; scene: RenderScene; renderer: Renderer; frame: FrameState | null; seq: number } | null = null;
let scheduled = false;
/** The vertex arrays of the current scene, by id; the page keeps the same list (renderProtocol.ts). */
let arrays = new Map<number, Float32Array>();

const post = (m: FromRenderWorker) => postMessage(m);

function resolve(ref: ArrayRef, into: Map<number, Float32Array>): Float32Array {
  const data = ref.data ?? into.get(ref.id) ?? arrays.get(ref.id) ?? new Float32Array(0);
  into.set(ref.id, data);
  return data;
}

function overlaysOf(list: OverlayMessage[], into: Map<number, Float32Array>): RenderScene['overlays'] {
  return list.map((o) => ({
    ...o,
    gpu: o.gpu.map((g) => ({ fill: resolve(g.fill, into), stroke: resolve(g.stroke, into) })),
    axisVerts: resolve(o.axisVerts, into),
  }));
}

function step(): void {
  scheduled = false;
  if (!current?.frame) return;
  if (current.renderer.renderSlice(current.frame)) post({ type: 'shown', id: current.id, seq: current.seq });
  else schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(step);
}

function drop(): void {
  current?.renderer.dispose();
  current = null;
}

function contextLost(): void {
  if (!surface) return;
  drop();
  surface = null;
  post({ type: 'failed', message: 'The WebGL context was lost.' });
}

onmessage = (event: MessageEvent<ToRenderWorker>) => {
  const m = event.data;
  if (m.type === 'canvas') {
    try {
      surface = createGlCanvas(m.canvas);
      // A lost context (GPU reset, driver update, memory pressure) draws nothing again: the page draws from then on.
      for (const name of ['webglcontextlost', 'contextlost']) m.canvas.addEventListener(name, contextLost, { once: true });
      post({ type: 'ready' });
    } catch (error) {
      post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  } else if (m.type === 'scene' && surface) {
    drop();
    const used = new Map<number, Float32Array>();
    const scene: RenderScene = {
      origin: m.origin,
      layers: m.layers.map((l) => ({ ...l, verts: resolve(l.verts, used), lens: resolve(l.lens, used) })),
      overlays: overlaysOf(m.overlays, used),
    };
    arrays = used;
    current = { id: m.id, scene, renderer: glRendererOn(surface, scene), frame: null, seq: 0 };
  } else if (m.type === 'overlays' && current?.id === m.id) {
    // The renderer reads the scene's overlay list at each frame, and uploads an overlay the first time it is shown.
    current.scene.overlays = overlaysOf(m.overlays, arrays);
  } else if (m.type === 'frame' && current?.id === m.id) {
    current.frame = m.frame;
    current.seq = m.seq;
    schedule();
  } else if (m.type === 'dispose' && current?.id === m.id) {
    drop();
  }
};
