import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreBimJson } from '../eval/score.js';

type XY = [number, number];

interface TruthWall {
  p1: XY;
  p2: XY;
  thickness: number;
}

interface Truth {
  units: string;
  walls: TruthWall[];
  doors: { center: XY; width: number }[];
  windows: { center: XY; width: number }[];
}

/** A 5 m × 5 m room (centerlines), 200 mm walls, one door in the bottom wall, one window in the top wall. */
function squareRoom(): Truth {
  return {
    units: 'mm',
    walls: [
      { p1: [0, 0], p2: [5000, 0], thickness: 200 },
      { p1: [5000, 0], p2: [5000, 5000], thickness: 200 },
      { p1: [5000, 5000], p2: [0, 5000], thickness: 200 },
      { p1: [0, 5000], p2: [0, 0], thickness: 200 },
    ],
    doors: [{ center: [1000, 0], width: 900 }],
    windows: [{ center: [2500, 5000], width: 1200 }],
  };
}

// Union of the four bodies: 4 × 5000 × 200, minus the four 100 × 100 corner squares counted twice.
const SQUARE_ROOM_AREA = 4 * 5000 * 200 - 4 * 100 * 100;

function wallFeature(p1: XY, p2: XY, properties: Record<string, unknown>) {
  return { type: 'Feature', geometry: { type: 'LineString', coordinates: [p1, p2] }, properties: { category: 'wall', ...properties } };
}

function pointFeature(category: string, at: XY) {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { category } };
}

function bimjson(features: unknown[]) {
  return { type: 'BIMJSON', version: '1.0', units: 'mm', features };
}

/** The "perfect" export: every truth wall, door and window as the exporter should write it (mm). */
function bimjsonFromTruth(truth: Truth, mmPerUnit = 1) {
  const mm = (p: XY): XY => [p[0] * mmPerUnit, p[1] * mmPerUnit];
  return bimjson([
    ...truth.walls.map((w) => wallFeature(mm(w.p1), mm(w.p2), { thickness_mm: w.thickness * mmPerUnit })),
    ...truth.doors.map((d) => pointFeature('door', mm(d.center))),
    ...truth.windows.map((w) => pointFeature('window', mm(w.center))),
  ]);
}

