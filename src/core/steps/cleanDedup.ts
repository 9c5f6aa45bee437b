import type { Box2 } from '../model';
import type { PlanEntities, PlanLine, PlanOpening, PlanPolyline } from '../entities';
import { Hasher } from '../geometry/hash';
import { emptyBox, growBox, padBox } from '../geometry/box';

export interface LayerStyle {
  name: string;
  color: string;
}

export interface CleanOutput {
  entities: PlanEntities;
  bounds: Box2;
  layerStyles: LayerStyle[];
  metrics: Record<string, number>;
}

// Okabe–Ito and Tol palettes: distinguishable for colour-blind users.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#332288', '#117733', '#882255', '#44AA99', '#999933'];

/**
 * A line and its reversed copy are the same line: every line is stored in one canonical direction
 * (lexicographically smaller end first), so which copy survives deduplication does not matter.
 */
function canonicalLine(l: PlanLine): PlanLine {
  const forward = l.x1 < l.x2 || (l.x1 === l.x2 && (l.y1 < l.y2 || (l.y1 === l.y2 && l.z1 <= l.z2)));
  return forward ? l : { ...l, x1: l.x2, y1: l.y2, z1: l.z2, x2: l.x1, y2: l.y1, z2: l.z1 };
}

/** Likewise a polyline is stored in the direction whose coordinates sort first. */
function canonicalPolyline(p: PlanPolyline): PlanPolyline {
  const n = p.xy.length;
  for (let i = 0; i < n; i++) {
    // Compare the sequence with its reverse (points reversed, x before y) until they differ.
    const j = i % 2 === 0 ? n - 2 - i : n - i;
    if (p.xy[i] === p.xy[j]) continue;
    if (p.xy[i] < p.xy[j]) return p;
    const reversed: number[] = [];
    for (let k = n - 2; k >= 0; k -= 2) reversed.push(p.xy[k], p.xy[k + 1]);
    return { ...p, xy: reversed };
  }
  return p;
}

function lineId(l: PlanLine): string {
  return new Hasher().str(l.layer).str('L').num(l.x1).num(l.y1).num(l.z1).num(l.x2).num(l.y2).num(l.z2).hex();
}

function polylineId(p: PlanPolyline): string {
  const h = new Hasher().str(p.layer).str(p.closed ? 'P1' : 'P0');
  for (const v of p.xy) h.num(v);
  return h.hex();
}

function openingId(o: PlanOpening): string {
  const b = o.box;
  return new Hasher().str(o.layer).str('B').str(o.name).num(o.x).num(o.y).num(o.rotation).num(b.minX).num(b.minY).num(b.maxX).num(b.maxY).hex();
}

/**
 * Keeps the first of each group of equal entities (same 64-bit hash of layer, type and geometry), gives
 * each survivor that hash as id, sorts by id.
 */
function dedupeById<T extends { id: string }>(items: T[], idOf: (item: T) => string): { kept: T[]; removed: number } {
  const byId = new Map<string, T>();
  for (const item of items) {
    const id = idOf(item);
    if (!byId.has(id)) byId.set(id, { ...item, id });
  }
  const kept = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { kept, removed: items.length - kept.length };
}

function entityBounds(e: PlanEntities): Box2 {
  const box = emptyBox();
  for (const l of e.lines) {
    growBox(box, l.x1, l.y1);
    growBox(box, l.x2, l.y2);
  }
  for (const p of e.polylines) for (let i = 0; i < p.xy.length; i += 2) growBox(box, p.xy[i], p.xy[i + 1]);
  for (const o of e.openings) {
    growBox(box, o.box.minX, o.box.minY);
    growBox(box, o.box.maxX, o.box.maxY);
  }
  return Number.isFinite(box.minX) ? padBox(box, 0.05) : { minX: 0, minY: 0, maxX: 0, maxY: 0 };
}

/** CLEAN_DEDUP: removes exact duplicates, assigns deterministic ids, builds padded bounds and layer colours. */
export function cleanAndDedupe(input: PlanEntities): CleanOutput {
  const lines = dedupeById(input.lines.map(canonicalLine), lineId);
  const polylines = dedupeById(input.polylines.map(canonicalPolyline), polylineId);
  const openings = dedupeById(input.openings, openingId);
  const entities = { lines: lines.kept, polylines: polylines.kept, openings: openings.kept };
  const layerNames = [...new Set([...entities.lines, ...entities.polylines, ...entities.openings].map((e) => e.layer))].sort();
  return {
    entities,
    bounds: entityBounds(entities),
    layerStyles: layerNames.map((name, i) => ({ name, color: PALETTE[i % PALETTE.length] })),
    metrics: {
      lines: lines.kept.length,
      polylines: polylines.kept.length,
      openings: openings.kept.length,
      duplicates_removed: lines.removed + polylines.removed + openings.removed,
    },
  };
}
