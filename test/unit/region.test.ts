// The job region of issue 6 ("several views in one model space"): clipping, parsing, and a plan beside a copy of
// itself, where the region around one copy gives that copy's walls.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MM_PER_UNIT, findViews, defaultParams, detectUnits, parseRegion, formatRegion, runPipeline, suggestedLayers, buildLayerInventory, type Box2, type Drawing, type Layer } from '../../src/core';
import { clipPolylineToBox } from '../../src/core/clipToRegion';
import { clipSegmentToBox } from '../../src/core/geometry/clipSegment';
import { importDrawing } from '../../src/import';
import { lineCount, lineListOf, polylineListOf } from '../../src/core/layerGeometry';
import { linesOf, polylinesOf } from '../support/layerObjects';
import { transformDrawing } from '../support/transformDrawing';

const box: Box2 = { minX: 0, minY: 0, maxX: 10, maxY: 10 };

describe('clipSegmentToBox', () => {
  it('keeps a segment inside whole, cuts one crossing an edge, drops one outside', () => {
    expect(clipSegmentToBox(1, 1, 9, 9, box)).toEqual([0, 1]);
    expect(clipSegmentToBox(-10, 5, 10, 5, box)).toEqual([0.5, 1]);
    expect(clipSegmentToBox(-5, 5, 15, 5, box)).toEqual([0.25, 0.75]);
    expect(clipSegmentToBox(11, 0, 20, 10, box)).toBeNull();
    expect(clipSegmentToBox(-1, 11, 11, 11, box)).toBeNull(); // parallel to the top edge, above it
  });
});

describe('clipPolylineToBox', () => {
  it('returns a polyline wholly inside unchanged, closed flag included', () => {
    expect(clipPolylineToBox([1, 1, 9, 1, 9, 9], true, box)).toEqual([{ xy: [1, 1, 9, 1, 9, 9], closed: true }]);
  });
  it('cuts an open polyline into the runs inside', () => {
    // In, out through the right edge, back in, out again.
    const runs = clipPolylineToBox([5, 5, 15, 5, 15, 8, 5, 8], false, box);
    expect(runs).toEqual([
      { xy: [5, 5, 10, 5], closed: false },
      { xy: [10, 8, 5, 8], closed: false },
    ]);
  });
  it('joins the run of a closed outline that wraps around its start', () => {
    // A square from (5,2) to (15,8) starting inside: the part left of x=10 is one run through the start vertex.
    const runs = clipPolylineToBox([5, 2, 10, 2, 15, 2, 15, 8, 5, 8], true, box);
    expect(runs).toEqual([{ xy: [10, 8, 5, 8, 5, 2, 10, 2], closed: false }]);
  });
  it('drops a polyline wholly outside', () => {
    expect(clipPolylineToBox([20, 20, 30, 30], false, box)).toEqual([]);
  });
});

describe('parseRegion', () => {
  it('reads any two opposite corners and writes back what it reads', () => {
    const r = parseRegion('10, 20.5, -3, 4');
    expect(r).toEqual({ minX: -3, minY: 4, maxX: 10, maxY: 20.5 });
    expect(parseRegion(formatRegion(r))).toEqual(r);
  });
  it.each(['1,2,3', '1,2,3,x', '1,,3,4', '0,0,0,5'])('rejects "%s" with a sentence', (text) => {
    expect(() => parseRegion(text)).toThrow(/the region ".*" (is not four numbers|encloses no area)/);
  });
});

/** The drawing's layers shifted by (dx, dy), as a second view placed beside the first. */
const shifted = (d: Drawing, dx: number, dy: number): Layer[] => transformDrawing(d, 1, dx, dy).layers;

function bounds(d: Drawing): Box2 {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  const grow = (x: number, y: number) => {
    b.minX = Math.min(b.minX, x); b.minY = Math.min(b.minY, y); b.maxX = Math.max(b.maxX, x); b.maxY = Math.max(b.maxY, y);
  };
  for (const l of d.layers) {
    for (const x of linesOf(l.lines)) { grow(x.start.x, x.start.y); grow(x.end.x, x.end.y); }
    for (const x of polylinesOf(l.polylines)) for (const v of x.vertices) grow(v.x, v.y);
    for (const x of l.blocks) if (x.bbox) { grow(x.bbox.minX, x.bbox.minY); grow(x.bbox.maxX, x.bbox.maxY); }
  }
  return b;
}

