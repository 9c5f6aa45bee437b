import { z } from 'zod';
import { defaultParams, parseParams, type Params } from '../../core/params';

/** How each pipeline parameter is labelled in the form; typed so a new parameter cannot be forgotten here. */
export const PARAM_LABELS: Readonly<Record<keyof Params, string>> = {
  parallelAngleDeg: 'Parallel tolerance (°)',
  minWallThickness: 'Minimum wall thickness (mm)',
  maxWallThickness: 'Maximum wall thickness (mm)',
  minOverlap: 'Minimum pair overlap (mm)',
  insideSegmentMaxLength: 'Inner line rejecting a pair (mm)',
  mergeMinThickness: 'Merge: minimum thickness (mm)',
  mergeMaxThickness: 'Merge: maximum thickness (mm)',
  mergeMaxGap: 'Merge: largest gap (mm)',
  junctionSearchDistance: 'Junction search distance (mm)',
  junctionMaxExtension: 'Junction maximum extension (mm)',
  junctionMaxDot: 'Junction perpendicularity |dot| ≤',
  openingSearchMargin: 'Door/window search margin (mm)',
  bridgeBandTolerance: 'Bridge collinearity tolerance (mm)',
  bridgeMaxGap: 'Largest bridged opening (mm)',
  minExportWallLength: 'Shortest exported wall (mm)',
  legacyAngleDeg: 'Legacy report: angle (°)',
  legacyMinOverlapPercent: 'Legacy report: overlap (%)',
  wallHeight: 'Wall height for 3D exports (mm)',
  storeyName: 'IFC storey name',
  storeyElevation: 'IFC storey elevation (mm)',
};

/** Parameters that are text; every other parameter is a number. */
export const TEXT_PARAMS: ReadonlySet<keyof Params> = new Set<keyof Params>(['storeyName']);

/** A form value as the parameter's type. */
function typedValue(key: keyof Params, input: string): string | number {
  return TEXT_PARAMS.has(key) ? input.trim() : Number(input);
}

export const PARAM_KEYS = Object.keys(PARAM_LABELS) as (keyof Params)[];

/** Form values as typed, so a half-typed number is not lost; parsed when the job starts. */
export type ParamInputs = Record<keyof Params, string>;

export function paramInputs(params: Params = defaultParams): ParamInputs {
  return Object.fromEntries(PARAM_KEYS.map((key) => [key, String(params[key])])) as ParamInputs;
}

/** Keys whose value differs from the default (blank fields mean the default). */
export function changedParams(inputs: ParamInputs): (keyof Params)[] {
  return PARAM_KEYS.filter((key) => inputs[key].trim() !== '' && typedValue(key, inputs[key]) !== defaultParams[key]);
}

/** Validates the form; throws an Error naming the first bad field. Blank fields take their default. */
export function paramsFromInputs(inputs: ParamInputs): Params {
  const raw = Object.fromEntries(
    PARAM_KEYS.filter((key) => inputs[key].trim() !== '').map((key) => [key, typedValue(key, inputs[key])]),
  );
  try {
    return parseParams(raw);
  } catch (error) {
    if (!(error instanceof z.ZodError) || error.issues.length === 0) throw error;
    const issue = error.issues[0]!;
    const key = issue.path[0];
    const label = PARAM_KEYS.find((k) => k === key);
    throw new Error(`${label ? PARAM_LABELS[label] : String(key)}: ${issue.message}`);
  }
}
