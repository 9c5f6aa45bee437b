/**
 * The plan viewer's renderer on the page's side of the render worker (workers/render.worker.ts): the page keeps
 * its canvas element (a placeholder the worker draws into) and the scene for picking; each frame is a message.
 * On a 2-core machine running a job, WebGL calls on the page waited for a GPU process short of CPU: context
 * creation, uploads, resizes and above all the compositor's read of every new frame (software GL), 70–180 ms
 * main-thread tasks in traces. Drawn from a worker, a frame reaches the compositor without the page's main thread.
 */
import type { FrameState, Renderer } from './frame';
import type { ArrayRef, FromRenderWorker, LayerMessage, OverlayMessage, ToRenderWorker } from './renderProtocol';
import type { Scene } from './scene';

interface RenderWorker {
  worker: Worker;
  canvas: HTMLCanvasElement;
  state: 'pending' | 'ready' | 'failed';
  /** Last frame shown, per scene id. */
  shown: Map<number, number>;
  /** Ids of the vertex arrays the worker holds (the current scene's). */
  held: Set<number>;
  /** Told when the worker fails after it was ready (its viewers then draw on the page). */
  failed: Set<() => void>;
}

let renderWorker: RenderWorker | null = null;
let nextSceneId = 1;
let nextArrayId = 1;
const arrayIds = new WeakMap<Float32Array, number>();

/**
 * Starts the render worker and hands it the page's plan canvas, ahead of the first plan; false where OffscreenCanvas
 * is missing (the viewers then draw on the page). Whether the worker has WebGL2 is known once it answers.
 */
export function prepareRenderWorker(): boolean {
  if (renderWorker) return true;
  if (typeof OffscreenCanvas === 'undefined' || !('transferControlToOffscreen' in HTMLCanvasElement.prototype)) return false;
  const canvas = document.createElement('canvas');
  const offscreen = canvas.transferControlToOffscreen();
  const worker = new Worker(new URL('../../../workers/render.worker.ts', import.meta.url), { type: 'module', name: 'plan renderer' });
  const rw: RenderWorker = { worker, canvas, state: 'pending', shown: new Map(), held: new Set(), failed: new Set() };
  worker.onmessage = (event: MessageEvent<FromRenderWorker>) => {
    const m = event.data;
    if (m.type === 'ready') rw.state = 'ready';
    else if (m.type === 'failed') fail(rw);
    else rw.shown.set(m.id, m.seq);
  };
  worker.onerror = () => fail(rw);
  send(rw, { type: 'canvas', canvas: offscreen }, [offscreen]);
  renderWorker = rw;
  return true;
}

/** Without WebGL2 in the worker, or with a worker that broke or lost its context, viewers draw on the page. */
function fail(rw: RenderWorker): void {
  if (rw.state === 'failed') return;
  rw.state = 'failed';
  rw.worker.terminate();
  for (const told of rw.failed) told();
  rw.failed.clear();
}

function send(rw: RenderWorker, message: ToRenderWorker, transfer: Transferable[] = []): void {
  rw.worker.postMessage(message, transfer);
}

/**
 * A renderer drawing in the render worker, or null when there is none ready or its canvas is on the page already
 * (the caller then draws on the page). Until a frame is shown, the canvas keeps what it showed last. `onFailed` is
 * called if the worker fails while the renderer is in use: its frames are then never shown.
 */
export function createWorkerRenderer(scene: Scene, onFailed: () => void): (Renderer & { canvas: HTMLCanvasElement }) | null {
  const rw = renderWorker;
  if (!rw || rw.state !== 'ready' || rw.canvas.isConnected) return null;
  rw.failed.add(onFailed);
  const id = nextSceneId++;
  const held = new Set<number>();
  const transfer: Transferable[] = [];
  // An array goes to the worker once (by the page's array, its id). Overlay vertices are only drawn by the renderer,
  // so they move to the worker; layer arrays are drawn by the page's Canvas 2D export too, and move as the copies
  // made for the renderer with the scene (SceneDataLayer.forRenderer), or are copied where there are none (left).
  const ref = (a: Float32Array, own: Float32Array | undefined): ArrayRef => {
    let arrayId = arrayIds.get(a);
    if (arrayId === undefined) arrayIds.set(a, (arrayId = nextArrayId++));
    // Sent once: held by the worker, or earlier in this message.
    const sent = rw.held.has(arrayId) || held.has(arrayId);
    held.add(arrayId);
    if (sent) return { id: arrayId, data: null };
    // (A moved array left on the page is empty: detached.)
    if (a.byteLength === 0) return { id: arrayId, data: new Float32Array(0) };
    if (own && own.byteLength === a.byteLength && own.buffer.byteLength === own.byteLength) {
      transfer.push(own.buffer);
      return { id: arrayId, data: own };
    }
    return { id: arrayId, data: a };
  };
  const overlays = (list: Scene['overlays']): OverlayMessage[] =>
    list.map((o) => ({
      key: o.key,
      markers: o.markers,
      groups: o.groups,
      gpu: o.gpu.map((g) => ({ fill: ref(g.fill, g.fill), stroke: ref(g.stroke, g.stroke) })),
      axisVerts: ref(o.axisVerts, o.axisVerts),
    }));
  const layers: LayerMessage[] = scene.layers.map((l) => ({
    segmentCount: l.segmentCount,
    verts: ref(l.verts, l.forRenderer?.verts),
    lens: ref(l.lens, l.forRenderer?.lens),
    chunks: l.chunks,
    highlighted: l.highlighted,
    rgba: l.rgba,
  }));
  let sentOverlays = scene.overlays;
  const first = overlays(sentOverlays);
  send(rw, { type: 'scene', id, origin: scene.origin, layers, overlays: first }, transfer);
  // The worker now holds this scene's arrays only.
  rw.held = held;
  let lastFrame: FrameState | null = null;
  let seq = 0;
  const post = (f: FrameState) => {
    if (scene.overlays !== sentOverlays) {
      // Later overlays were added to the scene (useViewerData): the worker gets the new list, new arrays moved.
      sentOverlays = scene.overlays;
      transfer.length = 0;
      send(rw, { type: 'overlays', id, overlays: overlays(sentOverlays) }, transfer);
    }
    lastFrame = f;
    send(rw, { type: 'frame', id, seq: ++seq, frame: f });
  };
  return {
    kind: 'webgl2',
    canvas: rw.canvas,
    render: post,
    renderSlice(f: FrameState): boolean {
      if (f !== lastFrame) post(f);
      return rw.shown.get(id) === seq;
    },
    // The page never waits for the worker's GPU work.
    finish() {},
    dispose() {
      send(rw, { type: 'dispose', id });
      rw.shown.delete(id);
      rw.failed.delete(onFailed);
    },
  };
}
