import type Flatbush from 'flatbush';
import { MM_PER_UNIT } from './model';
import type { PlanEntities, PlanOpening } from './entities';
import {
  CancelledError, STEP_NAMES,
  type ArtifactOut, type JobInput, type PipelineHooks, type PipelineResult, type StepName, type StepRecord, type WallsModel,
} from './pipelineTypes';
import { DEG } from './geometry/angle';
import { buildSegmentSet, indexSegments, spatialSegments, type SegmentSet, type SpatialSegments } from './segments';
import type { PairList } from './pairs';
import { rectTableFromPairs, type RectTable } from './rects';
import { searchOf } from './geometry/searchInto';
import { extractEntities } from './steps/extract';
import { normalizeEntities } from './steps/normalize';
import { cleanAndDedupe, type CleanOutput } from './steps/cleanDedup';
import { summarizeLayers } from './steps/parallelNaive';
import { findParallelPairs, parallelAngle } from './steps/findParallelPairs';
import { candidatesInSpatialOrder, type IndexPairs } from './parallelSearch';
import { rejectSpanningPairs } from './steps/rejectSpanningPairs';
import { pruneCoveredQuads } from './steps/pruneCoveredQuads';
import { mergeBands } from './steps/mergeBands';
import { END_NAMES, joinCorners, junctionSlot, L_JUNCTION, NO_JUNCTION, type JoinedRects } from './steps/joinCorners';
import { assignOpenings, indexRects, type OpeningAssignment } from './steps/assignOpenings';
import { bridgeOpenings, type OpeningBridge } from './steps/bridgeOpenings';
import { buildWalls } from './steps/buildWalls';
import { eachLegacyCandidate, type LegacyRule } from './steps/legacyWallCandidates';
import { exportedWallCount, toBimJson, writeBimJson, type BimJsonSource } from '../export/bimjson';
import { hashIdTexts, JsonWriter, packedTexts, utf8, type JsonTexts } from './json/jsonWriter';
import { idFinder } from './idIndex';
import { hashIdChars } from './hashIds';

/** What the steps hand to each other. A step takes (and drops) what no later step needs, so its memory can go. */
interface JobState {
  entities?: PlanEntities;
  openings?: PlanOpening[];
  segments?: SegmentSet;
  /** The segments' ids as JSON, for the artifacts that name segments. */
  segmentIds?: JsonTexts;
  /** The segments' geometry in spatial order, for the steps that search and test neighbours. */
  spatial?: SpatialSegments;
  /** Flatbush over spatial.geometry: its items are spatial positions. */
  segmentIndex?: Flatbush;
  /** LOGIC_B's search, made wide enough for WALL_CANDIDATES too. */
  candidates?: IndexPairs;
  pairsB?: PairList;
  /** LOGIC_B's artifact bytes, reused by LOGIC_C's artifact (its pairs are a subset of them). */
  pairsJson?: WrittenPairs;
  pairsC?: PairList;
  rectsD?: RectTable;
  rectsE?: RectTable;
  /** LOGIC_D's and LOGIC_E's artifact bytes, read by the next rectangle artifact. */
  rectsJsonD?: WrittenRects;
  rectsJsonE?: WrittenRects;
  rectsF?: JoinedRects;
  /** rectsF's ids as JSON, for the artifacts that name rectangles by their number (junctions, assignments, bridges). */
  rectIdsF?: JsonTexts;
  /** Flatbush over rectsF's boxes, for DOOR_RECTANGLE_ASSIGNMENT and WALLS. */
  rectIndex?: Flatbush;
  assignments?: OpeningAssignment[];
  bridges?: OpeningBridge[];
  walls?: WallsModel;
}

interface StepOutput {
  metrics: Record<string, number>;
  /**
   * JSON artifacts: data to serialise, or their UTF-8 bytes when a step writes them itself: then a view of one
   * of the two writers' buffers (see nextText), valid until the step after next writes.
   */
  artifacts?: ({ name: string; data: unknown } | { name: string; bytes: Uint8Array<ArrayBuffer> })[];
}

