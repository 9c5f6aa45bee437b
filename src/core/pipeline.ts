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
import { cleanAndDedupe, type CleanOutput } from './steps/cleanDedup';
import { summarizeLayers } from './steps/parallelNaive';
import { findParallelPairs } from './steps/findParallelPairs';
import { rejectSpanningPairs } from './steps/rejectSpanningPairs';
import { pruneCoveredQuads } from './steps/pruneCoveredQuads';
import { mergeBands } from './steps/mergeBands';
import { joinCorners, type JoinedRect } from './steps/joinCorners';
import { assignOpenings, indexRects, type OpeningAssignment } from './steps/assignOpenings';
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
  /** Flatbush over rectsF's boxes, for DOOR_RECTANGLE_ASSIGNMENT and WALLS. */
  rectIndex?: Flatbush;
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

/** JSON.stringify's text for a number. */
function jsonNumber(v: number): string {
  return Number.isFinite(v) ? String(v) : 'null';
}

/** The decimals of a count of thousandths 0..999 as JSON writes them: "", ".5", ".25", ".125". */
const THOUSANDTHS = Array.from({ length: 1000 }, (_, f) => (f === 0 ? '' : `.${String(f).padStart(3, '0').replace(/0+$/, '')}`));

/**
 * jsonNumber(r3(v)), written from the whole count of thousandths: below 10^15 of them, the shortest
 * decimal that reads back as r3(v) is that count with the point put in, so the formatting of a
 * double (the costly part of writing rectangles) is left to the rare huge or non-finite value.
 */
function r3Json(v: number): string {
  const k = Math.round(v * 1000);
  if (!(Math.abs(k) < 1e15)) return jsonNumber(k / 1000);
  const a = Math.abs(k), whole = Math.floor(a / 1000);
  return `${k < 0 ? '-' : ''}${whole}${THOUSANDTHS[a - whole * 1000]}`;
}

/** The JSON text of pt(x, y). */
function ptJson(x: number, y: number): string {
  return `[${r3Json(x)},${r3Json(y)}]`;
}

/**
 * canvas_data.json, written as the text JSON.stringify gives for it, without first making two or three small
 * objects per entity. Ids are hex digits; layer and block names are quoted once per distinct name. Each entity's
 * text is joined into the lists at the end, so what outlives the step is a few flat strings, not a tree of small
 * pieces for the garbage collector to copy.
 */
function canvasDataJson(clean: CleanOutput): string {
  const quotedNames = new Map<string, string>();
  const quoted = (name: string): string => {
    let text = quotedNames.get(name);
    if (text === undefined) quotedNames.set(name, (text = JSON.stringify(name)));
    return text;
  };
  const { lines, polylines, openings } = clean.entities;
  const lineTexts: string[] = [], polylineTexts: string[] = [], openingTexts: string[] = [];
  for (const l of lines) {
    lineTexts.push(`{"id":"${l.id}","layer":${quoted(l.layer)},"p1":${ptJson(l.x1, l.y1)},"p2":${ptJson(l.x2, l.y2)}}`);
  }
  for (const p of polylines) {
    let points = '';
    for (let k = 0; k < p.xy.length; k++) points += (k > 0 ? ',' : '') + r3Json(p.xy[k]);
    polylineTexts.push(`{"id":"${p.id}","layer":${quoted(p.layer)},"closed":${p.closed},"points":[${points}]}`);
  }
  for (const o of openings) {
    const b = o.box;
    openingTexts.push(`{"id":"${o.id}","kind":"${o.kind}","layer":${quoted(o.layer)},"name":${quoted(o.name)},"position":${ptJson(o.x, o.y)},`
      + `"rotation":${jsonNumber(o.rotation)},"box":{"minX":${jsonNumber(b.minX)},"minY":${jsonNumber(b.minY)},"maxX":${jsonNumber(b.maxX)},"maxY":${jsonNumber(b.maxY)}}}`);
  }
  return `{"units":"mm","bounds":${JSON.stringify(clean.bounds)},"layers":${JSON.stringify(clean.layerStyles)},`
    + `"lines":${jsonListOf(lineTexts)},"polylines":${jsonListOf(polylineTexts)},"openings":${jsonListOf(openingTexts)}}`;
}

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

/**
 * The JSON text of a rectangle (corners in rectCorners' order and arithmetic, rounded like pt), written
 * directly: three artifacts hold one per rectangle, and objects and arrays made only to be stringified
 * would cost more than the text. Without the closing brace, so LOGIC_F can append its fields.
 */