describe('a job limited to a region', () => {
  const single = importDrawing(readFileSync(new URL('../fixtures/apartment.json', import.meta.url)), 'apartment.json');
  const b = bounds(single);
  const width = b.maxX - b.minX;
  // The copy sits one plan width to the right, with a gap of half a width: two views in one model space.
  const dx = width * 1.5;
  const both: Drawing = { ...single, layers: single.layers.map((l, i) => { const s = shifted(single, dx, 0)[i]; return { ...l, lines: lineListOf([...linesOf(l.lines), ...linesOf(s.lines)]), polylines: polylineListOf([...polylinesOf(l.polylines), ...polylinesOf(s.polylines)]), blocks: [...l.blocks, ...s.blocks] }; }) };
  const layers = suggestedLayers(buildLayerInventory(single));
  const { units } = detectUnits(single);
  const run = (d: Drawing, region?: Box2) => runPipeline({ drawing: d, selectedLayers: layers, units, params: defaultParams, region });
  const margin = width * 0.1;
  const around = (x0: number): Box2 => ({ minX: x0 - margin, minY: b.minY - margin, maxX: x0 + width + margin, maxY: b.maxY + margin });

  it('finds both copies without a region and one copy with it, equal to the plan alone', () => {
    const alone = run(single).walls;
    expect(run(both).walls.walls.length).toBe(2 * alone.walls.length);
    for (const [x0, shift] of [[b.minX, 0], [b.minX + dx, dx]] as const) {
      const limited = run(both, around(x0));
      const extract = limited.steps.find((s) => s.name === 'EXTRACT')!;
      expect(extract.metrics.outside_region).toBeGreaterThan(0);
      const key = (dxMm: number) => (w: { p1: { x: number; y: number }; p2: { x: number; y: number }; thickness: number }) =>
        [w.p1.x - dxMm, w.p1.y, w.p2.x - dxMm, w.p2.y, w.thickness].map((v) => v.toFixed(3)).join(' ');
      expect(limited.walls.walls.map(key(shift * MM_PER_UNIT[units])).sort()).toEqual(alone.walls.map(key(0)).sort());
      expect(limited.walls.walls.flatMap((w) => w.openings).length).toBe(alone.walls.flatMap((w) => w.openings).length);
    }
  });

  it('cuts walls at the region edge: a region over the left half finds fewer, shorter walls', () => {
    const half: Box2 = { ...around(b.minX), maxX: b.minX + width / 2 };
    const limited = run(both, half).walls.walls;
    const alone = run(single).walls.walls;
    expect(limited.length).toBeGreaterThan(0);
    const total = (ws: typeof alone) => ws.reduce((s, w) => s + w.length, 0);
    expect(total(limited)).toBeLessThan(total(alone));
    for (const w of limited) for (const p of [w.p1, w.p2]) expect(p.x).toBeLessThanOrEqual(half.maxX * MM_PER_UNIT[units] + 1e-6);
  });
});

describe('findViews', () => {
  const single = importDrawing(readFileSync(new URL('../fixtures/apartment.json', import.meta.url)), 'apartment.json');
  const layers = suggestedLayers(buildLayerInventory(single));
  const b = bounds(single);
  const width = b.maxX - b.minX;
  const height = b.maxY - b.minY;
  const merged = (...copies: Layer[][]): Drawing => ({
    ...single,
    layers: single.layers.map((l, i) => ({ ...l, lines: lineListOf(copies.flatMap((c) => linesOf(c[i].lines))), polylines: polylineListOf(copies.flatMap((c) => polylinesOf(c[i].polylines))), blocks: copies.flatMap((c) => c[i].blocks) })),
  });
  const inside = (inner: Box2, outer: Box2) => inner.minX >= outer.minX && inner.maxX <= outer.maxX && inner.minY >= outer.minY && inner.maxY <= outer.maxY;

  it.each(['apartment', 'apartment-he-m', 'campus', 'office-floor', 'rotated'])('finds one view (none to offer) in the %s sample', (name) => {
    const d = importDrawing(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url)), `${name}.json`);
    expect(findViews(d, suggestedLayers(buildLayerInventory(d)))).toEqual([]);
  });

  it('finds three views placed side by side and above, each around its copy', () => {
    const offsets: [number, number][] = [[0, 0], [width * 1.5, 0], [0, height * 1.6]];
    const d = merged(...offsets.map(([dx, dy]) => shifted(single, dx, dy)));
    const views = findViews(d, layers);
    expect(views).toHaveLength(3);
    for (const [dx, dy] of offsets) {
      const copy = { minX: b.minX + dx, minY: b.minY + dy, maxX: b.maxX + dx, maxY: b.maxY + dy };
      expect(views.filter((v) => inside(copy, v.box)), `copy at ${dx},${dy}`).toHaveLength(1);
    }
    // The region of a found view gives that copy's walls.
    const run = (drawingToRun: Drawing, region?: Box2) => runPipeline({ drawing: drawingToRun, selectedLayers: layers, units: detectUnits(single).units, params: defaultParams, region });
    expect(run(d, views[0].box).walls.walls.length).toBe(run(single).walls.walls.length);
  });

  it('ranks the view with the most wall lines first: a plan beside a bare sketch of its walls', () => {
    const sketch = shifted(single, width * 1.5, 0).map((l) => ({ ...l, lines: lineListOf(linesOf(l.lines).slice(0, Math.ceil(lineCount(l.lines) / 2))), polylines: polylineListOf([]) }));
    const views = findViews(merged(sketch, single.layers), layers);
    expect(views).toHaveLength(2);
    expect(inside(b, views[0].box)).toBe(true);
    expect(views[0].wallSegments).toBeGreaterThan(views[1].wallSegments);
  });
});
