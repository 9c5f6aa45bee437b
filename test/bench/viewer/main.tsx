/**
 * Benchmark page of the plan viewer (npm run bench:viewer drives it). Generates a synthetic plan in the page,
 * flattens it exactly as the pipeline worker does, then mounts the real <PlanViewer/> and measures:
 * first frame after the data is ready, frame times while panning and zooming, and hover picks.
 */
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { extractGeometry } from '../../../workers/geometry';
import type { ViewerHandle } from '../../../src/app/viewer/PlanViewer';
import { PlanViewer } from '../../../src/app/viewer/PlanViewer';
import { zoomAt, pan } from '../../../src/app/viewer/camera';
import { generatePlan, WALL_LAYER } from '../generator';

interface BenchResult {
  segments: number;
  first_frame_ms: number;
  median_frame_ms: number;
  pick_ms: number;
  details: Record<string, unknown>;
}

declare global {
  interface Window {
    __bench?: Promise<BenchResult>;
  }
}

const params = new URLSearchParams(location.search);
const target = Number(params.get('segments') ?? 200_000);
const forceCanvas2d = params.get('renderer') === 'canvas';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const frame = () => new Promise<number>((r) => requestAnimationFrame(r));

async function measure(handle: ViewerHandle, firstFrameMs: number, segments: number): Promise<BenchResult> {
  // Let the page settle after the first frame.
  for (let i = 0; i < 10; i++) await frame();
  const v = handle.viewport();
  const start = handle.camera();
  const intervals: number[] = [];
  const frameTimes: number[] = [];
  // 240 frames: zoom in at moving cursor positions, pan across, zoom out — each frame changes the camera.
  let last = await frame();
  for (let i = 0; i < 240; i++) {
    const phase = Math.floor(i / 60);
    const c = handle.camera();
    const sx = v.width * (0.3 + 0.4 * ((i * 37) % 100) / 100), sy = v.height * (0.3 + 0.4 * ((i * 53) % 100) / 100);
    handle.setCamera(phase === 0 ? zoomAt(c, v, 1.04, sx, sy) : phase === 1 ? pan(c, 9, 4) : phase === 2 ? zoomAt(c, v, 0.96, sx, sy) : pan(c, -7, -5));
    // Frame time: drawing plus the GPU finishing it (gl.finish), so it does not depend on the display's refresh.
    frameTimes.push(handle.renderNow(true));
    const t = await frame();
    intervals.push(t - last);
    last = t;
  }
  handle.setCamera(start);
  handle.renderNow();
  // Hover picks at the screen positions of 2 000 segment mid points spread over the drawing (the pointer over
  // geometry is the expensive case), with the whole plan in view, then zoomed in 20×.
  const targets: [number, number][] = [];
  const layers = handle.scene.layers.filter((l) => l.segmentCount > 0);
  for (let i = 0; i < 2000; i++) {
    const l = layers[i % layers.length];
    const k = (i * 7919) % l.segmentCount;
    const g = l.geometry.segments;
    targets.push([(g[k * 4] + g[k * 4 + 2]) / 2, (g[k * 4 + 1] + g[k * 4 + 3]) / 2]);
  }
  const timePicks = (n: number) => {
    const c = handle.camera();
    const batches: number[] = [];
    let hits = 0;
    const t0 = performance.now();
    for (let b = 0; b < n / 20; b++) {
      const tb = performance.now();
      for (let k = 0; k < 20; k++) {
        const [x, y] = targets[(b * 20 + k) % targets.length];
        const sx = (x - c.cx) * c.scale + v.width / 2, sy = v.height / 2 - (y - c.cy) * c.scale;
        if (handle.pickAt(sx, sy).hit) hits++;
      }
      batches.push((performance.now() - tb) / 20);
    }
    return { mean: (performance.now() - t0) / n, batches, hits };
  };
  const full = timePicks(2000);
  const mid = targets[0];
  handle.setCamera({ cx: mid[0], cy: mid[1], scale: start.scale * 20 });
  const zoomed = timePicks(1000);
  return {
    segments,
    first_frame_ms: Math.round(firstFrameMs * 10) / 10,
    median_frame_ms: Math.round(median(frameTimes) * 10) / 10,
    pick_ms: Math.round(full.mean * 1000) / 1000,
    details: {
      renderer: handle.rendererKind,
      viewport: v,
      frames: intervals.length,
      p95_frame_ms: Math.round(pct(frameTimes, 0.95) * 10) / 10,
      max_frame_ms: Math.round(Math.max(...frameTimes) * 10) / 10,
      median_frame_ms_by_phase: [0, 1, 2, 3].map((p) => Math.round(median(frameTimes.slice(p * 60, p * 60 + 60)) * 10) / 10),
      median_raf_interval_ms: Math.round(median(intervals) * 10) / 10,
      pick_ms_p95_of_20_pick_batches: Math.round(pct(full.batches, 0.95) * 1000) / 1000,
      pick_ms_max_of_20_pick_batches: Math.round(Math.max(...full.batches) * 1000) / 1000,
      pick_hits: `${full.hits}/2000`,
      pick_ms_zoomed_20x: Math.round(zoomed.mean * 1000) / 1000,
      wall_target: wallTarget,
    },
  };
}

// The generator's size counts wall-layer segments; grow it until the whole drawing (hatch, dimensions, doors,
// furniture…) reaches the target number of segments.
const tGen = performance.now();
let wallTarget = Math.round(target * 0.3);
let geometry = extractGeometry(generatePlan(wallTarget, 1).drawing, 1);
while (geometry.segmentCount < target) {
  wallTarget = Math.ceil(wallTarget * Math.max(1.02, Math.min(1.5, target / geometry.segmentCount)));
  geometry = extractGeometry(generatePlan(wallTarget, 1).drawing, 1);
}
const genMs = performance.now() - tGen;

let resolveBench!: (r: BenchResult) => void;
window.__bench = new Promise((r) => (resolveBench = r));

function App() {
  const [selection, setSelection] = useState<string[]>([]);
  return (
    <PlanViewer
      sourceKey="bench"
      title={`Synthetic plan, ${geometry.segmentCount} segments`}
      fileBase="bench"
      loadGeometry={() => Promise.resolve(geometry)}
      highlightedLayers={[WALL_LAYER]}
      selection={selection}
      onSelectionChange={setSelection}
      forceCanvas2d={forceCanvas2d}
      onFirstFrame={(handle) => {
        const firstFrameMs = performance.now() - dataReady;
        void measure(handle, firstFrameMs, geometry.segmentCount).then((r) => resolveBench({ ...r, details: { ...r.details, generate_ms: Math.round(genMs) } }));
      }}
    />
  );
}

// Data ready: the geometry is in the page (as after the worker's transfer); the clock starts here.
const dataReady = performance.now();
createRoot(document.getElementById('root')!).render(<App />);
