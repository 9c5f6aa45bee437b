import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importDrawing } from '../../src/import';
import { fitRect, pan, toScreen, toWorld, visibleRect, zoomAt } from '../../src/app/viewer/camera';
import { thicknessClass } from '../../src/app/viewer/colors';
import { escapeXml, planSvg } from '../../src/app/viewer/exportSvg';
import { lodCount } from '../../src/app/viewer/frame';
import { describe as describePick, parsePickKey, pick, pickKey, pickSegment, pointInRing, snapEndpoint } from '../../src/app/viewer/picking';
import { addOverlays, buildScene, FIRST_ARTIFACTS, hydrateScene, itemInfo, LATER_OVERLAYS, laterArtifacts, overlayTransferables, sceneTransferables } from '../../src/app/viewer/scene';
import { viewerOverlayData, viewerSceneData } from '../../workers/viewerData';
import { buildLayerInventory, defaultParams, runPipeline, suggestedLayers } from '../../src/core';
import { extractGeometry } from '../../workers/geometry';
import { generatePlan } from '../bench/generator';
import { lineCount } from '../../src/core/layerGeometry';
import { polylinesOf } from '../support/layerObjects';

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
    const polySegs = polylinesOf(layer.polylines).reduce((n, p) => n + p.vertices.length - 1 + (p.closed && p.vertices.length > 2 ? 1 : 0), 0);
    expect(wall.segments.length / 4).toBe(lineCount(layer.lines) + polySegs);
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

