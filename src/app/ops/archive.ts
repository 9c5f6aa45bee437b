import type { ArchiveFile } from '../../db/backup';
import { toolsWorker } from '../jobs/pipelineWorker';
import { downloadBlob } from '../lib/download';

/** Zips the files in the tools worker (never on the page's thread) and offers the .zip for download. */
export async function downloadArchive(files: ArchiveFile[], fileName: string): Promise<Blob> {
  const zip = await toolsWorker().call((api) => api.zip(files));
  downloadBlob(zip, fileName);
  return zip;
}

/** "2026-11-28-2104": a sortable stamp for archive names. */
export function fileStamp(time = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}-${pad(time.getHours())}${pad(time.getMinutes())}`;
}
