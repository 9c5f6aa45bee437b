// The DWG version check, apart from the reader so that it can run before the DWG worker (or the WASM) starts.

import { looksLikeDwg } from './dxfTags';
import { DrawingImportError } from './errors';

/** AutoCAD release of each DWG version signature LibreDWG reads here. */
export const SUPPORTED_VERSIONS = new Map<string, string>([
  ['AC1012', 'R13'],
  ['AC1014', 'R14'],
  ['AC1015', 'R2000'],
  ['AC1018', 'R2004'],
  ['AC1021', 'R2007'],
  ['AC1024', 'R2010'],
  ['AC1027', 'R2013'],
  ['AC1032', 'R2018'],
]);

/** Rejects an empty file, a file that is not a DWG and a DWG version LibreDWG does not read; returns the signature. */
export function checkDwgSignature(bytes: Uint8Array, fileName: string): string {
  if (bytes.length === 0) throw new DrawingImportError(fileName, 'empty', 'the file is empty');
  if (!looksLikeDwg(bytes)) {
    throw new DrawingImportError(fileName, 'unsupported', 'the file is not a DWG drawing: it does not start with an AutoCAD version signature');
  }
  const version = String.fromCharCode(...bytes.subarray(0, 6));
  if (!SUPPORTED_VERSIONS.has(version)) {
    const older = version < 'AC1012';
    throw new DrawingImportError(
      fileName,
      'unsupported',
      older
        ? `the DWG version ${version.replace(/\0/g, '')} (AutoCAD R12 or older) is not supported; save it as DWG R13–R2018 or as DXF`
        : `the DWG version ${version} is newer than AutoCAD 2018 and not supported; save it as DWG 2018 or as DXF`,
    );
  }
  return version;
}
