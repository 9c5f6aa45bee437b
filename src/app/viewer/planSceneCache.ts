import type { SceneData } from './scene';

/**
 * The last drawing plan's scene data (no overlays), kept on the page: the drawing page builds it, and the job page
 * that Run opens next shows the same plan. Building it again cost the tools worker 0.7–1.6 s of CPU on a
 * 100k-segment plan, in the first seconds of the job, when the pipeline worker is parsing the drawing and the
 * page is drawing: on a 2-core machine that work took turns with the page. Scene data is only read once built
 * (hydrateScene wraps its arrays), so two viewers may share it. One entry: a plan's arrays are megabytes.
 */
let last: { key: string; data: Promise<SceneData> } | null = null;

/** The plan scene for `key` (the drawing's content and scale), loaded once while it stays the last one asked for. */
export function cachedPlanScene(key: string, load: () => Promise<SceneData>): Promise<SceneData> {
  if (last?.key === key) return last.data;
  const entry = { key, data: load() };
  last = entry;
  // A failed load is not kept: the next viewer tries again.
  entry.data.catch(() => {
    if (last === entry) last = null;
  });
  return entry.data;
}

