/**
 * The plan viewer's scene, built off the page: the job's artifacts (2–12 MB of JSON each on a 100k-segment plan)
 * are parsed here, turned into flat typed arrays (rings, GPU vertices, chunked layers) with their Flatbush
 * indexes, and transferred; the page only uploads buffers and reopens indexes (src/app/viewer/scene.ts).
 * A plan opens with its first overlays (FIRST_OVERLAYS); the others are built by a second call and added.
 */
import {
  buildOverlayData, buildSceneData, overlayTransferables, sceneTransferables, VIEWER_ARTIFACTS,
  type ArtifactData, type OverlayData, type OverlayKey, type SceneData,
} from '../src/app/viewer/scene';
import type { DrawingGeometry } from './geometry';

export interface ViewerArtifact {
  name: string;
  blob: Blob;
}

/** The viewer's artifacts parsed, by name (unknown or unreadable artifacts are left out); undefined when none are given. */
async function parsedArtifacts(artifacts: readonly ViewerArtifact[]): Promise<ArtifactData | undefined> {
  const parsed = new Map<string, unknown>();
  for (const a of artifacts) {
    if (!VIEWER_ARTIFACTS.includes(a.name)) continue;
    try {
      parsed.set(a.name, JSON.parse(await a.blob.text()));
    } catch {
      // An unreadable artifact only loses its overlay.
    }
  }
  return artifacts.length ? { get: (n) => parsed.get(n) } : undefined;
}

/** The scene data of a drawing's geometry and the overlays of the artifacts given. */
export async function viewerSceneData(geometry: DrawingGeometry, artifacts: readonly ViewerArtifact[]): Promise<SceneData> {
  return buildSceneData(geometry, await parsedArtifacts(artifacts), true);
}

/** Overlays of `keys` for a scene built earlier with this origin. */
export async function viewerOverlayData(artifacts: readonly ViewerArtifact[], origin: { x: number; y: number }, keys: readonly OverlayKey[]): Promise<OverlayData[]> {
  const parsed = await parsedArtifacts(artifacts);
  return parsed ? buildOverlayData(parsed, origin, keys) : [];
}

/** Every buffer of scene data, for Comlink.transfer. */
export function viewerSceneTransferables(data: SceneData): ArrayBuffer[] {
  return sceneTransferables(data);
}

/** Every buffer of overlays, for Comlink.transfer. */
export function viewerOverlayTransferables(list: readonly OverlayData[]): ArrayBuffer[] {
  return overlayTransferables(list);
}
