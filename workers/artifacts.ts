import type { ArtifactOut } from '../src/core/pipelineTypes';
import type { NewArtifact } from '../src/db/jobs';

/** The hand-off file the job page's "Download BIMJSON" button serves. */
export const BIMJSON_ARTIFACT = 'bimjson.json';

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function toStoredArtifact(artifact: ArtifactOut): Promise<NewArtifact> {
  const bytes = new TextEncoder().encode(artifact.text);
  return {
    step: artifact.step,
    name: artifact.name,
    mime: artifact.mime,
    size: bytes.byteLength,
    sha256: await sha256Hex(bytes),
    blob: new Blob([bytes], { type: artifact.mime }),
  };
}

/** Every artifact as a Blob with its size and hash, made once here so the page never serialises anything. */
export function storedArtifacts(artifacts: readonly ArtifactOut[]): Promise<NewArtifact[]> {
  return Promise.all(artifacts.map(toStoredArtifact));
}
