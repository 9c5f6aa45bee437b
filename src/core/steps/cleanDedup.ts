import type { Box2 } from '../model';
import type { PlanEntities, PlanLine, PlanOpening, PlanPolyline } from '../entities';
import { hashString } from '../geometry/hash';
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

/** Likewise a polyline is stored in the direction whose coordinate text sorts first. */
function canonicalPolyline(p: PlanPolyline): PlanPolyline {
  const reversed: number[] = [];
  for (let i = p.xy.length - 2; i >= 0; i -= 2) reversed.push(p.xy[i], p.xy[i + 1]);
  return reversed.join(',') < p.xy.join(',') ? { ...p, xy: reversed } : p;
}

function lineKey(l: PlanLine): string {
  return `${l.layer}\u0000L\u0000${l.x1},${l.y1},${l.z1}\u0000${l.x2},${l.y2},${l.z2}`;
}

function polylineKey(p: PlanPolyline): string {
  return `${p.layer}\u0000P\u0000${p.closed ? 1 : 0}\u0000${p.xy.join(',')}`;
}

function openingKey(o: PlanOpening): string {
  const b = o.box;
  return `${o.layer}\u0000B\u0000${o.name}\u0000${o.x},${o.y},${o.rotation}\u0000${b.minX},${b.minY},${b.maxX},${b.maxY}`;
}

/** Keeps the first of each group of equal keys, gives each survivor the hash of its key as id, sorts by id. */
function dedupeById<T extends { id: string }>(items: T[], keyOf: (item: T) => string): { kept: T[]; removed: number } {
  const byId = new Map<string, T>();
  for (const item of items) {
    const id = hashString(keyOf(item));
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
  const lines = dedupeById(input.lines.map(canonicalLine), lineKey);
  const polylines = dedupeById(input.polylines.map(canonicalPolyline), polylineKey);
  const openings = dedupeById(input.openings, openingKey);
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
