// Per-step unit tests of the wall pipeline (SPEC §4) on small hand-made drawings, plus determinism, the
// BIMJSON contract (SPEC §5) and the accuracy thresholds of issue 2 on the bundled samples (SPEC §8).
import { seededRandom } from '../support/random';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  artifactText, buildLayerInventory, defaultParams, detectUnits, runPipeline, STEP_NAMES, suggestedLayers,
  type ArtifactOut, type BlockRef, type Drawing, type Layer, type Line, type PipelineResult, type StepName, type Units,
} from '../../src/core';
import { importDrawing } from '../../src/import';
import { scoreBimJson } from '../eval/score';
import { lineListOf, polylineListOf } from '../../src/core/layerGeometry';
import { linesOf, polylinesOf, type PolylineObject } from '../support/layerObjects';
import { transformDrawing } from '../support/transformDrawing';

// ------------------------------------------------------------------ drawing builders

type XY = [number, number];

const line = (x1: number, y1: number, x2: number, y2: number, z1 = 0, z2 = 0): Line => ({ start: { x: x1, y: y1, z: z1 }, end: { x: x2, y: y2, z: z2 } });
const polyline = (points: XY[], closed: boolean): PolylineObject => ({ vertices: points.map(([x, y]) => ({ x, y, z: 0 })), closed });

function layer(name: string, parts: { lines?: Line[]; polylines?: PolylineObject[]; blocks?: BlockRef[] } = {}): Layer {
  return { name, lines: lineListOf(parts.lines ?? []), polylines: polylineListOf(parts.polylines ?? []), blocks: parts.blocks ?? [], otherCounts: [], skipped: 0 };
}

function drawing(layers: Layer[]): Drawing {
  return { fileName: 'hand-made.json', declaredUnits: null, warnings: [], layers };
}

function walls(lines: Line[], extra: Layer[] = []): Drawing {
  return drawing([layer('A-WALL', { lines }), ...extra]);
}

/** A door or window block whose world box is the given box. */
function block(name: string, minX: number, minY: number, maxX: number, maxY: number, rotation = 0): BlockRef {
  return { name, position: { x: minX, y: minY, z: 0 }, rotation, scaleX: 1, scaleY: 1, bbox: { minX, minY, maxX, maxY } };
}

/** The two face lines of a horizontal wall from x0 to x1 whose lower face is at y. */
function hWall(x0: number, x1: number, y: number, thickness: number): Line[] {
  return [line(x0, y, x1, y), line(x0, y + thickness, x1, y + thickness)];
}

/** The two face lines of a vertical wall from y0 to y1 whose left face is at x. */
function vWall(y0: number, y1: number, x: number, thickness: number): Line[] {
  return [line(x, y0, x, y1), line(x + thickness, y0, x + thickness, y1)];
}

function rotate(l: Line, deg: number): Line {
  const a = (deg * Math.PI) / 180, c = Math.cos(a), s = Math.sin(a);
  const r = (p: Line['start']) => ({ x: c * p.x - s * p.y, y: s * p.x + c * p.y, z: p.z });
  return { start: r(l.start), end: r(l.end) };
}


// ------------------------------------------------------------------ running and reading results

