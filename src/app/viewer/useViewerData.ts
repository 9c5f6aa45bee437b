import { useEffect, useState } from 'react';
import type { DrawingGeometry } from '../../../workers/geometry';
import {
  addOverlays, buildSceneSliced, FIRST_ARTIFACTS, hydrateScene, LATER_OVERLAYS, laterArtifacts, OVERLAY_FILES, VIEWER_ARTIFACTS,
  type OverlayData, type OverlayKey, type Scene, type SceneData,
} from './scene';

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface ArtifactSource {
  name: string;
  blob: Blob;
}

export const EMPTY_GEOMETRY: DrawingGeometry = { layers: [], segmentCount: 0, bounds: null };

/** The overlays built after the plan is shown (see FIRST_OVERLAYS): still coming, all there, or why they are not. */
export type LaterOverlays = { state: 'loading'; keys: OverlayKey[] } | { state: 'done' } | { state: 'error'; message: string };

export type ViewerData =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; scene: Scene; readyAt: number; laterOverlays: LaterOverlays };

/** Builds the scene off the page (the pipeline worker): first from the artifacts given, then its later overlays. */
export interface SceneDataLoader {
  scene(artifacts: ArtifactSource[]): Promise<SceneData>;
  overlays(artifacts: ArtifactSource[], origin: { x: number; y: number }, keys: OverlayKey[]): Promise<OverlayData[]>;
}

/**
 * Loads the scene once per (sourceKey, artifacts) — never on every re-render. With `loadSceneData` the worker parses
 * the artifacts and builds every array and index; the page only wraps the transferred buffers. The plan is shown
 * with its first overlays, and the later ones are added when the worker has built them (at 200k segments they
 * are about four fifths of the work). Without it (tools, benchmarks) the geometry is loaded and the whole scene
 * built on the page, in slices.
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
    const isCancelled = () => cancelled;
    set({ state: 'loading' });
    performance.mark(`viewer:load ${sourceKey}`);
    const job: SceneLoad = {
      artifacts: relevant.map((a) => ({ name: a.name, blob: a.blob })),
      highlighted: new Set(highlighted),
      sourceKey,
      set,
      cancelled: isCancelled,
    };
    const load = loadSceneData ? loadInWorker(loadSceneData, job) : loadOnPage(loadGeometry, job);
    load.catch((error: unknown) => {
      if (!cancelled) set({ state: 'error', message: errorText(error) });
    });
    return () => {
      cancelled = true;
    };
    // The keys stand for the inputs; the loaders and arrays change identity on every render of the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return data.key === key ? data.data : { state: 'loading' };
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One load of a scene: its inputs, where its states go, and whether it is still wanted. */
interface SceneLoad {
  artifacts: ArtifactSource[];
  highlighted: ReadonlySet<string>;
  sourceKey: string;
  set: (d: ViewerData) => void;
  cancelled: () => boolean;
}

/** The scene from the worker: shown with its first overlays, then the later ones added when the worker has built them. */
async function loadInWorker(loader: SceneDataLoader, { artifacts, highlighted, sourceKey, set, cancelled }: SceneLoad): Promise<void> {
  const sceneData = await loader.scene(artifacts.filter((a) => FIRST_ARTIFACTS.includes(a.name)));
  if (cancelled()) return;
  const scene = hydrateScene(sceneData, highlighted);
  const later = laterArtifacts(artifacts);
  const keys = LATER_OVERLAYS.filter((k) => later.some((a) => a.name === OVERLAY_FILES[k]));
  performance.mark(`viewer:ready ${sourceKey}`);
  const readyAt = performance.now();
  set({ state: 'ready', scene, readyAt, laterOverlays: keys.length ? { state: 'loading', keys } : { state: 'done' } });
  if (!keys.length) return;
  try {
    const more = await loader.overlays(later, scene.origin, keys);
    if (cancelled()) return;
    addOverlays(scene, more);
    performance.mark(`viewer:overlays ${sourceKey}`);
    set({ state: 'ready', scene, readyAt, laterOverlays: { state: 'done' } });
  } catch (error) {
    if (!cancelled()) set({ state: 'ready', scene, readyAt, laterOverlays: { state: 'error', message: errorText(error) } });
  }
}

/** The whole scene built on the page (tools, benchmarks): artifacts parsed one per task, the scene in slices. */
async function loadOnPage(loadGeometry: () => Promise<DrawingGeometry>, { artifacts, highlighted, sourceKey, set, cancelled }: SceneLoad): Promise<void> {
  const geometryPromise = loadGeometry();
  geometryPromise.catch(() => undefined); // observed below
  const byName = new Map<string, unknown>();
  for (const a of artifacts) {
    const text = await a.blob.text();
    await pause();
    if (cancelled()) return;
    try {
      byName.set(a.name, JSON.parse(text));
    } catch {
      // An unreadable artifact only loses its overlay.
    }
  }
  const geometry = await geometryPromise;
  if (cancelled()) return;
  const scene = await buildSceneSliced({ geometry, highlighted, artifacts: artifacts.length ? { get: (n) => byName.get(n) } : undefined }, pause);
  if (cancelled()) return;
  performance.mark(`viewer:ready ${sourceKey}`);
  set({ state: 'ready', scene, readyAt: performance.now(), laterOverlays: { state: 'done' } });
}
