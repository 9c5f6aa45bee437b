import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Drawing } from '../../src/core/model';
import { decodeText } from '../../src/import/decodeText';
import { DEFAULT_MAX_BYTES, DrawingImportError, importDrawing, parseDrawingJson } from '../../src/import/index';
import { lineListOf, polylineListOf } from '../../src/core/layerGeometry';
import { linesOf, polylinesOf } from '../support/layerObjects';

const FIXTURES = join(__dirname, '../fixtures');
const BAD = join(FIXTURES, 'bad');

interface CorpusCase {
  file: string;
  outcome: 'rejected' | 'imported' | 'imported-with-warnings';
  message?: string;
  maxBytes?: number;
}

const corpus: CorpusCase[] = JSON.parse(readFileSync(join(BAD, 'expected.json'), 'utf8')).cases;

function importFixture(path: string, options?: { maxBytes?: number }): Drawing {
  return importDrawing(readFileSync(path), path.split('/').pop()!, options);
}

function importText(text: string, fileName = 'test.json'): Drawing {
  return importDrawing(new TextEncoder().encode(text), fileName);
}

function caught(run: () => unknown): DrawingImportError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DrawingImportError);
    return error as DrawingImportError;
  }
  throw new Error('expected the import to be rejected');
}

function layerNamed(drawing: Drawing, name: string) {
  const layer = drawing.layers.find((l) => l.name === name);
  if (!layer) throw new Error(`no layer ${name}`);
  return layer;
}

function allNumbers(drawing: Drawing): number[] {
  return drawing.layers.flatMap((layer) => [
    ...linesOf(layer.lines).flatMap((l) => [l.start, l.end]).flatMap((p) => [p.x, p.y, p.z]),
    ...polylinesOf(layer.polylines).flatMap((p) => p.vertices).flatMap((p) => [p.x, p.y, p.z]),
    ...layer.blocks.flatMap((b) => [b.position.x, b.position.y, b.position.z, b.rotation, b.scaleX, b.scaleY]),
    ...layer.blocks.flatMap((b) => (b.bbox ? [b.bbox.minX, b.bbox.minY, b.bbox.maxX, b.bbox.maxY] : [])),
  ]);
}

/** A one-layer drawing with the given entity lists, as JSON text. */
function drawingText(layer: Record<string, unknown>): string {
  return JSON.stringify({ Layers: [{ LayerName: 'A-WALL', ...layer }] });
}

