/**
 * WebGL2 renderer. Geometry is uploaded once per scene (one vertex buffer per layer, one per overlay group) and
 * never again; a frame only sets uniforms and issues draw calls for the chunks inside the view, so panning and
 * zooming cost the GPU work of what is visible. Only the small highlight buffer (hover, selection, measure) is
 * refilled when it changes.
 */
import { BACKGROUND, hexToRgba, HIGHLIGHT, OKABE_ITO, REGION, SELECTION, type Rgba } from './colors';
import { intersects, visibleRect } from './camera';
import { boxRing, HOVER_PX, LOD_PX, lodCount, MARKER_PX, REGION_PX, SELECT_PX, type FrameState, type Renderer } from './frame';
import type { Overlay, Scene, SceneLayer } from './scene';

const VS = `#version 300 es
in vec2 a_pos;
uniform vec2 u_center;
uniform vec2 u_scale;
uniform float u_pointSize;
void main() {
  gl_Position = vec4((a_pos - u_center) * u_scale, 0.0, 1.0);
  gl_PointSize = u_pointSize;
}`;

const FS = `#version 300 es
precision mediump float;
uniform vec4 u_color;
uniform float u_round;
out vec4 outColor;
void main() {
  if (u_round > 0.5) {
    vec2 d = gl_PointCoord - vec2(0.5);
    if (dot(d, d) > 0.25) discard;
  }
  outColor = vec4(u_color.rgb * u_color.a, u_color.a);
}`;

interface Batch {
  vao: WebGLVertexArrayObject;
  buffer: WebGLBuffer;
  vertices: number;
}

interface OverlayBatches {
  key: string;
  markers: boolean;
  groups: { fill: Batch | null; stroke: Batch | null; fillColor: Rgba; strokeColor: Rgba }[];
  axis: Batch | null;
}

/** What the renderer reads of a scene: the arrays it uploads and draws, and how (a scene's other parts stay on the page). */
export interface RenderScene {
  origin: Scene['origin'];
  layers: Pick<SceneLayer, 'segmentCount' | 'verts' | 'lens' | 'chunks' | 'highlighted' | 'rgba'>[];
  overlays: Pick<Overlay, 'key' | 'markers' | 'groups' | 'gpu' | 'axisVerts'>[];
}

/**
 * A WebGL2 canvas with its context and program. It outlives the viewers: the drawing page, its job page and the
 * job's result each show a plan, and in software GL (no usable GPU) creating a context, linking the program and
 * sizing the canvas are round trips to a GPU process that a running job's threads leave little CPU (40–160 ms each
 * in traces of a 100k-segment job on a 2-core machine). The app shows one plan at a time; a second viewer while the
 * canvas is in use gets a canvas of its own. The canvas is the page's, or an OffscreenCanvas in the render worker.
 */
export interface GlCanvas {
  canvas: HTMLCanvasElement | OffscreenCanvas;
  gl: WebGL2RenderingContext;
  software: boolean;
  program: WebGLProgram;
  /** The last viewer's layer buffers by their vertices: the job page shows the drawing page's plan (planSceneCache). */
  keptLayers: Map<Float32Array, Batch>;
  /** Where a sliced frame is drawn (software GL), the canvas's size. */
  target: { fb: WebGLFramebuffer; tex: WebGLTexture; w: number; h: number } | null;
}

let sharedCanvas: (GlCanvas & { canvas: HTMLCanvasElement }) | null = null;

export function createGlCanvas<C extends HTMLCanvasElement | OffscreenCanvas>(canvas: C): GlCanvas & { canvas: C } {
  const gl = (canvas as HTMLCanvasElement).getContext('webgl2', { antialias: false, alpha: false, premultipliedAlpha: true, preserveDrawingBuffer: false });
  if (!gl) throw new Error('WebGL2 is not available');
  // Queries that wait for the GPU process come first, before any upload is queued in front of them.
  const software = isSoftwareGl(gl);
  const program = link(gl);
  gl.useProgram(program);
  gl.enable(gl.BLEND);
  gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
  return { canvas, gl, software, program, keptLayers: new Map(), target: null };
}

function glCanvas(): GlCanvas & { canvas: HTMLCanvasElement } {
  const make = () => createGlCanvas(document.createElement('canvas'));
  if (sharedCanvas && !sharedCanvas.gl.isContextLost()) return sharedCanvas.canvas.isConnected ? make() : sharedCanvas;
  return (sharedCanvas = make());
}

