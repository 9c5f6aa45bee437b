/**
 * The interactive plan: the drawing (selected layers in colour, others dimmed) with every pipeline stage as an
 * overlay, pan/zoom by mouse, touch and keyboard, picking through spatial indexes, a measure tool and exports.
 * The canvas is drawn in requestAnimationFrame outside React; React only renders the panels.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Box2 } from '../../core/model';
import { regionFromCorners } from '../../core/region';
import type { DrawingGeometry } from '../../../workers/geometry';
import { downloadBlob } from '../lib/download';
import { fitRect, pan, toScreen, toWorld, zoomAt, type Camera, type Viewport } from './camera';
import { createCanvasRenderer, exportViewPng } from './canvasRenderer';
import { planSvg } from './exportSvg';
import type { FrameState, Renderer } from './frame';
import { createGlRenderer } from './glRenderer';
import { createWorkerRenderer } from './workerRenderer';
import { describe, parsePickKey, pick, pickKey, ringBounds, snapEndpoint, type Pick, type PickFilter, type PickInfo } from './picking';
import { FIRST_OVERLAYS, formatMm, OVERLAY_LABELS, OVERLAY_ORDER, type Overlay, type OverlayKey, type Scene } from './scene';
import { useViewerScene, type ArtifactSource, type LaterOverlays, type SceneDataLoader } from './useViewerData';
import './viewer.css';

export interface ViewerHandle {
  scene: Scene;
  rendererKind: 'webgl2' | 'canvas2d';
  viewport(): Viewport;
  camera(): Camera;
  setCamera(c: Camera): void;
  /** Draws a frame now (synchronously) and returns its duration in ms; with `finish`, including the GPU's work. */
  renderNow(finish?: boolean): number;
  /** Hover-picks at a screen point; returns the pick and how long it took. */
  pickAt(sx: number, sy: number): { ms: number; hit: PickInfo | null };
}

export interface PlanViewerProps {
  /** Changes when the drawing or job changes: the scene is rebuilt only then. */
  sourceKey: string;
  title: string;
  /** Base of exported file names. */
  fileBase: string;
  loadGeometry: () => Promise<DrawingGeometry>;
  /** Builds the whole scene off the page (geometry and artifacts); preferred over `loadGeometry` when given. */
  loadSceneData?: SceneDataLoader;
  highlightedLayers: readonly string[];
  artifacts?: readonly ArtifactSource[];
  defaultOverlays?: readonly OverlayKey[];
  /** Drawing units shown beside mm in the cursor readout. */
  units?: { name: string; mmPerUnit: number };
  selection: readonly string[];
  onSelectionChange: (keys: string[]) => void;
  /** The job's region in world mm, outlined on the plan. */
  region?: Box2 | null;
  /** Given, the toolbar offers drawing (and clearing) the region with a drag. */
  onRegionChange?: (region: Box2 | null) => void;
  forceCanvas2d?: boolean;
  /** Called after the first frame of a scene (benchmarks, tests). */
  onFirstFrame?: (handle: ViewerHandle, msSinceDataReady: number) => void;
}

