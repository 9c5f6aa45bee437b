// DWG import (R13–R2018) with LibreDWG compiled to WebAssembly (@mlightcad/libredwg-web, GPL-3.0-or-later).
// The library and its ≈9.5 MB WASM load only when the first DWG is opened (a dynamic import), then stay loaded.
// In the app this module runs in the DWG worker (workers/dwg.worker.ts); the CLI and the tests call it directly.
// LibreDWG's database is mapped onto the CAD document shared with the DXF importer (cadModel.ts).

import type { Drawing } from '../core/model';
import { ellipseOutline, type Point3 } from './cadGeometry';
import { arcEntity, buildDrawing, type CadBlock, type CadDocument, type CadEntity, type CadImportOptions, type CadVertex } from './cadModel';
import { checkDwgSignature, SUPPORTED_VERSIONS } from './dwgSignature';
import { DrawingImportError } from './errors';

export interface DwgImportOptions extends CadImportOptions {
  /**
   * Where the LibreDWG WebAssembly binary is: its URL (or file path in Node), or an Emscripten `locateFile`
   * function. Without it the library's glue code finds it next to itself (`new URL('libredwg-web.wasm',
   * import.meta.url)`): in Node that is the package's `wasm/` folder under node_modules, and Vite's build emits
   * the binary as an asset and rewrites that URL (checked in headless Chromium from a module worker). Only
   * other hosting setups need this option.
   */
  wasmLocator?: string | ((fileName: string, scriptDirectory: string) => string);
}

// LibreDWG error bits (dwg.h); anything from CLASSESNOTFOUND up is critical.
const DWG_ERR_CRITICAL = 128;
const DWG_ERR_OUTOFMEM = 8192;
const DWG_ERRORS: [number, string][] = [
  [1, 'wrong CRC'],
  [2, 'not yet supported'],
  [4, 'unhandled class'],
  [8, 'invalid type'],
  [16, 'invalid handle'],
  [32, 'invalid extended data'],
  [64, 'value out of bounds'],
  [128, 'classes not found'],
  [256, 'section not found'],
  [512, 'page not found'],
  [1024, 'internal error'],
  [2048, 'invalid DWG'],
  [4096, 'I/O error'],
  [8192, 'out of memory'],
];

/** The part of LibreDWG's API used here (LibreDwg wrapper plus the raw module it proxies). */
interface LibreDwgApi {
  FS: { writeFile(path: string, data: Uint8Array): void; unlink(path: string): void };
  dwg_read_file(path: string): { error: number; data: number };
  convertEx(data: number): { database: DwgDatabaseLike; stats: { unknownEntityCount: number } };
  dwg_free(data: number): void;
}

let libraryPromise: Promise<LibreDwgApi> | null = null;
let fileCounter = 0;

function loadLibrary(locator: DwgImportOptions['wasmLocator']): Promise<LibreDwgApi> {
  libraryPromise ??= (async () => {
    const library = await import('@mlightcad/libredwg-web');
    const locateFile =
      locator === undefined
        ? undefined
        : typeof locator === 'function'
          ? locator
          : (fileName: string, scriptDirectory: string) => (fileName.endsWith('.wasm') ? locator : scriptDirectory + fileName);
    const wasm = await library.createModule(locateFile ? { locateFile } : undefined);
    return library.LibreDwg.createByWasmInstance(wasm) as unknown as LibreDwgApi;
  })();
  // A failed load is not cached: the next DWG tries again.
  libraryPromise.catch(() => {
    libraryPromise = null;
  });
  return libraryPromise;
}

/** Imports a DWG file (R13–R2018) into the drawing model. Async: the WASM reader loads on first use. */
export async function importDwg(bytes: Uint8Array, fileName: string, options: DwgImportOptions = {}): Promise<Drawing> {
  const version = checkDwgSignature(bytes, fileName);
  let library: LibreDwgApi;
  try {
    library = await loadLibrary(options.wasmLocator);
  } catch (error) {
    throw new DrawingImportError(fileName, 'unsupported', `the DWG reader could not be loaded (${describeError(error)})`);
  }
  const { database, errorCode, unknownEntities } = readDatabase(library, bytes, fileName, version);
  const doc = toCadDocument(database, fileName);
  const recoverable = DWG_ERRORS.filter(([bit]) => bit < DWG_ERR_CRITICAL && (errorCode & bit) !== 0).map(([, name]) => name);
  if (recoverable.length > 0) {
    doc.warnings.push(`LibreDWG reported recoverable problems reading the file (${recoverable.join(', ')}); some entities may be missing.`);
  }
  if (unknownEntities > 0) {
    doc.warnings.push(
      `${unknownEntities} entities of types the DWG reader does not know (e.g. AutoCAD Architecture walls or proxy objects) were left out; explode them in the CAD program to include them.`,
    );
  }
  return buildDrawing(doc, options);
}