describe('real samples', () => {
  const samples = ['apartment', 'apartment-he-m', 'campus', 'office-floor', 'rotated'];

  it.each(samples)('%s imports without warnings and with finite coordinates', (name) => {
    const drawing = importFixture(join(FIXTURES, `${name}.json`));
    expect(drawing.fileName).toBe(`${name}.json`);
    expect(drawing.declaredUnits).toBeNull();
    expect(drawing.warnings).toEqual([]);
    expect(drawing.layers.every((l) => l.skipped === 0)).toBe(true);
    expect(allNumbers(drawing).every(Number.isFinite)).toBe(true);
  });

  it('apartment has 9 layers; A-WALL has 107 lines and 25 polylines', () => {
    const drawing = importFixture(join(FIXTURES, 'apartment.json'));
    expect(drawing.layers).toHaveLength(9);
    const wall = layerNamed(drawing, 'A-WALL');
    expect(linesOf(wall.lines)).toHaveLength(107);
    expect(polylinesOf(wall.polylines)).toHaveLength(25);
    expect(linesOf(wall.lines)[0]).toEqual({ start: { x: 127200, y: 3560, z: 0 }, end: { x: 127940, y: 3560, z: 0 } });
    expect(layerNamed(drawing, 'A-DOOR').blocks[0]).toMatchObject({
      name: 'DOOR_900',
      position: { x: 127940, y: 3980, z: 0 },
      rotation: 90,
      bbox: { minX: 127040, minY: 3980, maxX: 128060, maxY: 4880 },
    });
  });

  it('apartment-he-m keeps its Hebrew layer names in file order', () => {
    const drawing = importFixture(join(FIXTURES, 'apartment-he-m.json'));
    expect(drawing.layers.map((l) => l.name).slice(0, 4)).toEqual(['קירות', 'דלתות', 'חלונות', 'זיגוג']);
    expect(linesOf(layerNamed(drawing, 'קירות').lines)).toHaveLength(147);
  });

  it('campus (1.6 MB) parses quickly', () => {
    const bytes = readFileSync(join(FIXTURES, 'campus.json'));
    importDrawing(bytes, 'campus.json'); // warm-up
    const start = performance.now();
    importDrawing(bytes, 'campus.json');
    // Typically ~40 ms; the generous bound only catches accidental quadratic work.
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('bad-input corpus (test/fixtures/bad/expected.json)', () => {
  it('lists every file of the corpus exactly once', () => {
    const files = readdirSync(BAD).filter((f) => f !== 'expected.json' && f !== 'generate.ts');
    expect(corpus.map((c) => c.file).sort()).toEqual(files.sort());
  });

  it.each(corpus)('$file: $outcome', ({ file, outcome, message, maxBytes }) => {
    const run = () => importFixture(join(BAD, file), { maxBytes });
    if (outcome === 'rejected') {
      const error = caught(run);
      expect(error.message.startsWith(`${file}: `)).toBe(true);
      expect(error.message).toContain(message);
      expect(error.message).toMatch(/^[^\n]*\.$/); // one sentence on one line, no stack trace
      return;
    }
    const drawing = run();
    expect(allNumbers(drawing).every(Number.isFinite)).toBe(true);
    if (outcome === 'imported') expect(drawing.warnings).toEqual([]);
    else expect(drawing.warnings.some((w) => w.includes(message!))).toBe(true);
  });
});

describe('untrusted names', () => {
  it('keeps __proto__, constructor and HTML as plain names and pollutes nothing', () => {
    const drawing = importFixture(join(BAD, 'proto-names.json'));
    expect(drawing.layers.map((l) => l.name)).toEqual([
      '__proto__',
      'constructor',
      '<img src=x onerror=alert(1)>',
      'hasOwnProperty',
    ]);
    expect(linesOf(drawing.layers[0].lines)).toHaveLength(1);
    expect(drawing.layers[2].blocks.map((b) => b.name)).toEqual(['__proto__', '<script>alert(1)</script>']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(drawing.layers[0])).toBe(Object.prototype);
  });

  it('merges duplicate layer names, keeping first-seen order', () => {
    const drawing = importFixture(join(BAD, 'duplicate-layers.json'));
    expect(drawing.layers.map((l) => l.name)).toEqual(['A-WALL', 'A-DOOR']);
    expect(linesOf(layerNamed(drawing, 'A-WALL').lines)).toHaveLength(2);
    expect(polylinesOf(layerNamed(drawing, 'A-WALL').polylines)).toHaveLength(1);
  });

  it('names only the first few sources of a layer repeated many times', () => {
    const layers = Array.from({ length: 1000 }, () => ({ LayerName: 'A-WALL' }));
    const [warning] = importText(JSON.stringify({ Layers: layers })).warnings;
    expect(warning).toBe(
      'Layer "A-WALL" appears 1000 times (Layers[0], Layers[1], Layers[2], Layers[3], Layers[4], …); their entities were merged.',
    );
  });

  it('quotes names in warnings so a message stays one line', () => {
    const drawing = importDrawing(
      new TextEncoder().encode(JSON.stringify({ Layers: [{ LayerName: 'bad\nname "x"', Lines: [null] }] })),
      'x.json',
    );
    expect(drawing.warnings).toEqual([
      'Layer "bad\\nname \\"x\\"": skipped 1 of 1 lines; first problem: Layers[0].Lines[0] is null, not an object.',
    ]);
  });
});

describe('entities', () => {
  it('accepts numeric strings and rejects other text', () => {
    const wall = importFixture(join(BAD, 'numeric-strings.json')).layers[0];
    expect(linesOf(wall.lines)[0]).toEqual({ start: { x: 12.5, y: 0, z: 0 }, end: { x: 5000, y: 0, z: 0 } });
    expect(linesOf(wall.lines)[1]).toEqual({ start: { x: -0.5, y: 1000, z: 0 }, end: { x: 5000, y: 1000, z: 0 } });
    expect(wall.blocks[0]).toMatchObject({ rotation: 90, scaleX: 1, scaleY: -1 });
    const rejected = importFixture(join(BAD, 'non-numeric-coordinates.json')).layers[0];
    expect(linesOf(rejected.lines)).toEqual([{ start: { x: 12.5, y: 0, z: 0 }, end: { x: 5000, y: -15, z: 0 } }]);
    expect(rejected.skipped).toBe(6);
  });

  it('defaults Z, IsClosed, Name, Rotation and scales; treats missing or null lists as empty', () => {
    const drawing = importText(
      drawingText({
        Lines: [{ Start: { X: 1, Y: 2 }, End: { X: 3, Y: 4 } }],
        Polylines: [{ Vertices: [{ X: 0, Y: 0 }, { X: 1, Y: 0 }] }],
        Blocks: [{ Position: { X: 5, Y: 6 } }],
      }),
    );
    const [layer] = drawing.layers;
    expect(linesOf(layer.lines)[0].start.z).toBe(0);
    expect(polylinesOf(layer.polylines)[0].closed).toBe(false);
    expect(layer.blocks[0]).toEqual({
      name: '',
      position: { x: 5, y: 6, z: 0 },
      rotation: 0,
      scaleX: 1,
      scaleY: 1,
      bbox: null,
    });
    expect(importText('{"Layers": [{"LayerName": "empty", "Lines": null}]}').layers[0]).toEqual({
      name: 'empty',
      lines: lineListOf([]),
      polylines: polylineListOf([]),
      blocks: [],
      otherCounts: [],
      skipped: 0,
    });
  });

  it('skips a polyline with any bad vertex instead of inventing a segment', () => {
    const layer = importFixture(join(BAD, 'short-polyline.json')).layers[0];
    expect(polylinesOf(layer.polylines)).toEqual([
      { vertices: [{ x: 0, y: 0, z: 0 }, { x: 5000, y: 0, z: 0 }, { x: 5000, y: 200, z: 0 }], closed: false },
    ]);
  });

  it('reports the first problem of a layer with its full JSON path', () => {
    const drawing = importText(drawingText({ Polylines: [{ Vertices: [{ X: 0, Y: 0 }, { X: 1, Y: 'abc' }] }] }));
    expect(drawing.warnings).toEqual([
      'Layer "A-WALL": skipped 1 of 1 polylines; first problem: Layers[0].Polylines[0].Vertices[1].Y is the text "abc", not a number.',
    ]);
  });

  it('warns about a drawing without layers', () => {
    expect(importText('{"Layers": []}').warnings).toEqual(['The drawing has no layers.']);
  });
});

describe('block bounding boxes (SPEC §2.1)', () => {
  function blockBox(block: Record<string, unknown>) {
    return importText(drawingText({ Blocks: [block] })).layers[0].blocks[0].bbox;
  }
  const box = (minX: number, minY: number, maxX: number, maxY: number) => ({
    MinPoint: { X: minX, Y: minY },
    MaxPoint: { X: maxX, Y: maxY },
  });

  it('keeps a world box that contains the position, within 1 % of its diagonal', () => {
    expect(blockBox({ Position: { X: 1005, Y: 500 }, BoundingBox: box(0, 0, 1000, 1000) })).toEqual({
      minX: 0,
      minY: 0,
      maxX: 1000,
      maxY: 1000,
    });
  });

  it('normalises swapped corners', () => {
    expect(blockBox({ Position: { X: 10, Y: 10 }, BoundingBox: box(100, 100, 0, 0) })).toEqual({
      minX: 0,
      minY: 0,
      maxX: 100,
      maxY: 100,
    });
  });

  it('places a block-local box: scale, rotate about the position, translate', () => {
    const bbox = blockBox({ Position: { X: 1000, Y: 500 }, Rotation: 90, ScaleX: 2, BoundingBox: box(0, 0, 900, 50) });
    // Local (1800, 0) after scaling lies 1800 above the position once turned by 90°.
    expect(bbox!.minX).toBeCloseTo(950);
    expect(bbox!.maxX).toBeCloseTo(1000);
    expect(bbox!.minY).toBeCloseTo(500);
    expect(bbox!.maxY).toBeCloseTo(2300);
  });
});

describe('structural errors', () => {
  it.each([
    ['{"Layers": [{"LayerName": "A", "Polylines": {}}]}', 'Layers[0].Polylines of layer "A" must be an array, but it is an object'],
    ['{"Layers": [{"LayerName": 7}]}', 'Layers[0].LayerName must be a string, but it is 7'],
    ['{"Layers": [{"LayerName": "A", "Blocks": 3}]}', 'Layers[0].Blocks of layer "A" must be an array, but it is 3'],
    ['null', 'the top level must be a JSON object with a "Layers" array, but it is null'],
    ['   \n\t ', 'the file is empty'],
    ['{"Layers": [1, 2,', 'looks truncated'],
    ['{"Layers": [], "Name": "unterminated', 'looks truncated'],
    ['{"Layers": []} trailing', 'syntax error at line 1, column 16, near "trailing"'],
    ['{"Layers": [\n  {"LayerName": \'A\'}]}', 'syntax error at line 2, column 17'],
  ])('%s → %s', (text, message) => {
    const error = caught(() => importText(text, 'plan.json'));
    expect(error.message).toContain(message);
    expect(error.message.startsWith('plan.json: ')).toBe(true);
  });

  it('counts only real nesting: brackets inside strings do not count', () => {
    const layerName = '['.repeat(100);
    expect(importText(JSON.stringify({ Layers: [{ LayerName: layerName }] })).layers[0].name).toBe(layerName);
  });

  it('gives each failure a kind for the UI and the CLI', () => {
    expect(caught(() => importFixture(join(BAD, 'truncated.json'))).failure).toBe('truncated');
    expect(caught(() => importFixture(join(BAD, 'deep-nesting.json'))).failure).toBe('too-deep');
    expect(caught(() => importFixture(join(BAD, 'garbage.dwg'))).failure).toBe('unsupported');
    expect(caught(() => importFixture(join(BAD, 'wrong-root.json'))).name).toBe('DrawingImportError');
  });
});

describe('files and encodings', () => {
  it('rejects files over the size limit, giving both sizes', () => {
    expect(DEFAULT_MAX_BYTES).toBe(500 * 1024 * 1024);
    const error = caught(() => importDrawing(new Uint8Array(3 * 1024 * 1024), 'big.json', { maxBytes: 2 * 1024 * 1024 }));
    expect(error.message).toBe('big.json: the file is 3 MB, over the 2 MB size limit.');
  });

  it('dispatches by extension case-insensitively and sniffs unknown extensions', () => {
    const bytes = readFileSync(join(BAD, 'drawing.txt'));
    expect(importDrawing(bytes, 'PLAN.JSON').layers).toHaveLength(1);
    expect(importDrawing(bytes, 'plan').layers).toHaveLength(1);
    expect(caught(() => importDrawing(bytes, 'plan.DWG')).failure).toBe('unsupported');
  });

  it('parseDrawingJson takes a string too, with or without BOM', () => {
    const text = '\ufeff{"Layers": [{"LayerName": "A-WALL"}]}';
    expect(parseDrawingJson(text, 'a.json').layers[0].name).toBe('A-WALL');
  });

  it('decodes BOM-less UTF-16 BE', () => {
    const le = Buffer.from('{"Layers": []}', 'utf16le');
    expect(decodeText(Buffer.from(le).swap16(), 'be.json')).toBe('{"Layers": []}');
  });
});
