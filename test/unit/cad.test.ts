import { detectUnits } from '../../src/core/units';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import DxfParserModule from 'dxf-parser';
import { describe, expect, it } from 'vitest';
import { artifactText, buildLayerInventory, defaultParams, runPipeline, suggestedLayers } from '../../src/core';
import type { BlockRef, Drawing, Layer } from '../../src/core/model';
import { extractEntities } from '../../src/core/steps/extract';
import { bulgeArc } from '../../src/import/cadGeometry';
import { ARC_DOOR_NAME, unitsFromInsUnits } from '../../src/import/cadModel';
import { importDwg } from '../../src/import/dwg';
import { importDxf } from '../../src/import/dxf';
import { DrawingImportError, importDrawing, importDrawingAsync, parseDrawingJson } from '../../src/import/index';
import { lineCount, polylineCount } from '../../src/core/layerGeometry';
import { linesOf, polylinesOf } from '../support/layerObjects';
import { transformDrawing } from '../support/transformDrawing';
import { writeBinaryDxf, writeDxf, type DxfBlock, type DxfDocument, type DxfEntity } from '../support/writeDxf';

const FIXTURES = join(__dirname, '../fixtures');
const REAL = join(FIXTURES, 'real');

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function dxf(doc: DxfDocument, fileName = 'test.dxf', options = {}): Drawing {
  return importDxf(encode(writeDxf(doc)), fileName, options);
}

function layerNamed(drawing: Drawing, name: string): Layer {
  const layer = drawing.layers.find((l) => l.name === name);
  if (!layer) throw new Error(`no layer ${name} among ${drawing.layers.map((l) => l.name).join(', ')}`);
  return layer;
}

function other(layer: Layer, type: string): number {
  return layer.otherCounts.find(([t]) => t === type)?.[1] ?? 0;
}

async function rejection(run: () => unknown): Promise<DrawingImportError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(DrawingImportError);
    return error as DrawingImportError;
  }
  throw new Error('expected the import to be rejected');
}

function expectOneSentence(error: DrawingImportError, fileName: string): void {
  expect(error.message.startsWith(`${fileName}: `)).toBe(true);
  expect(error.message).toMatch(/^[^\n]*\.$/);
}

function closeTo(actual: number, expected: number, tolerance = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
}

