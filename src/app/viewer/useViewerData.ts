import { useEffect, useState } from 'react';
import type { DrawingGeometry } from '../../../workers/geometry';
import { buildSceneSliced, hydrateScene, VIEWER_ARTIFACTS, type Scene, type SceneData } from './scene';

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface ArtifactSource {
  name: string;
  blob: Blob;
}

export const EMPTY_GEOMETRY: DrawingGeometry = { layers: [], segmentCount: 0, bounds: null };

export type ViewerData = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; scene: Scene; readyAt: number };

/** Builds the whole scene off the page (the pipeline worker): gets the artifacts the viewer reads. */
export type SceneDataLoader = (artifacts: ArtifactSource[]) => Promise<SceneData>;

/**
 * Loads the scene once per (sourceKey, artifacts) — never on every re-render. With `loadSceneData` the worker parses
 * the artifacts and builds every array and index; the page only wraps the transferred buffers. Without it (tools,
 * benchmarks) the geometry is loaded and the scene built on the page, in slices.
 */
export function useViewerScene(
  sourceKey: string,
  loadGeometry: () => Promise<DrawingGeometry>,
  highlighted: readonly string[],
  artifacts: readonly ArtifactSource[] | undefined,
  loadSceneData?: SceneDataLoader,
): ViewerData {
  const relevant = (artifacts ?? []).filter((a) => VIEWER_ARTIFACTS.includes(a.name));
  const artifactKey = relevant.map((a) => `${a.name}:${a.blob.size}`).join('|');
  const highlightKey = highlighted.join('\u0000');
  const key = `${sourceKey}\u0001${artifactKey}\u0001${highlightKey}`;
  // Tagged with the inputs it was loaded for: when they change, the previous scene is not returned even for the one
  // render before the effect below runs (it would mount a viewer, with its GL context and uploads, only to drop it).
  const [data, setData] = useState<{ key: string; data: ViewerData }>({ key, data: { state: 'loading' } });
  const set = (d: ViewerData) => setData({ key, data: d });
  useEffect(() => {
    let cancelled = false;
    set({ state: 'loading' });
    (async () => {
      performance.mark(`viewer:load ${sourceKey}`);
      let scene: Scene;
      if (loadSceneData) {
        const sceneData = await loadSceneData(relevant.map((a) => ({ name: a.name, blob: a.blob })));
        if (cancelled) return;
        scene = hydrateScene(sceneData, new Set(highlighted));
      } else {
        const geometryPromise = loadGeometry();
        geometryPromise.catch(() => undefined); // observed below
        // Artifacts are parsed one per task, and the scene is built in slices.
        const byName = new Map<string, unknown>();
        for (const a of relevant) {
          const text = await a.blob.text();
          await pause();
          if (cancelled) return;
          try {
            byName.set(a.name, JSON.parse(text));
          } catch {
            // An unreadable artifact only loses its overlay.
          }
        }
        const geometry = await geometryPromise;
        if (cancelled) return;
        scene = await buildSceneSliced(
          { geometry, highlighted: new Set(highlighted), artifacts: relevant.length ? { get: (n) => byName.get(n) } : undefined },
          pause,
        );
      }
      if (cancelled) return;
      performance.mark(`viewer:ready ${sourceKey}`);
      set({ state: 'ready', scene, readyAt: performance.now() });
    })().catch((error: unknown) => {
      if (!cancelled) set({ state: 'error', message: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      cancelled = true;
    };
    // The keys stand for the inputs; the loaders and arrays change identity on every render of the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return data.key === key ? data.data : { state: 'loading' };
}
