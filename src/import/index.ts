import type { Drawing } from '../core/model';
import { parseDrawingJson } from './drawingJson';
import { DrawingImportError } from './errors';

export { DrawingImportError, type ImportFailure } from './errors';
export { parseDrawingJson } from './drawingJson';

/** SPEC §6: the default maximum file size (a setting). */
export const DEFAULT_MAX_BYTES = 500 * 1024 * 1024;

export interface ImportOptions {
  /** Files larger than this are rejected before they are read (default DEFAULT_MAX_BYTES). */
  maxBytes?: number;
}

/** Imports a drawing file into the in-memory model, choosing the importer by extension (or by content if unknown). */
export function importDrawing(bytes: Uint8Array, fileName: string, options: ImportOptions = {}): Drawing {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    throw new DrawingImportError(
      fileName,
      'too-large',
      `the file is ${formatSize(bytes.length)}, over the ${formatSize(maxBytes)} size limit`,
    );
  }
  switch (extensionOf(fileName)) {
    case 'json':
      return parseDrawingJson(bytes, fileName);
    case 'dxf':
    case 'dwg':
      throw new DrawingImportError(
        fileName,
        'unsupported',
        'DXF/DWG import is not available yet; export the drawing to JSON with the AutoCAD add-in',
      );
    default:
      return sniffDrawing(bytes, fileName);
  }
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot === -1 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** An unknown extension is read as JSON if it is JSON; text that is not JSON is an unrecognised type, not a syntax error. */
function sniffDrawing(bytes: Uint8Array, fileName: string): Drawing {
  try {
    return parseDrawingJson(bytes, fileName);
  } catch (error) {
    if (!(error instanceof DrawingImportError && error.failure === 'not-json')) throw error;
    throw new DrawingImportError(
      fileName,
      'unsupported',
      'the file type is not recognised; import a drawing JSON export (.json)',
    );
  }
}

function formatSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return unit === 0 ? `${size} bytes` : `${Number(size.toFixed(1))} ${units[unit]}`;
}