describe('viewer scene built in the worker', () => {
  const walls = {
    walls: [{ id: 'Wänd-1 ✓', p1: { x: 0, y: 0 }, p2: { x: 4000, y: 0 }, thickness: 200, length: 4000, layers: ['A-WALL'], openings: [], junctions: [] }],
    unjoinedEnds: [],
  };
  const pairs = [{ a: 'L1', b: 'L2', distance: 200, a_trimmed: [[0, 100], [4000, 100]], b_trimmed: [[0, -100], [4000, -100]], quad: [[0, 100], [4000, 100], [4000, -100], [0, -100]] }];
  const canvas = {
    layers: [{ name: 'A-WALL', color: '#E69F00' }],
    lines: [{ id: 'L1', layer: 'A-WALL', p1: [0, 100], p2: [4000, 100] }],
    polylines: [{ id: 'P1', layer: 'A-WALL', points: [0, -100, 4000, -100], closed: false }],
    openings: [],
  };
  const geometry = {
    layers: [{ name: 'A-WALL', segments: new Float64Array([0, 100, 4000, 100, 4000, -100, 0, -100]), entity: new Uint32Array([0, 1]), part: new Uint32Array([0, 0]), lineCount: 1, polylineCount: 1, blockCount: 0, blockNames: [] }],
    segmentCount: 2,
    bounds: { minX: 0, minY: -100, maxX: 4000, maxY: 100 },
  };
  const blob = (v: unknown) => new Blob([JSON.stringify(v)]);

  it('parses the artifacts into transferable arrays that picking and tooltips read as before', async () => {
    const data = await viewerSceneData(geometry, [
      { name: 'walls.json', blob: blob(walls) },
      { name: 'logic_b_pairs.json', blob: blob(pairs) },
      { name: 'canvas_data.json', blob: blob(canvas) },
      { name: 'logic_c_pairs.json', blob: new Blob(['{not json']) },
      { name: 'unrelated.json', blob: blob({}) },
    ]);
    // What crosses to the page: buffers moved, not copied (a transferred buffer is detached in the sender).
    const buffers = sceneTransferables(data);
    expect(buffers.length).toBeGreaterThan(10);
    const moved = structuredClone(data, { transfer: buffers });
    expect(data.layers[0].verts.byteLength).toBe(0);
    expect(moved.segmentIndex).toBeInstanceOf(ArrayBuffer);
    const scene = hydrateScene(moved, new Set(['A-WALL']));
    expect(scene.overlays.map((o) => o.key)).toEqual(['walls', 'logicB', 'openings', 'unjoined']);
    expect(scene.layers[0].color).toBe('#E69F00');
    const hit = pick(scene, 2000, 50, 10, { layerVisible: () => true, overlayVisible: (k) => k === 'walls' })!;
    expect(hit).toEqual({ type: 'overlay', overlay: 'walls', item: 0 });
    expect(new Map(describePick(scene, hit)!.rows).get('Thickness')).toBe('200 mm');
    expect(new Map(describePick(scene, hit)!.rows).get('Id')).toBe('Wänd-1 ✓');
    const pair = scene.overlays.find((o) => o.key === 'logicB')!;
    expect(itemInfo(pair, 0).title).toBe('LOGIC_B pair 1');
    expect(new Map(itemInfo(pair, 0).rows).get('Overlap')).toBe('4,000 mm');
    // Entity ids come from canvas_data.json by geometry (lines, and polyline segments as "<id>#<n>").
    const line = pick(scene, 2000, 100, 5, { layerVisible: () => true, overlayVisible: () => false })!;
    expect(new Map(describePick(scene, line)!.rows).get('Id')).toBe('L1');
    const poly = pick(scene, 1000, -100, 5, { layerVisible: () => true, overlayVisible: () => false })!;
    expect(new Map(describePick(scene, poly)!.rows).get('Id')).toBe('P1#0');
  });

  it('opens with the first overlays and, given the later ones afterwards, equals the scene built from every artifact at once', async () => {
    const drawing = apartment();
    const result = runPipeline({ drawing, selectedLayers: suggestedLayers(buildLayerInventory(drawing)), units: 'mm', params: defaultParams });
    const artifacts = result.artifacts.map((a) => ({ name: a.name, blob: new Blob([a.bytes]) }));
    const g = () => extractGeometry(drawing, 1);
    const whole = hydrateScene(await viewerSceneData(g(), artifacts), new Set(['A-WALL']));

    const first = hydrateScene(await viewerSceneData(g(), artifacts.filter((a) => FIRST_ARTIFACTS.includes(a.name))), new Set(['A-WALL']));
    expect(first.overlays.map((o) => o.key)).toEqual(['walls', 'openings', 'unjoined']);
    const later = laterArtifacts(artifacts);
    expect(later.map((a) => a.name).sort()).toEqual(['canvas_data.json', 'door_bridges.json', 'logic_b_pairs.json', 'logic_c_pairs.json', 'logic_d_rectangles.json', 'logic_e_rectangles.json', 'logic_f_rectangles.json', 'wall_candidate_pairs.json']);
    const more = await viewerOverlayData(later, first.origin, LATER_OVERLAYS);
    expect(more.map((o) => o.key)).toEqual(['logicB', 'logicC', 'logicD', 'logicE', 'logicF', 'bridges', 'candidates']);
    const overlaysBefore = first.overlays;
    addOverlays(first, structuredClone(more, { transfer: overlayTransferables(more) }));
    expect(first.overlays).not.toBe(overlaysBefore); // replaced, so what depends on the list sees the change

    expect(first.overlays.map((o) => o.key)).toEqual(whole.overlays.map((o) => o.key));
    for (const [k, o] of first.overlays.entries()) {
      const w = whole.overlays[k];
      expect(o.count, o.key).toBe(w.count);
      if (LATER_OVERLAYS.includes(o.key)) expect(o.count, o.key).toBeGreaterThan(0);
      expect([...o.coords], o.key).toEqual([...w.coords]);
      expect([...o.meta], o.key).toEqual([...w.meta]);
    }
    const b = whole.bounds;
    for (let i = 0; i < 300; i++) {
      const x = b.minX + (((i * 7919) % 1000) / 1000) * (b.maxX - b.minX);
      const y = b.minY + (((i * 104729) % 997) / 997) * (b.maxY - b.minY);
      expect(pick(first, x, y, 300, all)).toEqual(pick(whole, x, y, 300, all));
    }
  });

  it('gives the same picks as the scene built on the page', async () => {
    const drawing = apartment();
    const g = extractGeometry(drawing, 1);
    const onPage = buildScene({ geometry: g, highlighted: new Set(['A-WALL']) });
    const inWorker = hydrateScene(structuredClone(await viewerSceneData(extractGeometry(drawing, 1), [])), new Set(['A-WALL']));
    expect(inWorker.origin).toEqual(onPage.origin);
    const b = onPage.bounds;
    for (let i = 0; i < 200; i++) {
      const x = b.minX + (((i * 7919) % 1000) / 1000) * (b.maxX - b.minX);
      const y = b.minY + (((i * 104729) % 997) / 997) * (b.maxY - b.minY);
      expect(pick(inWorker, x, y, 200, all)).toEqual(pick(onPage, x, y, 200, all));
    }
  });
});
