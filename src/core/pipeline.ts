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
import { JsonWriter, utf8 } from './json/jsonWriter';

/** What the steps hand to each other. A step takes (and drops) what no later step needs, so its memory can go. */
interface JobState {
  entities?: PlanEntities;
  openings?: PlanOpening[];
  segments?: SegmentSet;
  segmentIndex?: Flatbush;
  pairsB?: SegmentPair[];
  /** LOGIC_B's artifact bytes, reused by LOGIC_C's artifact (its pairs are a subset of them). */
  pairsJson?: WrittenPairs;
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

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const pt = (x: number, y: number) => [r3(x), r3(y)];

/** One writer for the big artifacts, kept for the worker's life so code optimised for it survives between jobs. */
const json = new JsonWriter();

/** canvas_data.json's fixed text around each line: bytes made once, copied as they are. */
const LINE_ID = utf8('{"id":'), NEXT_LINE_ID = utf8(',{"id":'), P1 = utf8(',"p1":'), P2 = utf8(',"p2":'), LINE_END = utf8('}');

/** The bytes of `,"layer":"…"` for each layer name met, so a line's layer is not escaped and written afresh each time. */
class LayerFields {
  private bytes = new Map<string, Uint8Array>();
  private lastName = '';
  private last = utf8(',"layer":""');

  /** Forgets the layers of the last job. */
  reset(): this {
    this.bytes.clear();
    this.lastName = '';
    this.last = utf8(',"layer":""');
    return this;
  }

  of(name: string): Uint8Array {
    if (name === this.lastName) return this.last;
    let bytes = this.bytes.get(name);
    if (!bytes) this.bytes.set(name, (bytes = utf8(`,"layer":${JSON.stringify(name)}`)));
    this.lastName = name;
    return (this.last = bytes);
  }
}

/** One for the worker's life, like `json`: V8 keeps a class's shape only while an instance lives. */
const LAYER_FIELDS = new LayerFields();

/**
 * canvas_data.json, written as the text JSON.stringify gives for it, without first making two or three small
 * objects per entity.
 */
function canvasDataJson(clean: CleanOutput): string {
  const { lines, polylines, openings } = clean.entities;
  const layerFields = LAYER_FIELDS.reset();
  json.reset().raw('{"units":"mm","bounds":').raw(JSON.stringify(clean.bounds)).raw(',"layers":').raw(JSON.stringify(clean.layerStyles)).raw(',"lines":[');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    json.chunk(i > 0 ? NEXT_LINE_ID : LINE_ID).string(l.id).chunk(layerFields.of(l.layer))
      .chunk(P1).point(l.x1, l.y1).chunk(P2).point(l.x2, l.y2).chunk(LINE_END);
  }
  json.raw('],"polylines":[');
  for (let i = 0; i < polylines.length; i++) {
    const p = polylines[i];
    json.raw(i > 0 ? ',{"id":' : '{"id":').string(p.id).raw(',"layer":').string(p.layer).raw(p.closed ? ',"closed":true,"points":[' : ',"closed":false,"points":[');
    for (let k = 0; k < p.xy.length; k++) {
      if (k > 0) json.raw(',');
      json.rounded3(p.xy[k]);
    }
    json.raw(']}');
  }
  json.raw('],"openings":[');
  for (let i = 0; i < openings.length; i++) {
    const o = openings[i], b = o.box;
    json.raw(i > 0 ? ',{"id":' : '{"id":').string(o.id).raw(',"kind":').string(o.kind).raw(',"layer":').string(o.layer).raw(',"name":').string(o.name)
      .raw(',"position":').point(o.x, o.y).raw(',"rotation":').number(o.rotation)
      .raw(',"box":{"minX":').number(b.minX).raw(',"minY":').number(b.minY).raw(',"maxX":').number(b.maxX).raw(',"maxY":').number(b.maxY).raw('}}');
  }
  return json.raw(']}').text();
}

