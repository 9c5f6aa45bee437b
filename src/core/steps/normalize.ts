import type { PlanEntities } from '../entities';

const ROUND = 1e6; // coordinates are rounded to 1e-6 mm

function roundMm(value: number, scale: number): number {
  return Math.round(value * scale * ROUND) / ROUND;
}

/** Rounds the points in place. */
function roundPoints(xy: number[], scale: number): void {
  for (let i = 0; i < xy.length; i++) xy[i] = roundMm(xy[i], scale);
}

export interface NormalizeOutput {
  entities: PlanEntities;
  metrics: Record<string, number>;
}

/**
 * NORMALIZE: converts to mm, rounds to 1e-6 mm, drops zero-length lines and polylines with < 2 vertices.
 * Works in place: its input is EXTRACT's own output, which nothing reads afterwards, and a copy of every
 * entity would only be more garbage to collect.
 */
export function normalizeEntities(input: PlanEntities, mmPerUnit: number): NormalizeOutput {
  const { lines, polylines, openings } = input;
  let keptLines = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    l.x1 = roundMm(l.x1, mmPerUnit);
    l.y1 = roundMm(l.y1, mmPerUnit);
    l.z1 = roundMm(l.z1, mmPerUnit);
    l.x2 = roundMm(l.x2, mmPerUnit);
    l.y2 = roundMm(l.y2, mmPerUnit);
    l.z2 = roundMm(l.z2, mmPerUnit);
    const manhattan = Math.abs(l.x2 - l.x1) + Math.abs(l.y2 - l.y1) + Math.abs(l.z2 - l.z1);
    if (manhattan > 1e-6) lines[keptLines++] = l;
  }
  const zeroLength = lines.length - keptLines;
  lines.length = keptLines;
  let keptPolylines = 0;
  for (let i = 0; i < polylines.length; i++) {
    const p = polylines[i];
    if (p.xy.length < 4) continue;
    roundPoints(p.xy, mmPerUnit);
    polylines[keptPolylines++] = p;
  }
  const shortPolylines = polylines.length - keptPolylines;
  polylines.length = keptPolylines;
  for (const o of openings) {
    o.x = roundMm(o.x, mmPerUnit);
    o.y = roundMm(o.y, mmPerUnit);
    const b = o.box;
    b.minX = roundMm(b.minX, mmPerUnit);
    b.minY = roundMm(b.minY, mmPerUnit);
    b.maxX = roundMm(b.maxX, mmPerUnit);
    b.maxY = roundMm(b.maxY, mmPerUnit);
  }
  return {
    entities: input,
    metrics: {
      valid: lines.length + polylines.length + openings.length,
      invalid: zeroLength + shortPolylines,
      zero_length_lines: zeroLength,
      short_polylines: shortPolylines,
      scale_mm_per_unit: mmPerUnit,
    },
  };
}