/**
 * Two writers for the big artifacts, taken in turn (nextText): a step's text stays intact while the next step,
 * writing into the other, copies from it (LOGIC_C from LOGIC_B's pairs, LOGIC_E from LOGIC_D's rectangles,
 * LOGIC_F from LOGIC_E's). So artifacts go out as views of the writers' buffers, never copied: at 200k segments
 * that is 150 MB less to allocate per job, and the garbage collector starts full collections when that much
 * memory outside its heap piles up. Kept for the worker's life so code optimised for them survives between jobs.
 */
const writers = [new JsonWriter(), new JsonWriter()];
let json = writers[0];

/** Starts an artifact's text in the writer the previous text did not use. */
function nextText(): JsonWriter {
  json = json === writers[0] ? writers[1] : writers[0];
  return json.reset();
}

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
function canvasDataJson(clean: CleanOutput): Uint8Array<ArrayBuffer> {
  const { lines, polylines, openings } = clean.entities;
  const layerFields = LAYER_FIELDS.reset();
  nextText().raw('{"units":"mm","bounds":').raw(JSON.stringify(clean.bounds)).raw(',"layers":').raw(JSON.stringify(clean.layerStyles)).raw(',"lines":[');
  const xyz = lines.xyz;
  for (let i = 0; i < lines.count; i++) {
    const at = 6 * i;
    json.chunk(i > 0 ? NEXT_LINE_ID : LINE_ID).hashIdOf(lines.ids, i).chunk(layerFields.of(lines.layers[i]))
      .chunk(P1).point(xyz[at], xyz[at + 1]).chunk(P2).point(xyz[at + 3], xyz[at + 4]).chunk(LINE_END);
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
  return json.raw(']}').view();
}

/** Where writePair wrote each quad coordinate's text: coordinate i is bytes coordinateStart[i]..coordinateEnd[i]. */
const coordinateStart = new Int32Array(8), coordinateEnd = new Int32Array(8);

/** The point [rounded3(q[at + i]), rounded3(q[at + i + 1])], recording where its two numbers lie. */
function writeCorner(w: JsonWriter, q: Float64Array, at: number, i: number): void {
  w.raw('[');
  coordinateStart[i] = w.size;
  w.rounded3(q[at + i]);
  coordinateEnd[i] = w.size;
  w.raw(',');
  coordinateStart[i + 1] = w.size;
  w.rounded3(q[at + i + 1]);
  coordinateEnd[i + 1] = w.size;
  w.raw(']');
}

/** The text of corner coordinate q[i] again (written by writeCorner). */
function repeatCoordinate(w: JsonWriter, i: number): JsonWriter {
  return w.repeat(coordinateStart[i], coordinateEnd[i]);
}

/** Of the quad's coordinates q[at + first], q[at + first + 2], …, the index (first, first + 2, …) of the least (sign 1) or greatest (sign -1). */
function extremeCoordinate(q: Float64Array, at: number, first: number, sign: number): number {
  let best = first;
  for (let i = first + 2; i < 8; i += 2) if (sign * (q[at + i] - q[at + best]) < 0) best = i;
  return best;
}

/**
 * A LOGIC_B pair's JSON: the trimmed segments are the quad's sides, each corner rounded to 0.001. Every corner
 * is formatted once and its text repeated in the quad and the bbox (whose values are corner coordinates).
 */
function writePair(w: JsonWriter, pairs: PairList, p: number, segmentIds: JsonTexts): void {
  const q = pairs.quads, at = 8 * p;
  w.raw('{"a":').textOf(segmentIds, pairs.a[p]).raw(',"b":').textOf(segmentIds, pairs.b[p]).raw(',"distance":').rounded3(pairs.distance[p]).raw(',"a_trimmed":[');
  writeCorner(w, q, at, 0);
  w.raw(',');
  writeCorner(w, q, at, 2);
  w.raw('],"b_trimmed":[');
  writeCorner(w, q, at, 6);
  w.raw(',');
  writeCorner(w, q, at, 4);
  w.raw('],"quad":[');
  for (let i = 0; i < 8; i += 2) {
    w.raw(i > 0 ? ',[' : '[');
    repeatCoordinate(w, i).raw(',');
    repeatCoordinate(w, i + 1).raw(']');
  }
  w.raw('],"bbox":[');
  repeatCoordinate(w, extremeCoordinate(q, at, 0, 1)).raw(',');
  repeatCoordinate(w, extremeCoordinate(q, at, 1, 1)).raw(',');
  repeatCoordinate(w, extremeCoordinate(q, at, 0, -1)).raw(',');
  repeatCoordinate(w, extremeCoordinate(q, at, 1, -1)).raw(']}');
}

/** LOGIC_B's artifact bytes and where each pair's text lies in them. */
interface WrittenPairs {
  bytes: Uint8Array<ArrayBuffer>;
  starts: Int32Array;
  ends: Int32Array;
}

/** logic_b_pairs.json, and its bytes for LOGIC_C. */
function pairsJson(pairs: PairList, segmentIds: JsonTexts): { bytes: Uint8Array<ArrayBuffer>; written: WrittenPairs } {
  const starts = new Int32Array(pairs.count), ends = new Int32Array(pairs.count);
  nextText().raw('[');
  for (let i = 0; i < pairs.count; i++) {
    if (i > 0) json.raw(',');
    starts[i] = json.size;
    writePair(json, pairs, i, segmentIds);
    ends[i] = json.size;
  }
  json.raw(']');
  const bytes = json.view();
  return { bytes, written: { bytes, starts, ends } };
}

/** logic_c_pairs.json: the texts of the kept pairs (rows of LOGIC_B's), copied from LOGIC_B's bytes. */
function keptPairsJson(kept: readonly number[], written: WrittenPairs): Uint8Array<ArrayBuffer> {
  nextText().raw('[');
  for (let k = 0; k < kept.length; k++) {
    if (k > 0) json.raw(',');
    json.append(written.bytes, written.starts[kept[k]], written.ends[kept[k]]);
  }
  return json.raw(']').view();
}

/**
 * A rectangle artifact's bytes and where each rectangle's parts lie in them, so that the next rectangle artifact
 * copies what it shares instead of writing it again: LOGIC_E passes most of LOGIC_D's rectangles through, and
 * LOGIC_F moves only the ends of some of LOGIC_E's.
 */
interface WrittenRects {
  bytes: Uint8Array<ArrayBuffer>;
  rects: RectTable;
  /** RECT_MARKS offsets per rectangle, see writeRectFields. */
  marks: Int32Array;
}

/** Per rectangle: where its fields start, its corners start and end, its length starts and ends, its fields end. */
const RECT_MARKS = 6;

/** The text before and after a rectangle's id in its fields: between them lies the id's JSON text (see writtenIds). */
const ID_KEY = '{"id":', CORNERS_KEY = ',"corners":[';

/** The four corners of rectangle i, in rectCorners' order and arithmetic, rounded to 0.001. */
function writeCorners(w: JsonWriter, r: RectTable, i: number): void {
  const ux = r.ux[i], uy = r.uy[i], t0 = r.t0[i], t1 = r.t1[i], s0 = r.s0[i], s1 = r.s1[i];
  w.point(t0 * ux - s0 * uy, t0 * uy + s0 * ux).raw(',').point(t1 * ux - s0 * uy, t1 * uy + s0 * ux).raw(',')
    .point(t1 * ux - s1 * uy, t1 * uy + s1 * ux).raw(',').point(t0 * ux - s1 * uy, t0 * uy + s1 * ux);
}

/**
 * A rectangle's JSON fields without the closing brace, so LOGIC_F can append its own (three artifacts hold one
 * per rectangle), and their marks at marks[at ..]. Only the corners and the length depend on the ends.
 */
function writeRectFields(w: JsonWriter, r: RectTable, i: number, segmentIds: JsonTexts, marks: Int32Array, at: number): void {
  marks[at] = w.size;
  w.raw(ID_KEY).string(r.ids[i]).raw(CORNERS_KEY);
  marks[at + 1] = w.size;
  writeCorners(w, r, i);
  marks[at + 2] = w.size;
  w.raw('],"direction":[').rounded6(r.ux[i]).raw(',').rounded6(r.uy[i])
    .raw('],"thickness":').rounded3(r.s1[i] - r.s0[i]).raw(',"length":');
  marks[at + 3] = w.size;
  w.rounded3(r.t1[i] - r.t0[i]);
  marks[at + 4] = w.size;
  w.raw(',"layers":').strings(r.layers[i]).raw(',"sources":').textsOf(segmentIds, r.sources[i])
    .raw(',"sides":{"face_s0":"drawing","face_s1":"drawing","start":"').raw(r.startSide[i]).raw('","end":"').raw(r.endSide[i]).raw('"}');
  marks[at + 5] = w.size;
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The number of the earlier rectangle, found by id, that rectangle i of r is but perhaps for its ends (t0, t1), or
 * -1. By id: LOGIC_E's rectangles are in id order, LOGIC_D's in the pairs' order.
 */
function earlierRect(q: RectTable, indexOf: (id: string) => number, r: RectTable, i: number): number {
  const k = indexOf(r.ids[i]);
  if (k < 0) return -1;
  const same = q.ux[k] === r.ux[i] && q.uy[k] === r.uy[i] && q.s0[k] === r.s0[i] && q.s1[k] === r.s1[i] && q.startSide[k] === r.startSide[i] &&
    q.endSide[k] === r.endSide[i] && sameItems(q.layers[k], r.layers[i]) && sameItems(q.sources[k], r.sources[i]);
  return same ? k : -1;
}

/** writeRectFields for a rectangle written earlier as number k: its text copied, but the corners and length written if its ends moved. */
function copyRectFields(w: JsonWriter, earlier: WrittenRects, k: number, r: RectTable, i: number, marks: Int32Array, at: number): void {
  const { bytes, marks: m } = earlier;
  const e = RECT_MARKS * k, q = earlier.rects;
  if (q.t0[k] === r.t0[i] && q.t1[k] === r.t1[i]) {
    const shift = w.size - m[e];
    for (let x = 0; x < RECT_MARKS; x++) marks[at + x] = m[e + x] + shift;
    w.append(bytes, m[e], m[e + RECT_MARKS - 1]);
    return;
  }
  marks[at] = w.size;
  w.append(bytes, m[e], m[e + 1]);
  marks[at + 1] = w.size;
  writeCorners(w, r, i);
  marks[at + 2] = w.size;
  w.append(bytes, m[e + 2], m[e + 3]);
  marks[at + 3] = w.size;
  w.rounded3(r.t1[i] - r.t0[i]);
  marks[at + 4] = w.size;
  w.append(bytes, m[e + 4], m[e + 5]);
  marks[at + 5] = w.size;
}

/**
 * The ids of the rectangles written, as JsonTexts copied from the artifact's text: read through the text in order,
 * not from id strings that lie all over the heap (LOGIC_E's, in id order, were made in another order).
 */
function writtenIds(written: WrittenRects): JsonTexts {
  const { bytes, marks } = written;
  return packedTexts(written.rects.count, (w, k) => w.append(bytes, marks[RECT_MARKS * k] + ID_KEY.length, marks[RECT_MARKS * k + 1] - CORNERS_KEY.length));
}

/** The rectangles' artifact bytes with their marks (a view of the writer: the next step's text, in the other writer, reads it). */
function writtenRects(rects: RectTable, marks: Int32Array): WrittenRects {
  return { bytes: json.view(), rects, marks };
}

/** The JSON of a table of rectangles (LOGIC_D, LOGIC_E), also read by the next rectangle artifact. */
function rectsJson(rects: RectTable, segmentIds: JsonTexts, earlier?: WrittenRects): { bytes: Uint8Array<ArrayBuffer>; written: WrittenRects } {
  const marks = new Int32Array(RECT_MARKS * rects.count), indexOf = earlier ? idFinder(earlier.rects.ids) : null;
  nextText().raw('[');
  for (let i = 0; i < rects.count; i++) {
    if (i > 0) json.raw(',');
    const k = earlier ? earlierRect(earlier.rects, indexOf!, rects, i) : -1;
    if (k >= 0) copyRectFields(json, earlier!, k, rects, i, marks, RECT_MARKS * i);
    else writeRectFields(json, rects, i, segmentIds, marks, RECT_MARKS * i);
    json.raw('}');
  }
  json.raw(']');
  const written = writtenRects(rects, marks);
  return { bytes: written.bytes, written };
}

/** Whether b is table a but perhaps for the ends (t0, t1): every other column the same list. */
function sameButEnds(a: RectTable, b: RectTable): boolean {
  return a.count === b.count && a.ids === b.ids && a.ux === b.ux && a.uy === b.uy && a.s0 === b.s0 && a.s1 === b.s1 && a.layers === b.layers &&
    a.sources === b.sources && a.startSide === b.startSide && a.endSide === b.endSide;
}

/**
 * LOGIC_F's rectangles: rectsJson's fields plus the junctions (centers unrounded; the first one rounded as
 * junction_center). LOGIC_F keeps LOGIC_E's table but for the ends (joinCorners), so rectangle i's fields are
 * LOGIC_E's rectangle i's, with new corners and length where its ends moved.
 */
function joinedRectsJson(rects: JoinedRects, rectIds: JsonTexts, earlier: WrittenRects): Uint8Array<ArrayBuffer> {
  if (!sameButEnds(earlier.rects, rects)) throw new Error('internal: LOGIC_F changed more than the ends of LOGIC_E\'s rectangles');
  const marks = new Int32Array(RECT_MARKS * rects.count), j = rects.junctions;
  nextText().raw('[');
  for (let i = 0; i < rects.count; i++) {
    if (i > 0) json.raw(',');
    copyRectFields(json, earlier, i, rects, i, marks, RECT_MARKS * i);
    json.raw(',"was_modified":').raw(rects.modified[i] === 1 ? 'true' : 'false').raw(',"junction_center":');
    // A rectangle's first junction slot holds one whenever it has any (junctionSlot).
    const first = junctionSlot(j, i, 0);
    if (j.kind[first] !== NO_JUNCTION) json.point(j.x[first], j.y[first]);
    else json.raw('null');
    json.raw(',"junctions":[');
    for (let n = 0, written = 0; n < 2; n++) {
      const k = junctionSlot(j, i, n);
      if (j.kind[k] === NO_JUNCTION) continue;
      if (written++ > 0) json.raw(',');
      json.raw('{"end":"').raw(END_NAMES[k & 1]).raw('","kind":"').raw(j.kind[k] === L_JUNCTION ? 'L' : 'T').raw('","otherId":').textOf(rectIds, j.other[k])
        .raw(',"center":[').number(j.x[k]).raw(',').number(j.y[k]).raw(']}');
    }
    json.raw(']}');
  }
  return json.raw(']').view();
}

/** wall_candidate_pairs.json, written as each pair passes the legacy check (no entry objects, no JSON.stringify text). */
function legacyCandidatesJson(segmentIds: JsonTexts, spatial: SpatialSegments, rule: LegacyRule, candidates: IndexPairs): { bytes: Uint8Array<ArrayBuffer>; count: number } {
  let count = 0;
  nextText().raw('[');
  eachLegacyCandidate(spatial, rule, candidates, (i, j, c) => {
    json.raw(count++ > 0 ? ',{"a":' : '{"a":').textOf(segmentIds, i).raw(',"b":').textOf(segmentIds, j).raw(',"distance":').number(c.distance)
      .raw(',"overlap_percent":').number(c.overlap_percent).raw(',"angle_diff_deg":').number(c.angle_diff_deg).raw(',"avg_length":').number(c.avg_length).raw('}');
  });
  return { bytes: json.raw(']').view(), count };
}

/** LOGIC_F's counts: modified rectangles, and wall ends joined by an L and by a T. */
function junctionCounts(rects: JoinedRects): { modified: number; l_junction_ends: number; t_junction_ends: number } {
  let modified = 0, l = 0, t = 0;
  for (let i = 0; i < rects.count; i++) modified += rects.modified[i];
  const kind = rects.junctions.kind;
  for (let k = 0; k < kind.length; k++) {
    if (kind[k] === L_JUNCTION) l++;
    else if (kind[k] !== NO_JUNCTION) t++;
  }
  return { modified, l_junction_ends: l, t_junction_ends: t };
}

/** door_rectangle_assignments.json: every opening with its search box and the ids of the rectangles near it. */
function assignmentsJson(assignments: readonly OpeningAssignment[], rectIds: JsonTexts): Uint8Array<ArrayBuffer> {
  nextText().raw('[');
  for (let i = 0; i < assignments.length; i++) {
    const { opening: o, searchBox: b, rects: near } = assignments[i];
    json.raw(i > 0 ? ',{"opening":' : '{"opening":').string(o.id).raw(',"kind":').string(o.kind).raw(',"block_name":').string(o.name).raw(',"layer":').string(o.layer)
      .raw(',"search_box":{"minX":').number(b.minX).raw(',"minY":').number(b.minY).raw(',"maxX":').number(b.maxX).raw(',"maxY":').number(b.maxY).raw('},"rectangles":[');
    for (let k = 0; k < near.length; k++) {
      if (k > 0) json.raw(',');
      json.textOf(rectIds, near[k]);
    }
    json.raw(']}');
  }
  return json.raw(']').view();
}

/** door_bridges.json: every bridge with the ids of the rectangles it joins and its corners (rectCorners' order and arithmetic, rounded to 0.001). */
function bridgesJson(bridges: readonly OpeningBridge[], rectIds: JsonTexts): Uint8Array<ArrayBuffer> {
  nextText().raw('[');
  for (let i = 0; i < bridges.length; i++) {
    const b = bridges[i];
    const { ux, uy, t0, t1, s0, s1 } = b.rect;
    json.raw(i > 0 ? ',{"opening":' : '{"opening":').string(b.openingId).raw(',"from":').textOf(rectIds, b.from).raw(',"to":').textOf(rectIds, b.to)
      .raw(',"corners":[').point(t0 * ux - s0 * uy, t0 * uy + s0 * ux).raw(',').point(t1 * ux - s0 * uy, t1 * uy + s0 * ux).raw(',')
      .point(t1 * ux - s1 * uy, t1 * uy + s1 * ux).raw(',').point(t0 * ux - s1 * uy, t0 * uy + s1 * ux)
      .raw('],"width":').rounded3(t1 - t0).raw(',"thickness":').rounded3(s1 - s0).raw('}');
  }
  return json.raw(']').view();
}

function bimJsonSourceOf(input: JobInput): BimJsonSource {
  return { fileName: input.drawing.fileName, units: input.units, layers: input.selectedLayers, generator: 'BimBot AI Wall' };
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
      state.segmentIds = hashIdTexts(state.segments.ids);
      state.spatial = spatialSegments(state.segments);
      state.segmentIndex = indexSegments(state.spatial.geometry);
      return {
        metrics: { ...out.metrics, segments: state.segments.count },
        artifacts: [{ name: 'canvas_data.json', bytes: canvasDataJson(out) }],
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
      const rule = { sinParallel, minDistance: p.minWallThickness, maxDistance: p.maxWallThickness, minOverlap: p.minOverlap };
      // One search for both steps: within the wider angle it holds the candidates of either.
      const spatial = need(state.spatial, 'spatial segments');
      state.candidates = candidatesInSpatialOrder(spatial, Math.max(parallelAngle(rule), p.legacyAngleDeg * DEG), p.maxWallThickness, progress);
      state.pairsB = findParallelPairs(spatial, rule, state.candidates);
      const { bytes, written } = pairsJson(state.pairsB, need(state.segmentIds, 'segment ids'));
      state.pairsJson = written;
      return { metrics: { segments: set.count, pairs: state.pairsB.count }, artifacts: [{ name: 'logic_b_pairs.json', bytes }] };
    },
    LOGIC_C: () => {
      const pairs = take(state, 'pairsB', 'pairs');
      const out = rejectSpanningPairs(need(state.spatial, 'spatial segments'), need(state.segmentIndex, 'index'), pairs, sinParallel, p.insideSegmentMaxLength, progress);
      state.pairsC = pairs.select(out.kept);
      const written = take(state, 'pairsJson', 'pair texts');
      return {
        metrics: { input_pairs: pairs.count, rejected_spanning: out.rejected, removed_same_quad: out.sameQuad, pairs: out.kept.length },
        artifacts: [{ name: 'logic_c_pairs.json', bytes: keptPairsJson(out.kept, written) }],
      };
    },
    LOGIC_D: () => {
      const set = need(state.segments, 'segments');
      const quads = take(state, 'pairsC', 'pairs');
      const rects = (state.rectsD = rectTableFromPairs(quads, pruneCoveredQuads(quads, 0.1), (h, k) => hashIdChars(h, set.ids, k), set.layers));
      const { bytes, written } = rectsJson(rects, need(state.segmentIds, 'segment ids'));
      state.rectsJsonD = written;
      return {
        metrics: { input_quads: quads.count, covered_removed: quads.count - rects.count, rectangles: rects.count },
        artifacts: [{ name: 'logic_d_rectangles.json', bytes }],
      };
    },
    LOGIC_E: () => {
      const rects = take(state, 'rectsD', 'rectangles');
      const out = mergeBands(rects, need(state.spatial, 'spatial segments').geometry, searchOf(take(state, 'segmentIndex', 'index')), {
        minThickness: p.mergeMinThickness, maxThickness: p.mergeMaxThickness, maxGap: p.mergeMaxGap, faceTolerance: 0.5, angleTolerance: 0.2 * DEG,
      });
      state.rectsE = out.rects;
      const { bytes, written } = rectsJson(out.rects, need(state.segmentIds, 'segment ids'), take(state, 'rectsJsonD', 'rectangle texts'));
      state.rectsJsonE = written;
      return { metrics: { input_rectangles: rects.count, rectangles: out.rects.count, merged_away: out.merged, layered_merges: out.layerMerges }, artifacts: [{ name: 'logic_e_rectangles.json', bytes }] };
    },
    LOGIC_F: () => {
      state.rectsF = joinCorners(take(state, 'rectsE', 'rectangles'), { searchDistance: p.junctionSearchDistance, maxExtension: p.junctionMaxExtension, maxDot: p.junctionMaxDot });
      const textsE = take(state, 'rectsJsonE', 'rectangle texts');
      // LOGIC_F keeps LOGIC_E's rectangles, ids and order.
      state.rectIdsF = writtenIds(textsE);
      return {
        metrics: { rectangles: state.rectsF.count, ...junctionCounts(state.rectsF) },
        artifacts: [{ name: 'logic_f_rectangles.json', bytes: joinedRectsJson(state.rectsF, state.rectIdsF, textsE) }],
      };
    },
    DOOR_RECTANGLE_ASSIGNMENT: () => {
      const rects = need(state.rectsF, 'rectangles');
      state.rectIndex = indexRects(rects);
      state.assignments = assignOpenings(need(state.openings, 'openings'), rects, state.rectIndex, p.openingSearchMargin);
      return {
        metrics: { openings: state.assignments.length, with_rectangles: state.assignments.filter((a) => a.rects.length > 0).length },
        artifacts: [{ name: 'door_rectangle_assignments.json', bytes: assignmentsJson(state.assignments, need(state.rectIdsF, 'rectangle ids')) }],
      };
    },
    DOOR_BRIDGE: () => {
      const rects = need(state.rectsF, 'rectangles');
      state.bridges = bridgeOpenings(need(state.assignments, 'assignments'), rects, { bandTolerance: p.bridgeBandTolerance, maxGap: p.bridgeMaxGap, sinParallel });
      return {
        metrics: { bridges: state.bridges.length, openings_without_bridge: state.assignments!.length - state.bridges.length },
        artifacts: [{ name: 'door_bridges.json', bytes: bridgesJson(state.bridges, take(state, 'rectIdsF', 'rectangle ids')) }],
      };
    },
    WALLS: () => {
      state.walls = buildWalls(need(state.rectsF, 'rectangles'), searchOf(take(state, 'rectIndex', 'rectangle index')), need(state.assignments, 'assignments'), need(state.bridges, 'bridges'), {
        faceTolerance: p.bridgeBandTolerance, maxGap: p.mergeMaxGap, maxCrossingThickness: p.maxWallThickness + 1, angleTolerance: p.parallelAngleDeg * DEG,
      });
      const w = state.walls;
      const bimjson = writeBimJson(nextText(), w, bimJsonSourceOf(input), p.minExportWallLength).view();
      return {
        metrics: {
          walls: w.walls.length,
          exported_walls: exportedWallCount(w, p.minExportWallLength),
          hosted_openings: w.walls.reduce((s, x) => s + x.openings.length, 0),
          unhosted_openings: w.unhostedOpenings.length,
          unjoined_ends: w.unjoinedEnds.length,
          total_length_mm: Math.round(w.walls.reduce((s, x) => s + x.length, 0)),
        },
        artifacts: [{ name: 'walls.json', data: w }, { name: 'bimjson.json', bytes: bimjson }],
      };
    },
    WALL_CANDIDATES: () => {
      const rule = { maxAngleDeg: p.legacyAngleDeg, minDistance: p.minWallThickness, maxDistance: p.maxWallThickness, minOverlapPercent: p.legacyMinOverlapPercent };
      const { bytes, count } = legacyCandidatesJson(take(state, 'segmentIds', 'segment ids'), take(state, 'spatial', 'spatial segments'), rule, take(state, 'candidates', 'candidates'));
      return { metrics: { candidates: count }, artifacts: [{ name: 'wall_candidate_pairs.json', bytes }] };
    },
  };
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const utf8Decoder = new TextDecoder();

/** An artifact's JSON text (the pipeline hands artifacts on as UTF-8 bytes, ready for a Blob or a file). */
export function artifactText(artifact: ArtifactOut): string {
  return utf8Decoder.decode(artifact.bytes);
}

/** Runs every step in order. A failing step fails the job; later steps are marked skipped. */
export function runPipeline(input: JobInput, hooks: PipelineHooks = {}): PipelineResult {
  const state: JobState = {};
  const records: StepRecord[] = STEP_NAMES.map((name) => ({ name, status: 'pending', startedAt: null, endedAt: null, duration_ms: null, metrics: {} }));
  const artifacts: ArtifactOut[] = [];
  // Without a receiver, each artifact is kept: as a copy, since its bytes are a view of a writer that later steps write again.
  const takeArtifact = hooks.onArtifact ?? ((a: ArtifactOut) => artifacts.push({ ...a, bytes: a.bytes.slice() }));
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
      for (const a of out.artifacts ?? []) takeArtifact({ step: name, name: a.name, mime: 'application/json', bytes: 'bytes' in a ? a.bytes : nextText().value(a.data).view() });
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
  const walls = need(state.walls, 'walls');
  return {
    steps: records, artifacts, walls,
    // Made when read (tests, the evaluation): the job itself writes bimjson.json without these objects.
    get bimjson() {
      return toBimJson(walls, bimJsonSourceOf(input), input.params.minExportWallLength);
    },
  };
}
