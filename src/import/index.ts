import type { Drawing } from '../core/model';
import { importDwg, type DwgImportOptions } from './dwg';
import { importDrawingWith, type ImportOptions } from './readDrawing';

export { DrawingImportError, type ImportFailure } from './errors';
export { parseDrawingJson } from './drawingJson';
export { importDxf } from './dxf';
export { importDwg, type DwgImportOptions } from './dwg';
export { DEFAULT_MAX_BYTES, importDrawing, importDrawingWith, type DwgReader, type ImportOptions } from './readDrawing';

/** Options of the asynchronous import, which also reads DWG. */
export interface AsyncImportOptions extends ImportOptions, Pick<DwgImportOptions, 'wasmLocator'> {}

/**
 * Like importDrawing, for every format: DWG (and a DXF that is really a DWG) goes to the WebAssembly reader in
 * this thread, which loads on first use; everything else is imported synchronously. (The app reads DWG in a worker
 * of its own instead: importDrawingWith and workers/dwgReader.ts.)
 */
export async function importDrawingAsync(bytes: Uint8Array, fileName: string, options: AsyncImportOptions = {}): Promise<Drawing> {
  return importDrawingWith((dwg, name, cad) => importDwg(dwg, name, { ...cad, wasmLocator: options.wasmLocator }), bytes, fileName, options);
}