function run(d: Drawing, units: Units = 'mm', selectedLayers = ['A-WALL']): PipelineResult {
  const result = runPipeline({ drawing: d, selectedLayers, units, params: defaultParams });
  expect(result.steps.every((s) => s.status === 'completed')).toBe(true);
  return result;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function artifact(result: PipelineResult, name: string): any {
  const a = result.artifacts.find((x) => x.name === name);
  if (!a) throw new Error(`no artifact ${name}`);
  return JSON.parse(artifactText(a));
}

function metrics(result: PipelineResult, step: StepName): Record<string, number> {
  return result.steps.find((s) => s.name === step)!.metrics;
}

interface RectJson {
  corners: XY[];
  thickness: number;
  length: number;
  direction: XY;
  was_modified?: boolean;
  junction_center?: XY | null;
  junctions?: { end: string; kind: string; otherId: string; center: XY }[];
}

/** Corners of a rectangle artifact as an axis-aligned box (for axis-aligned walls). */
function boxOf(r: RectJson): [number, number, number, number] {
  const xs = r.corners.map((c) => c[0]), ys = r.corners.map((c) => c[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function loadFixture(name: string): Drawing {
  return importDrawing(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url)), `${name}.json`);
}

/** Runs a sample the way the CLI does with no options: suggested layers, detected units. */
function runSample(d: Drawing): PipelineResult {
  const layers = suggestedLayers(buildLayerInventory(d));
  return runPipeline({ drawing: d, selectedLayers: layers, units: detectUnits(d).units, params: defaultParams });
}


function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function shuffleDrawing(d: Drawing, seed: number): Drawing {
  const random = seededRandom(seed);
  return {
    ...d,
    layers: shuffled(d.layers, random).map((l) => ({ ...l, lines: lineListOf(shuffled(linesOf(l.lines), random)), polylines: polylineListOf(shuffled(polylinesOf(l.polylines), random)), blocks: shuffled(l.blocks, random) })),
  };
}

// ------------------------------------------------------------------ LOGIC_B … LOGIC_D

describe('LOGIC_B: parallel pairs', () => {
  it('two parallel lines 200 mm apart give exactly one pair, at distance 200', () => {
    const r = run(walls(hWall(0, 3000, 0, 200)));
    const pairs = artifact(r, 'logic_b_pairs.json');
    expect(pairs).toHaveLength(1);
    expect(pairs[0].distance).toBe(200);
    expect(pairs[0].bbox).toEqual([0, 0, 3000, 200]);
    expect(metrics(r, 'LOGIC_B').pairs).toBe(1);
  });

  it('keeps only the overlapping part of each line (trimmed segments)', () => {
    const r = run(walls([line(0, 0, 3000, 0), line(1000, 200, 5000, 200)]));
    const [pair] = artifact(r, 'logic_b_pairs.json');
    expect(pair.bbox).toEqual([1000, 0, 3000, 200]);
    expect([...pair.a_trimmed, ...pair.b_trimmed].map((p: XY) => p[0]).sort((x: number, y: number) => x - y)).toEqual([1000, 1000, 3000, 3000]);
  });

  it('respects the distance range [10, 450] and the 2° angle limit', () => {
    const r = run(walls([
      line(0, 0, 3000, 0), line(0, 9, 3000, 9), // 9 mm: too close
      line(0, 10000, 3000, 10000), line(0, 10460, 3000, 10460), // 460 mm: too far
      line(0, 20000, 3000, 20000), line(0, 20200, 3000, 20200 + Math.tan((2.5 * Math.PI) / 180) * 3000), // 2.5°: not parallel
      line(0, 30000, 3000, 30000), line(0, 30200, 3000, 30200 + Math.tan((1.5 * Math.PI) / 180) * 3000), // 1.5°: parallel
    ]));
    const pairs = artifact(r, 'logic_b_pairs.json');
    expect(pairs).toHaveLength(1);
    expect(pairs[0].bbox[1]).toBe(30000);
  });
});

describe('LOGIC_C: pairs spanning a third parallel line', () => {
  it('a hatch line inside a thin strip removes its only pair (0 pairs left)', () => {
    // Faces 16 mm apart with a hatch line in the middle: the 8 mm pairs are below the 10 mm minimum, and the
    // 16 mm pair is crossed by the hatch line.
    const r = run(walls([line(0, 0, 3000, 0), line(0, 8, 3000, 8), line(0, 16, 3000, 16)]));
    expect(artifact(r, 'logic_b_pairs.json')).toHaveLength(1);
    expect(artifact(r, 'logic_c_pairs.json')).toHaveLength(0);
    expect(metrics(r, 'LOGIC_C')).toMatchObject({ input_pairs: 1, rejected_spanning: 1, pairs: 0 });
  });

  it('a hatch line inside a 200 mm wall strip removes the pair that spans it', () => {
    const r = run(walls([...hWall(0, 3000, 0, 200), line(500, 100, 2500, 100)]));
    const b = artifact(r, 'logic_b_pairs.json');
    expect(b.map((p: { distance: number }) => p.distance).sort()).toEqual([100, 100, 200]);
    const c = artifact(r, 'logic_c_pairs.json');
    expect(c.some((p: { distance: number }) => p.distance === 200)).toBe(false);
    expect(metrics(r, 'LOGIC_C').rejected_spanning).toBe(1);
  });

  it('a line lying on a face, or a crossing perpendicular line, does not reject the pair', () => {
    const r = run(walls([...hWall(0, 3000, 0, 200), line(1000, 0, 2000, 0), line(1500, -100, 1500, 300)]));
    const c = artifact(r, 'logic_c_pairs.json');
    expect(c.filter((p: { distance: number }) => p.distance === 200)).toHaveLength(2);
    expect(metrics(r, 'LOGIC_C').rejected_spanning).toBe(0);
  });

  it('removes pairs with the same quad', () => {
    // A duplicate face on another selected layer: two pairs, one quad.
    const d = drawing([layer('A-WALL', { lines: hWall(0, 3000, 0, 200) }), layer('A-WALL-2', { lines: [line(0, 0, 3000, 0)] })]);
    const r = run(d, 'mm', ['A-WALL', 'A-WALL-2']);
    expect(artifact(r, 'logic_b_pairs.json')).toHaveLength(2);
    expect(artifact(r, 'logic_c_pairs.json')).toHaveLength(1);
    expect(metrics(r, 'LOGIC_C').removed_same_quad).toBe(1);
  });
});

describe('LOGIC_D: covered quads', () => {
  it('a quad inside a larger one is pruned', () => {
    // A short piece of the lower face pairs with the upper face: its quad lies inside the full wall's quad.
    const r = run(walls([...hWall(0, 3000, 0, 200), line(1000, 0, 2000, 0)]));
    expect(artifact(r, 'logic_c_pairs.json')).toHaveLength(2);
    const d: RectJson[] = artifact(r, 'logic_d_rectangles.json');
    expect(d).toHaveLength(1);
    expect(boxOf(d[0])).toEqual([0, 0, 3000, 200]);
    expect(metrics(r, 'LOGIC_D')).toMatchObject({ input_quads: 2, covered_removed: 1, rectangles: 1 });
  });

  it('keeps quads that only partly overlap', () => {
    const r = run(walls([line(0, 0, 3000, 0), line(1000, 200, 4000, 200), line(2000, 0, 5000, 0)]));
    expect(artifact(r, 'logic_d_rectangles.json')).toHaveLength(2);
  });
});

// ------------------------------------------------------------------ LOGIC_E

describe('LOGIC_E: band merging', () => {
  const pieces = [...hWall(0, 1500, 0, 200), ...hWall(1500, 3000, 0, 200)];

  it('two collinear touching rectangles merge into one', () => {
    const r = run(walls(pieces));
    expect(artifact(r, 'logic_d_rectangles.json')).toHaveLength(2);
    const e: RectJson[] = artifact(r, 'logic_e_rectangles.json');
    expect(e).toHaveLength(1);
    expect(boxOf(e[0])).toEqual([0, 0, 3000, 200]);
    expect(e[0].thickness).toBe(200);
    expect(e[0].length).toBe(3000);
  });

  it('also at 30° rotation', () => {
    const r = run(walls(pieces.map((l) => rotate(l, 30))));
    const e: RectJson[] = artifact(r, 'logic_e_rectangles.json');
    expect(e).toHaveLength(1);
    expect(e[0].length).toBeCloseTo(3000, 3);
    expect(e[0].thickness).toBeCloseTo(200, 3);
    const angle = (Math.atan2(e[0].direction[1], e[0].direction[0]) * 180) / Math.PI;
    expect(angle).toBeCloseTo(30, 3);
  });

  it('rectangles of different thickness or with a real gap do not merge', () => {
    const r = run(walls([...hWall(0, 1500, 0, 200), line(1500, 0, 3000, 0), line(1500, 250, 3000, 250), ...hWall(5000, 6000, 0, 200)]));
    expect(artifact(r, 'logic_e_rectangles.json')).toHaveLength(3);
  });
});

// ------------------------------------------------------------------ LOGIC_F

describe('LOGIC_F: junctions', () => {
  it('an L-corner of two 200 mm walls is joined at the centerline crossing', () => {
    // Outer faces meet at (0, 0); the inner faces at (200, 200).
    const r = run(walls([line(0, 0, 3000, 0), line(200, 200, 3000, 200), line(0, 0, 0, 3000), line(200, 200, 200, 3000)]));
    const f: RectJson[] = artifact(r, 'logic_f_rectangles.json');
    expect(f).toHaveLength(2);
    for (const rect of f) {
      expect(rect.was_modified).toBe(true);
      expect(rect.junction_center).toEqual([100, 100]);
      expect(rect.junctions).toHaveLength(1);
      expect(rect.junctions![0].kind).toBe('L');
    }
    const boxes = f.map(boxOf).sort((a, b) => a[2] - b[2]);
    expect(boxes).toEqual([[0, 100, 200, 3000], [100, 0, 3000, 200]]);
    expect(metrics(r, 'LOGIC_F')).toMatchObject({ rectangles: 2, modified: 2, l_junction_ends: 2 });
    // The final walls meet at the crossing.
    const w = r.walls.walls;
    expect(w).toHaveLength(2);
    expect(w.every((x) => x.junctions.length === 1 && x.junctions[0].kind === 'L')).toBe(true);
  });

  it('the same L-corner rotated by 30° is joined at the rotated crossing', () => {
    const lines = [line(0, 0, 3000, 0), line(200, 200, 3000, 200), line(0, 0, 0, 3000), line(200, 200, 200, 3000)].map((l) => rotate(l, 30));
    const r = run(walls(lines));
    const f: RectJson[] = artifact(r, 'logic_f_rectangles.json');
    const a = (30 * Math.PI) / 180;
    const expected = [100 * Math.cos(a) - 100 * Math.sin(a), 100 * Math.sin(a) + 100 * Math.cos(a)];
    expect(f).toHaveLength(2);
    for (const rect of f) {
      expect(rect.was_modified).toBe(true);
      expect(rect.junction_center![0]).toBeCloseTo(expected[0], 2);
      expect(rect.junction_center![1]).toBeCloseTo(expected[1], 2);
      expect(rect.length).toBeCloseTo(2900, 2);
    }
  });

  it('a T-junction stem ending 100 mm short of a wall face is extended to the face', () => {
    const r = run(walls([...hWall(0, 5000, 0, 200), ...vWall(300, 3000, 2400, 200)]));
    const f: RectJson[] = artifact(r, 'logic_f_rectangles.json');
    expect(f).toHaveLength(2);
    const stem = f.find((x) => Math.abs(x.direction[1]) > 0.9)!;
    const main = f.find((x) => Math.abs(x.direction[0]) > 0.9)!;
    expect(boxOf(stem)).toEqual([2400, 200, 2600, 3000]);
    expect(stem.was_modified).toBe(true);
    expect(stem.junctions).toEqual([expect.objectContaining({ kind: 'T', center: [2500, 200] })]);
    expect(main.was_modified).toBe(false);
    expect(boxOf(main)).toEqual([0, 0, 5000, 200]);
    expect(metrics(r, 'LOGIC_F').t_junction_ends).toBe(1);
  });

  it('outputs exactly one rectangle per input rectangle', () => {
    const r = run(walls([...hWall(0, 5000, 0, 200), ...vWall(300, 3000, 2400, 200), ...vWall(200, 3000, 0, 200), ...hWall(3200, 5000, 3000, 200)]));
    expect(metrics(r, 'LOGIC_F').rectangles).toBe(metrics(r, 'LOGIC_E').rectangles);
  });
});

// ------------------------------------------------------------------ doors and windows

describe('DOOR_RECTANGLE_ASSIGNMENT, DOOR_BRIDGE, WALLS: openings', () => {
  // Two collinear 200 mm wall pieces with a 900 mm gap (jambs drawn), a door block over the gap.
  const doorPlan = () =>
    walls(
      [...hWall(0, 2000, 0, 200), ...hWall(2900, 5000, 0, 200), line(2000, 0, 2000, 200), line(2900, 0, 2900, 200)],
      [layer('A-DOOR', { blocks: [block('DOOR_900', 2000, 0, 2900, 900)] })],
    );

  it('a door over a gap gets a bridge, and the final wall runs through the door and hosts it', () => {
    const r = run(doorPlan());
    const assignments = artifact(r, 'door_rectangle_assignments.json');
    expect(assignments).toHaveLength(1);
    expect(assignments[0].rectangles).toHaveLength(2);
    const bridges = artifact(r, 'door_bridges.json');
    expect(bridges).toHaveLength(1);
    expect(bridges[0].width).toBeCloseTo(900, 6);
    expect(bridges[0].thickness).toBeCloseTo(200, 6);
    const w = r.walls.walls;
    expect(w).toHaveLength(1);
    expect(w[0].length).toBeCloseTo(5000, 6);
    expect(w[0].thickness).toBe(200);
    expect(w[0].openings).toHaveLength(1);
    expect(w[0].openings[0]).toMatchObject({ kind: 'door', blockName: 'DOOR_900' });
    expect(w[0].openings[0].width).toBeCloseTo(900, 6);
    expect(w[0].openings[0].center.x).toBeCloseTo(2450, 6);
    expect(w[0].openings[0].center.y).toBeCloseTo(100, 6);
    expect(r.walls.unhostedOpenings).toHaveLength(0);
  });

  it('also at 30° rotation (the block box is the world box of the rotated door)', () => {
    const d = doorPlan();
    const rotated: Drawing = {
      ...d,
      layers: d.layers.map((l) => ({
        ...l,
        lines: lineListOf(linesOf(l.lines).map((x) => rotate(x, 30))),
        blocks: l.blocks.map((b) => {
          const c = [[2000, 0], [2900, 0], [2900, 900], [2000, 900]].map(([x, y]) => rotate(line(x, y, x, y), 30).start);
          const xs = c.map((p) => p.x), ys = c.map((p) => p.y);
          return { ...b, rotation: 30, position: rotate(line(2000, 0, 2000, 0), 30).start, bbox: { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) } };
        }),
      })),
    };
    const r = run(rotated);
    expect(artifact(r, 'door_bridges.json')).toHaveLength(1);
    const w = r.walls.walls;
    expect(w).toHaveLength(1);
    expect(w[0].length).toBeCloseTo(5000, 3);
    expect(w[0].openings).toHaveLength(1);
    expect(w[0].openings[0].width).toBeCloseTo(900, 3);
    expect(w[0].openings[0].offset).toBeCloseTo(2450, 3);
  });

  it('a window block (A-WINDOW) is bridged the same way', () => {
    const d = walls([...hWall(0, 2000, 0, 200), ...hWall(3200, 5000, 0, 200)], [layer('A-WINDOW', { blocks: [block('WIN_1200', 2000, 0, 3200, 200)] })]);
    const r = run(d);
    expect(artifact(r, 'door_bridges.json')).toHaveLength(1);
    expect(r.walls.walls).toHaveLength(1);
    expect(r.walls.walls[0].openings).toEqual([expect.objectContaining({ kind: 'window', width: 1200 })]);
  });

  it('a block named as a door on another layer is a door; other blocks there are not', () => {
    const d = walls(
      [...hWall(0, 2000, 0, 200), ...hWall(2900, 5000, 0, 200)],
      [layer('A-FURN', { blocks: [block('DOOR_900', 2000, 0, 2900, 900), block('CHAIR', 500, 500, 900, 900)] })],
    );
    const r = run(d);
    expect(metrics(r, 'EXTRACT')).toMatchObject({ door_blocks: 1, window_blocks: 0 });
    expect(r.walls.walls).toHaveLength(1);
    expect(r.walls.walls[0].openings).toEqual([expect.objectContaining({ kind: 'door', blockName: 'DOOR_900', layer: 'A-FURN' })]);
  });

  it('a wide window whose block spans the whole gap is bridged beyond the 2000 mm limit; an unexplained wide gap is not', () => {
    const plan = (blockWidth: number) =>
      walls([...hWall(0, 2000, 0, 200), ...hWall(4400, 6000, 0, 200)], [layer('A-WINDOW', { blocks: [block('WIN', 2000 + (2400 - blockWidth) / 2, 0, 2000 + (2400 + blockWidth) / 2, 200)] })]);
    expect(artifact(run(plan(2400)), 'door_bridges.json')).toHaveLength(1);
    expect(artifact(run(plan(1200)), 'door_bridges.json')).toHaveLength(0);
  });

  it('door blocks are collected even when the door layer is not selected', () => {
    const r = run(doorPlan());
    expect(metrics(r, 'EXTRACT')).toMatchObject({ selected_layers: 1, door_blocks: 1, window_blocks: 0 });
  });
});

// ------------------------------------------------------------------ units, NORMALIZE, CLEAN_DEDUP

describe('units and cleaning', () => {
  it('the same plan in metres with units "m" gives the same walls (1e-6 relative)', () => {
    const plan = walls(
      [line(0, 0, 5000, 0), line(200, 200, 2000, 200), line(2900, 200, 5000, 200), line(0, 0, 0, 3000), line(200, 200, 200, 3000), ...vWall(300, 3000, 3400, 150)],
      [layer('A-DOOR', { blocks: [block('DOOR_900', 2000, 0, 2900, 900)] })],
    );
    const mm = run(plan, 'mm').walls;
    const m = run(transformDrawing(plan, 1 / 1000), 'm').walls;
    expect(m.walls.length).toBe(mm.walls.length);
    expect(mm.walls.length).toBeGreaterThanOrEqual(2);
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a), Math.abs(b)));
    mm.walls.forEach((w, i) => {
      const v = m.walls[i];
      expect(v.id).toBe(w.id);
      for (const k of ['x', 'y'] as const) {
        close(v.p1[k], w.p1[k]);
        close(v.p2[k], w.p2[k]);
      }
      close(v.thickness, w.thickness);
      close(v.length, w.length);
      expect(v.openings.length).toBe(w.openings.length);
      v.openings.forEach((o, j) => close(o.width, w.openings[j].width));
    });
  });

  it('NORMALIZE drops zero-length lines and polylines with fewer than 2 vertices', () => {
    const d = drawing([layer('A-WALL', {
      lines: [...hWall(0, 3000, 0, 200), line(5, 5, 5, 5), line(7, 7, 7 + 1e-7, 7)],
      polylines: [polyline([[1, 1]], false)],
    })]);
    const r = run(d);
    expect(metrics(r, 'NORMALIZE')).toMatchObject({ zero_length_lines: 2, short_polylines: 1, invalid: 3, valid: 2 });
    expect(artifact(r, 'canvas_data.json').lines).toHaveLength(2);
  });

  it('NORMALIZE converts to mm and rounds to 1e-6 mm', () => {
    const r = run(drawing([layer('A-WALL', { lines: [line(0, 0, 3, 0.2 + 1e-12), line(0, 0.2, 3, 0.2)] })]), 'm');
    const lines = artifact(r, 'canvas_data.json').lines;
    const ys = lines.flatMap((l: { p1: XY; p2: XY }) => [l.p1[1], l.p2[1]]).sort((a: number, b: number) => a - b);
    expect(ys).toEqual([0, 200, 200, 200]);
    expect(metrics(r, 'NORMALIZE').scale_mm_per_unit).toBe(1000);
  });

  it('CLEAN_DEDUP removes a reversed duplicate line', () => {
    const r = run(walls([...hWall(0, 3000, 0, 200), line(3000, 0, 0, 0)]));
    expect(metrics(r, 'CLEAN_DEDUP')).toMatchObject({ lines: 2, duplicates_removed: 1, segments: 2 });
    expect(artifact(r, 'canvas_data.json').lines).toHaveLength(2);
    expect(artifact(r, 'logic_b_pairs.json')).toHaveLength(1);
  });

  it('CLEAN_DEDUP keeps the same line on two layers, and gives ids independent of the order', () => {
    const d = drawing([layer('A-WALL', { lines: hWall(0, 3000, 0, 200) }), layer('A-WALL-2', { lines: [line(0, 0, 3000, 0)] })]);
    const r = run(d, 'mm', ['A-WALL', 'A-WALL-2']);
    expect(metrics(r, 'CLEAN_DEDUP')).toMatchObject({ lines: 3, duplicates_removed: 0 });
    const ids = artifact(r, 'canvas_data.json').lines.map((l: { id: string }) => l.id);
    const r2 = run({ ...d, layers: [...d.layers].reverse().map((l) => ({ ...l, lines: lineListOf(linesOf(l.lines).reverse()) })) }, 'mm', ['A-WALL-2', 'A-WALL']);
    expect(artifact(r2, 'canvas_data.json').lines.map((l: { id: string }) => l.id)).toEqual(ids);
  });

  it('PARALLEL_NAIVE counts horizontal, vertical and diagonal segments', () => {
    const r = run(walls([line(0, 0, 1000, 0), line(0, 0, 0, 1000), line(0, 0, 1000, 1000), line(0, 0, -1000, 10)]));
    expect(metrics(r, 'PARALLEL_NAIVE')).toMatchObject({ layers: 1, horizontal: 2, vertical: 1, diagonal: 1 });
  });
});