function readDatabase(library: LibreDwgApi, bytes: Uint8Array, fileName: string, version: string) {
  const path = `/bimbot-import-${++fileCounter}.dwg`;
  let data = 0;
  try {
    library.FS.writeFile(path, bytes);
    let result: { error: number; data: number };
    try {
      result = library.dwg_read_file(path);
    } finally {
      try {
        library.FS.unlink(path);
      } catch {
        // Already gone.
      }
    }
    data = result.data;
    const errorCode = result.error >>> 0;
    if (errorCode & DWG_ERR_OUTOFMEM) {
      // A half-read drawing is not freed piecemeal: the next DWG gets a fresh instance, which returns all memory.
      libraryPromise = null;
      data = 0;
      throw new DrawingImportError(fileName, 'too-large', 'the DWG reader ran out of memory; the drawing is too large to open here');
    }
    if (errorCode >= DWG_ERR_CRITICAL || !data) {
      const reasons = DWG_ERRORS.filter(([bit]) => bit >= DWG_ERR_CRITICAL && (errorCode & bit) !== 0).map(([, name]) => name);
      throw new DrawingImportError(
        fileName,
        'structure',
        `the DWG file (${SUPPORTED_VERSIONS.get(version)}) is damaged or cannot be read${reasons.length ? ` (${reasons.join(', ')})` : ''}`,
      );
    }
    const { database, stats } = library.convertEx(data);
    return { database, errorCode, unknownEntities: stats?.unknownEntityCount ?? 0 };
  } catch (error) {
    if (error instanceof DrawingImportError) throw error;
    // A WASM trap may leave the module in a broken state: the next DWG gets a fresh instance.
    libraryPromise = null;
    data = 0;
    throw new DrawingImportError(fileName, 'structure', `the DWG reader failed on this file (${describeError(error)})`);
  } finally {
    if (data) {
      try {
        library.dwg_free(data);
      } catch {
        libraryPromise = null;
      }
    }
  }
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const line = text.split('\n')[0];
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}

// ---------------------------------------------------------------------------------------------------------------
// LibreDWG's database (the fields read here; see @mlightcad/libredwg-web lib/database). Angles are radians.

interface DwgPointLike {
  x?: number;
  y?: number;
  z?: number;
}

interface DwgEntityLike {
  type: string;
  layer?: string;
  isInPaperSpace?: boolean;
  [field: string]: unknown;
}

interface DwgBlockRecordLike {
  name: string;
  flags?: number;
  basePoint?: DwgPointLike;
  entities?: DwgEntityLike[];
}

export interface DwgDatabaseLike {
  header?: { INSUNITS?: number; LUNITS?: number; MEASUREMENT?: number };
  tables?: { LAYER?: { entries?: { name: string }[] }; BLOCK_RECORD?: { entries?: DwgBlockRecordLike[] } };
  entities?: DwgEntityLike[];
}

/** Maps LibreDWG's database to the CAD document: model space, block definitions, layer order, $INSUNITS. */
export function toCadDocument(db: DwgDatabaseLike, fileName: string): CadDocument {
  const records = db.tables?.BLOCK_RECORD?.entries ?? [];
  const isModelSpace = (name: string) => name.toUpperCase() === '*MODEL_SPACE';
  const isLayout = (name: string) => isModelSpace(name) || name.toUpperCase().startsWith('*PAPER_SPACE');
  const modelSpace = records.find((r) => isModelSpace(r.name ?? ''));
  // Without a *Model_Space record, fall back to the database's entity list (which mixes in paper space and attributes).
  const modelEntities =
    modelSpace?.entities ?? (db.entities ?? []).filter((e) => !e.isInPaperSpace && e.type !== 'ATTRIB');
  const blocks = new Map<string, CadBlock>();
  for (const record of records) {
    if (!record.name || isLayout(record.name) || blocks.has(record.name)) continue;
    blocks.set(record.name, {
      name: record.name,
      base: point(record.basePoint),
      entities: (record.entities ?? []).map(toCadEntity),
      xref: ((record.flags ?? 0) & 4) !== 0,
    });
  }
  const insUnits = db.header?.INSUNITS;
  return {
    fileName,
    insUnits: typeof insUnits === 'number' && Number.isFinite(insUnits) ? insUnits : null,
    lUnits: integerOrNull(db.header?.LUNITS),
    measurement: integerOrNull(db.header?.MEASUREMENT),
    layerOrder: (db.tables?.LAYER?.entries ?? []).map((l) => l.name),
    entities: modelEntities.map(toCadEntity),
    blocks,
    warnings: [],
  };
}