/** A tiny external store, so the tooltip and cursor readout update without re-rendering the panels. */
function createStore<T>(initial: T) {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(v: T) {
      if (v === value) return;
      value = v;
      listeners.forEach((l) => l());
    },
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
type Store<T> = ReturnType<typeof createStore<T>>;
function useStore<T>(s: Store<T>): T {
  return useSyncExternalStore(s.subscribe, s.get, s.get);
}

interface HoverState {
  x: number;
  y: number;
  info: PickInfo;
}

const PICK_TOLERANCE_PX = 6;
const SNAP_TOLERANCE_PX = 12;

export function PlanViewer(props: PlanViewerProps) {
  const data = useViewerScene(props.sourceKey, props.loadGeometry, props.highlightedLayers, props.artifacts, props.loadSceneData);
  return (
    <section className="card plan-viewer" aria-labelledby="plan-viewer-title" data-testid="plan-viewer">
      <h2 id="plan-viewer-title">Plan</h2>
      {data.state === 'loading' && (
        <p className="muted" role="status">
          Loading the plan…
        </p>
      )}
      {data.state === 'error' && (
        <p className="alert error" role="alert">
          The plan could not be drawn: {data.message}
        </p>
      )}
      {data.state === 'ready' && <ViewerBody key={props.sourceKey} {...props} scene={data.scene} readyAt={data.readyAt} laterOverlays={data.laterOverlays} />}
    </section>
  );
}

function ViewerBody(props: PlanViewerProps & { scene: Scene; readyAt: number; laterOverlays: LaterOverlays }) {
  const { scene } = props;
  const canvasSlotRef = useRef<HTMLDivElement>(null);
  const surfaceRef = useRef<HTMLDivElement>(null);
  const rendererRef = useRef<Renderer | null>(null);
  const cameraRef = useRef<Camera>({ cx: 0, cy: 0, scale: 1 });
  const viewportRef = useRef<Viewport>({ width: 800, height: 560 });
  const [rendererKind, setRendererKind] = useState<'webgl2' | 'canvas2d' | null>(null);
  /** Counts failures of the render worker under this viewer: each makes the renderer again, on the page. */
  const [workerFailures, setWorkerFailures] = useState(0);
  const [layerVisible, setLayerVisible] = useState<boolean[]>(() => scene.layers.map(() => true));
  const [overlayVisible, setOverlayVisible] = useState<Set<OverlayKey>>(
    () => new Set((props.defaultOverlays ?? FIRST_OVERLAYS).filter((k) => scene.overlays.some((o) => o.key === k))),
  );
  const [measuring, setMeasuring] = useState(false);
  const [measure, setMeasure] = useState<FrameState['measure']>(null);
  const [drawingRegion, setDrawingRegion] = useState(false);
  /** The rectangle being dragged out, drawn live without re-rendering the panels. */
  const regionDraftRef = useRef<Box2 | null>(null);
  const [zoomPercent, setZoomPercent] = useState(100);
  const [message, setMessage] = useState('');
  const hoverStore = useMemo(() => createStore<HoverState | null>(null), []);
  const cursorStore = useMemo(() => createStore<[number, number] | null>(null), []);
  const snapRef = useRef<[number, number] | null>(null);
  const spaceRef = useRef(false);
  const fitCameraRef = useRef<Camera | null>(null);

  // Selection from the URL (or the host), resolved against the scene; unknown keys are ignored. The overlay list is
  // replaced when the later overlays arrive: a link to one of their items resolves then.
  const selected = useMemo(
    () =>
      props.selection.flatMap((key) => {
        const p: Pick | null = parsePickKey(key, scene);
        const info = p && describe(scene, p);
        return info ? [{ key, info }] : [];
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.selection, scene, scene.overlays],
  );
  const selectionInfos = useMemo(() => selected.map((s) => s.info), [selected]);

  const filter: PickFilter = useMemo(
    () => ({ layerVisible: (l) => layerVisible[l] ?? true, overlayVisible: (k) => overlayVisible.has(k) }),
    [layerVisible, overlayVisible],
  );
  // The legend lists the overlays still being built too, so that entries and their digit keys stay put.
  const later = props.laterOverlays;
  const legend = OVERLAY_ORDER.flatMap((key): { key: OverlayKey; overlay: Overlay | null }[] => {
    const overlay = scene.overlays.find((o) => o.key === key) ?? null;
    return overlay || (later.state === 'loading' && later.keys.includes(key)) ? [{ key, overlay }] : [];
  });
  const filterRef = useRef(filter);
  filterRef.current = filter;

  // Frame state lives in a ref; the rAF loop reads it.
  const frameRef = useRef<FrameState | null>(null);
  const frame = (): FrameState => ({
    camera: cameraRef.current,
    viewport: viewportRef.current,
    dpr: Math.min(2, window.devicePixelRatio || 1),
    layerVisible,
    overlayVisible,
    hover: hoverStore.get()?.info ?? null,
    selection: selectionInfos,
    measure,
    snap: snapRef.current,
    region: props.region ?? null,
  });
  frameRef.current = frame();

  const rafRef = useRef(0);
  const firstFrameDone = useRef(false);
  /** The scene the camera was fitted to. */
  const cameraSceneRef = useRef<Scene | null>(null);
  /** Called once the first frame of the scene is on screen. */
  const onFirstFrameRef = useRef<(() => void) | null>(null);
  const currentFrame = useCallback((): FrameState | null => {
    const f = frameRef.current;
    return f && { ...f, camera: cameraRef.current, viewport: viewportRef.current, hover: hoverStore.get()?.info ?? null, snap: snapRef.current, region: regionDraftRef.current ?? f.region };
  }, [hoverStore]);
  const renderNow = useCallback((finish = false) => {
    const r = rendererRef.current;
    const f = currentFrame();
    if (!r || !f) return 0;
    const t0 = performance.now();
    r.render(f);
    if (finish) r.finish();
    return performance.now() - t0;
  }, [currentFrame]);
  // Frames are drawn in requestAnimationFrame; a renderer may spread a heavy frame over several (software GL), and
  // a frame asked for meanwhile replaces the one in progress.
  const pendingFrame = useRef<FrameState | null>(null);
  const dirty = useRef(false);
  const step = useCallback(() => {
    rafRef.current = 0;
    const r = rendererRef.current;
    if (!r) return;
    const f = dirty.current || !pendingFrame.current ? currentFrame() : pendingFrame.current;
    dirty.current = false;
    if (!f) return;
    if (r.renderSlice(f)) {
      pendingFrame.current = null;
      const first = onFirstFrameRef.current;
      onFirstFrameRef.current = null;
      first?.();
    } else {
      pendingFrame.current = f;
      rafRef.current = requestAnimationFrame(step);
    }
  }, [currentFrame]);
  const requestRender = useCallback(() => {
    dirty.current = true;
    if (rafRef.current) return;
    rafRef.current = requestAnimationFrame(step);
  }, [step]);

  const setCamera = useCallback(
    (c: Camera) => {
      cameraRef.current = c;
      const fit = fitCameraRef.current;
      setZoomPercent(fit ? Math.round((c.scale / fit.scale) * 100) : 100);
      requestRender();
    },
    [requestRender],
  );

  const fitAll = useCallback(() => {
    const c = fitRect(scene.bounds, viewportRef.current);
    fitCameraRef.current = c;
    setCamera(c);
  }, [scene, setCamera]);

  const zoomToInfos = useCallback(
    (infos: readonly PickInfo[]) => {
      if (infos.length === 0) return;
      const bs = infos.map((i) => ringBounds(i.ring));
      const r = { minX: Math.min(...bs.map((b) => b.minX)), minY: Math.min(...bs.map((b) => b.minY)), maxX: Math.max(...bs.map((b) => b.maxX)), maxY: Math.max(...bs.map((b) => b.maxY)) };
      const grow = Math.max(500, (r.maxX - r.minX + r.maxY - r.minY) * 0.25);
      setCamera(fitRect({ minX: r.minX - grow, minY: r.minY - grow, maxX: r.maxX + grow, maxY: r.maxY + grow }, viewportRef.current));
    },
    [setCamera],
  );

  // Renderer: WebGL2 in the render worker, else on the page's GL canvas (each kept from viewer to viewer), else
  // Canvas 2D on a canvas of its own. Created once per scene (geometry uploaded once).
  useEffect(() => {
    const surface = surfaceRef.current!;
    const rect = surface.getBoundingClientRect();
    viewportRef.current = { width: Math.max(1, rect.width), height: Math.max(1, rect.height) };
    let renderer: Renderer;
    let canvas: HTMLCanvasElement;
    try {
      if (props.forceCanvas2d) throw new Error('Canvas 2D requested');
      // (Pages that never start the render worker, such as the viewer benchmark, draw on the page.)
      const gl = createWorkerRenderer(scene, () => setWorkerFailures((n) => n + 1)) ?? createGlRenderer(scene);
      renderer = gl;
      canvas = gl.canvas;
    } catch {
      canvas = document.createElement('canvas');
      renderer = createCanvasRenderer(canvas, scene);
    }
    canvas.className = 'viewer-canvas';
    canvas.dataset.testid = 'viewer-canvas';
    canvas.setAttribute('aria-hidden', 'true');
    canvasSlotRef.current!.append(canvas);
    rendererRef.current = renderer;
    setRendererKind(renderer.kind);
    // The same scene again (its render worker failed): the view stays where it was.
    if (cameraSceneRef.current !== scene) {
      cameraSceneRef.current = scene;
      const initial = fitRect(scene.bounds, viewportRef.current);
      fitCameraRef.current = initial;
      // A linked selection opens zoomed to it.
      cameraRef.current = initial;
    }
    frameRef.current = { ...frameRef.current!, camera: cameraRef.current, viewport: viewportRef.current };
    pendingFrame.current = null;
    onFirstFrameRef.current = () => {
      if (firstFrameDone.current) return;
      firstFrameDone.current = true;
      const elapsed = performance.now() - props.readyAt;
      surface.dataset.ready = 'true';
      props.onFirstFrame?.(handle(), elapsed);
    };
    requestRender();
    // The picking index (when the worker did not build it) is made once the first frame is on screen.
    const idle = window.setTimeout(() => scene.segmentIndex(), 30);
    const observer = new ResizeObserver(() => {
      const r = surface.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) return;
      viewportRef.current = { width: r.width, height: r.height };
      requestRender();
    });
    observer.observe(surface);
    return () => {
      window.clearTimeout(idle);
      observer.disconnect();
      cancelAnimationFrame(rafRef.current);
      rafRef.current = 0;
      pendingFrame.current = null;
      onFirstFrameRef.current = null;
      renderer.dispose();
      canvas.remove();
      rendererRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scene, workerFailures]);

  // Panels changed, or the later overlays arrived (some may be ticked already): redraw.
  useEffect(() => requestRender(), [layerVisible, overlayVisible, selectionInfos, measure, props.region, requestRender, scene.overlays]);

  // Open zoomed to a linked selection.
  const zoomedToLink = useRef(false);
  useEffect(() => {
    if (zoomedToLink.current || selectionInfos.length === 0) return;
    zoomedToLink.current = true;
    zoomToInfos(selectionInfos);
  }, [selectionInfos, zoomToInfos]);

  function handle(): ViewerHandle {
    return {
      scene,
      rendererKind: rendererRef.current?.kind ?? 'canvas2d',
      viewport: () => viewportRef.current,
      camera: () => cameraRef.current,
      setCamera: (c) => {
        cameraRef.current = c;
      },
      renderNow,
      pickAt: (sx, sy) => {
        const t0 = performance.now();
        const hit = pickInfoAt(sx, sy);
        return { ms: performance.now() - t0, hit };
      },
    };
  }

  function pickAtScreen(sx: number, sy: number): Pick | null {
    const c = cameraRef.current;
    const [wx, wy] = toWorld(c, viewportRef.current, sx, sy);
    return pick(scene, wx, wy, PICK_TOLERANCE_PX / c.scale, filterRef.current);
  }
  function pickInfoAt(sx: number, sy: number): PickInfo | null {
    const p = pickAtScreen(sx, sy);
    return p ? describe(scene, p) : null;
  }

  // ----- pointer input -------------------------------------------------------------------------------------------
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  /** A press in progress; `corner` (world) when it drags out a region. */
  const drag = useRef<{ x: number; y: number; moved: boolean; panning: boolean; corner?: [number, number] } | null>(null);
  const pinch = useRef<{ dist: number } | null>(null);

  const local = (e: { clientX: number; clientY: number }) => {
    const r = surfaceRef.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  function updateHover(x: number, y: number) {
    const c = cameraRef.current;
    const [wx, wy] = toWorld(c, viewportRef.current, x, y);
    cursorStore.set([wx, wy]);
    if (measuring) {
      const s = snapEndpoint(scene, wx, wy, SNAP_TOLERANCE_PX / c.scale, filterRef.current);
      snapRef.current = s;
      if (measure && !measure.b) {
        // Live rubber band from the first point.
        frameRef.current = { ...frameRef.current!, measure: { a: measure.a, b: s ?? [wx, wy] } };
      }
      hoverStore.set(null);
      requestRender();
      return;
    }
    const info = pickInfoAt(x, y);
    const prev = hoverStore.get();
    if (!info && !prev) return;
    hoverStore.set(info ? { x, y, info } : null);
    requestRender();
  }

  function onPointerDown(e: React.PointerEvent<HTMLDivElement>) {
    surfaceRef.current!.focus({ preventScroll: true });
    const p = local(e);
    pointers.current.set(e.pointerId, p);
    (e.target as Element).setPointerCapture?.(e.pointerId);
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()];
      pinch.current = { dist: Math.hypot(a.x - b.x, a.y - b.y) };
      drag.current = null;
      return;
    }
    // A touch drags the view, except while drawing a region, where one finger draws it.
    const panning = e.button === 1 || spaceRef.current || (e.pointerType === 'touch' && !drawingRegion);
    if (e.button === 1) e.preventDefault();
    const corner = drawingRegion && !panning && e.button === 0 ? toWorld(cameraRef.current, viewportRef.current, p.x, p.y) : undefined;
    drag.current = { x: p.x, y: p.y, moved: false, panning, corner };
  }

  function onPointerMove(e: React.PointerEvent<HTMLDivElement>) {
    const p = local(e);
    if (pointers.current.has(e.pointerId)) pointers.current.set(e.pointerId, p);
    if (pinch.current && pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()];
      const dist = Math.hypot(a.x - b.x, a.y - b.y);
      if (pinch.current.dist > 0 && dist > 0) setCamera(zoomAt(cameraRef.current, viewportRef.current, dist / pinch.current.dist, (a.x + b.x) / 2, (a.y + b.y) / 2));
      pinch.current.dist = dist;
      return;
    }
    const d = drag.current;
    if (d) {
      const dx = p.x - d.x, dy = p.y - d.y;
      if (!d.moved && Math.hypot(dx, dy) > 3) d.moved = true;
      if (d.moved && d.corner) {
        const [wx, wy] = toWorld(cameraRef.current, viewportRef.current, p.x, p.y);
        regionDraftRef.current = regionFromCorners(d.corner[0], d.corner[1], wx, wy);
        cursorStore.set([wx, wy]);
        requestRender();
        return;
      }
      if (d.moved && (d.panning || !measuring)) {
        cameraRef.current = pan(cameraRef.current, dx, dy);
        d.x = p.x;
        d.y = p.y;
        hoverStore.set(null);
        requestRender();
        return;
      }
    }
    updateHover(p.x, p.y);
  }

  function onPointerUp(e: React.PointerEvent<HTMLDivElement>) {
    pointers.current.delete(e.pointerId);
    if (pointers.current.size < 2) pinch.current = null;
    const d = drag.current;
    drag.current = null;
    if (d?.corner) {
      finishRegion(d.moved ? regionDraftRef.current : null);
      return;
    }
    if (!d || d.moved || e.button !== 0 || d.panning) {
      if (d?.moved) setCamera(cameraRef.current);
      return;
    }
    const p = local(e);
    if (measuring) {
      const c = cameraRef.current;
      const [wx, wy] = toWorld(c, viewportRef.current, p.x, p.y);
      const pt = snapEndpoint(scene, wx, wy, SNAP_TOLERANCE_PX / c.scale, filterRef.current) ?? [wx, wy];
      setMeasure((m) => (m && !m.b ? { a: m.a, b: pt } : { a: pt, b: null }));
      return;
    }
    const hit = pickAtScreen(p.x, p.y);
    if (!hit) {
      if (!e.shiftKey) props.onSelectionChange([]);
      return;
    }
    const key = pickKey(hit);
    if (e.shiftKey || e.ctrlKey || e.metaKey) {
      props.onSelectionChange(props.selection.includes(key) ? props.selection.filter((k) => k !== key) : [...props.selection, key]);
    } else props.onSelectionChange([key]);
  }

  function onPointerLeave() {
    cursorStore.set(null);
    if (hoverStore.get()) {
      hoverStore.set(null);
      requestRender();
    }
  }

  // Wheel must be non-passive to keep the page from scrolling.
  useEffect(() => {
    const el = surfaceRef.current!;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const p = local(e);
      const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      setCamera(zoomAt(cameraRef.current, viewportRef.current, Math.exp(-delta * 0.0015), p.x, p.y));
      updateHover(p.x, p.y);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  });

  // ----- keyboard -----------------------------------------------------------------------------------------------
  function zoomCentre(factor: number) {
    const v = viewportRef.current;
    setCamera(zoomAt(cameraRef.current, v, factor, v.width / 2, v.height / 2));
  }
  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    const v = viewportRef.current;
    const step = (e.shiftKey ? 0.5 : 0.15) * Math.min(v.width, v.height);
    const keys: Record<string, () => void> = {
      ArrowLeft: () => setCamera(pan(cameraRef.current, step, 0)),
      ArrowRight: () => setCamera(pan(cameraRef.current, -step, 0)),
      ArrowUp: () => setCamera(pan(cameraRef.current, 0, step)),
      ArrowDown: () => setCamera(pan(cameraRef.current, 0, -step)),
      '+': () => zoomCentre(1.25),
      '=': () => zoomCentre(1.25),
      '-': () => zoomCentre(0.8),
      _: () => zoomCentre(0.8),
      f: fitAll,
      F: fitAll,
      '0': fitAll,
      m: () => toggleMeasure(),
      M: () => toggleMeasure(),
      r: () => toggleRegionTool(),
      R: () => toggleRegionTool(),
      Escape: () => {
        if (drawingRegion) finishRegion(null);
        else if (measuring) {
          setMeasure(null);
          setMeasuring(false);
        } else props.onSelectionChange([]);
      },
    };
    if (e.key === ' ') {
      spaceRef.current = true;
      surfaceRef.current!.classList.add('grab');
      e.preventDefault();
      return;
    }
    const digit = /^[1-9]$/.test(e.key) ? Number(e.key) - 1 : -1;
    if (digit >= 0 && legend[digit]) {
      toggleOverlay(legend[digit].key);
      e.preventDefault();
      return;
    }
    const action = keys[e.key];
    if (action && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      action();
    }
  }
  function onKeyUp(e: React.KeyboardEvent<HTMLDivElement>) {
    if (e.key === ' ') {
      spaceRef.current = false;
      surfaceRef.current!.classList.remove('grab');
    }
  }

  function toggleOverlay(key: OverlayKey) {
    setOverlayVisible((s) => {
      const n = new Set(s);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      setMessage(`${OVERLAY_LABELS[key]} ${n.has(key) ? 'shown' : 'hidden'}`);
      return n;
    });
  }
  function toggleRegionTool() {
    if (!props.onRegionChange) return;
    if (drawingRegion) return finishRegion(null);
    if (measuring) toggleMeasure();
    setDrawingRegion(true);
    setMessage('Region tool on: drag a rectangle around the part of the drawing to use');
  }
  /** Ends the region tool, keeping `box` as the new region (null: the drag was cancelled, nothing changes). */
  function finishRegion(box: Box2 | null) {
    regionDraftRef.current = null;
    setDrawingRegion(false);
    if (box && box.maxX > box.minX && box.maxY > box.minY) {
      props.onRegionChange?.(box);
      setMessage('Region set: the job uses only what lies inside it');
    } else setMessage('Region tool off');
    requestRender();
  }
  function toggleMeasure() {
    if (drawingRegion) finishRegion(null);
    setMeasuring((m) => {
      setMeasure(null);
      snapRef.current = null;
      setMessage(m ? 'Measure tool off' : 'Measure tool on: click two points');
      return !m;
    });
  }

  // ----- exports ------------------------------------------------------------------------------------------------
  async function exportPng() {
    const blob = await exportViewPng(scene, { ...frameRef.current!, camera: cameraRef.current, viewport: viewportRef.current });
    downloadBlob(blob, `${props.fileBase}-view.png`);
    setMessage('PNG of the current view saved');
  }
  function exportSvg() {
    const svg = planSvg(scene, layerVisible, overlayVisible, props.title);
    downloadBlob(new Blob([svg], { type: 'image/svg+xml' }), `${props.fileBase}-plan.svg`);
    setMessage('SVG of the whole plan saved');
  }

  const measureDistance = measure?.b ? Math.hypot(measure.b[0] - measure.a[0], measure.b[1] - measure.a[1]) : null;
  const measureLabel = measure?.b ? toScreen(cameraRef.current, viewportRef.current, (measure.a[0] + measure.b[0]) / 2, (measure.a[1] + measure.b[1]) / 2) : null;
  const layerCounts = scene.layers.map((l) => l.geometry.lineCount + l.geometry.polylineCount + l.geometry.blockCount);

  return (
    <div className="viewer">
      <div className="viewer-toolbar" role="toolbar" aria-label="Plan tools" aria-controls="plan-surface">
        <div className="viewer-tool-group">
          <button type="button" onClick={() => zoomCentre(1.25)} aria-label="Zoom in" title="Zoom in (+)">
            +
          </button>
          <button type="button" onClick={() => zoomCentre(0.8)} aria-label="Zoom out" title="Zoom out (−)">
            −
          </button>
          <button type="button" onClick={fitAll} title="Fit the drawing (F)">
            Fit
          </button>
          <button type="button" onClick={() => zoomToInfos(selectionInfos)} disabled={selectionInfos.length === 0} title="Zoom to the selected items">
            Zoom to selection
          </button>
          <span className="viewer-zoom" aria-label="Zoom level">
            {zoomPercent}%
          </span>
        </div>
        <div className="viewer-tool-group">
          <button type="button" aria-pressed={measuring} onClick={toggleMeasure} title="Measure a distance (M)">
            Measure
          </button>
          {props.onRegionChange && (
            <>
              <button type="button" aria-pressed={drawingRegion} onClick={toggleRegionTool} title="Limit the job to a rectangle of the drawing, e.g. one plan of several (R)">
                Draw region
              </button>
              <button type="button" onClick={() => { props.onRegionChange?.(null); setMessage('Region cleared: the job uses the whole drawing'); }} disabled={!props.region} title="Use the whole drawing again">
                Clear region
              </button>
            </>
          )}
          <button type="button" onClick={() => void exportPng()} title="Save the current view as PNG">
            Export PNG
          </button>
          <button type="button" onClick={exportSvg} title="Save the whole plan with the shown overlays as SVG">
            Export SVG
          </button>
        </div>
      </div>
      <div className="viewer-main">
        <div
          id="plan-surface"
          ref={surfaceRef}
          className={`viewer-surface${measuring ? ' measuring' : ''}${drawingRegion ? ' drawing-region' : ''}`}
          tabIndex={0}
          role="application"
          aria-roledescription="plan view"
          aria-label={`Plan of ${props.title}`}
          aria-describedby="plan-keys"
          data-testid="viewer-surface"
          data-renderer={rendererKind ?? ''}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          onPointerLeave={onPointerLeave}
          onKeyDown={onKeyDown}
          onKeyUp={onKeyUp}
          onContextMenu={(e) => e.preventDefault()}
          onAuxClick={(e) => e.preventDefault()}
        >
          <div ref={canvasSlotRef} className="viewer-canvas-slot" />
          <Tooltip store={hoverStore} />
          {measureLabel && measureDistance !== null && (
            <div className="viewer-measure-label" style={{ left: measureLabel[0], top: measureLabel[1] }} data-testid="measure-label">
              {formatMm(measureDistance)}
            </div>
          )}
          <p id="plan-keys" className="viewer-keys">
            Drag or Space+drag: pan · wheel, pinch, +/−: zoom · arrows: pan · F: fit
            {legend.length > 0 && ` · 1–${Math.min(9, legend.length)}: overlays`} · M: measure{props.onRegionChange && ' · R: region'} · Esc: clear
          </p>
        </div>
        <aside className="viewer-side" aria-label="Plan panels">
          <SelectionPanel infos={selectionInfos} onClear={() => props.onSelectionChange([])} onZoom={(i) => zoomToInfos([i])} onRemove={(i) => props.onSelectionChange(selected.filter((_, k) => k !== i).map((s) => s.key))} />
          {(legend.length > 0 || later.state === 'error') && (
            <fieldset className="viewer-panel">
              <legend>Overlays</legend>
              <ul className="viewer-legend">
                {legend.map(({ key, overlay: o }, i) => (
                  <li key={key}>
                    <label className="viewer-check">
                      <input type="checkbox" checked={overlayVisible.has(key)} onChange={() => toggleOverlay(key)} data-testid={`overlay-${key}`} />
                      <span className="viewer-check-label">
                        {OVERLAY_LABELS[key]} <span className="muted">{o ? `(${o.count})` : '(loading…)'}</span>
                      </span>
                      {i < 9 && <kbd aria-hidden="true">{i + 1}</kbd>}
                    </label>
                    {o && (
                      <ul className="viewer-swatches">
                        {o.groups.map((g) => (
                          <li key={g.label}>
                            <span
                              className={`viewer-swatch${o.markers ? ' marker' : ''}`}
                              style={{ background: o.markers ? g.color : `color-mix(in srgb, ${g.color} ${Math.round(Math.max(g.fillAlpha, 0.08) * 100)}%, transparent)`, borderColor: g.color }}
                              aria-hidden="true"
                            />
                            {g.label}
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ul>
              <LaterOverlaysStatus status={props.laterOverlays} />
            </fieldset>
          )}
          <fieldset className="viewer-panel">
            <legend>Layers</legend>
            <div className="viewer-panel-actions">
              <button type="button" className="small" onClick={() => setLayerVisible(scene.layers.map(() => true))}>
                Show all
              </button>
              <button type="button" className="small" onClick={() => setLayerVisible(scene.layers.map(() => false))}>
                Hide all
              </button>
            </div>
            <ul className="viewer-layers">
              {scene.layers.map((l, i) => (
                <li key={i} className={l.highlighted ? '' : 'dimmed'}>
                  <label className="viewer-check" title={`${l.geometry.lineCount} lines, ${l.geometry.polylineCount} polylines, ${l.geometry.blockCount} blocks, ${l.segmentCount} segments`}>
                    <input
                      type="checkbox"
                      checked={layerVisible[i]}
                      onChange={() => setLayerVisible((v) => v.map((x, k) => (k === i ? !x : x)))}
                      aria-label={`Show layer ${l.name || '(unnamed)'}`}
                    />
                    <span className="viewer-swatch line" style={{ background: l.highlighted ? l.color : '#9aa0a6' }} aria-hidden="true" />
                    <bdi className="viewer-check-label">{l.name || '(unnamed)'}</bdi>
                    <span className="viewer-count">{layerCounts[i].toLocaleString('en-US')}</span>
                  </label>
                </li>
              ))}
            </ul>
            <p className="muted small-text">Coloured: layers of the job · grey: other layers. Counts are entities.</p>
          </fieldset>
        </aside>
      </div>
      <div className="viewer-status">
        <CursorReadout store={cursorStore} units={props.units} />
        {measureDistance !== null && <span data-testid="measure-distance">Distance: {formatMm(measureDistance)}</span>}
        {measuring && measureDistance === null && <span>{measure ? 'Click the second point' : 'Click the first point (snaps to end points)'}</span>}
        {drawingRegion && <span>Drag a rectangle around the part of the drawing to use (Space+drag pans, Esc cancels)</span>}
        <span className="viewer-status-right">
          {scene.segmentCount.toLocaleString('en-US')} segments · {rendererKind === 'webgl2' ? 'WebGL2' : 'Canvas 2D'}
        </span>
        <span className="visually-hidden" role="status" aria-live="polite">
          {message}
        </span>
      </div>
    </div>
  );
}

function Tooltip({ store }: { store: Store<HoverState | null> }) {
  const h = useStore(store);
  if (!h) return null;
  return (
    <div className="viewer-tooltip" role="tooltip" data-testid="viewer-tooltip" style={{ left: h.x + 14, top: h.y + 14 }}>
      <strong>{h.info.title}</strong>
      <InfoRows rows={h.info.rows} />
    </div>
  );
}

/** An item's facts as a definition list; values come from drawings, so they are isolated text. */
function InfoRows({ rows }: { rows: PickInfo['rows'] }) {
  return (
    <dl>
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>
            <bdi>{v}</bdi>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function CursorReadout({ store, units }: { store: Store<[number, number] | null>; units?: { name: string; mmPerUnit: number } }) {
  const p = useStore(store);
  if (!p) return <span className="viewer-cursor muted">Move the pointer over the plan</span>;
  const inUnits = units && units.mmPerUnit !== 1 ? ` (${(p[0] / units.mmPerUnit).toFixed(3)}, ${(p[1] / units.mmPerUnit).toFixed(3)} ${units.name})` : '';
  return (
    <span className="viewer-cursor" data-testid="viewer-cursor">
      X {formatMm(p[0])} · Y {formatMm(p[1])}
      {inUnits}
    </span>
  );
}

function SelectionPanel({ infos, onClear, onZoom, onRemove }: { infos: readonly PickInfo[]; onClear: () => void; onZoom: (i: PickInfo) => void; onRemove: (i: number) => void }) {
  return (
    <section className="viewer-panel" aria-labelledby="viewer-selection-title" data-testid="viewer-selection">
      <div className="viewer-panel-head">
        <h3 id="viewer-selection-title">Selection {infos.length > 0 && <span className="muted">({infos.length})</span>}</h3>
        {infos.length > 0 && (
          <button type="button" className="small" onClick={onClear}>
            Clear
          </button>
        )}
      </div>
      {infos.length === 0 ? (
        <p className="muted small-text">Click an item to select it; Shift+click adds to the selection. The address bar keeps it, so the view can be shared.</p>
      ) : (
        <ol className="viewer-selection">
          {infos.map((info, i) => (
            <li key={i}>
              <div className="viewer-panel-head">
                <strong>{info.title}</strong>
                <span>
                  <button type="button" className="small" onClick={() => onZoom(info)} aria-label={`Zoom to ${info.title}`}>
                    Zoom
                  </button>
                  <button type="button" className="small" onClick={() => onRemove(i)} aria-label={`Remove ${info.title} from the selection`}>
                    ×
                  </button>
                </span>
              </div>
              <InfoRows rows={info.rows} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Under the overlay legend while the steps' overlays are still being built (or if they could not be). */
function LaterOverlaysStatus({ status }: { status: LaterOverlays }) {
  if (status.state === 'loading') {
    return (
      <p className="muted small" role="status" data-testid="later-overlays">
        Building the steps' pair and rectangle overlays… they can be ticked now and appear when ready.
      </p>
    );
  }
  if (status.state === 'error') {
    return (
      <p className="alert error small" role="alert" data-testid="later-overlays">
        The steps' overlays could not be loaded: {status.message}
      </p>
    );
  }
  return null;
}
