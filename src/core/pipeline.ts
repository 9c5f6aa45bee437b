import type Flatbush from 'flatbush';
import { MM_PER_UNIT } from './model';
import type { PlanEntities, PlanOpening } from './entities';
import {
  CancelledError, STEP_NAMES,
  type ArtifactOut, type JobInput, type PipelineHooks, type PipelineResult, type StepName, type StepRecord, type WallsModel, type BimJson,
} from './pipelineTypes';
import { DEG } from './geometry/angle';
import { buildSegmentSet, indexSegments, type SegmentSet } from './segments';
import type { SegmentPair } from './pairs';
import { rectFromPair, rectCorners, type WallRect } from './rects';
import { extractEntities } from './steps/extract';
import { normalizeEntities } from './steps/normalize';
import { cleanAndDedupe } from './steps/cleanDedup';
import { summarizeLayers } from './steps/parallelNaive';
import { findParallelPairs } from './steps/findParallelPairs';
import { rejectSpanningPairs } from './steps/rejectSpanningPairs';
import { pruneCoveredQuads } from './steps/pruneCoveredQuads';
import { mergeBands } from './steps/mergeBands';
import { joinCorners, type JoinedRect } from './steps/joinCorners';
import { assignOpenings, type OpeningAssignment } from './steps/assignOpenings';
import { bridgeOpenings, type OpeningBridge } from './steps/bridgeOpenings';
import { buildWalls } from './steps/buildWalls';
import { legacyWallCandidates } from './steps/legacyWallCandidates';
import { toBimJson } from '../export/bimjson';

/** What the steps hand to each other. A step takes (and drops) what no later step needs, so its memory can go. */
interface JobState {
  entities?: PlanEntities;
  openings?: PlanOpening[];
  segments?: SegmentSet;
  segmentIndex?: Flatbush;
  pairsB?: SegmentPair[];
  /** JSON text of each LOGIC_B pair, reused by LOGIC_C's artifact (its pairs are a subset of them). */
  pairTexts?: Map<SegmentPair, string>;
  pairsC?: SegmentPair[];
  rectsD?: WallRect[];
  rectsE?: WallRect[];
  rectsF?: JoinedRect[];
  assignments?: OpeningAssignment[];
  bridges?: OpeningBridge[];
  walls?: WallsModel;
  bimjson?: BimJson;
}

interface StepOutput {
  metrics: Record<string, number>;
  /** JSON artifacts: data to serialise, or their text when it is made from parts serialised earlier. */
  artifacts?: ({ name: string; data: unknown } | { name: string; text: string })[];
}

/** The JSON text of a list whose elements are JSON text already (what JSON.stringify gives for the list). */
function jsonListOf(texts: Iterable<string>): string {
  return `[${[...texts].join(',')}]`;
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const pt = (x: number, y: number) => [r3(x), r3(y)];

function pairJson(p: SegmentPair, set: SegmentSet) {
  const q = p.quad;
  // The trimmed segments are the quad's sides: one rounded point each, written where it appears.
  const c0 = pt(q[0], q[1]), c1 = pt(q[2], q[3]), c2 = pt(q[4], q[5]), c3 = pt(q[6], q[7]);
  return {
    a: set.ids[p.a],
    b: set.ids[p.b],
    distance: r3(p.distance),
    a_trimmed: [c0, c1],
    b_trimmed: [c3, c2],
    quad: [c0, c1, c2, c3],
    bbox: [r3(Math.min(q[0], q[2], q[4], q[6])), r3(Math.min(q[1], q[3], q[5], q[7])), r3(Math.max(q[0], q[2], q[4], q[6])), r3(Math.max(q[1], q[3], q[5], q[7]))],
  };
}

function rectJson(r: WallRect) {
  return {
    id: r.id,
    corners: rectCorners(r).map(([x, y]) => pt(x, y)),
    direction: [Math.round(r.ux * 1e6) / 1e6, Math.round(r.uy * 1e6) / 1e6],
    thickness: r3(r.s1 - r.s0),
    length: r3(r.t1 - r.t0),
    layers: r.layers,
    sources: r.sources,
    sides: { face_s0: 'drawing', face_s1: 'drawing', start: r.startSide, end: r.endSide },
  };
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`internal: ${what} is missing`);
  return value;
}