/** A LOGIC_B pair's JSON: the trimmed segments are the quad's sides, each corner rounded like pt. */
function writePair(w: JsonWriter, p: SegmentPair, set: SegmentSet): void {
  const q = p.quad;
  w.raw('{"a":').string(set.ids[p.a]).raw(',"b":').string(set.ids[p.b]).raw(',"distance":').rounded3(p.distance)
    .raw(',"a_trimmed":[').point(q[0], q[1]).raw(',').point(q[2], q[3])
    .raw('],"b_trimmed":[').point(q[6], q[7]).raw(',').point(q[4], q[5])
    .raw('],"quad":[').point(q[0], q[1]).raw(',').point(q[2], q[3]).raw(',').point(q[4], q[5]).raw(',').point(q[6], q[7])
    .raw('],"bbox":[').rounded3(Math.min(q[0], q[2], q[4], q[6])).raw(',').rounded3(Math.min(q[1], q[3], q[5], q[7]))
    .raw(',').rounded3(Math.max(q[0], q[2], q[4], q[6])).raw(',').rounded3(Math.max(q[1], q[3], q[5], q[7])).raw(']}');
}

/** LOGIC_B's artifact bytes and where each pair's text lies in them. */
interface WrittenPairs {
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  indexOf: Map<SegmentPair, number>;
}

/** logic_b_pairs.json, and its bytes for LOGIC_C. */
function pairsJson(pairs: readonly SegmentPair[], set: SegmentSet): { text: string; written: WrittenPairs } {
  const starts = new Int32Array(pairs.length), ends = new Int32Array(pairs.length);
  const indexOf = new Map<SegmentPair, number>();
  json.reset().raw('[');
  for (let i = 0; i < pairs.length; i++) {
    if (i > 0) json.raw(',');
    starts[i] = json.size;
    writePair(json, pairs[i], set);
    ends[i] = json.size;
    indexOf.set(pairs[i], i);
  }
  json.raw(']');
  return { text: json.text(), written: { bytes: json.copyBytes(), starts, ends, indexOf } };
}

/** logic_c_pairs.json: the texts of the kept pairs, copied from LOGIC_B's bytes. */
function keptPairsJson(kept: readonly SegmentPair[], written: WrittenPairs): string {
  json.reset().raw('[');
  for (let k = 0; k < kept.length; k++) {
    if (k > 0) json.raw(',');
    const i = written.indexOf.get(kept[k])!;
    json.append(written.bytes, written.starts[i], written.ends[i]);
  }
  return json.raw(']').text();
}

/**
 * A rectangle's JSON fields (corners in rectCorners' order and arithmetic, rounded like pt) without the closing
 * brace, so LOGIC_F can append its own: three artifacts hold one per rectangle.
 */
function writeRectFields(w: JsonWriter, r: WallRect): void {
  const { ux, uy, t0, t1, s0, s1 } = r;
  w.raw('{"id":').string(r.id).raw(',"corners":[')
    .point(t0 * ux - s0 * uy, t0 * uy + s0 * ux).raw(',').point(t1 * ux - s0 * uy, t1 * uy + s0 * ux).raw(',')
    .point(t1 * ux - s1 * uy, t1 * uy + s1 * ux).raw(',').point(t0 * ux - s1 * uy, t0 * uy + s1 * ux)
    .raw('],"direction":[').number(Math.round(ux * 1e6) / 1e6).raw(',').number(Math.round(uy * 1e6) / 1e6)
    .raw('],"thickness":').rounded3(s1 - s0).raw(',"length":').rounded3(t1 - t0)
    .raw(',"layers":').strings(r.layers).raw(',"sources":').strings(r.sources)
    .raw(',"sides":{"face_s0":"drawing","face_s1":"drawing","start":"').raw(r.startSide).raw('","end":"').raw(r.endSide).raw('"}');
}