/** Deep equality with numbers compared within a tolerance; returns the first difference's path. */
function firstDifference(a: unknown, b: unknown, tolerance: number, path = '$'): string | null {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= tolerance ? null : `${path}: ${a} ≠ ${b}`;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} ≠ ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], tolerance, `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const d = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], tolerance, `${path}.${key}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(a, b) ? null : `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
}

/** Writes a drawing of the model as DXF: lines, polylines, and each block reference as an INSERT of a block whose
 * outline, once placed, is exactly the reference's world box. */
function drawingToDxf(drawing: Drawing, insUnits: number | null): DxfDocument {
  const blocks = new Map<string, DxfBlock>();
  const entities: DxfEntity[] = [];
  for (const layer of drawing.layers) {
    for (const l of linesOf(layer.lines)) entities.push({ type: 'LINE', layer: layer.name, start: [l.start.x, l.start.y, l.start.z], end: [l.end.x, l.end.y, l.end.z] });
    for (const p of polylinesOf(layer.polylines)) {
      entities.push({ type: 'LWPOLYLINE', layer: layer.name, vertices: p.vertices.map((v) => [v.x, v.y] as const), closed: p.closed });
    }
    for (const b of layer.blocks) {
      const box = b.bbox!;
      // Quarter turns exactly, as CAD programs store them.
      const quarter = Number.isInteger(b.rotation / 90) ? ((b.rotation / 90) % 4 + 4) % 4 : -1;
      const cos = quarter >= 0 ? [1, 0, -1, 0][quarter] : Math.cos((b.rotation * Math.PI) / 180);
      const sin = quarter >= 0 ? [0, 1, 0, -1][quarter] : Math.sin((b.rotation * Math.PI) / 180);
      const local = ([x, y]: [number, number]): [number, number] => {
        const dx = x - b.position.x;
        const dy = y - b.position.y;
        return [(dx * cos + dy * sin) / b.scaleX, (-dx * sin + dy * cos) / b.scaleY];
      };
      const corners = ([[box.minX, box.minY], [box.maxX, box.minY], [box.maxX, box.maxY], [box.minX, box.maxY]] as [number, number][]).map(local);
      // One definition per name while the instances agree on the block's shape, else a numbered variant.
      let name = b.name;
      for (let variant = 2; ; variant++) {
        const existing = blocks.get(name);
        const outline = existing?.entities[0] as { vertices: readonly (readonly [number, number])[] } | undefined;
        if (!existing || outline!.vertices.every((v, i) => Math.abs(v[0] - corners[i][0]) < 1e-6 && Math.abs(v[1] - corners[i][1]) < 1e-6)) break;
        name = `${b.name}$${variant}`;
      }
      if (!blocks.has(name)) blocks.set(name, { name, entities: [{ type: 'LWPOLYLINE', layer: '0', vertices: corners, closed: true }] });
      entities.push({ type: 'INSERT', layer: layer.name, block: name, position: [b.position.x, b.position.y, b.position.z], rotation: b.rotation, scale: [b.scaleX, b.scaleY] });
    }
  }
  return { insUnits, layers: drawing.layers.map((l) => l.name), blocks: [...blocks.values()], entities };
}

/**
 * The fixture's door boxes include jambs of varying depth, so one block name needs several block definitions in
 * DXF (numbered `NAME$2`…). Opening ids hash the block name, so openings are compared by kind and centre instead.
 */
function normalizeOpenings(walls: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(walls)) as { walls: { openings: Record<string, unknown>[] }[]; unhostedOpenings: Record<string, unknown>[] };
  for (const opening of [...copy.walls.flatMap((w) => w.openings), ...copy.unhostedOpenings]) {
    const center = opening.center as { x: number; y: number };
    opening.id = `${opening.kind}@${center.x.toFixed(3)},${center.y.toFixed(3)}`;
    opening.blockName = String(opening.blockName).replace(/\$\d+$/, '');
  }
  return copy;
}

function wallsJson(drawing: Drawing, units: 'mm' | 'm', layers: string[]): unknown {
  const result = runPipeline({ drawing, selectedLayers: layers, units, params: defaultParams });
  const failed = result.steps.filter((s) => s.status !== 'completed');
  expect(failed).toEqual([]);
  const artifact = result.artifacts.find((a) => a.name === 'walls.json');
  if (!artifact) throw new Error('no walls.json');
  return JSON.parse(artifactText(artifact));
}

describe('DXF: the Barcelona Pavilion plan', () => {
  const bytes = readFileSync(join(REAL, 'es_barcelona_pavilion_plan.dxf'));
  const drawing = importDxf(bytes, 'es_barcelona_pavilion_plan.dxf');

  it('imports in metres with its layers and entity counts', () => {
    expect(drawing.declaredUnits).toBe('m');
    expect(drawing.warnings).toEqual([]);
    // Counted independently from the raw text: every model-space entity's type and layer (group 8).
    const text = bytes.toString('utf8').split(/\r\n|\n/);
    const counts = new Map<string, number>();
    let section = '';
    for (let i = 0; i + 1 < text.length; i += 2) {
      const code = text[i].trim();
      const value = text[i + 1].trim();
      if (code === '2' && text[i - 1].trim() === 'SECTION') section = value;
      if (code === '0' && value === 'ENDSEC') section = '';
      if (section !== 'ENTITIES' || code !== '0') continue;
      let layer = '0';
      let paperSpace = false;
      for (let j = i + 2; j + 1 < text.length && text[j].trim() !== '0'; j += 2) {
        if (text[j].trim() === '8') layer = text[j + 1].trim();
        if (text[j].trim() === '67') paperSpace = text[j + 1].trim() === '1';
      }
      if (!paperSpace) counts.set(`${layer}/${value}`, (counts.get(`${layer}/${value}`) ?? 0) + 1);
    }
    const imported = new Map<string, number>();
    for (const layer of drawing.layers) {
      if (lineCount(layer.lines)) imported.set(`${layer.name}/LINE`, lineCount(layer.lines));
      for (const [type, n] of layer.otherCounts) imported.set(`${layer.name}/${type}`, n);
      // Door swings became ARC_DOOR references: they are the layer's ARCs.
      const arcDoors = layer.blocks.filter((b) => b.name === ARC_DOOR_NAME).length;
      if (arcDoors) imported.set(`${layer.name}/ARC`, (imported.get(`${layer.name}/ARC`) ?? 0) + arcDoors);
    }
    expect(imported).toEqual(counts);
    expect(linesOf(layerNamed(drawing, 'Walls').lines)).toHaveLength(60);
    expect(linesOf(layerNamed(drawing, 'Columns').lines)).toHaveLength(96);
  });

  it('turns the door swings of the Doors layer into ARC_DOOR references', () => {
    const doors = layerNamed(drawing, 'Doors').blocks;
    expect(doors.length).toBe(8);
    for (const door of doors) {
      expect(door.name).toBe(ARC_DOOR_NAME);
      const box = door.bbox!;
      // A square at the hinge whose side is the radius (a door leaf of about a metre).
      closeTo(box.maxX - box.minX, box.maxY - box.minY, 1e-6);
      expect(box.maxX - box.minX).toBeGreaterThan(0.3);
      expect(box.maxX - box.minX).toBeLessThan(2.5);
    }
  });

  it('gives walls from its Walls layer (the IFC model has 13)', () => {
    const ifcWalls = (readFileSync(join(REAL, 'es_barcelona_pavilion_groundtruth.ifc'), 'utf8').match(/=IFCWALL(STANDARDCASE)?\(/g) ?? []).length;
    expect(ifcWalls).toBe(13);
    expect(suggestedLayers(buildLayerInventory(drawing))).toEqual(['Walls']);
    const walls = wallsJson(drawing, 'm', ['Walls']) as { walls: unknown[] };
    console.log(`Barcelona Pavilion: ${walls.walls.length} walls from layer Walls (IFC model: ${ifcWalls})`);
    expect(walls.walls.length).toBeGreaterThanOrEqual(10);
    expect(walls.walls.length).toBeLessThanOrEqual(20);
  });
});

describe('DWG: the LibreDWG examples', () => {
  /** The model-space entities of a DWG, read with LibreDWG directly, as layer/type → count. */
  let counter: Promise<import('@mlightcad/libredwg-web').LibreDwgEx> | null = null;
  async function libraryCounts(bytes: Uint8Array): Promise<Map<string, number>> {
    counter ??= import('@mlightcad/libredwg-web').then(async (library) => library.LibreDwg.createByWasmInstance(await library.createModule()));
    const api = await counter;
    api.FS.writeFile('/count.dwg', bytes);
    const result = api.dwg_read_file('/count.dwg');
    api.FS.unlink('/count.dwg');
    const db = api.convert(result.data);
    api.dwg_free(result.data);
    const modelSpace = db.tables.BLOCK_RECORD.entries.find((r) => r.name === '*Model_Space')!;
    const counts = new Map<string, number>();
    for (const e of modelSpace.entities) counts.set(`${e.layer}/${e.type}`, (counts.get(`${e.layer}/${e.type}`) ?? 0) + 1);
    return counts;
  }

  function inventoryCounts(drawing: Drawing): Map<string, number> {
    const counts = new Map<string, number>();
    const add = (key: string, n: number) => n && counts.set(key, (counts.get(key) ?? 0) + n);
    for (const layer of drawing.layers) {
      add(`${layer.name}/LINE`, lineCount(layer.lines));
      add(`${layer.name}/INSERT`, layer.blocks.length);
      for (const [type, n] of layer.otherCounts) add(`${layer.name}/${type}`, n);
    }
    return counts;
  }

  it.each(['libredwg_example_2000.dwg', 'libredwg_example_2018.dwg'])('%s: the layer inventory matches its entities', async (file) => {
    const bytes = new Uint8Array(readFileSync(join(REAL, file)));
    const start = performance.now();
    const drawing = await importDwg(bytes, file);
    const ms = performance.now() - start;
    console.log(`${file}: DWG import in ${ms.toFixed(0)} ms (the first DWG of the run also loads the WASM)`);
    expect(drawing.declaredUnits).toBe('mm');
    const expected = await libraryCounts(bytes);
    // Polylines of every kind are the layer's polylines.
    const polylines = new Map<string, number>();
    for (const [key, n] of [...expected]) {
      const [layer, type] = key.split('/');
      if (type === 'LWPOLYLINE' || type === 'POLYLINE2D' || type === 'POLYLINE3D') {
        polylines.set(layer, (polylines.get(layer) ?? 0) + n);
        expected.delete(key);
      }
    }
    expect(inventoryCounts(drawing)).toEqual(expected);
    for (const layer of drawing.layers) expect(polylineCount(layer.polylines)).toBe(polylines.get(layer.name) ?? 0);
    expect(linesOf(layerNamed(drawing, 'Tavolo 3').lines)).toHaveLength(8);
    expect(drawing.layers.every((l) => l.skipped === 0)).toBe(true);
    // Every block reference has a world box from its block's geometry, around its insertion point.
    const blocks = drawing.layers.flatMap((l) => l.blocks);
    expect(blocks.length).toBe(10);
    for (const b of blocks.filter((x) => x.name === 'CIRKLO_PUNKTOJ')) {
      expect(b.bbox).not.toBeNull();
      expect(b.bbox!.minX).toBeLessThanOrEqual(b.position.x);
      expect(b.bbox!.maxX).toBeGreaterThanOrEqual(b.position.x);
    }
  });

  it('times the import of the 2018 example (WASM already loaded)', async () => {
    const bytes = new Uint8Array(readFileSync(join(REAL, 'libredwg_example_2018.dwg')));
    await importDwg(bytes, 'warm-up.dwg');
    const start = performance.now();
    const drawing = await importDrawingAsync(bytes, 'libredwg_example_2018.dwg');
    const ms = performance.now() - start;
    console.log(`libredwg_example_2018.dwg (${(bytes.length / 1024).toFixed(0)} KB): ${ms.toFixed(0)} ms`);
    expect(drawing.layers.length).toBe(3);
    expect(ms).toBeLessThan(5000);
  });

  it('rejects garbage, truncated and non-DWG files with one sentence naming the file', async () => {
    const garbage = readFileSync(join(FIXTURES, 'bad/garbage.dwg'));
    const notDwg = await rejection(() => importDwg(garbage, 'garbage.dwg'));
    expectOneSentence(notDwg, 'garbage.dwg');
    expect(notDwg.message).toContain('is not a DWG drawing');

    const real = readFileSync(join(REAL, 'libredwg_example_2018.dwg'));
    const truncated = await rejection(() => importDrawingAsync(real.subarray(0, 20_000), 'cut.dwg'));
    expectOneSentence(truncated, 'cut.dwg');
    expect(truncated.failure).toBe('structure');
    expect(truncated.message).toContain('is damaged or cannot be read');

    const scrambled = Uint8Array.from(real);
    for (let i = 0x100; i < scrambled.length; i += 7) scrambled[i] ^= 0x5a;
    const broken = await rejection(() => importDwg(scrambled, 'scrambled.dwg'));
    expectOneSentence(broken, 'scrambled.dwg');

    const r12 = await rejection(() => importDwg(encode('AC1009' + 'x'.repeat(200)), 'old.dwg'));
    expect(r12.message).toBe('old.dwg: the DWG version AC1009 (AutoCAD R12 or older) is not supported; save it as DWG R13–R2018 or as DXF.');
    expect((await rejection(() => importDwg(new Uint8Array(0), 'empty.dwg'))).failure).toBe('empty');
    // The reader still works after failures.
    expect((await importDwg(real, 'again.dwg')).layers.length).toBe(3);
  });

  it('the synchronous importer points DWG files to the asynchronous one', async () => {
    const real = readFileSync(join(REAL, 'libredwg_example_2018.dwg'));
    const sync = await rejection(() => importDrawing(real, 'plan.dwg'));
    expect(sync.failure).toBe('unsupported');
    expect(sync.message).toContain('use importDrawingAsync');
    // A DWG saved with a .dxf name is still read as DWG by the asynchronous importer.
    expect((await importDrawingAsync(real, 'renamed.dxf')).declaredUnits).toBe('mm');
  });
});

describe('DXF: a synthetic plan gives the same walls as its JSON', () => {
  const json = parseDrawingJson(readFileSync(join(FIXTURES, 'apartment.json')), 'apartment.json');
  const layers = suggestedLayers(buildLayerInventory(json));
  const expected = wallsJson(json, 'mm', layers);

  it.each([
    ['ASCII', (doc: DxfDocument) => encode(writeDxf(doc))],
    ['binary', (doc: DxfDocument) => writeBinaryDxf(doc)],
  ])('%s DXF', (_, write) => {
    const doc = drawingToDxf(json, 4);
    const drawing = importDxf(write(doc), 'apartment.dxf');
    expect(drawing.declaredUnits).toBe('mm');
    expect(drawing.warnings).toEqual([]);
    expect(suggestedLayers(buildLayerInventory(drawing))).toEqual(layers);
    for (const layer of json.layers.filter((l) => lineCount(l.lines) + polylineCount(l.polylines) + l.blocks.length > 0)) {
      const imported = layerNamed(drawing, layer.name);
      expect(imported.lines).toEqual(layer.lines);
      expect(imported.polylines).toEqual(layer.polylines);
      expect(imported.blocks.length).toBe(layer.blocks.length);
    }
    const actual = wallsJson(drawing, 'mm', layers) as { walls: unknown[] };
    expect(actual.walls.length).toBeGreaterThan(0);
    expect(firstDifference(normalizeOpenings(actual), normalizeOpenings(expected), 1e-6)).toBeNull();
  });
});

describe('DXF: geometry', () => {
  it('cuts bulge arcs into segments within 1 mm of the arc, in the unit of the file', () => {
    const bulges = [1, -1, 0.4142135623730951, 0.05, -2.5, 1e-4];
    for (const [insUnits, mmPerUnit] of [[4, 1], [6, 1000], [1, 25.4]] as const) {
      const radius = 5000 / mmPerUnit; // 5 m
      const vertices = bulges.map((b, i) => [i * radius, 0, b] as const);
      const drawing = dxf({ insUnits, entities: [{ type: 'LWPOLYLINE', layer: 'A-WALL', vertices: [...vertices, [bulges.length * radius, 0]] }] });
      const [polyline] = polylinesOf(layerNamed(drawing, 'A-WALL').polylines);
      let k = 0;
      for (let i = 0; i < bulges.length; i++) {
        const arc = bulgeArc(i * radius, 0, (i + 1) * radius, 0, bulges[i])!;
        // From this vertex to the next original one, every point is on the arc and every chord within 1 mm.
        const start = k;
        while (Math.abs(polyline.vertices[k + 1].x - (i + 1) * radius) > 1e-9 || Math.abs(polyline.vertices[k + 1].y) > 1e-9) k++;
        k++;
        for (let j = start; j < k; j++) {
          const a = polyline.vertices[j];
          const b = polyline.vertices[j + 1];
          closeTo(Math.hypot(b.x - arc.cx, b.y - arc.cy), arc.radius, 1e-9 * radius);
          const sagitta = arc.radius - Math.hypot((a.x + b.x) / 2 - arc.cx, (a.y + b.y) / 2 - arc.cy);
          expect(sagitta * mmPerUnit).toBeLessThanOrEqual(1 + 1e-9);
        }
        // And not needlessly fine: at least a quarter of the allowance is used on a big arc.
        if (Math.abs(bulges[i]) > 0.3) {
          const a = polyline.vertices[start];
          const b = polyline.vertices[start + 1];
          const sagitta = arc.radius - Math.hypot((a.x + b.x) / 2 - arc.cx, (a.y + b.y) / 2 - arc.cy);
          expect(sagitta * mmPerUnit).toBeGreaterThan(0.25);
        }
      }
      expect(k).toBe(polyline.vertices.length - 1);
    }
  });

  it('uses the unit it is given when the file declares none, and keeps the closing bulge of a closed polyline', () => {
    // A closed circle of two half-circle bulges, radius 2 m drawn in metres without $INSUNITS.
    const doc: DxfDocument = { entities: [{ type: 'LWPOLYLINE', layer: 'A-WALL', vertices: [[0, 0, 1], [4, 0, 1]], closed: true }] };
    const inMetres = polylinesOf(layerNamed(dxf(doc, 'c.dxf', { units: 'm' }), 'A-WALL').polylines)[0];
    expect(inMetres.closed).toBe(true);
    for (let i = 0; i < inMetres.vertices.length; i++) {
      const a = inMetres.vertices[i];
      const b = inMetres.vertices[(i + 1) % inMetres.vertices.length];
      closeTo(Math.hypot(a.x - 2, a.y), 2, 1e-12);
      expect((2 - Math.hypot((a.x + b.x) / 2 - 2, (a.y + b.y) / 2)) * 1000).toBeLessThanOrEqual(1);
    }
    const inMillimetres = polylinesOf(layerNamed(dxf(doc, 'c.dxf', { units: 'mm' }), 'A-WALL').polylines)[0];
    expect(inMillimetres.vertices.length).toBeLessThan(inMetres.vertices.length);
  });

  it('explodes inserts on wall layers recursively with rotation, scale and base point', () => {
    const inner: DxfBlock = { name: 'PIER', base: [1, 1], entities: [{ type: 'LINE', layer: '0', start: [1, 1], end: [1, 3] }] };
    const outer: DxfBlock = {
      name: 'WALLS',
      base: [100, 0],
      entities: [
        { type: 'LINE', layer: '0', start: [100, 0], end: [1100, 0] },
        { type: 'LWPOLYLINE', layer: '0', vertices: [[100, 200], [1100, 200], [1100, 400]], closed: false },
        { type: 'LINE', layer: 'Furniture', start: [100, 50], end: [200, 50] },
        { type: 'INSERT', layer: '0', block: 'PIER', position: [600, 100], rotation: 90, scale: [10, 10] },
        { type: 'TEXT', layer: '0', position: [0, 0], text: 'not exploded' },
      ],
    };
    const drawing = dxf({
      insUnits: 4,
      blocks: [inner, outer],
      entities: [{ type: 'INSERT', layer: 'A-WALL', block: 'WALLS', position: [5000, 2000], rotation: 30, scale: [2, -0.5] }],
    });
    // Independent placement: world = P + R(30°)·diag(2, -0.5)·(p − base).
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const place = (x: number, y: number) => {
      const lx = (x - 100) * 2;
      const ly = y * -0.5;
      return { x: 5000 + lx * c - ly * s, y: 2000 + lx * s + ly * c };
    };
    const wall = layerNamed(drawing, 'A-WALL');
    expect(linesOf(wall.lines)).toHaveLength(2);
    const [first, pier] = linesOf(wall.lines);
    for (const [actual, expected] of [
      [first.start, place(100, 0)],
      [first.end, place(1100, 0)],
      // PIER: (1,1)→(1,3) relative to its base (1,1), turned 90° and scaled 10 at (600, 100) inside WALLS.
      [pier.start, place(600, 100)],
      [pier.end, place(600 - 20, 100)],
    ] as const) {
      closeTo(actual.x, expected.x, 1e-9);
      closeTo(actual.y, expected.y, 1e-9);
    }
    expect(polylinesOf(wall.polylines)[0].vertices.map((v) => [v.x, v.y])).toEqual(
      [place(100, 200), place(1100, 200), place(1100, 400)].map((p) => [expect.closeTo(p.x, 9), expect.closeTo(p.y, 9)]),
    );
    // An entity on its own layer keeps it.
    expect(linesOf(layerNamed(drawing, 'Furniture').lines)).toHaveLength(1);
    // The insert itself is a block reference with the world box of the placed geometry.
    const [ref] = wall.blocks;
    expect(ref).toMatchObject({ name: 'WALLS', rotation: 30, scaleX: 2, scaleY: -0.5 });
    closeTo(ref.position.x, 5000);
    closeTo(ref.position.y, 2000);
    // Every point of the placed geometry (the TEXT has no extent).
    const corners = [place(100, 0), place(1100, 0), place(100, 200), place(1100, 200), place(1100, 400), place(100, 50), place(200, 50), place(600, 100), place(580, 100)];
    closeTo(ref.bbox!.minX, Math.min(...corners.map((p) => p.x)), 1e-9);
    closeTo(ref.bbox!.maxX, Math.max(...corners.map((p) => p.x)), 1e-9);
    closeTo(ref.bbox!.minY, Math.min(...corners.map((p) => p.y)), 1e-9);
    closeTo(ref.bbox!.maxY, Math.max(...corners.map((p) => p.y)), 1e-9);
    // Entities of the exploded blocks are not counted as model-space entities.
    expect(wall.otherCounts).toEqual([]);
  });

  it('explodes a block on any layer when it holds walls or doors of its own, and mirrors entities with extrusion (0, 0, -1)', () => {
    const door: DxfBlock = { name: 'D90', entities: [{ type: 'LINE', layer: '0', start: [0, 0], end: [900, 0] }, { type: 'ARC', layer: '0', center: [0, 0], radius: 900, start: 0, end: 90 }] };
    const plan: DxfBlock = {
      name: 'FLOOR',
      entities: [
        { type: 'LINE', layer: 'A-WALL', start: [0, 0], end: [4000, 0] },
        { type: 'INSERT', layer: 'A-DOOR', block: 'D90', position: [1000, 0] },
        { type: 'LWPOLYLINE', layer: 'A-WALL', vertices: [[0, 200], [4000, 200]], normal: [0, 0, -1] },
      ],
    };
    const drawing = dxf({ insUnits: 4, blocks: [door, plan], entities: [{ type: 'INSERT', layer: 'XREF-PLAN', block: 'FLOOR', position: [10000, 0] }] });
    const wall = layerNamed(drawing, 'A-WALL');
    expect(linesOf(wall.lines).map((l) => [l.start.x, l.end.x])).toEqual([[10000, 14000]]);
    // OCS with extrusion -Z: x is mirrored.
    expect(polylinesOf(wall.polylines)[0].vertices.map((v) => [v.x, v.y])).toEqual([[10000, 200], [6000, 200]]);
    const [doorRef] = layerNamed(drawing, 'A-DOOR').blocks;
    expect(doorRef).toMatchObject({ name: 'D90', position: { x: 11000, y: 0 }, bbox: { minX: 11000, minY: 0, maxX: 11900, maxY: 900 } });
    // The door block is a reference, not exploded: no ARC_DOOR from its own swing.
    expect(layerNamed(drawing, 'A-DOOR').blocks).toHaveLength(1);
    expect(layerNamed(drawing, 'XREF-PLAN').blocks[0].name).toBe('FLOOR');
  });

  it('keeps mirrored and arrayed inserts as references with their world placement', () => {
    const box: DxfBlock = { name: 'WIN', entities: [{ type: 'LWPOLYLINE', layer: '0', vertices: [[0, 0], [1200, 0], [1200, 100], [0, 100]], closed: true }] };
    const drawing = dxf({
      insUnits: 4,
      blocks: [box],
      entities: [
        { type: 'INSERT', layer: 'A-WINDOW', block: 'WIN', position: [1000, 500], normal: [0, 0, -1] },
        { type: 'INSERT', layer: 'A-WINDOW', block: 'WIN', position: [0, 0], array: [3, 2, 2000, 5000] },
      ],
    });
    const refs = layerNamed(drawing, 'A-WINDOW').blocks;
    expect(refs).toHaveLength(7);
    expect(refs[0]).toMatchObject({ position: { x: -1000, y: 500 }, rotation: 180, scaleX: 1, scaleY: -1, bbox: { minX: -2200, minY: 500, maxX: -1000, maxY: 600 } });
    expect(refs.slice(1).map((r) => [r.position.x, r.position.y, r.bbox!.maxX])).toEqual([
      [0, 0, 1200],
      [2000, 0, 3200],
      [4000, 0, 5200],
      [0, 5000, 1200],
      [2000, 5000, 3200],
      [4000, 5000, 5200],
    ]);
  });

  it('counts every other entity type per layer, ignores paper space and keeps 2D POLYLINEs with their bulges', () => {
    const drawing = dxf({
      insUnits: 4,
      entities: [
        { type: 'CIRCLE', layer: 'A-WALL', center: [0, 0], radius: 100 },
        { type: 'ARC', layer: 'A-WALL', center: [0, 0], radius: 100, start: 0, end: 90 },
        { type: 'TEXT', layer: 'A-ANNO', position: [0, 0], text: 'Küche' },
        { type: 'HATCH', layer: 'A-WALL-PATT', tags: [[2, 'ANSI31'], [70, 0]] },
        { type: 'MTEXT', layer: 'A-ANNO', tags: [[1, 'text']] },
        { type: 'DIMENSION', layer: 'A-ANNO', tags: [[2, '*D1']] },
        { type: 'SPLINE', layer: 'A-WALL', tags: [[70, 8], [71, 3], [10, 0], [20, 0], [30, 0], [10, 5], [20, 5], [30, 0]] },
        { type: 'LINE', layer: 'A-WALL', start: [0, 0], end: [1, 1], paperSpace: true },
        { type: 'POLYLINE', layer: 'A-WALL', vertices: [[0, 0, 1], [1000, 0], [1000, 1000]], closed: true },
        { type: 'AEC_WALL', layer: 'A-WALL' },
      ],
    });
    const wall = layerNamed(drawing, 'A-WALL');
    expect(linesOf(wall.lines)).toHaveLength(0);
    expect(wall.otherCounts).toEqual([['AEC_WALL', 1], ['ARC', 1], ['CIRCLE', 1], ['SPLINE', 1]]);
    expect(polylinesOf(wall.polylines)).toHaveLength(1);
    expect(polylinesOf(wall.polylines)[0].closed).toBe(true);
    expect(polylinesOf(wall.polylines)[0].vertices.length).toBeGreaterThan(3 + 10);
    expect(layerNamed(drawing, 'A-ANNO').otherCounts).toEqual([['DIMENSION', 1], ['MTEXT', 1], ['TEXT', 1]]);
    expect(layerNamed(drawing, 'A-WALL-PATT').otherCounts).toEqual([['HATCH', 1]]);
  });

  it('reads LWPOLYLINE vertex ids (group 91) without losing vertices, and INSERT attributes', () => {
    const drawing = dxf({
      insUnits: 4,
      blocks: [{ name: 'TAG', entities: [{ type: 'CIRCLE', layer: '0', center: [0, 0], radius: 50 }] }],
      entities: [
        { type: 'LWPOLYLINE', layer: 'A-WALL', vertices: [[0, 0], [1000, 0], [1000, 1000], [0, 1000]], closed: true, vertexIds: true },
        { type: 'INSERT', layer: 'A-DOOR', block: 'TAG', position: [10, 20], attribute: 'D01' },
        { type: 'LINE', layer: 'A-WALL', start: [0, 0], end: [0, 1] },
      ],
    });
    expect(polylinesOf(layerNamed(drawing, 'A-WALL').polylines)[0].vertices.map((v) => [v.x, v.y])).toEqual([[0, 0], [1000, 0], [1000, 1000], [0, 1000]]);
    expect(linesOf(layerNamed(drawing, 'A-WALL').lines)).toHaveLength(1);
    expect(layerNamed(drawing, 'A-DOOR').blocks[0].bbox).toEqual({ minX: -40, minY: -30, maxX: 60, maxY: 70 });
  });
});

describe('DXF: doors and windows', () => {
  it('makes ~90° arcs on door layers ARC_DOOR references with the square of the swing; other arcs stay arcs', () => {
    const drawing = dxf({
      insUnits: 4,
      entities: [
        { type: 'ARC', layer: 'A-DOOR', center: [1000, 2000], radius: 900, start: 90, end: 180 },
        { type: 'ARC', layer: 'Tür', center: [0, 0], radius: 800, start: 350, end: 80 },
        { type: 'ARC', layer: 'A-DOOR', center: [0, 0], radius: 900, start: 0, end: 180 },
        { type: 'ARC', layer: 'A-DOOR', center: [0, 0], radius: 20, start: 0, end: 90 },
        { type: 'ARC', layer: 'A-WALL', center: [0, 0], radius: 900, start: 0, end: 90 },
        { type: 'ARC', layer: 'A-DOOR', center: [5000, 0], radius: 1000, start: 0, end: 90, normal: [0, 0, -1] },
      ],
    });
    const doors = layerNamed(drawing, 'A-DOOR');
    expect(doors.blocks).toHaveLength(2);
    const [swing, mirrored] = doors.blocks;
    expect(swing.name).toBe(ARC_DOOR_NAME);
    expect(swing.position).toEqual({ x: 1000, y: 2000, z: 0 });
    expect(swing.rotation).toBeCloseTo(90, 9);
    for (const [key, value] of Object.entries({ minX: 100, minY: 2000, maxX: 1000, maxY: 2900 })) closeTo(swing.bbox![key as keyof typeof swing.bbox], value, 1e-9);
    // Extrusion -Z mirrors the arc: centre at x = -5000, swinging into -x.
    for (const [key, value] of Object.entries({ minX: -6000, minY: 0, maxX: -5000, maxY: 1000 })) closeTo(mirrored.bbox![key as keyof typeof mirrored.bbox], value, 1e-9);
    // 180° and a 20 mm radius are no door swings.
    expect(other(doors, 'ARC')).toBe(2);
    // A swing across 0° (350° → 80°) on a German door layer.
    expect(layerNamed(drawing, 'Tür').blocks.map((b) => b.name)).toEqual([ARC_DOOR_NAME]);
    expect(other(layerNamed(drawing, 'A-WALL'), 'ARC')).toBe(1);
    // The pipeline takes them as doors.
    const openings = extractEntities(drawing, []).entities.openings;
    expect(openings.filter((o) => o.kind === 'door')).toHaveLength(3);
  });

  it('takes anonymous dynamic blocks (*U…) on door and window layers as doors and windows', () => {
    const leaf: DxfBlock = { name: '*U12', flags: 1, entities: [{ type: 'LINE', layer: '0', start: [0, 0], end: [0, 900] }, { type: 'ARC', layer: '0', center: [0, 0], radius: 900, start: 0, end: 90 }] };
    const pane: DxfBlock = { name: '*U13', flags: 1, entities: [{ type: 'LWPOLYLINE', layer: '0', vertices: [[0, 0], [1500, 0], [1500, 120], [0, 120]], closed: true }] };
    const drawing = dxf({
      insUnits: 4,
      blocks: [leaf, pane],
      entities: [
        { type: 'INSERT', layer: 'A-DOOR', block: '*U12', position: [1000, 0], rotation: 90 },
        { type: 'INSERT', layer: 'Fenster', block: '*U13', position: [3000, 0] },
      ],
    });
    const openings = extractEntities(drawing, []).entities.openings;
    expect(openings.map((o) => [o.kind, o.name])).toEqual([
      ['door', '*U12'],
      ['window', '*U13'],
    ]);
    const door = openings[0].box;
    closeTo(door.minX, 100, 1e-9);
    closeTo(door.maxX, 1000, 1e-9);
    closeTo(door.maxY, 900, 1e-9);
  });
});

describe('DXF: units', () => {
  it('maps $INSUNITS 1 in, 2 ft, 4 mm, 5 cm, 6 m; 0 or missing is none', () => {
    expect([1, 2, 4, 5, 6, 0, 3, 14, null].map(unitsFromInsUnits)).toEqual(['in', 'ft', 'mm', 'cm', 'm', null, null, null, null]);
    const line: DxfEntity = { type: 'LINE', layer: 'A-WALL', start: [0, 0], end: [1, 0] };
    expect(dxf({ insUnits: 5, entities: [line] }).declaredUnits).toBe('cm');
    expect(dxf({ insUnits: 0, entities: [line] }).declaredUnits).toBeNull();
    expect(dxf({ entities: [line] }).declaredUnits).toBeNull();
    const decimetres = dxf({ insUnits: 14, entities: [line] });
    expect(decimetres.declaredUnits).toBeNull();
    expect(decimetres.warnings).toContain('The file declares its units as decimetres ($INSUNITS = 14), which the app does not support; the units are guessed from the geometry.');
  });

  it('keeps a declared unit the geometry contradicts in the model, warns, and the job units follow the geometry', () => {
    const json = parseDrawingJson(readFileSync(join(FIXTURES, 'apartment.json')), 'apartment.json');
    const asMetres = importDxf(encode(writeDxf(drawingToDxf(json, 6))), 'apartment.dxf');
    expect(asMetres.declaredUnits).toBe('m');
    const warning = asMetres.warnings.find((w) => w.includes('but the geometry looks like millimetres'));
    expect(warning).toMatch(/^The file declares its units as metres \(\$INSUNITS = 6\), but the geometry looks like millimetres \(.*\); the units suggested for the job follow the geometry/);
    const detected = detectUnits(asMetres);
    expect(detected.units).toBe('mm');
    expect(detected.reason).toMatch(/^the file header says m, but the geometry does not fit/);
    expect(importDxf(encode(writeDxf(drawingToDxf(json, 4))), 'apartment.dxf').warnings).toEqual([]);
  });

  // US drawings in inches often declare no unit ($INSUNITS 0) but show feet and inches ($LUNITS 4). The
  // geometry alone cannot tell inches from centimetres (a factor of 2.54: wall thicknesses fit both).
  describe('without $INSUNITS, an imperial header', () => {

    const plans = ['apartment', 'office-floor', 'campus'].map((name) => parseDrawingJson(readFileSync(join(FIXTURES, `${name}.json`)), `${name}.json`));
    const detect = (d: Drawing, factor: number, header: DxfDocument['header']) => detectUnits(importDxf(encode(writeDxf({ ...drawingToDxf(transformDrawing(d, factor), null), header })), 'plan.dxf'));

    it.each(plans.map((p) => [p.fileName, p] as const))('%s in inches: $LUNITS 4 or 3 give inches; without it the geometry guess is centimetres', (_, plan) => {
      const inches = 1 / 25.4;
      expect(detect(plan, inches, [['$LUNITS', 70, 4]])).toEqual({ units: 'in', reason: 'no unit declared, but the header shows lengths in feet and inches ($LUNITS = 4, architectural)' });
      expect(detect(plan, inches, [['$LUNITS', 70, 3]]).units).toBe('in');
      expect(detect(plan, inches, [['$LUNITS', 70, 2]]).units).toBe('cm');
    });

    it('$MEASUREMENT 0 alone only warns: the imperial system does not say which unit', () => {
      const drawing = importDxf(encode(writeDxf({ ...drawingToDxf(transformDrawing(plans[0], 1 / 25.4), null), header: [['$MEASUREMENT', 70, 0]] })), 'plan.dxf');
      expect(drawing.warnings).toContain('The file declares no unit but uses the imperial measurement system ($MEASUREMENT = 0); if the plan is drawn in inches or feet, choose that unit for the job.');
      expect(detectUnits(drawing).units).toBe('cm');
      expect(importDxf(encode(writeDxf({ ...drawingToDxf(plans[0], 4), header: [['$MEASUREMENT', 70, 0]] })), 'plan.dxf').warnings).toEqual([]);
    });

    it('a plan in metres with $LUNITS 4 follows the geometry, saying why', () => {
      const r = detect(plans[0], 1 / 1000, [['$LUNITS', 70, 4]]);
      expect(r.units).toBe('m');
      expect(r.reason).toMatch(/^the header shows lengths in feet and inches \(\$LUNITS = 4, architectural\), but the geometry does not fit inches/);
    });

    it('the apartment in inches gives the same walls as in millimetres', () => {
      const drawing = importDxf(encode(writeDxf({ ...drawingToDxf(transformDrawing(plans[0], 1 / 25.4), null), header: [['$LUNITS', 70, 4]] })), 'apartment-in.dxf');
      const layers = suggestedLayers(buildLayerInventory(drawing));
      const inInches = runPipeline({ drawing, selectedLayers: layers, units: detectUnits(drawing).units, params: defaultParams }).walls.walls;
      const inMm = runPipeline({ drawing: plans[0], selectedLayers: layers, units: 'mm', params: defaultParams }).walls.walls;
      const key = (w: { p1: { x: number; y: number }; p2: { x: number; y: number }; thickness: number }) => [w.p1.x, w.p1.y, w.p2.x, w.p2.y, w.thickness].map((v) => v.toFixed(1)).join(' ');
      expect(inInches.map(key).sort()).toEqual(inMm.map(key).sort());
    });
  });
});

describe('DXF: damaged and hostile files', () => {
  const line: DxfEntity = { type: 'LINE', layer: 'A-WALL', start: [0, 0], end: [1000, 0] };

  it('survives the header quirk $XCLIPFRAME = 2 that makes dxf-parser throw', () => {
    const text = writeDxf({ insUnits: 4, header: [['$XCLIPFRAME', 290, 2], ['$LWDISPLAY', 290, 0]], entities: [line] });
    const DxfParser = ((DxfParserModule as unknown as { default?: unknown }).default ?? DxfParserModule) as new () => { parse(t: string): unknown };
    expect(() => new DxfParser().parse(text)).toThrow(/cannot be cast to Boolean/);
    const drawing = importDxf(encode(text), 'librecad.dxf');
    expect(linesOf(layerNamed(drawing, 'A-WALL').lines)).toHaveLength(1);
    expect(drawing.declaredUnits).toBe('mm');
    expect(drawing.warnings).toEqual(['The DXF header has non-standard values ($XCLIPFRAME = 2); they were ignored.']);
  });

  it('skips an entity dxf-parser cannot read and keeps the rest', () => {
    const drawing = dxf({
      insUnits: 4,
      entities: [line, { type: 'LINE', layer: 'A-WALL', tags: [[10, 5], [11, 6], [21, 7]] }, { ...line, start: [0, 500], end: [1000, 500] }],
    });
    const wall = layerNamed(drawing, 'A-WALL');
    expect(linesOf(wall.lines)).toHaveLength(2);
    expect(wall.skipped).toBe(1);
    expect(drawing.warnings).toEqual(['Layer "A-WALL": skipped 1 unreadable entity (first: LINE could not be read (Expected code for point value to be 20 but got 11.)).']);
  });

  it('does not hang on a POLYLINE without SEQEND', () => {
    const drawing = dxf({
      insUnits: 4,
      entities: [{ type: 'POLYLINE', layer: 'A-WALL', vertices: [[0, 0], [1000, 0]], seqend: false }, line],
    });
    expect(polylinesOf(layerNamed(drawing, 'A-WALL').polylines)).toHaveLength(1);
    expect(linesOf(layerNamed(drawing, 'A-WALL').lines)).toHaveLength(1);
  });

  it('keeps what was read from a truncated file, with a warning', () => {
    const text = writeDxf({ insUnits: 4, entities: [line, line, line] });
    const cut = text.slice(0, text.lastIndexOf('LINE') - 6);
    const drawing = importDxf(encode(cut), 'cut.dxf');
    expect(linesOf(layerNamed(drawing, 'A-WALL').lines)).toHaveLength(2);
    expect(drawing.warnings).toEqual(['The DXF file ends without its EOF marker, so it may be truncated; what was read is kept.']);
  });

  it('rejects garbage, empty and broken files with one sentence naming the file', async () => {
    const cases: [string, Uint8Array, string][] = [
      ['garbage.dxf', readFileSync(join(FIXTURES, 'bad/garbage.dxf')), 'garbage.dxf: the file is not a DXF drawing: it contains binary data but not the binary DXF signature.'],
      ['notes.dxf', encode('Hello,\nthis is not a drawing.\n'), 'notes.dxf: the file is not a DXF drawing: it does not start with a DXF group code (line 1 is "Hello,").'],
      ['empty.dxf', encode('\r\n\r\n'), 'empty.dxf: the file is empty.'],
      ['nosection.dxf', encode('0\nLINE\n8\nA\n'), 'nosection.dxf: the file is not a DXF drawing: it has no SECTION.'],
      ['header-only.dxf', encode('0\nSECTION\n2\nHEADER\n9\n$INSUNITS\n70\n'), 'header-only.dxf: the DXF file ends before its ENTITIES section, so it looks truncated.'],
      ['broken.dxf', encode('0\nSECTION\n2\nHEADER\n9\n$INSUNITS\n70\n4\nxx\n1\n0\nENDSEC\n'), 'broken.dxf: the DXF file is damaged at line 9, before its ENTITIES section.'],
      ['dwg.dxf', readFileSync(join(REAL, 'libredwg_example_2000.dwg')), 'dwg.dxf: DWG files are read asynchronously (the DWG reader is WebAssembly); use importDrawingAsync.'],
    ];
    for (const [name, bytes, message] of cases) {
      const error = await rejection(() => importDrawing(bytes, name));
      expect(error.message).toBe(message);
      expectOneSentence(error, name);
    }
    // Through the asynchronous importer too.
    expect((await rejection(() => importDrawingAsync(cases[0][1], 'garbage.dxf'))).failure).toBe('unsupported');
  });

  it('does not loop on self-referencing blocks and caps huge arrays', () => {
    const drawing = dxf({
      insUnits: 4,
      blocks: [
        { name: 'A', entities: [{ type: 'LINE', layer: '0', start: [0, 0], end: [1, 0] }, { type: 'INSERT', layer: '0', block: 'B', position: [10, 0] }] },
        { name: 'B', entities: [{ type: 'INSERT', layer: '0', block: 'A', position: [10, 0] }] },
      ],
      entities: [
        { type: 'INSERT', layer: 'A-WALL', block: 'A', position: [0, 0] },
        { type: 'INSERT', layer: 'A-WINDOW', block: 'A', position: [0, 0], array: [1000, 1000, 1, 1] },
        { type: 'INSERT', layer: 'A-WALL', block: 'MISSING', position: [0, 0] },
      ],
    });
    expect(lineCount(layerNamed(drawing, 'A-WALL').lines)).toBeGreaterThan(0);
    expect(layerNamed(drawing, 'A-WINDOW').blocks).toHaveLength(1);
    expect(drawing.warnings.some((w) => w.includes('contains itself'))).toBe(true);
    expect(drawing.warnings.some((w) => w.includes('too many cells'))).toBe(true);
    expect(drawing.warnings.some((w) => w.includes('"MISSING"'))).toBe(true);
  });

  it('decodes legacy code pages and \\U+ escapes in names', () => {
    const text = writeDxf({ version: 'AC1015', header: [['$DWGCODEPAGE', 3, 'ANSI_1252']], entities: [{ ...line, layer: 'W\\U+00C4NDE' }, { ...line, layer: 'Tür' }] });
    const latin1 = Uint8Array.from([...text].map((ch) => ch.charCodeAt(0)));
    const drawing = importDxf(latin1, 'legacy.dxf');
    expect(drawing.layers.map((l) => l.name)).toEqual(['WÄNDE', 'Tür']);
  });
});

describe('importDrawingAsync', () => {
  it('imports JSON and DXF like the synchronous importer', async () => {
    const jsonBytes = readFileSync(join(FIXTURES, 'apartment.json'));
    expect(await importDrawingAsync(jsonBytes, 'apartment.json')).toEqual(importDrawing(jsonBytes, 'apartment.json'));
    const dxfBytes = readFileSync(join(REAL, 'es_barcelona_pavilion_plan.dxf'));
    expect(await importDrawingAsync(dxfBytes, 'plan.DXF')).toEqual(importDrawing(dxfBytes, 'plan.DXF'));
    const tooBig = await rejection(() => importDrawingAsync(dxfBytes, 'plan.dwg', { maxBytes: 1000 }));
    expect(tooBig.failure).toBe('too-large');
  });

  it('keeps world boxes of block references around their insertion points', () => {
    const drawing = importDrawing(readFileSync(join(REAL, 'es_barcelona_pavilion_plan.dxf')), 'plan.dxf');
    const refs: BlockRef[] = drawing.layers.flatMap((l) => l.blocks);
    for (const ref of refs) {
      expect(ref.bbox!.minX).toBeLessThanOrEqual(ref.position.x + 1e-9);
      expect(ref.bbox!.maxX).toBeGreaterThanOrEqual(ref.position.x - 1e-9);
    }
  });
});