describe('scoreBimJson', () => {
  it('scores a perfect prediction as 1 everywhere', () => {
    const truth = squareRoom();
    expect(scoreBimJson(bimjsonFromTruth(truth), truth)).toEqual({
      walls_pred: 4,
      walls_truth: 4,
      precision: 1,
      recall: 1,
      f1: 1,
      thickness_ok_share: 1,
      door_recall: 1,
      window_recall: 1,
      door_precision: 1,
      window_precision: 1,
      doors_pred: 1,
      doors_truth: 1,
      windows_pred: 1,
      windows_truth: 1,
    });
  });

  it('scores a perfect prediction of a rotated plan far from the origin as 1', () => {
    const angle = (17 * Math.PI) / 180;
    const place = ([x, y]: XY): XY => [3_481_200 + x * Math.cos(angle) - y * Math.sin(angle), 5_630_500 + x * Math.sin(angle) + y * Math.cos(angle)];
    const room = squareRoom();
    const truth: Truth = {
      ...room,
      walls: room.walls.map((w) => ({ ...w, p1: place(w.p1), p2: place(w.p2) })),
      doors: room.doors.map((d) => ({ ...d, center: place(d.center) })),
    };
    const scores = scoreBimJson(bimjsonFromTruth(truth), truth);
    expect([scores.precision, scores.recall, scores.thickness_ok_share, scores.door_recall]).toEqual([1, 1, 1, 1]);
  });

  it('gives the area ratio as recall when half the walls are missing', () => {
    const truth = squareRoom();
    const [bottom, , top] = truth.walls;
    const prediction = bimjson([bottom, top].map((w) => wallFeature(w.p1, w.p2, { thickness_mm: w.thickness })));
    const scores = scoreBimJson(prediction, truth);
    expect(scores.precision).toBe(1);
    expect(scores.recall).toBeCloseTo((2 * 5000 * 200) / SQUARE_ROOM_AREA, 4);
    expect(scores.thickness_ok_share).toBe(0.5);
  });

  it('counts area outside the truth against precision', () => {
    const truth = squareRoom();
    const prediction = bimjsonFromTruth(truth);
    prediction.features.push(wallFeature([1000, 2500], [4000, 2500], { thickness_mm: 100 }));
    expect(scoreBimJson(prediction, truth).precision).toBeCloseTo(SQUARE_ROOM_AREA / (SQUARE_ROOM_AREA + 3000 * 100), 4);
  });

  it('does not accept a thickness 30 % off, but accepts one 9 % off', () => {
    const truth = squareRoom();
    const thicknesses = [260, 218, 200, 200];
    const prediction = bimjson(truth.walls.map((w, i) => wallFeature(w.p1, w.p2, { thickness_mm: thicknesses[i] })));
    expect(scoreBimJson(prediction, truth).thickness_ok_share).toBe(0.75);
  });

  it('does not credit a right thickness on a wall running across the truth wall', () => {
    const truth: Truth = { units: 'mm', walls: [{ p1: [0, 0], p2: [5000, 0], thickness: 200 }], doors: [], windows: [] };
    const prediction = bimjson([wallFeature([2500, -2500], [2500, 2500], { thickness_mm: 200 })]);
    expect(scoreBimJson(prediction, truth).thickness_ok_share).toBe(0);
  });

  it('falls back to thickness_cm when thickness_mm is missing', () => {
    const truth = squareRoom();
    const prediction = bimjson(truth.walls.map((w) => wallFeature(w.p1, w.p2, { thickness_cm: w.thickness / 10 })));
    const scores = scoreBimJson(prediction, truth);
    expect([scores.f1, scores.thickness_ok_share]).toEqual([1, 1]);
  });

  it('counts a door 500 mm off but not one 700 mm off', () => {
    const truth = squareRoom();
    const withDoorAt = (at: XY) => bimjson([pointFeature('door', at)]);
    expect(scoreBimJson(withDoorAt([1500, 0]), truth).door_recall).toBe(1);
    const far = scoreBimJson(withDoorAt([1700, 0]), truth);
    expect([far.door_recall, far.door_precision, far.doors_pred]).toEqual([0, 0, 1]);
  });

  it('matches doors one to one, closest first', () => {
    const truth: Truth = {
      ...squareRoom(),
      doors: [
        { center: [1000, 0], width: 900 },
        { center: [1400, 0], width: 900 },
      ],
    };
    const scores = scoreBimJson(bimjson([pointFeature('door', [1300, 0])]), truth);
    expect([scores.door_recall, scores.door_precision]).toEqual([0.5, 1]);
  });

  it('does not match a window against a door', () => {
    const scores = scoreBimJson(bimjson([pointFeature('window', [1000, 0])]), squareRoom());
    expect([scores.door_recall, scores.window_recall, scores.window_precision]).toEqual([0, 0, 0]);
  });

  it('uses the centroid of a Polygon door footprint', () => {
    const footprint = [[[550, -100], [1450, -100], [1450, 100], [550, 100], [550, -100]]];
    const door = { type: 'Feature', geometry: { type: 'Polygon', coordinates: footprint }, properties: { category: 'door' } };
    expect(scoreBimJson(bimjson([door]), squareRoom()).door_recall).toBe(1);
  });

  it('treats a LineString door as a wall, as the Revit reader does (SPEC §5)', () => {
    const truth = squareRoom();
    const prediction = bimjsonFromTruth(truth);
    prediction.features.push({ ...wallFeature([550, 0], [1450, 0], { thickness_mm: 200 }), properties: { category: 'door' } });
    const scores = scoreBimJson(prediction, truth);
    expect([scores.walls_pred, scores.doors_pred]).toEqual([5, 1]);
  });

  it('converts truth in metres and centimetres to mm', () => {
    const inMm = squareRoom();
    for (const [units, perMm] of [['m', 1000], ['cm', 10]] as const) {
      const scale = (p: XY): XY => [p[0] / perMm, p[1] / perMm];
      const truth: Truth = {
        units,
        walls: inMm.walls.map((w) => ({ p1: scale(w.p1), p2: scale(w.p2), thickness: w.thickness / perMm })),
        doors: inMm.doors.map((d) => ({ center: scale(d.center), width: d.width / perMm })),
        windows: inMm.windows.map((w) => ({ center: scale(w.center), width: w.width / perMm })),
      };
      const scores = scoreBimJson(bimjsonFromTruth(inMm), truth);
      expect([scores.f1, scores.thickness_ok_share, scores.door_recall, scores.window_recall]).toEqual([1, 1, 1, 1]);
    }
  });

  it('rejects files of the wrong kind', () => {
    expect(() => scoreBimJson(squareRoom(), squareRoom())).toThrow(/BIMJSON/);
    expect(() => scoreBimJson(bimjson([]), { ...squareRoom(), units: 'ft' })).toThrow(/units/);
    expect(() => scoreBimJson(bimjson([wallFeature([0, 0], [Number.NaN, 0], {})]), squareRoom())).toThrow(/coordinate/);
  });
});

describe('eval CLI', () => {
  const runCli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'test/eval/cli.ts', ...args], { encoding: 'utf8' });

  it('prints one JSON line of scores', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-cli-'));
    const truthPath = join(dir, 'truth.json');
    const bimjsonPath = join(dir, 'bim.json');
    writeFileSync(truthPath, JSON.stringify(squareRoom()));
    writeFileSync(bimjsonPath, JSON.stringify(bimjsonFromTruth(squareRoom())));
    const result = runCli(bimjsonPath, truthPath);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ f1: 1, walls_truth: 4 });
  });

  it('exits 2 with one error line on bad arguments', () => {
    for (const result of [runCli(), runCli('/nonexistent/a.json', '/nonexistent/b.json')]) {
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
    }
  });
});
