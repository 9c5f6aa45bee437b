/**
 * A large DWG for the import benchmark (issue 6: "a 2 MB DWG of ~8k entities imports in under 5 s in headless
 * Chromium"): the benchmark's synthetic plan (generator.ts) written as DWG R2000 by test/support/writeDwg.ts,
 * on top of LibreDWG's example drawing (its blocks serve as the door and window blocks), plus tessellated
 * fixtures (round tables, basins: closed polylines of many vertices, as plans exported from BIM tools have) so
 * that size and entity count are those of a real plan of that size. Deterministic: the same options give the
 * same bytes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generatePlan } from './generator';
import { seededRandom } from '../support/random';
import { linesOf, polylinesOf } from '../support/layerObjects';
import { writeDwgFromTemplate, type DwgInsert, type DwgLine, type DwgPolyline } from '../support/writeDwg';

const TEMPLATE = fileURLToPath(new URL('../fixtures/real/libredwg_example_2000.dwg', import.meta.url));
/** The template's block that stands in for doors and windows (4 lines and an attribute, ≈ 1.1 × 0.7 m). */
const OPENING_BLOCK = 'bloko';

export interface PlanDwgOptions {
  /** Line-like segments on the wall layer (generator.ts). */
  wallSegments: number;
  /** Closed polylines of `fixtureVertices` vertices on the fixtures layer. */
  fixtures: number;
  fixtureVertices: number;
  /** Seed of the fixtures' places (another seed, another file of the same size). */
  seed?: number;
}

/** About 2 MB and 8,000 model-space entities. */
export const TWO_MB_PLAN: PlanDwgOptions = { wallSegments: 2700, fixtures: 850, fixtureVertices: 100 };

export interface PlanDwg {
  bytes: Uint8Array;
  fileName: string;
  /** Entities added to model space (the template's own 63 come on top). */
  addedEntities: number;
  layers: string[];
}

export function writePlanDwg(options: PlanDwgOptions = TWO_MB_PLAN): PlanDwg {
  const plan = generatePlan(options.wallSegments);
  const lines: DwgLine[] = [];
  const polylines: DwgPolyline[] = [];
  const inserts: DwgInsert[] = [];
  for (const layer of plan.drawing.layers) {
    for (const l of linesOf(layer.lines)) lines.push({ layer: layer.name, start: [l.start.x, l.start.y], end: [l.end.x, l.end.y] });
    for (const p of polylinesOf(layer.polylines)) polylines.push({ layer: layer.name, points: p.vertices.map((v) => [v.x, v.y] as const), closed: p.closed });
    for (const b of layer.blocks) inserts.push({ layer: layer.name, block: OPENING_BLOCK, position: [b.position.x, b.position.y], rotation: b.rotation, scale: 0.8 });
  }
  // Fixtures spread over the plan's extent.
  const random = seededRandom(options.seed ?? 7);
  const xs = lines.flatMap((l) => [l.start[0], l.end[0]]);
  const ys = lines.flatMap((l) => [l.start[1], l.end[1]]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (let i = 0; i < options.fixtures; i++) {
    const cx = minX + random() * (maxX - minX);
    const cy = minY + random() * (maxY - minY);
    const rx = 300 + random() * 600;
    const ry = rx * (0.5 + random() * 0.5);
    const points: [number, number][] = [];
    for (let k = 0; k < options.fixtureVertices; k++) {
      const a = (2 * Math.PI * k) / options.fixtureVertices;
      points.push([Math.round((cx + rx * Math.cos(a)) * 1000) / 1000, Math.round((cy + ry * Math.sin(a)) * 1000) / 1000]);
    }
    polylines.push({ layer: 'A-FIXT', points, closed: true });
  }
  const layers = [...plan.drawing.layers.map((l) => l.name), 'A-FIXT'];
  const bytes = writeDwgFromTemplate(new Uint8Array(readFileSync(TEMPLATE)), { layers, lines, polylines, inserts });
  return {
    bytes,
    fileName: `synthetic-plan-${options.wallSegments}.dwg`,
    addedEntities: lines.length + polylines.length + inserts.length,
    layers,
  };
}