// ------------------------------------------------------------------ determinism

describe('determinism', () => {
  it.each([
    ['apartment', [1, 2, 3]],
    ['office-floor', [4]],
    ['rotated', [5]],
    ['apartment-he-m', [6]],
  ] as const)('shuffling lines, polylines, blocks and layers of the %s sample gives byte-identical artifacts', (name, seeds) => {
    const d = loadFixture(name);
    const base = runSample(d).artifacts;
    for (const seed of seeds) {
      const other = runSample(shuffleDrawing(d, seed)).artifacts;
      expect(other.map((a) => a.name)).toEqual(base.map((a) => a.name));
      other.forEach((a, i) => expect(artifactText(a) === artifactText(base[i]), `${a.name} differs with seed ${seed}`).toBe(true));
    }
  });

  // BUG (src/core/steps/cleanDedup.ts, dedupeById): of a line and its reversed copy the FIRST in file order is
  // kept, with its own direction, so the artifacts depend on the entity order: canvas_data.json writes p1/p2
  // swapped. SPEC §4: "same output whatever the order of entities".
  it('a line and its reversed duplicate in either order give byte-identical artifacts', () => {
    const a = line(0, 0, 3000, 0), reversed = line(3000, 0, 0, 0), b = line(0, 200, 3000, 200);
    const one = run(walls([a, reversed, b])).artifacts;
    const two = run(walls([reversed, a, b])).artifacts;
    one.forEach((x, i) => expect(artifactText(x), x.name).toBe(artifactText(two[i])));
  });

  // BUG (same place): for a polyline and its reversed copy, which copy survives decides which geometry the
  // segment ids "<id>#0", "<id>#2" name, so logic_b_pairs.json / logic_c_pairs.json swap a_trimmed and
  // b_trimmed (and the quad's corner order) with the file order.
  it('a polyline and its reversed duplicate in either order give byte-identical artifacts', () => {
    const p = polyline([[0, 1000], [3000, 1000], [3000, 1200], [0, 1200]], false);
    const reversed = polyline([[0, 1200], [3000, 1200], [3000, 1000], [0, 1000]], false);
    const one = run(drawing([layer('A-WALL', { polylines: [p, reversed] })])).artifacts;
    const two = run(drawing([layer('A-WALL', { polylines: [reversed, p] })])).artifacts;
    one.forEach((x, i) => expect(artifactText(x), x.name).toBe(artifactText(two[i])));
  });
});

