/**
 * The plan viewer's scene, built off the page: the job's artifacts (2–12 MB of JSON each on a 100k-segment plan)
 * are parsed here, turned into flat typed arrays (rings, GPU vertices, chunked layers) with their Flatbush
 * indexes, and transferred; the page only uploads buffers and reopens indexes (src/app/viewer/scene.ts).
 */
import { buildSceneData, sceneTransferables, VIEWER_ARTIFACTS, type SceneData } from '../src/app/viewer/scene';
import type { DrawingGeometry } from './geometry';

export interface ViewerArtifact {
  name: string;
  blob: Blob;
}

/** The scene data of a drawing's geometry and a job's artifacts (unknown or unreadable artifacts are left out). */
export async function viewerSceneData(geometry: DrawingGeometry, artifacts: readonly ViewerArtifact[]): Promise<SceneData> {
  const parsed = new Map<string, unknown>();
  for (const a of artifacts) {
    if (!VIEWER_ARTIFACTS.includes(a.name)) continue;
    try {
      parsed.set(a.name, JSON.parse(await a.blob.text()));
    } catch {
      // An unreadable artifact only loses its overlay.
    }
  }
  return buildSceneData(geometry, artifacts.length ? { get: (n) => parsed.get(n) } : undefined, true);
}

/** Every buffer of scene data, for Comlink.transfer. */
export function viewerSceneTransferables(data: SceneData): ArrayBuffer[] {
  return sceneTransferables(data);
}