/** need() for a state entry that no later step reads: it is removed from the state. */
function take<K extends keyof JobState>(state: JobState, key: K, what: string): NonNullable<JobState[K]> {
  const value = need(state[key], what) as NonNullable<JobState[K]>;
  state[key] = undefined;
  return value;
}

/** The steps of SPEC §4, each reading and extending the job state. */
function stepFunctions(input: JobInput, state: JobState, progress: (f: number) => void): Record<StepName, () => StepOutput> {
  const p = input.params;
  const sinParallel = Math.sin(p.parallelAngleDeg * DEG);
  return {
    EXTRACT: () => {
      const out = extractEntities(input.drawing, input.selectedLayers, input.region ?? null);
      state.entities = out.entities;
      return { metrics: out.metrics };
    },
    NORMALIZE: () => {
      const out = normalizeEntities(need(state.entities, 'entities'), MM_PER_UNIT[input.units]);
      state.entities = out.entities;
      return { metrics: out.metrics };
    },
    CLEAN_DEDUP: () => {
      const out = cleanAndDedupe(take(state, 'entities', 'entities'));
      state.openings = out.entities.openings;
      state.segments = buildSegmentSet(out.entities);
      state.segmentIndex = indexSegments(state.segments);
      const e = out.entities;
      return {
        metrics: { ...out.metrics, segments: state.segments.count },
        artifacts: [{
          name: 'canvas_data.json',
          data: {
            units: 'mm',
            bounds: out.bounds,
            layers: out.layerStyles,
            lines: e.lines.map((l) => ({ id: l.id, layer: l.layer, p1: pt(l.x1, l.y1), p2: pt(l.x2, l.y2) })),
            polylines: e.polylines.map((l) => ({ id: l.id, layer: l.layer, closed: l.closed, points: l.xy.map(r3) })),
            openings: e.openings.map((o) => ({ id: o.id, kind: o.kind, layer: o.layer, name: o.name, position: pt(o.x, o.y), rotation: o.rotation, box: o.box })),
          },
        }],
      };
    },
    PARALLEL_NAIVE: () => {
      const layers = summarizeLayers(need(state.segments, 'segments'));
      return {
        metrics: {
          layers: layers.length,
          horizontal: layers.reduce((s, l) => s + l.horizontal, 0),
          vertical: layers.reduce((s, l) => s + l.vertical, 0),
          diagonal: layers.reduce((s, l) => s + l.diagonal, 0),
        },
      };
    },
    LOGIC_B: () => {
      const set = need(state.segments, 'segments');
      state.pairsB = findParallelPairs(set, { sinParallel, minDistance: p.minWallThickness, maxDistance: p.maxWallThickness, minOverlap: p.minOverlap }, progress);
      state.pairTexts = new Map(state.pairsB.map((x) => [x, JSON.stringify(pairJson(x, set))]));
      return { metrics: { segments: set.count, pairs: state.pairsB.length }, artifacts: [{ name: 'logic_b_pairs.json', text: jsonListOf(state.pairTexts.values()) }] };
    },
    LOGIC_C: () => {
      const set = need(state.segments, 'segments');
      const pairs = take(state, 'pairsB', 'pairs');
      const out = rejectSpanningPairs(set, need(state.segmentIndex, 'index'), pairs, sinParallel, p.insideSegmentMaxLength, progress);
      state.pairsC = out.kept;
      const texts = take(state, 'pairTexts', 'pair texts');
      return {
        metrics: { input_pairs: pairs.length, rejected_spanning: out.rejected, removed_same_quad: out.sameQuad, pairs: out.kept.length },
        artifacts: [{ name: 'logic_c_pairs.json', text: jsonListOf(out.kept.map((x) => texts.get(x)!)) }],
      };
    },
    LOGIC_D: () => {
      const set = need(state.segments, 'segments');
      const quads = take(state, 'pairsC', 'pairs');
      const rects = (state.rectsD = pruneCoveredQuads(quads, 0.1).map((x) => rectFromPair(x, set.ids, set.layers)));
      return {
        metrics: { input_quads: quads.length, covered_removed: quads.length - rects.length, rectangles: rects.length },
        artifacts: [{ name: 'logic_d_rectangles.json', data: rects.map(rectJson) }],
      };
    },
    LOGIC_E: () => {
      const set = need(state.segments, 'segments');
      const rects = take(state, 'rectsD', 'rectangles');
      const out = mergeBands(rects, set, need(state.segmentIndex, 'index'), {
        minThickness: p.mergeMinThickness, maxThickness: p.mergeMaxThickness, maxGap: p.mergeMaxGap, faceTolerance: 0.5, angleTolerance: 0.2 * DEG,
      });
      state.rectsE = out.rects;
      return { metrics: { input_rectangles: rects.length, rectangles: out.rects.length, merged_away: out.merged, layered_merges: out.layerMerges }, artifacts: [{ name: 'logic_e_rectangles.json', data: out.rects.map(rectJson) }] };
    },
    LOGIC_F: () => {
      state.rectsF = joinCorners(take(state, 'rectsE', 'rectangles'), { searchDistance: p.junctionSearchDistance, maxExtension: p.junctionMaxExtension, maxDot: p.junctionMaxDot });
      const count = (kind: string) => state.rectsF!.reduce((s, r) => s + r.junctions.filter((j) => j.kind === kind).length, 0);
      return {
        metrics: { rectangles: state.rectsF.length, modified: state.rectsF.filter((r) => r.was_modified).length, l_junction_ends: count('L'), t_junction_ends: count('T') },
        artifacts: [{
          name: 'logic_f_rectangles.json',
          data: state.rectsF.map((r) => Object.assign(rectJson(r), { was_modified: r.was_modified, junction_center: r.junction_center && pt(...r.junction_center), junctions: r.junctions })),
        }],
      };
    },
    DOOR_RECTANGLE_ASSIGNMENT: () => {
      const rects = need(state.rectsF, 'rectangles');
      state.assignments = assignOpenings(need(state.openings, 'openings'), rects, p.openingSearchMargin);
      return {
        metrics: { openings: state.assignments.length, with_rectangles: state.assignments.filter((a) => a.rects.length > 0).length },
        artifacts: [{
          name: 'door_rectangle_assignments.json',
          data: state.assignments.map((a) => ({ opening: a.opening.id, kind: a.opening.kind, block_name: a.opening.name, layer: a.opening.layer, search_box: a.searchBox, rectangles: a.rects.map((i) => rects[i].id) })),
        }],
      };
    },
    DOOR_BRIDGE: () => {
      const rects = need(state.rectsF, 'rectangles');
      state.bridges = bridgeOpenings(need(state.assignments, 'assignments'), rects, { bandTolerance: p.bridgeBandTolerance, maxGap: p.bridgeMaxGap, sinParallel });
      return {
        metrics: { bridges: state.bridges.length, openings_without_bridge: state.assignments!.length - state.bridges.length },
        artifacts: [{
          name: 'door_bridges.json',
          data: state.bridges.map((b) => ({ opening: b.openingId, from: rects[b.from].id, to: rects[b.to].id, corners: rectCorners({ ...b.rect } as WallRect).map(([x, y]) => pt(x, y)), width: r3(b.rect.t1 - b.rect.t0), thickness: r3(b.rect.s1 - b.rect.s0) })),
        }],
      };
    },
    WALLS: () => {
      state.walls = buildWalls(need(state.rectsF, 'rectangles'), need(state.assignments, 'assignments'), need(state.bridges, 'bridges'), {
        faceTolerance: p.bridgeBandTolerance, maxGap: p.mergeMaxGap, maxCrossingThickness: p.maxWallThickness + 1, angleTolerance: p.parallelAngleDeg * DEG,
      });
      state.bimjson = toBimJson(state.walls, { fileName: input.drawing.fileName, units: input.units, layers: input.selectedLayers, generator: 'BimBot AI Wall' }, p.minExportWallLength);
      const w = state.walls;
      return {
        metrics: {
          walls: w.walls.length,
          exported_walls: state.bimjson.features.filter((f) => f.geometry.type === 'LineString').length,
          hosted_openings: w.walls.reduce((s, x) => s + x.openings.length, 0),
          unhosted_openings: w.unhostedOpenings.length,
          unjoined_ends: w.unjoinedEnds.length,
          total_length_mm: Math.round(w.walls.reduce((s, x) => s + x.length, 0)),
        },
        artifacts: [{ name: 'walls.json', data: w }, { name: 'bimjson.json', data: state.bimjson }],
      };
    },
    WALL_CANDIDATES: () => {
      const list = legacyWallCandidates(need(state.segments, 'segments'), {
        maxAngleDeg: p.legacyAngleDeg, minDistance: p.minWallThickness, maxDistance: p.maxWallThickness, minOverlapPercent: p.legacyMinOverlapPercent,
      });
      return { metrics: { candidates: list.length }, artifacts: [{ name: 'wall_candidate_pairs.json', data: list }] };
    },
  };
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs every step in order. A failing step fails the job; later steps are marked skipped. */
export function runPipeline(input: JobInput, hooks: PipelineHooks = {}): PipelineResult {
  const state: JobState = {};
  const records: StepRecord[] = STEP_NAMES.map((name) => ({ name, status: 'pending', startedAt: null, endedAt: null, duration_ms: null, metrics: {} }));
  const artifacts: ArtifactOut[] = [];
  let current: StepName = STEP_NAMES[0];
  const checkCancelled = () => {
    if (hooks.isCancelled?.()) throw new CancelledError();
  };
  const steps = stepFunctions(input, state, (f) => {
    hooks.onProgress?.(current, f);
    checkCancelled();
  });
  for (let i = 0; i < STEP_NAMES.length; i++) {
    const name = (current = STEP_NAMES[i]);
    const record = records[i];
    checkCancelled();
    hooks.onStepStart?.(name, i, STEP_NAMES.length);
    record.status = 'running';
    record.startedAt = Date.now();
    const t0 = performance.now();
    try {
      const out = steps[name]();
      record.duration_ms = Math.round((performance.now() - t0) * 1000) / 1000;
      const heap = hooks.sampleMemory?.();
      record.metrics = typeof heap === 'number' ? { ...out.metrics, heap_used_mb: Math.round(heap / 1e5) / 10 } : out.metrics;
      for (const a of out.artifacts ?? []) artifacts.push({ step: name, name: a.name, mime: 'application/json', text: 'text' in a ? a.text : JSON.stringify(a.data) });
      record.status = 'completed';
    } catch (e) {
      record.duration_ms = Math.round((performance.now() - t0) * 1000) / 1000;
      record.endedAt = Date.now();
      record.status = e instanceof CancelledError ? 'cancelled' : 'failed';
      record.error = errorMessage(e);
      for (const later of records.slice(i + 1)) later.status = 'skipped';
      hooks.onStepEnd?.(record, i, STEP_NAMES.length);
      hooks.onLog?.(e instanceof CancelledError ? 'warn' : 'error', `${name}: ${record.error}`, name);
      throw e;
    }
    record.endedAt = Date.now();
    hooks.onLog?.('info', `${name} completed in ${record.duration_ms} ms`, name);
    hooks.onStepEnd?.(record, i, STEP_NAMES.length);
  }
  return { steps: records, artifacts, walls: need(state.walls, 'walls'), bimjson: need(state.bimjson, 'bimjson') };
}
