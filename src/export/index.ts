// The job's exports (SPEC §5) beside the BIMJSON: IFC4, the result as DXF and the plan as SVG.
import type { WallsModel } from '../core/pipelineTypes';
import { writeResultDxf } from './dxf';
import { writeIfc } from './ifc';
import { writePlanSvg } from './svg';
import { EXPORT_NAMES } from './names';

export { EXPORT_NAMES };

export interface ExportFile {
  name: string;
  mime: string;
  data: string | Uint8Array;
}

export interface ExportOptions {
  projectName: string;
  /** Stable seed for IFC GlobalIds (e.g. the drawing's content hash). */
  guidSeed: string;
  mmPerUnit: number;
  wallHeight: number;
  storeyName?: string;
  storeyElevation?: number;
  onProgress?(fraction: number): void;
}


export function writeExports(model: WallsModel, options: ExportOptions): ExportFile[] {
  const svg = writePlanSvg(model, { title: options.projectName });
  const dxf = writeResultDxf(model, options.mmPerUnit);
  const ifc = writeIfc(model, {
    projectName: options.projectName,
    storeyName: options.storeyName ?? 'Level 1',
    storeyElevation: options.storeyElevation ?? 0,
    wallHeight: options.wallHeight,
    guidSeed: options.guidSeed,
    onProgress: options.onProgress,
  });
  return [
    { name: EXPORT_NAMES.ifc, mime: 'application/x-step', data: ifc },
    { name: EXPORT_NAMES.dxf, mime: 'application/dxf', data: dxf },
    { name: EXPORT_NAMES.svg, mime: 'image/svg+xml', data: svg },
  ];
}