const DEG_PER_RAD = 180 / Math.PI;

function toCadEntity(e: DwgEntityLike): CadEntity {
  const type = String(e.type ?? 'UNKNOWN');
  const base = { type, layer: typeof e.layer === 'string' ? e.layer : '0' };
  switch (type) {
    case 'LINE':
      if (!e.startPoint || !e.endPoint) return { kind: 'invalid', ...base, problem: 'lacks an end point' };
      return { kind: 'line', ...base, start: point(e.startPoint), end: point(e.endPoint) };
    case 'LWPOLYLINE': {
      const elevation = orDefault(e.elevation, 0);
      const vertices: CadVertex[] = asArray(e.vertices).map((v) => ({ x: num(v.x), y: num(v.y), z: elevation, bulge: orDefault(v.bulge, 0) }));
      // LibreDWG keeps the DWG flag word, whose "closed" bit is 512 (DXF's group 70 uses 1).
      return { kind: 'polyline', ...base, vertices, closed: (orDefault(e.flag, 0) & 512) !== 0, normal: normal(e.extrusionDirection) };
    }
    case 'POLYLINE2D':
    case 'POLYLINE3D': {
      const flag = orDefault(e.flag, 0);
      const is3d = type === 'POLYLINE3D';
      const vertices: CadVertex[] = asArray(e.vertices)
        .filter((v) => (orDefault(v.flag, 0) & 16) === 0) // spline frame control points are off the curve
        .map((v) => ({ x: num(v.x), y: num(v.y), z: orDefault(v.z, 0), bulge: is3d ? 0 : orDefault(v.bulge, 0) }));
      return { kind: 'polyline', ...base, vertices, closed: (flag & 1) !== 0, normal: is3d ? null : normal(e.extrusionDirection) };
    }
    case 'INSERT': {
      if (!e.insertionPoint) return { kind: 'invalid', ...base, problem: 'lacks an insertion point' };
      if (typeof e.name !== 'string' || e.name === '') return { kind: 'invalid', ...base, problem: 'names no block' };
      return {
        kind: 'insert',
        ...base,
        block: e.name,
        position: point(e.insertionPoint),
        rotation: orDefault(e.rotation, 0) * DEG_PER_RAD,
        scaleX: orDefault(e.xScale, 1),
        scaleY: orDefault(e.yScale, 1),
        columns: Math.max(1, orDefault(e.columnCount, 1)),
        rows: Math.max(1, orDefault(e.rowCount, 1)),
        columnSpacing: orDefault(e.columnSpacing, 0),
        rowSpacing: orDefault(e.rowSpacing, 0),
        normal: normal(e.extrusionDirection),
      };
    }
    case 'ARC':
    case 'CIRCLE': {
      if (!e.center) return { kind: 'invalid', ...base, problem: 'lacks a centre' };
      return arcEntity(base, type === 'CIRCLE', point(e.center), num(e.radius), orDefault(e.startAngle, 0), orDefault(e.endAngle, 0), normal(e.extrusionDirection));
    }
    case 'ELLIPSE':
      if (!isObject(e.center) || !isObject(e.majorAxisEndPoint)) return { kind: 'invalid', ...base, problem: 'lacks a centre or axis' };
      return {
        kind: 'shape',
        ...base,
        points: ellipseOutline(point(e.center), point(e.majorAxisEndPoint), orDefault(e.axisRatio, 1), orDefault(e.startAngle, 0), orDefault(e.endAngle, 2 * Math.PI)),
      };
    case 'SPLINE':
      return { kind: 'shape', ...base, points: [...asArray(e.controlPoints), ...asArray(e.fitPoints)].map(point) };
    case 'SOLID':
    case '3DFACE':
      return { kind: 'shape', ...base, points: [e.corner1, e.corner2, e.corner3, e.corner4].filter(isObject).map(point) };
    default:
      return { kind: 'other', ...base };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function asArray(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

function orDefault(value: unknown, fallback: number): number {
  return value === undefined || value === null ? fallback : num(value);
}

function point(p: unknown): Point3 {
  if (!isObject(p)) return { x: Number.NaN, y: Number.NaN, z: Number.NaN };
  return { x: num(p.x), y: num(p.y), z: orDefault(p.z, 0) };
}

/** LibreDWG reports an unset extrusion as (0, 0, 0): the default +Z. */
function normal(p: unknown): Point3 | null {
  if (!isObject(p)) return null;
  const n = point(p);
  return n.x === 0 && n.y === 0 && (n.z === 0 || n.z === 1) ? null : n;
}

function integerOrNull(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}
