/**
 * Side-by-side comparison of two jobs (issue 4: "re-run a drawing with changed parameters and compare the two
 * jobs' counts"). Pure functions over stored records, so they are unit-tested without a browser.
 */
import { defaultParams, type Params } from '../../core/params';
import { STEP_NAMES, type StepName } from '../../core/pipelineTypes';
import type { JobRecord, StepRow } from '../../db/schema';
import { PARAM_KEYS, PARAM_LABELS } from '../drawings/paramFields';

export interface ParamDifference {
  key: keyof Params;
  label: string;
  a: number | string;
  b: number | string;
}

/** Parameters whose values differ between the two jobs (a missing value is the default the pipeline used). */
export function paramDifferences(a: Partial<Params>, b: Partial<Params>): ParamDifference[] {
  return PARAM_KEYS.flatMap((key) => {
    const va = a[key] ?? defaultParams[key];
    const vb = b[key] ?? defaultParams[key];
    return va === vb ? [] : [{ key, label: PARAM_LABELS[key], a: va, b: vb }];
  });
}

export interface LayerRow {
  name: string;
  inA: boolean;
  inB: boolean;
}

/** The union of both jobs' wall layers, in A's order then B's extra layers. */
export function layerRows(a: readonly string[], b: readonly string[]): LayerRow[] {
  const inA = new Set(a);
  const inB = new Set(b);
  const names = [...a, ...b.filter((name) => !inA.has(name))];
  return [...new Set(names)].map((name) => ({ name, inA: inA.has(name), inB: inB.has(name) }));
}

export interface CompareRow {
  /** A number, or text for text parameters (the storey name). */
  a: number | string | null;
  b: number | string | null;
  /** b − a when both are known. */
  diff: number | null;
  differs: boolean;
}

function compareValues(a: number | null, b: number | null): CompareRow {
  const diff = a !== null && b !== null ? b - a : null;
  return { a, b, diff, differs: a !== b };
}

export interface MetricRow extends CompareRow {
  step: StepName;
  metric: string;
}

function byStep(steps: readonly StepRow[]): Map<StepName, StepRow> {
  return new Map(steps.map((step) => [step.name, step]));
}

/** Every metric of every step, in pipeline order; a metric only one job recorded shows "—" for the other. */
export function metricRows(stepsA: readonly StepRow[], stepsB: readonly StepRow[]): MetricRow[] {
  const a = byStep(stepsA);
  const b = byStep(stepsB);
  const rows: MetricRow[] = [];
  for (const step of STEP_NAMES) {
    const ma = new Map(Object.entries(a.get(step)?.metrics ?? {}));
    const mb = new Map(Object.entries(b.get(step)?.metrics ?? {}));
    const names = [...new Set([...ma.keys(), ...mb.keys()])];
    for (const metric of names) rows.push({ step, metric, ...compareValues(ma.get(metric) ?? null, mb.get(metric) ?? null) });
  }
  return rows;
}

export interface DurationRow extends CompareRow {
  step: StepName;
}

/** Each step's duration (ms); durations always vary a little, so they are not flagged as differences. */
export function durationRows(stepsA: readonly StepRow[], stepsB: readonly StepRow[]): DurationRow[] {
  const a = byStep(stepsA);
  const b = byStep(stepsB);
  return STEP_NAMES.map((step) => ({
    step,
    ...compareValues(a.get(step)?.duration_ms ?? null, b.get(step)?.duration_ms ?? null),
    differs: false,
  }));
}

/** Wall-clock time of a job, or null while it has not ended. */
export function jobDuration(job: JobRecord): number | null {
  return job.startedAt !== null && job.endedAt !== null ? job.endedAt - job.startedAt : null;
}

export interface HostedOpenings {
  doors: number;
  windows: number;
}

/** Counts the doors and windows hosted by the walls of a walls.json artifact; null if it is not one. */
export function hostedOpenings(wallsJson: unknown): HostedOpenings | null {
  if (typeof wallsJson !== 'object' || wallsJson === null) return null;
  const walls = (wallsJson as { walls?: unknown }).walls;
  if (!Array.isArray(walls)) return null;
  const counts: HostedOpenings = { doors: 0, windows: 0 };
  for (const wall of walls) {
    const openings = (wall as { openings?: unknown } | null)?.openings;
    if (!Array.isArray(openings)) continue;
    for (const opening of openings) {
      const kind = (opening as { kind?: unknown } | null)?.kind;
      if (kind === 'door') counts.doors++;
      else if (kind === 'window') counts.windows++;
    }
  }
  return counts;
}

export interface CountRow extends CompareRow {
  label: string;
}

export interface JobCounts {
  steps: readonly StepRow[];
  /** From the job's walls.json, when it is stored and read. */
  hosted: HostedOpenings | null;
}

/** The final counts of the WALLS step: what a re-run with other parameters is meant to change. */
export function finalCounts(a: JobCounts, b: JobCounts): CountRow[] {
  const walls = (counts: JobCounts) => byStep(counts.steps).get('WALLS')?.metrics ?? {};
  const wa = walls(a);
  const wb = walls(b);
  const metric = (label: string, name: string): CountRow => ({
    label,
    ...compareValues(wa[name] ?? null, wb[name] ?? null),
  });
  const hosted = (label: string, kind: keyof HostedOpenings): CountRow => ({
    label,
    ...compareValues(a.hosted?.[kind] ?? null, b.hosted?.[kind] ?? null),
  });
  return [
    metric('Walls', 'walls'),
    metric('Exported walls', 'exported_walls'),
    hosted('Hosted doors', 'doors'),
    hosted('Hosted windows', 'windows'),
    metric('Hosted openings', 'hosted_openings'),
    metric('Unhosted openings', 'unhosted_openings'),
    metric('Unjoined ends', 'unjoined_ends'),
    metric('Total wall length (mm)', 'total_length_mm'),
  ];
}
