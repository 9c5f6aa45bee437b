import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importDrawing } from '../../src/import';
import { fitRect, pan, toScreen, toWorld, visibleRect, zoomAt } from '../../src/app/viewer/camera';
import { thicknessClass } from '../../src/app/viewer/colors';
import { escapeXml, planSvg } from '../../src/app/viewer/exportSvg';
import { lodCount } from '../../src/app/viewer/frame';
import { describe as describePick, parsePickKey, pick, pickKey, pickSegment, pointInRing, snapEndpoint } from '../../src/app/viewer/picking';
import { buildScene } from '../../src/app/viewer/scene';
import { extractGeometry } from '../../workers/geometry';
import { generatePlan } from '../bench/generator';

const all = { layerVisible: () => true, overlayVisible: () => true };

function apartment() {
  const bytes = readFileSync(new URL('../fixtures/apartment.json', import.meta.url));
  return importDrawing(new Uint8Array(bytes), 'apartment.json', { maxBytes: 1e9 });
}

describe('viewer camera', () => {
  const v = { width: 800, height: 600 };
  it('maps screen and world both ways (y up)', () => {
    const c = { cx: 1000, cy: 2000, scale: 0.5 };
    const [sx, sy] = toScreen(c, v, 1100, 2100);
    expect(sx).toBeCloseTo(450);
    expect(sy).toBeCloseTo(250);
    const [wx, wy] = toWorld(c, v, sx, sy);
    expect(wx).toBeCloseTo(1100);
    expect(wy).toBeCloseTo(2100);
  });
  it('zooms at the cursor: the point under it stays put', () => {
    const c = { cx: 0, cy: 0, scale: 1 };
    const before = toWorld(c, v, 123, 456);
    const z = zoomAt(c, v, 3, 123, 456);
    const after = toWorld(z, v, 123, 456);
    expect(after[0]).toBeCloseTo(before[0]);
    expect(after[1]).toBeCloseTo(before[1]);
    expect(z.scale).toBe(3);
  });
  it('fits a rectangle and pans with the pointer', () => {
    const c = fitRect({ minX: 0, minY: 0, maxX: 10_000, maxY: 5_000 }, v, 0);
    expect(c.scale).toBeCloseTo(0.08);
    const r = visibleRect(c, v);
    expect(r.minX).toBeCloseTo(0);
    expect(r.maxX).toBeCloseTo(10_000);
    const p = pan(c, 80, 0);
    expect(p.cx).toBeCloseTo(c.cx - 1000);
  });
});

describe('viewer geometry and scene', () => {
  it('flattens every entity into segments per layer, in mm', () => {
    const drawing = apartment();
    const g = extractGeometry(drawing, 1);
    const wall = g.layers.find((l) => l.name === 'A-WALL')!;
    const layer = drawing.layers.find((l) => l.name === 'A-WALL')!;
    const polySegs = layer.polylines.reduce((n, p) => n + p.vertices.length - 1 + (p.closed && p.vertices.length > 2 ? 1 : 0), 0);
    expect(wall.segments.length / 4).toBe(layer.lines.length + polySegs);
    const doors = g.layers.find((l) => l.name === 'A-DOOR')!;
    expect(doors.segments.length / 4).toBe(doors.blockCount * 4);
    const inMetres = extractGeometry(drawing, 1000);
    expect(inMetres.layers[0].segments[0]).toBeCloseTo(g.layers[0].segments[0] * 1000);
  });

  it('keeps every segment once across chunks, longest first inside each chunk', () => {
    const { drawing } = generatePlan(5000, 3);
    const g = extractGeometry(drawing, 1);
    const scene = buildScene({ geometry: g, highlighted: new Set(['A-WALL']) });
    for (const layer of scene.layers) {
      const seen = new Set(layer.order);
      expect(seen.size).toBe(layer.segmentCount);
      expect(layer.chunks.reduce((n, c) => n + c.count, 0)).toBe(layer.segmentCount);
      for (const c of layer.chunks) for (let k = c.start + 1; k < c.start + c.count; k++) expect(layer.lens[k]).toBeLessThanOrEqual(layer.lens[k - 1]);
    }
    expect(scene.layers.find((l) => l.name === 'A-WALL')!.highlighted).toBe(true);
  });

  it('counts the segments a level of detail keeps', () => {
    const lens = new Float32Array([9, 7, 5, 3, 1]);
    expect(lodCount(lens, 0, 5, 4)).toBe(3);
    expect(lodCount(lens, 0, 5, 0.5)).toBe(5);
    expect(lodCount(lens, 0, 5, 10)).toBe(0);
    expect(lodCount(lens, 1, 3, 5)).toBe(2);
  });
});