function rectJsonOpen(r: WallRect): string {
  const { ux, uy, t0, t1, s0, s1 } = r;
  return `{"id":${JSON.stringify(r.id)},"corners":[${ptJson(t0 * ux - s0 * uy, t0 * uy + s0 * ux)},${ptJson(t1 * ux - s0 * uy, t1 * uy + s0 * ux)},`
    + `${ptJson(t1 * ux - s1 * uy, t1 * uy + s1 * ux)},${ptJson(t0 * ux - s1 * uy, t0 * uy + s1 * ux)}],`
    + `"direction":[${jsonNumber(Math.round(ux * 1e6) / 1e6)},${jsonNumber(Math.round(uy * 1e6) / 1e6)}],"thickness":${r3Json(s1 - s0)},"length":${r3Json(t1 - t0)},`
    + `"layers":${JSON.stringify(r.layers)},"sources":${JSON.stringify(r.sources)},"sides":{"face_s0":"drawing","face_s1":"drawing","start":"${r.startSide}","end":"${r.endSide}"}`;
}

function rectJson(r: WallRect): string {
  return `${rectJsonOpen(r)}}`;
}

/** rectJson plus the junction fields; junction centers are written unrounded, the first one rounded as junction_center. */
function joinedRectJson(r: JoinedRect): string {
  let junctions = '';
  for (const j of r.junctions) {
    junctions += `${junctions ? ',' : ''}{"end":"${j.end}","kind":"${j.kind}","otherId":${JSON.stringify(j.otherId)},"center":[${jsonNumber(j.center[0])},${jsonNumber(j.center[1])}]}`;
  }
  const center = r.junction_center ? ptJson(r.junction_center[0], r.junction_center[1]) : 'null';
  return `${rectJsonOpen(r)},"was_modified":${r.was_modified},"junction_center":${center},"junctions":[${junctions}]}`;
}

/** LOGIC_F's counts: modified rectangles, and wall ends joined by an L and by a T. */
function junctionCounts(rects: JoinedRect[]): { modified: number; l_junction_ends: number; t_junction_ends: number } {
  let modified = 0, l = 0, t = 0;
  for (const r of rects) {
    if (r.was_modified) modified++;
    for (const j of r.junctions) {
      if (j.kind === 'L') l++;
      else t++;
    }
  }
  return { modified, l_junction_ends: l, t_junction_ends: t };
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
      return {
        metrics: { ...out.metrics, segments: state.segments.count },
        artifacts: [{ name: 'canvas_data.json', text: canvasDataJson(out) }],
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
        artifacts: [{ name: 'logic_d_rectangles.json', text: jsonListOf(rects.map(rectJson)) }],
      };
    },
    LOGIC_E: () => {
      const set = need(state.segments, 'segments');
      const rects = take(state, 'rectsD', 'rectangles');
      const out = mergeBands(rects, set, {
        minThickness: p.mergeMinThickness, maxThickness: p.mergeMaxThickness, maxGap: p.mergeMaxGap, faceTolerance: 0.5, angleTolerance: 0.2 * DEG,
      });
      state.rectsE = out.rects;
      return { metrics: { input_rectangles: rects.length, rectangles: out.rects.length, merged_away: out.merged, layered_merges: out.layerMerges }, artifacts: [{ name: 'logic_e_rectangles.json', text: jsonListOf(out.rects.map(rectJson)) }] };
    },
    LOGIC_F: () => {
      state.rectsF = joinCorners(take(state, 'rectsE', 'rectangles'), { searchDistance: p.junctionSearchDistance, maxExtension: p.junctionMaxExtension, maxDot: p.junctionMaxDot });
      return {
        metrics: { rectangles: state.rectsF.length, ...junctionCounts(state.rectsF) },
        artifacts: [{ name: 'logic_f_rectangles.json', text: jsonListOf(state.rectsF.map(joinedRectJson)) }],
      };
    },
    DOOR_RECTANGLE_ASSIGNMENT: () => {
      const rects = need(state.rectsF, 'rectangles');
      state.rectIndex = indexRects(rects);
      state.assignments = assignOpenings(need(state.openings, 'openings'), rects, state.rectIndex, p.openingSearchMargin);
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
          data: state.bridges.map((b) => ({ opening: b.openingId, from: rects[b.from].id, to: rects[b.to].id, corners: rectCorners(b.rect as WallRect).map((c) => pt(c[0], c[1])), width: r3(b.rect.t1 - b.rect.t0), thickness: r3(b.rect.s1 - b.rect.s0) })),
        }],
      };
    },
    WALLS: () => {
      state.walls = buildWalls(need(state.rectsF, 'rectangles'), take(state, 'rectIndex', 'rectangle index'), need(state.assignments, 'assignments'), need(state.bridges, 'bridges'), {
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