/** The JSON text of a list of rectangles (LOGIC_D, LOGIC_E). */
function rectsJson(rects: readonly WallRect[]): string {
  json.reset().raw('[');
  for (let i = 0; i < rects.length; i++) {
    if (i > 0) json.raw(',');
    writeRectFields(json, rects[i]);
    json.raw('}');
  }
  return json.raw(']').text();
}

/** LOGIC_F's rectangles: rectsJson's fields plus the junctions (centers unrounded; the first one rounded as junction_center). */
function joinedRectsJson(rects: readonly JoinedRect[]): string {
  json.reset().raw('[');
  for (let i = 0; i < rects.length; i++) {
    const r = rects[i];
    if (i > 0) json.raw(',');
    writeRectFields(json, r);
    json.raw(',"was_modified":').raw(r.was_modified ? 'true' : 'false').raw(',"junction_center":');
    if (r.junction_center) json.point(r.junction_center[0], r.junction_center[1]);
    else json.raw('null');
    json.raw(',"junctions":[');
    for (let k = 0; k < r.junctions.length; k++) {
      const j = r.junctions[k];
      if (k > 0) json.raw(',');
      json.raw('{"end":"').raw(j.end).raw('","kind":"').raw(j.kind).raw('","otherId":').string(j.otherId)
        .raw(',"center":[').number(j.center[0]).raw(',').number(j.center[1]).raw(']}');
    }
    json.raw(']}');
  }
  return json.raw(']').text();
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
      const { text, written } = pairsJson(state.pairsB, set);
      state.pairsJson = written;
      return { metrics: { segments: set.count, pairs: state.pairsB.length }, artifacts: [{ name: 'logic_b_pairs.json', text }] };
    },
    LOGIC_C: () => {
      const set = need(state.segments, 'segments');
      const pairs = take(state, 'pairsB', 'pairs');
      const out = rejectSpanningPairs(set, need(state.segmentIndex, 'index'), pairs, sinParallel, p.insideSegmentMaxLength, progress);
      state.pairsC = out.kept;
      const written = take(state, 'pairsJson', 'pair texts');
      return {
        metrics: { input_pairs: pairs.length, rejected_spanning: out.rejected, removed_same_quad: out.sameQuad, pairs: out.kept.length },
        artifacts: [{ name: 'logic_c_pairs.json', text: keptPairsJson(out.kept, written) }],
      };
    },
    LOGIC_D: () => {
      const set = need(state.segments, 'segments');
      const quads = take(state, 'pairsC', 'pairs');
      const rects = (state.rectsD = pruneCoveredQuads(quads, 0.1).map((x) => rectFromPair(x, set.ids, set.layers)));
      return {
        metrics: { input_quads: quads.length, covered_removed: quads.length - rects.length, rectangles: rects.length },
        artifacts: [{ name: 'logic_d_rectangles.json', text: rectsJson(rects) }],
      };
    },
    LOGIC_E: () => {
      const set = need(state.segments, 'segments');
      const rects = take(state, 'rectsD', 'rectangles');
      const out = mergeBands(rects, set, {
        minThickness: p.mergeMinThickness, maxThickness: p.mergeMaxThickness, maxGap: p.mergeMaxGap, faceTolerance: 0.5, angleTolerance: 0.2 * DEG,
      });
      state.rectsE = out.rects;
      return { metrics: { input_rectangles: rects.length, rectangles: out.rects.length, merged_away: out.merged, layered_merges: out.layerMerges }, artifacts: [{ name: 'logic_e_rectangles.json', text: rectsJson(out.rects) }] };
    },
    LOGIC_F: () => {
      state.rectsF = joinCorners(take(state, 'rectsE', 'rectangles'), { searchDistance: p.junctionSearchDistance, maxExtension: p.junctionMaxExtension, maxDot: p.junctionMaxDot });
      return {
        metrics: { rectangles: state.rectsF.length, ...junctionCounts(state.rectsF) },
        artifacts: [{ name: 'logic_f_rectangles.json', text: joinedRectsJson(state.rectsF) }],
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
