import { sha256Hex } from '../../workers/artifacts';

/** sha-256 of a stored Blob, hex — the same digest the worker wrote when it made the Blob. */
export async function blobSha256(blob: Blob): Promise<string> {
  return sha256Hex(new Uint8Array(await blob.arrayBuffer()));
}
