import type { ArtifactOut } from '../src/core/pipelineTypes';
import type { NewArtifact } from '../src/db/jobs';
import type { ExportFile } from '../src/export';

/** The hand-off file the job page's "Download BIMJSON" button serves. */
export const BIMJSON_ARTIFACT = 'bimjson.json';

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}


async function toStoredArtifact(step: NewArtifact['step'], name: string, mime: string, bytes: Uint8Array<ArrayBuffer>): Promise<NewArtifact> {
  return { step, name, mime, size: bytes.byteLength, sha256: await sha256Hex(bytes), blob: new Blob([bytes], { type: mime }) };
}

/** Every artifact as a Blob with its size and hash, made once here so the page never serialises anything. */
export function storedArtifacts(artifacts: readonly ArtifactOut[]): Promise<NewArtifact[]> {
  return Promise.all(artifacts.map((a) => toStoredArtifact(a.step, a.name, a.mime, a.bytes)));
}

/** The IFC, DXF and SVG exports, stored with the WALLS step they are made from. */
export function exportArtifacts(files: readonly ExportFile[]): Promise<NewArtifact[]> {
  return Promise.all(files.map((f) => toStoredArtifact('WALLS', f.name, f.mime, typeof f.data === 'string' ? new TextEncoder().encode(f.data) : new Uint8Array(f.data))));
}
