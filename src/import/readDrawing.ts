import type { Drawing } from '../core/model';
import type { CadImportOptions } from './cadModel';
import { parseDrawingJson } from './drawingJson';
import { checkDwgSignature } from './dwgSignature';
import { importDxf } from './dxf';
import { looksLikeDwg } from './dxfTags';
import { DrawingImportError } from './errors';

// Choosing the importer for a file. The DWG reader itself is passed in (DwgReader), so this module does not bring
// LibreDWG along: the CLI reads DWG in its own thread (index.ts), the app in a dedicated worker (workers/dwgReader.ts).

/** SPEC §6: the default maximum file size (a setting). */
export const DEFAULT_MAX_BYTES = 500 * 1024 * 1024;

export interface ImportOptions extends CadImportOptions {
  /** Files larger than this are rejected before they are read (default DEFAULT_MAX_BYTES). */
  maxBytes?: number;
}

/** Imports a drawing file into the in-memory model, choosing the importer by extension (or by content if unknown). */
export function importDrawing(bytes: Uint8Array, fileName: string, options: ImportOptions = {}): Drawing {
  checkSize(bytes, fileName, options);
  switch (extensionOf(fileName)) {
    case 'json':
      return parseDrawingJson(bytes, fileName);
    case 'dxf':
    case 'dwg':
      // By content: a DWG saved as .dxf (or the reverse) still gets the right reader.
      if (looksLikeDwg(bytes)) {
        throw new DrawingImportError(
          fileName,
          'unsupported',
          'DWG files are read asynchronously (the DWG reader is WebAssembly); use importDrawingAsync',
        );
      }
      if (extensionOf(fileName) === 'dwg') {
        throw new DrawingImportError(fileName, 'unsupported', 'the file is not a DWG drawing: it does not start with an AutoCAD version signature');
      }
      return importDxf(bytes, fileName, options);
    default:
      return sniffDrawing(bytes, fileName);
  }
}

/** Reads a DWG into the drawing model; it may take ownership of (transfer) the bytes. */
export type DwgReader = (bytes: Uint8Array, fileName: string, options: CadImportOptions) => Promise<Drawing>;

/**
 * Like importDrawing, for every format: DWG (and a DXF that is really a DWG) goes to `readDwg` once its version
 * signature is checked; everything else is imported synchronously.
 */
export async function importDrawingWith(
  readDwg: DwgReader,
  bytes: Uint8Array,
  fileName: string,
  options: ImportOptions = {},
): Promise<Drawing> {
  checkSize(bytes, fileName, options);
  const extension = extensionOf(fileName);
  if (extension === 'dwg' || (extension === 'dxf' && looksLikeDwg(bytes))) {
    checkDwgSignature(bytes, fileName); // a file that is not a DWG never starts the DWG reader
    return readDwg(bytes, fileName, options.units === undefined ? {} : { units: options.units });
  }
  return importDrawing(bytes, fileName, options);
}

function checkSize(bytes: Uint8Array, fileName: string, options: ImportOptions): void {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    throw new DrawingImportError(
      fileName,
      'too-large',
      `the file is ${formatSize(bytes.length)}, over the ${formatSize(maxBytes)} size limit`,
    );
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
