import { addDrawing, type StoredDrawing } from '../../db/drawings';
import { describeStorageError } from '../../db/errors';
import { getSetting } from '../../db/settings';
import { formatBytes } from '../lib/format';
import { toolsWorker } from '../jobs/pipelineWorker';

/**
 * Parses a file in the worker and stores it with its layer inventory. Rejects with a sentence for the user:
 * the file is too large, cannot be read (the importer says what and where), or the storage is full.
 */
export async function importDrawingFile(file: File): Promise<StoredDrawing> {
  const maxBytes = await getSetting('maxFileBytes');
  // Checked here too so an oversized file is never read; worded as the importer (and the CLI) say it.
  if (file.size > maxBytes) {
    throw new Error(`${file.name}: the file is ${sizeText(file.size)}, over the ${sizeText(maxBytes)} size limit.`);
  }
  if (file.size === 0) throw new Error(`${file.name}: the file is empty.`);
  const imported = await toolsWorker().call((api) => api.importFile(file, file.name, maxBytes));
  try {
    return await addDrawing({
      name: file.name,
      file,
      contentHash: imported.contentHash,
      detectedUnits: imported.detectedUnits,
      unitsReason: imported.unitsReason,
      declaredUnits: imported.declaredUnits,
      suggestedLayers: imported.suggestedLayers,
      warnings: imported.warnings,
      inventory: imported.inventory,
      views: imported.views,
    });
  } catch (error) {
    throw new Error(describeStorageError(error));
  }
}

/** "167 bytes", "2.5 MB": the importer's size wording. */
function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : formatBytes(bytes);
}