/**
 * Makes the page's GL canvas ahead of the first plan, when the page is idle after loading: otherwise the first
 * viewer makes it, and that may be the page of a job that has just started (80–100 ms of main-thread round trips to
 * a busy GPU process in software GL). Without WebGL2 nothing is made; the viewer then draws with Canvas 2D.
 */
export function prepareGlCanvas(): void {
  const make = () => {
    try {
      if (!sharedCanvas) glCanvas();
    } catch {
      // No WebGL2: the viewers fall back to Canvas 2D.
    }
  };
  if ('requestIdleCallback' in window) requestIdleCallback(make, { timeout: 2_000 });
  else setTimeout(make, 500);
}

/** A WebGL2 renderer of the scene on the page's GL canvas; the viewer puts `canvas` on the page while it shows it. */
export function createGlRenderer(scene: Scene): Renderer & { canvas: HTMLCanvasElement } {
  const surface = glCanvas();
  return Object.assign(glRendererOn(surface, scene), { canvas: surface.canvas });
}

/** A WebGL2 renderer of the scene on a GL canvas (the page's, or the render worker's). */
export function glRendererOn(surface: GlCanvas, scene: RenderScene): Renderer {
  const { canvas, gl, software, program } = surface;
  const aPos = gl.getAttribLocation(program, 'a_pos');
  const uCenter = gl.getUniformLocation(program, 'u_center');
  const uScale = gl.getUniformLocation(program, 'u_scale');
  const uColor = gl.getUniformLocation(program, 'u_color');
  const uPoint = gl.getUniformLocation(program, 'u_pointSize');
  const uRound = gl.getUniformLocation(program, 'u_round');
  const ox = scene.origin.x, oy = scene.origin.y;

  const batches: Batch[] = [];
  let uploads = 0;
  const deleteBatch = (b: Batch) => {
    gl.deleteBuffer(b.buffer);
    gl.deleteVertexArray(b.vao);
  };
  // Software GL: big vertex arrays go to the GPU a piece per animation frame (renderSlice). A 100k-segment layer's
  // 1.6 MB in one bufferData filled the command buffer's transfer memory, and the page waited for the GPU process to
  // drain it (45–90 ms tasks in traces of a running job).
  const pending: { buffer: WebGLBuffer; data: Float32Array; at: number }[] = [];
  function batch(data: Float32Array, usage: number = gl.STATIC_DRAW): Batch {
    const vao = gl.createVertexArray()!;
    const buffer = gl.createBuffer()!;
    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
    if (software && data.length > UPLOAD_FLOATS) {
      gl.bufferData(gl.ARRAY_BUFFER, data.byteLength, usage);
      pending.push({ buffer, data, at: 0 });
    } else gl.bufferData(gl.ARRAY_BUFFER, data, usage);
    gl.enableVertexAttribArray(aPos);
    gl.vertexAttribPointer(aPos, 2, gl.FLOAT, false, 0, 0);
    gl.bindVertexArray(null);
    const b = { vao, buffer, vertices: data.length / 2 };
    batches.push(b);
    uploads++;
    return b;
  }

  /** Copies up to `floats` of the waiting vertex data to the GPU. */
  function uploadPending(floats: number): void {
    while (pending.length && floats > 0) {
      const p = pending[0];
      const n = Math.min(floats, p.data.length - p.at);
      gl.bindBuffer(gl.ARRAY_BUFFER, p.buffer);
      gl.bufferSubData(gl.ARRAY_BUFFER, p.at * 4, p.data, p.at, n);
      p.at += n;
      floats -= n;
      if (p.at === p.data.length) pending.shift();
    }
  }

  // Upload once, at the first frame that draws (after the canvas has its size: a resize queued behind the uploads made
  // the page wait for them, 120–140 ms for a 100k-segment plan in software GL): base layers…
  // Layers the last viewer uploaded (the same plan) are taken over; the rest of its buffers are freed.
  let layerBatches: (Batch | null)[] | null = null;
  const layerBatch = (verts: Float32Array): Batch => {
    const kept = surface.keptLayers.get(verts);
    if (!kept) return batch(verts);
    surface.keptLayers.delete(verts);
    batches.push(kept);
    return kept;
  };
  const uploadedLayers = () => {
    if (layerBatches) return layerBatches;
    layerBatches = scene.layers.map((l) => (l.segmentCount ? layerBatch(l.verts) : null));
    surface.keptLayers.forEach(deleteBatch);
    surface.keptLayers.clear();
    return layerBatches;
  };
  // …and overlays: fills as triangle fans of each convex ring, outlines as line pairs.
  // Overlays are uploaded the first time they are shown (then kept): opening a job does not pay for hidden ones.
  // The vertices were made with the scene (in the worker): uploading is one bufferData per group.
  const uploadOverlay = (o: RenderScene['overlays'][number]): OverlayBatches => {
    const groups = o.groups.map((g, gi) => ({
      fill: o.gpu[gi]?.fill.length ? batch(o.gpu[gi].fill) : null,
      stroke: o.gpu[gi]?.stroke.length ? batch(o.gpu[gi].stroke) : null,
      fillColor: hexToRgba(g.color, g.fillAlpha),
      strokeColor: hexToRgba(g.color, o.key === 'walls' ? 0.9 : 0.85),
    }));
    return { key: o.key, markers: o.markers, groups, axis: o.axisVerts.length ? batch(o.axisVerts) : null };
  };
  const uploaded = new Map<string, OverlayBatches>();
  const visibleOverlays = (f: FrameState): OverlayBatches[] =>
    scene.overlays
      .filter((o) => f.overlayVisible.has(o.key))
      .map((o) => {
        let b = uploaded.get(o.key);
        if (!b) uploaded.set(o.key, (b = uploadOverlay(o)));
        return b;
      });
  // The one dynamic buffer.
  const dynamic = batch(new Float32Array(0), gl.DYNAMIC_DRAW);

  const bg = hexToRgba(BACKGROUND);
  const pixel = new Uint8Array(4);

  function draw(b: Batch | null, mode: number, color: Rgba, first = 0, count = b?.vertices ?? 0) {
    if (!b || count <= 0) return;
    gl.uniform4f(uColor, color[0], color[1], color[2], color[3]);
    gl.bindVertexArray(b.vao);
    gl.drawArrays(mode, first, count);
  }

  function thickSegments(out: number[], ring: ArrayLike<number>, closed: boolean, halfWidth: number) {
    const n = ring.length / 2;
    const edges = closed ? n : n - 1;
    for (let i = 0; i < edges; i++) {
      const j = (i + 1) % n;
      const x1 = ring[i * 2] - ox, y1 = ring[i * 2 + 1] - oy, x2 = ring[j * 2] - ox, y2 = ring[j * 2 + 1] - oy;
      const len = Math.hypot(x2 - x1, y2 - y1) || 1;
      const nx = (-(y2 - y1) / len) * halfWidth, ny = ((x2 - x1) / len) * halfWidth;
      const ex = ((x2 - x1) / len) * halfWidth, ey = ((y2 - y1) / len) * halfWidth;
      const ax = x1 - ex, ay = y1 - ey, bx = x2 + ex, by = y2 + ey;
      out.push(ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny, ax + nx, ay + ny, bx - nx, by - ny, ax - nx, ay - ny);
    }
  }

  /** One draw step of a frame; `cost` ≈ primitives, for spreading a heavy frame over animation frames. */
  interface Op {
    cost: number;
    run: () => void;
  }

  function setup(f: FrameState, w: number, h: number) {
    gl.viewport(0, 0, w, h);
    const c = f.camera;
    gl.uniform2f(uCenter, c.cx - ox, c.cy - oy);
    gl.uniform2f(uScale, (c.scale * 2) / f.viewport.width, (c.scale * 2) / f.viewport.height);
    gl.uniform1f(uPoint, MARKER_PX * f.dpr);
    gl.uniform1f(uRound, 0);
  }

  function frameOps(f: FrameState): Op[] {
    const ops: Op[] = [], layerBatches = uploadedLayers();
    const c = f.camera;
    const view = visibleRect(c, f.viewport);
    const minLen = LOD_PX / c.scale;
    // 1. Overlay areas under the drawing.
    const overlayBatches = visibleOverlays(f);
    overlayBatches.forEach((o) => {
      if (o.markers) return;
      for (const g of o.groups) if (g.fill) ops.push({ cost: g.fill.vertices / 3, run: () => draw(g.fill, gl.TRIANGLES, g.fillColor) });
    });
    // 2. The drawing: dimmed layers first, then the selected ones on top; only chunks in view.
    for (const pass of [false, true]) {
      scene.layers.forEach((layer, i) => {
        if (layer.highlighted !== pass || !f.layerVisible[i]) return;
        const b = layerBatches[i];
        if (!b) return;
        const lines = (first: number, count: number) =>
          ops.push({
            cost: count,
            run: () => {
              gl.uniform4f(uColor, layer.rgba[0], layer.rgba[1], layer.rgba[2], layer.rgba[3]);
              gl.bindVertexArray(b.vao);
              gl.drawArrays(gl.LINES, first * 2, count * 2);
            },
          });
        let runStart = -1, runEnd = -1;
        const flush = () => {
          // Long runs are cut, so a heavy frame can be spread over several animation frames.
          for (let k = runStart; runStart >= 0 && k < runEnd; k += MAX_OP) lines(k, Math.min(MAX_OP, runEnd - k));
          runStart = runEnd = -1;
        };
        // Contiguous visible chunks become one draw call; a chunk cut short by the level of detail ends a run.
        for (const ch of layer.chunks) {
          if (!intersects(ch, view)) continue;
          const count = lodCount(layer.lens, ch.start, ch.count, minLen);
          if (count === 0) continue;
          if (ch.start === runEnd) runEnd = ch.start + count;
          else {
            flush();
            runStart = ch.start;
            runEnd = ch.start + count;
          }
          if (count < ch.count) flush();
        }
        flush();
      });
    }
    // 3. Overlay outlines and markers on top.
    overlayBatches.forEach((o) => {
      if (o.markers) {
        for (const g of o.groups)
          if (g.stroke)
            ops.push({
              cost: g.stroke.vertices,
              run: () => {
                gl.uniform1f(uRound, 1);
                draw(g.stroke, gl.POINTS, g.strokeColor);
                gl.uniform1f(uRound, 0);
              },
            });
        return;
      }
      for (const g of o.groups) if (g.stroke) ops.push({ cost: g.stroke.vertices / 2, run: () => draw(g.stroke, gl.LINES, g.strokeColor) });
      if (o.axis) ops.push({ cost: o.axis.vertices / 2, run: () => draw(o.axis, gl.LINES, [0.15, 0.15, 0.15, 0.55]) });
    });
    // 4. Highlights, in world units sized for the current zoom.
    ops.push({ cost: 1, run: () => highlights(f) });
    return ops;
  }

  function highlights(f: FrameState) {
    const c = f.camera;
    const tri: number[] = [];
    for (const s of f.selection) thickSegments(tri, s.ring, s.closed, SELECT_PX / 2 / c.scale);
    const selEnd = tri.length;
    if (f.hover) thickSegments(tri, f.hover.ring, f.hover.closed, HOVER_PX / 2 / c.scale);
    const hoverEnd = tri.length;
    if (f.measure?.b) thickSegments(tri, [...f.measure.a, ...f.measure.b], false, 1 / c.scale);
    const measureEnd = tri.length;
    if (f.region) thickSegments(tri, boxRing(f.region), true, REGION_PX / 2 / c.scale);
    const regionEnd = tri.length;
    const points: number[] = [];
    if (f.measure) points.push(f.measure.a[0] - ox, f.measure.a[1] - oy);
    if (f.measure?.b) points.push(f.measure.b[0] - ox, f.measure.b[1] - oy);
    if (f.snap) points.push(f.snap[0] - ox, f.snap[1] - oy);
    if (tri.length || points.length) {
      gl.bindBuffer(gl.ARRAY_BUFFER, dynamic.buffer);
      gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([...tri, ...points]), gl.DYNAMIC_DRAW);
      draw(dynamic, gl.TRIANGLES, hexToRgba(SELECTION, 0.9), 0, selEnd / 2);
      draw(dynamic, gl.TRIANGLES, hexToRgba(HIGHLIGHT, 0.95), selEnd / 2, (hoverEnd - selEnd) / 2);
      draw(dynamic, gl.TRIANGLES, hexToRgba(OKABE_ITO.black, 0.9), hoverEnd / 2, (measureEnd - hoverEnd) / 2);
      draw(dynamic, gl.TRIANGLES, hexToRgba(REGION, 1), measureEnd / 2, (regionEnd - measureEnd) / 2);
      gl.uniform1f(uRound, 1);
      gl.uniform1f(uPoint, 7 * f.dpr);
      draw(dynamic, gl.POINTS, hexToRgba(OKABE_ITO.vermillion, 1), regionEnd / 2, points.length / 2);
      gl.uniform1f(uRound, 0);
    }
  }

  function size(f: FrameState): [number, number] {
    const w = Math.max(1, Math.round(f.viewport.width * f.dpr)), h = Math.max(1, Math.round(f.viewport.height * f.dpr));
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    return [w, h];
  }

  function clear() {
    gl.clearColor(bg[0], bg[1], bg[2], 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
  }

  // Software GL (SwiftShader, llvmpipe: no usable GPU) draws a few hundred thousand lines in a few hundred ms, and the
  // page's compositor waits for it. There a frame is drawn into an off-screen target in slices, one per animation
  // frame, and shown (blitted) once complete; the previous frame stays on screen meanwhile. The page never waits for
  // a slice: each ends with a fence, and the next slice (or the blit) is issued only in an animation frame where the
  // fence has signalled, so the GPU has at most one slice queued and the compositor's read of the canvas only waits
  // for the final copy.
  let job: { f: FrameState; ops: Op[]; next: number; w: number; h: number; started: boolean } | null = null;
  let fence: { sync: WebGLSync; issuedAt: number; cost: number } | null = null;

  /** True once the last slice is drawn (or given up waiting for); adapts the slice size to how long it took. */
  function sliceDone(): boolean {
    if (!fence) return true;
    const waited = performance.now() - fence.issuedAt;
    if (gl.getSyncParameter(fence.sync, gl.SYNC_STATUS) !== gl.SIGNALED && waited < FENCE_TIMEOUT_MS) return false;
    gl.deleteSync(fence.sync);
    // Seen at animation-frame granularity: a slice done within about two frames may grow, a slower one shrinks.
    if (fence.cost >= sliceBudget / 2) {
      const scaled = (sliceBudget * SLICE_TARGET_MS) / Math.max(waited, 1);
      sliceBudget = Math.round(Math.max(MIN_BUDGET, Math.min(MAX_BUDGET, sliceBudget * 1.5, scaled)));
    }
    fence = null;
    return true;
  }

  /** Ends this animation frame's GPU work (`cost` lines drawn) with a fence, which the next step waits for. */
  function endWithFence(cost: number): false {
    fence = { sync: gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0)!, issuedAt: performance.now(), cost };
    gl.flush();
    return false;
  }

  function ensureTarget(w: number, h: number) {
    const target = surface.target;
    if (target && target.w === w && target.h === h) return target;
    if (target) {
      gl.deleteFramebuffer(target.fb);
      gl.deleteTexture(target.tex);
    }
    const tex = gl.createTexture()!;
    gl.bindTexture(gl.TEXTURE_2D, tex);
    gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA8, w, h);
    const fb = gl.createFramebuffer()!;
    gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, tex, 0);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    return (surface.target = { fb, tex, w, h });
  }

  // The canvas still shows the last viewer's frame: kept while it is this plan (the drawing page's plan on its job's
  // page, until the job's page has drawn its own), cleared when it is another plan or has another plan's overlays.
  const showsThisPlan = scene.layers.some((l) => l.segmentCount) && scene.layers.every((l) => !l.segmentCount || surface.keptLayers.has(l.verts));
  if (!showsThisPlan) {
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.viewport(0, 0, canvas.width, canvas.height);
    clear();
  }

  return {
    kind: 'webgl2',
    render(f: FrameState) {
      job = null;
      const [w, h] = size(f);
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      setup(f, w, h);
      clear();
      const ops = frameOps(f);
      uploadPending(Infinity);
      for (const op of ops) op.run();
    },
    renderSlice(f: FrameState): boolean {
      if (!software) {
        this.render(f);
        return true;
      }
      if (!sliceDone()) return false;
      if (!job || job.f !== f) {
        const before = [canvas.width, canvas.height];
        const [w, h] = size(f);
        job = null;
        if (before[0] !== w || before[1] !== h) {
          // A resized canvas is new content for the compositor, which reads it back (software compositing) after
          // this animation frame, behind every command queued so far: so this frame only clears it, and the
          // uploads and the drawing start once that is done.
          gl.bindFramebuffer(gl.FRAMEBUFFER, null);
          gl.viewport(0, 0, w, h);
          clear();
          return endWithFence(0);
        }
        const uploadsBefore = uploads;
        job = { f, ops: frameOps(f), next: 0, w, h, started: false };
        if (uploads !== uploadsBefore) {
          // Geometry uploaded just now (the first frame, or an overlay shown for the first time): its copy to the GPU
          // gets a frame of its own, and the slices start once it is done.
          return endWithFence(0);
        }
      }
      if (pending.length) {
        uploadPending(UPLOAD_FLOATS);
        return endWithFence(0);
      }
      const t = ensureTarget(job.w, job.h);
      if (!job.started) {
        job.started = true;
        gl.bindFramebuffer(gl.FRAMEBUFFER, t.fb);
        gl.viewport(0, 0, job.w, job.h);
        clear();
      }
      if (job.next < job.ops.length) {
        gl.bindFramebuffer(gl.FRAMEBUFFER, t.fb);
        setup(job.f, job.w, job.h);
        let spent = 0;
        while (job.next < job.ops.length && (spent === 0 || spent + job.ops[job.next].cost <= sliceBudget)) {
          spent += job.ops[job.next].cost;
          job.ops[job.next++].run();
        }
        gl.bindFramebuffer(gl.FRAMEBUFFER, null);
        // Shown once every slice is drawn, in a later animation frame.
        return endWithFence(spent);
      }
      gl.bindFramebuffer(gl.READ_FRAMEBUFFER, t.fb);
      gl.bindFramebuffer(gl.DRAW_FRAMEBUFFER, null);
      gl.blitFramebuffer(0, 0, job.w, job.h, 0, 0, job.w, job.h, gl.COLOR_BUFFER_BIT, gl.NEAREST);
      gl.bindFramebuffer(gl.FRAMEBUFFER, null);
      job = null;
      return true;
    },
    finish() {
      // A one-pixel read waits for the GPU to finish the frame (gl.finish alone does not in Chromium).
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
    },
    dispose() {
      // The context, program, target and layer buffers stay with the canvas, for the next viewer.
      // (Not a layer still being uploaded.)
      const incomplete = new Set(pending.map((p) => p.buffer));
      const layers = new Set(layerBatches?.filter((b) => b && !incomplete.has(b.buffer)));
      scene.layers.forEach((l, i) => {
        const b = layerBatches?.[i];
        if (b && layers.has(b)) surface.keptLayers.set(l.verts, b);
      });
      for (const b of batches) if (!layers.has(b)) deleteBatch(b);
      if (fence) gl.deleteSync(fence.sync);
    },
  };
}

