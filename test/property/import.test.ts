// Fuzzing the importer (issue 9): whatever the input, the only failure is a DrawingImportError and no
// non-finite number reaches the drawing. Each property is bounded in time so the suite stays around 3 s.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Drawing } from '../../src/core/model';
import { DrawingImportError, importDrawing } from '../../src/import/index';
import { findSyntaxError } from '../../src/import/jsonSyntax';
import { linesOf, polylinesOf } from '../support/layerObjects';

const TIME_LIMIT_MS = 500;
const RUN_OPTIONS = { numRuns: 400, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false };

/** Imports and checks the contract; returns normally only if it holds. */
function importsSafely(bytes: Uint8Array, fileName: string): void {
  let drawing: Drawing;
  try {
    drawing = importDrawing(bytes, fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(DrawingImportError);
    expect((error as Error).message).toMatch(/^[^\n]*\.$/);
    return;
  }
  for (const value of drawingNumbers(drawing)) expect(Number.isFinite(value)).toBe(true);
}

function* drawingNumbers(drawing: Drawing): Generator<number> {
  for (const layer of drawing.layers) {
    for (const { start, end } of linesOf(layer.lines)) yield* [start.x, start.y, start.z, end.x, end.y, end.z];
    for (const polyline of polylinesOf(layer.polylines)) for (const v of polyline.vertices) yield* [v.x, v.y, v.z];
    for (const block of layer.blocks) {
      const { position: p, bbox } = block;
      yield* [p.x, p.y, p.z, block.rotation, block.scaleX, block.scaleY];
      if (bbox) yield* [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY];
    }
  }
}

const encode = (text: string) => new TextEncoder().encode(text);

/** JSON.stringify cannot write an overflowing number literal; this marker becomes one in the text. */
const OVERFLOW_MARKER = 'OVERFLOW_1e999';
const drawingText = (drawing: unknown) => JSON.stringify(drawing).replaceAll(`"${OVERFLOW_MARKER}"`, '1e999');

/** Coordinates as exports might write them, broken ones included. */
const coordinate = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.double().map(String),
  fc.constantFrom(OVERFLOW_MARKER, 'NaN', 'Infinity', '1e999', '-1e999', '', ' ', '12,5', '0x10', '1e13', null, true, [], {}),
  fc.string(),
);
const point = fc.record({ X: coordinate, Y: coordinate, Z: coordinate }, { requiredKeys: [] });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.jsonValue() });
const line = maybe(fc.record({ Start: point, End: point }, { requiredKeys: [] }));
const polyline = maybe(
  fc.record({ Vertices: fc.array(point, { maxLength: 6 }), IsClosed: fc.oneof(fc.boolean(), fc.jsonValue()) }, { requiredKeys: [] }),
);
const block = maybe(
  fc.record(
    {
      Name: fc.oneof(fc.string(), fc.jsonValue()),
      Position: point,
      Rotation: coordinate,
      ScaleX: coordinate,
      ScaleY: coordinate,
      BoundingBox: fc.record({ MinPoint: point, MaxPoint: point }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  ),
);
const layer = maybe(
  fc.record(
    {
      LayerName: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString')),
      Lines: fc.array(line, { maxLength: 8 }),
      Polylines: fc.array(polyline, { maxLength: 4 }),
      Blocks: fc.array(block, { maxLength: 4 }),
    },
    { requiredKeys: ['LayerName'] },
  ),
);
const drawingLike = fc.record({ Layers: fc.array(layer, { maxLength: 4 }) });

/** A text with random edits: deletions, insertions and a possible cut at the end. */
const mutatedText = drawingLike.chain((drawing) => {
  const text = drawingText(drawing);
  const edit = fc.record({ at: fc.nat(text.length), remove: fc.nat(4), insert: fc.string({ maxLength: 3 }) });
  return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) =>
    edits.reduce((t, { at, remove, insert }) => t.slice(0, at) + insert + t.slice(at + remove), text),
  );
});

describe('importer fuzzing', () => {
  it('drawing-shaped JSON with broken values never throws anything else', () => {
    fc.assert(
      fc.property(drawingLike, (drawing) => importsSafely(encode(drawingText(drawing)), 'fuzz.json')),
      RUN_OPTIONS,
    );
  });

  it('any JSON value as the whole file', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => importsSafely(encode(JSON.stringify(value) ?? ''), 'fuzz.json')), RUN_OPTIONS);
  });

  it('mutated drawing text never throws anything else', () => {
    fc.assert(fc.property(mutatedText, (text) => importsSafely(encode(text), 'fuzz.json')), RUN_OPTIONS);
  });

  it('random bytes under any extension', () => {
    const fileName = fc.constantFrom('fuzz.json', 'fuzz.txt', 'fuzz', 'fuzz.dxf');
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), fileName, importsSafely), RUN_OPTIONS);
  });

  it('the syntax-error locator agrees with JSON.parse', () => {
    fc.assert(
      fc.property(fc.oneof(mutatedText, fc.json()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(findSyntaxError(text) === null).toBe(valid);
      }),
      RUN_OPTIONS,
    );
  });
});
