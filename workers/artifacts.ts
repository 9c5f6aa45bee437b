import type { ArtifactOut } from '../src/core/pipelineTypes';
import type { NewArtifact } from '../src/db/jobs';
import type { ExportFile } from '../src/export';

/** The hand-off file the job page's "Download BIMJSON" button serves. */
export const BIMJSON_ARTIFACT = 'bimjson.json';

/** The SHA-256 of the bytes as hex. WebCrypto copies the bytes when called, so the caller may drop them at once. */
export function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return crypto.subtle.digest('SHA-256', bytes).then((digest) => Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join(''));
}

interface ArtifactBytes {
  step: NewArtifact['step'];
  name: string;
  mime: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/**
 * The artifact as a Blob with its size and hash. The Blob is made and the hash started before this returns, and
 * nothing keeps the bytes after that: a job hands each artifact here as its step ends, so a 200k-segment job
 * does not hold its 150 MB of artifact JSON to the end.
 */
export function storedArtifact({ step, name, mime, bytes }: ArtifactBytes): Promise<NewArtifact> {
  const blob = new Blob([bytes], { type: mime });
  const size = bytes.byteLength;
  return sha256Hex(bytes).then((sha256) => ({ step, name, mime, size, sha256, blob }));
}

/** Every artifact as a Blob with its size and hash, made once here so the page never serialises anything. */
export function storedArtifacts(artifacts: readonly ArtifactOut[]): Promise<NewArtifact[]> {
  return Promise.all(artifacts.map(storedArtifact));
}

/** The IFC, DXF and SVG exports, stored with the WALLS step they are made from. */
export function exportArtifacts(files: readonly ExportFile[]): Promise<NewArtifact[]> {
  return Promise.all(files.map((f) => storedArtifact({ step: 'WALLS', name: f.name, mime: f.mime, bytes: typeof f.data === 'string' ? new TextEncoder().encode(f.data) : new Uint8Array(f.data) })));
}