describe('viewer picking', () => {
  const drawing = apartment();
  const geometry = extractGeometry(drawing, 1);
  const scene = buildScene({ geometry, highlighted: new Set(['A-WALL']) });

  it('finds the same nearest segment as a loop over everything', () => {
    const b = scene.bounds;
    for (let i = 0; i < 300; i++) {
      const x = b.minX + ((i * 7919) % 1000) / 1000 * (b.maxX - b.minX);
      const y = b.minY + ((i * 104729) % 997) / 997 * (b.maxY - b.minY);
      const tol = 300;
      const got = pickSegment(scene, x, y, tol, all);
      let best = Infinity;
      for (const l of scene.layers) {
        const s = l.geometry.segments;
        for (let k = 0; k < s.length; k += 4) {
          const dx = s[k + 2] - s[k], dy = s[k + 3] - s[k + 1];
          const l2 = dx * dx + dy * dy;
          const t = l2 ? Math.max(0, Math.min(1, ((x - s[k]) * dx + (y - s[k + 1]) * dy) / l2)) : 0;
          best = Math.min(best, (s[k] + t * dx - x) ** 2 + (s[k + 1] + t * dy - y) ** 2);
        }
      }
      if (best <= tol * tol) expect(got?.d2).toBeCloseTo(best, 3);
      else expect(got).toBeNull();
    }
  });

  it('describes an entity and round-trips its selection key', () => {
    const layer = scene.layers.findIndex((l) => l.name === 'A-WALL');
    const s = scene.layers[layer].geometry.segments;
    const hit = pick(scene, (s[0] + s[2]) / 2, (s[1] + s[3]) / 2, 1, all)!;
    expect(hit.type).toBe('entity');
    const info = describePick(scene, hit)!;
    expect(info.rows.find(([k]) => k === 'Layer')?.[1]).toBe('A-WALL');
    expect(info.rows.find(([k]) => k === 'Length')?.[1]).toMatch(/mm$/);
    expect(parsePickKey(pickKey(hit), scene)).toEqual(hit);
    expect(parsePickKey('e.999.0', scene)).toBeNull();
    expect(parsePickKey('__proto__.1', scene)).toBeNull();
  });

  it('snaps to the nearest end point', () => {
    const s = scene.layers[0].geometry.segments;
    expect(snapEndpoint(scene, s[0] + 3, s[1] - 2, 10, all)).toEqual([s[0], s[1]]);
  });

  it('tests points in rings', () => {
    expect(pointInRing([0, 0, 10, 0, 10, 10, 0, 10], 5, 5)).toBe(true);
    expect(pointInRing([0, 0, 10, 0, 10, 10, 0, 10], 15, 5)).toBe(false);
  });
});

describe('viewer overlays and SVG', () => {
  const walls = {
    units: 'mm',
    walls: [{ id: 'W-1', p1: { x: 0, y: 0 }, p2: { x: 4000, y: 0 }, thickness: 200, length: 4000, layers: ['A-WALL'], openings: [{ id: 'd1', kind: 'door', blockName: 'DOOR_900', width: 900, offset: 1000 }], junctions: [{ kind: 'L', otherWallId: 'W-2', point: { x: 0, y: 0 } }] }],
    unjoinedEnds: [{ wallId: 'W-1', point: { x: 4000, y: 0 } }],
  };
  const pairs = [{ a: 'a', b: 'b', distance: 200, a_trimmed: [[0, 100], [4000, 100]], b_trimmed: [[0, -100], [4000, -100]], quad: [[0, 100], [4000, 100], [4000, -100], [0, -100]] }];
  const files = new Map<string, unknown>([
    ['walls.json', walls],
    ['logic_b_pairs.json', pairs],
    ['canvas_data.json', { layers: [{ name: '<A&B>', color: '#E69F00' }], lines: [], polylines: [], openings: [] }],
  ]);
  const scene = buildScene({ geometry: { layers: [], segmentCount: 0, bounds: null }, highlighted: new Set(), artifacts: { get: (n) => files.get(n) } });

  it('turns artifacts into overlays with what the tooltip shows', () => {
    expect(scene.overlays.map((o) => o.key)).toEqual(['walls', 'logicB', 'openings', 'unjoined']);
    // The top-most visible overlay wins; the final walls are drawn first.
    expect(pick(scene, 2000, 50, 10, all)).toEqual({ type: 'overlay', overlay: 'logicB', item: 0 });
    const hit = pick(scene, 2000, 50, 10, { layerVisible: () => true, overlayVisible: (k) => k === 'walls' })!;
    expect(hit).toEqual({ type: 'overlay', overlay: 'walls', item: 0 });
    const rows = new Map(describePick(scene, hit)!.rows);
    expect(rows.get('Thickness')).toBe('200 mm');
    expect(rows.get('Hosted openings')).toContain('DOOR_900');
    expect(rows.get('Junctions')).toContain('W-2');
    const end = pick(scene, 4000, 0, 10, all)!;
    expect(end).toEqual({ type: 'overlay', overlay: 'unjoined', item: 0 });
    const onlyPairs = pick(scene, 2000, 50, 10, { layerVisible: () => true, overlayVisible: (k) => k === 'logicB' })!;
    expect(new Map(describePick(scene, onlyPairs)!.rows).get('Distance')).toBe('200 mm');
  });

  it('classes wall thickness', () => {
    expect(thicknessClass(100)).toBe(0);
    expect(thicknessClass(100.04)).toBe(0);
    expect(thicknessClass(120)).toBe(1);
    expect(thicknessClass(300)).toBe(4);
  });

  it('writes an SVG with escaped names', () => {
    const svg = planSvg(scene, [], new Set(['walls', 'logicB', 'unjoined']), 'plan <1> & "x"');
    expect(svg).toContain('<title>plan &lt;1&gt; &amp; &quot;x&quot;</title>');
    expect(svg).toContain('data-overlay="walls"');
    expect(svg).toContain('<circle');
    expect(escapeXml(`<'>`)).toBe('&lt;&apos;&gt;');
  });
});
