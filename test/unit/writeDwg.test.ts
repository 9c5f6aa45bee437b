import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLayerInventory } from '../../src/core';
import { lineCount, polylineCount } from '../../src/core/layerGeometry';
import { importDrawingAsync, importDwg } from '../../src/import';
import { TWO_MB_PLAN, writePlanDwg } from '../bench/dwgPlan';
import { generatePlan } from '../bench/generator';
import { BitReader, BitWriter, crc16, decodeMC, decodeMS, decodeUMC, encodeMC, encodeMS, encodeUMC } from '../support/dwgBits';
import { linesOf, polylinesOf } from '../support/layerObjects';
import { readDwgR2000, writeDwgFromTemplate } from '../support/writeDwg';

// The DWG R2000 writer of the tests (test/support/writeDwg.ts) that makes the large DWG of the issue 6 benchmark:
// what it writes, LibreDWG reads back exactly, with no problem beyond those of its template.

const TEMPLATE = new Uint8Array(readFileSync(join(__dirname, '../fixtures/real/libredwg_example_2000.dwg')));

describe('DWG bit coding', () => {
  it('round-trips bit-coded values', () => {
    const w = new BitWriter();
    const doubles = [0, 1, -2.5, 1e-9, 123456.789, -0];
    w.B(1);
    for (const v of [0, 1, 255, 256, 300, 65535]) w.BS(v);
    for (const v of [0, 7, 255, 256, 70000, 2 ** 31]) w.BL(v);
    for (const v of doubles) w.BD(v);
    for (const [v, d] of [[5, 5], [5.000001, 5], [1e6, 1], [-3, 7.5]]) w.DD(v!, d!);
    w.H(5, 0x1b8);
    w.H(3, 0);
    w.TV('A-WALL\0');
    const r = new BitReader(w.toBytes());
    expect(r.B()).toBe(1);
    expect([0, 1, 2, 3, 4, 5].map(() => r.BS())).toEqual([0, 1, 255, 256, 300, 65535]);
    expect([0, 1, 2, 3, 4, 5].map(() => r.BL())).toEqual([0, 7, 255, 256, 70000, 2 ** 31]);
    expect(doubles.map(() => r.BD())).toEqual(doubles);
    expect([[5, 5], [5.000001, 5], [1e6, 1], [-3, 7.5]].map(([, d]) => r.DD(d!))).toEqual([5, 5.000001, 1e6, -3]);
    expect(r.H()).toEqual({ code: 5, value: 0x1b8 });
    expect(r.H()).toEqual({ code: 3, value: 0 });
    expect(r.TV()).toBe('A-WALL\0');
    for (const v of [0, 1, 0x7fff, 0x8000, 2_000_000]) expect(decodeMS(encodeMS(v), 0).value).toBe(v);
    for (const v of [0, 0x3f, 0x40, 0x79, 5000, -1, -0x40, -123456]) expect(decodeMC(Uint8Array.from(encodeMC(v)), 0).value).toBe(v);
    for (const v of [0, 0x79, 0x80, 99999]) expect(decodeUMC(Uint8Array.from(encodeUMC(v)), 0).value).toBe(v);
    // The DWG CRC-16 (check value of CRC-16/ARC).
    expect(crc16(new TextEncoder().encode('123456789'), 0)).toBe(0xbb3d);
  });
});

describe('writeDwgFromTemplate', () => {
  it('adds layers, lines, polylines and block references that LibreDWG reads back exactly', async () => {
    const template = await importDwg(TEMPLATE, 'template.dwg');
    const bytes = writeDwgFromTemplate(TEMPLATE, {
      layers: ['A-WALL', 'A-DOOR', 'Wände'],
      lines: [
        { layer: 'A-WALL', start: [0, 0], end: [5000, 0] },
        { layer: 'A-WALL', start: [0, 200.5], end: [5000, 200.5] },
        { layer: 'Tavolo 2', start: [-1.25, 3e5], end: [7, 3e5 + 0.001] },
      ],
      polylines: [
        { layer: 'Wände', points: [[0, 0], [4000, 0], [4000, 3000], [0, 3000]], closed: true },
        { layer: 'A-WALL', points: [[10, 10], [20.5, 10]], closed: false },
      ],
      inserts: [{ layer: 'A-DOOR', block: 'bloko', position: [1000, 0], rotation: 90, scale: 0.8 }],
    });
    expect(readDwgR2000(bytes).objects.length).toBe(readDwgR2000(TEMPLATE).objects.length + 3 + 3 + 2 + 1);
    const drawing = await importDwg(bytes, 'added.dwg');
    expect(drawing.warnings).toEqual(template.warnings);
    const layer = (name: string) => drawing.layers.find((l) => l.name === name)!;
    expect(drawing.layers.map((l) => l.name)).toEqual([...template.layers.map((l) => l.name), 'A-WALL', 'A-DOOR', 'Wände']);
    expect(linesOf(layer('A-WALL').lines)).toEqual([
      { start: { x: 0, y: 0, z: 0 }, end: { x: 5000, y: 0, z: 0 } },
      { start: { x: 0, y: 200.5, z: 0 }, end: { x: 5000, y: 200.5, z: 0 } },
    ]);
    expect(polylinesOf(layer('A-WALL').polylines)).toEqual([{ vertices: [{ x: 10, y: 10, z: 0 }, { x: 20.5, y: 10, z: 0 }], closed: false }]);
    expect(polylinesOf(layer('Wände').polylines)[0]!.closed).toBe(true);
    expect(polylinesOf(layer('Wände').polylines)[0]!.vertices.map((v) => [v.x, v.y])).toEqual([[0, 0], [4000, 0], [4000, 3000], [0, 3000]]);
    expect(linesOf(layer('Tavolo 2').lines)).toEqual([{ start: { x: -1.25, y: 3e5, z: 0 }, end: { x: 7, y: 3e5 + 0.001, z: 0 } }]);
    const [door] = layer('A-DOOR').blocks;
    expect(door).toMatchObject({ name: 'bloko', position: { x: 1000, y: 0, z: 0 }, scaleX: 0.8, scaleY: 0.8 });
    expect(door!.rotation).toBeCloseTo(90, 9);
    expect(door!.bbox).not.toBeNull();
    // The template's own entities are all still there.
    for (const t of template.layers.filter((l) => l.name !== 'Tavolo 2')) expect(layer(t.name)).toEqual(t);
  });

  it('the benchmark plan: about 2 MB and 8k entities, every one of them imported', async () => {
    const plan = writePlanDwg(TWO_MB_PLAN);
    expect(plan.bytes.length).toBeGreaterThan(1.9e6);
    expect(plan.bytes.length).toBeLessThan(2.2e6);
    const drawing = await importDrawingAsync(plan.bytes, plan.fileName);
    const inventory = buildLayerInventory(drawing);
    const source = generatePlan(TWO_MB_PLAN.wallSegments).drawing;
    for (const l of source.layers) {
      const got = inventory.find((i) => i.name === l.name)!;
      expect([got.lines, got.polylines, got.blocks]).toEqual([lineCount(l.lines), polylineCount(l.polylines), l.blocks.length]);
    }
    expect(inventory.find((i) => i.name === 'A-FIXT')!.polylines).toBe(TWO_MB_PLAN.fixtures);
    const entities = inventory.reduce((n, l) => n + l.lines + l.polylines + l.blocks + l.otherCounts.reduce((m, [, c]) => m + c, 0), 0);
    expect(entities).toBe(plan.addedEntities + 63);
    expect(entities).toBeGreaterThan(7500);
    expect(entities).toBeLessThan(9000);
  });
});