describe('artifact hand-off', () => {
  it('with onArtifact each artifact goes out as its step ends, the same bytes in the same order, and the result keeps none', () => {
    const d = loadFixture('apartment');
    const kept = runSample(d).artifacts;
    const handed: { artifact: ArtifactOut; stepsEnded: StepName[] }[] = [];
    const ended: StepName[] = [];
    const layers = suggestedLayers(buildLayerInventory(d));
    const result = runPipeline({ drawing: d, selectedLayers: layers, units: detectUnits(d).units, params: defaultParams }, {
      onStepEnd: (record) => ended.push(record.name),
      // The bytes are valid only during the call: copied, as every receiver must.
      onArtifact: (artifact) => handed.push({ artifact: { ...artifact, bytes: artifact.bytes.slice() }, stepsEnded: [...ended] }),
    });
    expect(result.artifacts).toEqual([]);
    expect(handed.map((h) => h.artifact.name)).toEqual(kept.map((a) => a.name));
    handed.forEach(({ artifact }, i) => expect(artifactText(artifact) === artifactText(kept[i]), artifact.name).toBe(true));
    // Handed over before its own step's end is reported, after every earlier step's.
    for (const { artifact, stepsEnded } of handed) expect(stepsEnded).toEqual(STEP_NAMES.slice(0, STEP_NAMES.indexOf(artifact.step)));
  });
});