/** Vertex floats copied to the GPU per animation frame in software GL (256 KB). */
const UPLOAD_FLOATS = 1 << 16;
/** Lines per draw step, and per animation frame where a frame is sliced (software GL). */
const MAX_OP = 8_192;
const MIN_BUDGET = 2_048;
const MAX_BUDGET = 65_536;
/** How long a slice should keep the (software) GPU busy. */
const SLICE_TARGET_MS = 40;
/** A fence that has not signalled by then is not waited for any longer (a lost context never signals). */
const FENCE_TIMEOUT_MS = 2_000;
/**
 * Lines per slice: learnt from how fast slices are drawn, kept across viewers (the GPU is the machine's), started
 * small so the first slice of a page stays short.
 */
let sliceBudget = 8_192;

function isSoftwareGl(gl: WebGL2RenderingContext): boolean {
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
}

function link(gl: WebGL2RenderingContext): WebGLProgram {
  const compile = (type: number, src: string) => {
    const s = gl.createShader(type)!;
    gl.shaderSource(s, src);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(`Shader: ${gl.getShaderInfoLog(s)}`);
    return s;
  };
  const p = gl.createProgram()!;
  gl.attachShader(p, compile(gl.VERTEX_SHADER, VS));
  gl.attachShader(p, compile(gl.FRAGMENT_SHADER, FS));
  gl.linkProgram(p);
  if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(`Program: ${gl.getProgramInfoLog(p)}`);
  return p;
}