// ------------------------------------------------------------------ robustness

describe('degenerate geometry', () => {
  // BUG (src/core/segments.ts buildSegmentSet + src/core/pairs.ts evaluatePair): a LINE whose ends differ only in
  // z (a vertical edge, length 0 in plan) passes NORMALIZE (dx+dy+dz > 1e-6, as the SPEC says) but buildSegmentSet
  // only drops zero-length POLYLINE segments. evaluatePair then divides by length 0: every pair with it is
  // accepted with NaN distance and quad. Result: LOGIC_B…WALLS carry NaN (null in JSON), and bimjson.json gets a
  // wall LineString with null coordinates and null thickness (WALLS metric total_length_mm is NaN too).
  it('a line that is vertical in z (zero length in plan) yields no NaN and no extra wall', () => {
    const r = run(walls([...hWall(0, 3000, 0, 200), line(100, 100, 100, 100, 0, 2500)]));
    for (const a of r.artifacts) expect(artifactText(a).includes('null') && a.name !== 'logic_f_rectangles.json', a.name).toBe(false);
    expect(r.walls.walls).toHaveLength(1);
  });
});

// ------------------------------------------------------------------ BIMJSON contract (SPEC §5)

describe('BIMJSON contract', () => {
  const samples = ['apartment', 'office-floor', 'rotated'];
  for (const name of samples) {
    it(`${name}: only walls are LineStrings; openings are Points with width and host; thickness_cm; no wall < 100 mm`, () => {
      const r = runSample(loadFixture(name));
      const bim = r.bimjson;
      expect(artifactText(r.artifacts.find((a) => a.name === 'bimjson.json')!)).toBe(JSON.stringify(bim));
      expect(bim).toMatchObject({ type: 'BIMJSON', version: '1.0', units: 'mm' });
      const wallIds = new Set<string>();
      let openings = 0;
      for (const f of bim.features) {
        const p = f.properties as Record<string, unknown>;
        if (f.geometry.type === 'LineString') {
          expect(p.category).toBe('wall');
          wallIds.add(f.id);
          const [[x1, y1], [x2, y2]] = f.geometry.coordinates;
          expect(Math.hypot(x2 - x1, y2 - y1)).toBeGreaterThanOrEqual(100 - 1e-3);
          expect(p.length_mm as number).toBeGreaterThanOrEqual(100);
          expect(p.thickness_cm).toBe(Math.round((p.thickness_mm as number) * 10) / 100);
          expect(Math.round((p.thickness_mm as number) * 10) / 10).toBe(p.thickness_mm);
          expect(p.thickness_mm as number).toBeGreaterThan(0);
        } else {
          expect(['door', 'window']).toContain(p.category);
          expect(['Point', 'Polygon']).toContain(f.geometry.type);
          expect(typeof p.width_mm).toBe('number');
          expect(p.width_mm as number).toBeGreaterThan(0);
          expect('host_wall_id' in p).toBe(true);
          openings++;
        }
      }
      for (const f of bim.features) {
        const p = f.properties as Record<string, unknown>;
        if (f.geometry.type === 'LineString') {
          for (const h of p.hosted as string[]) expect(bim.features.find((x) => x.id === h)?.properties.host_wall_id).toBe(f.id);
        } else if (p.host_wall_id !== null) expect(wallIds.has(p.host_wall_id as string)).toBe(true);
      }
      // Every door/window block of the drawing is exported (hosted or not).
      expect(openings).toBe(metrics(r, 'CLEAN_DEDUP').openings);
      expect(bim.features.filter((f) => f.geometry.type === 'LineString')).toHaveLength(metrics(r, 'WALLS').exported_walls);
    });
  }

  // A door whose nearest wall is shorter than 100 mm: the wall is (rightly) not exported, but its hosted
  // openings are written inside the same skipped loop iteration of src/export/bimjson.ts, so the door vanishes
  // from the BIMJSON altogether instead of being exported with host_wall_id null.
  it('a door hosted by a wall shorter than 100 mm is still exported', () => {
    const r = run(walls(hWall(0, 80, 0, 200), [layer('A-DOOR', { blocks: [block('DOOR_900', 100, 0, 1000, 900)] })]));
    expect(r.walls.walls.length + r.walls.unhostedOpenings.length).toBeGreaterThan(0);
    expect(r.bimjson.features.filter((f) => f.properties.category === 'door')).toHaveLength(1);
  });
});

// ------------------------------------------------------------------ accuracy on the samples (issue 2, SPEC §8)

describe('sample accuracy', () => {
  const samples = ['apartment', 'office-floor', 'rotated', 'apartment-he-m', 'campus'];
  for (const name of samples) {
    it(`${name}: f1, thickness, door and window recall ≥ 0.95`, () => {
      const r = runSample(loadFixture(name));
      const truth = JSON.parse(readFileSync(new URL(`../fixtures/${name}.truth.json`, import.meta.url), 'utf8'));
      const s = scoreBimJson(r.bimjson, truth);
      expect(s.f1, JSON.stringify(s)).toBeGreaterThanOrEqual(0.95);
      expect(s.thickness_ok_share, JSON.stringify(s)).toBeGreaterThanOrEqual(0.95);
      expect(s.door_recall, JSON.stringify(s)).toBeGreaterThanOrEqual(0.95);
      expect(s.window_recall, JSON.stringify(s)).toBeGreaterThanOrEqual(0.95);
    });
  }
});
