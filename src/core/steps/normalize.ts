import type { PlanEntities } from '../entities';

const ROUND = 1e6; // coordinates are rounded to 1e-6 mm

function roundMm(value: number, scale: number): number {
  return Math.round(value * scale * ROUND) / ROUND;
}

function roundedPoints(xy: readonly number[], scale: number): number[] {
  const rounded: number[] = [];
  for (let i = 0; i < xy.length; i++) rounded.push(roundMm(xy[i], scale));
  return rounded;
}

export interface NormalizeOutput {
  entities: PlanEntities;
  metrics: Record<string, number>;
}

/** NORMALIZE: converts to mm, rounds to 1e-6 mm, drops zero-length lines and polylines with < 2 vertices. */
export function normalizeEntities(input: PlanEntities, mmPerUnit: number): NormalizeOutput {
  const lines = [];
  let zeroLength = 0;
  for (const l of input.lines) {
    const line = {
      id: l.id, layer: l.layer,
      x1: roundMm(l.x1, mmPerUnit), y1: roundMm(l.y1, mmPerUnit), z1: roundMm(l.z1, mmPerUnit),
      x2: roundMm(l.x2, mmPerUnit), y2: roundMm(l.y2, mmPerUnit), z2: roundMm(l.z2, mmPerUnit),
    };
    const manhattan = Math.abs(line.x2 - line.x1) + Math.abs(line.y2 - line.y1) + Math.abs(line.z2 - line.z1);
    if (manhattan <= 1e-6) zeroLength++;
    else lines.push(line);
  }
  const polylines = [];
  let shortPolylines = 0;
  for (const p of input.polylines) {
    if (p.xy.length < 4) {
      shortPolylines++;
      continue;
    }
    polylines.push({ id: p.id, layer: p.layer, xy: roundedPoints(p.xy, mmPerUnit), closed: p.closed });
  }
  const openings = input.openings.map((o) => ({
    id: o.id, kind: o.kind, layer: o.layer, name: o.name,
    x: roundMm(o.x, mmPerUnit),
    y: roundMm(o.y, mmPerUnit),
    rotation: o.rotation,
    box: {
      minX: roundMm(o.box.minX, mmPerUnit), minY: roundMm(o.box.minY, mmPerUnit),
      maxX: roundMm(o.box.maxX, mmPerUnit), maxY: roundMm(o.box.maxY, mmPerUnit),
    },
  }));
  return {
    entities: { lines, polylines, openings },
    metrics: {
      valid: lines.length + polylines.length + openings.length,
      invalid: zeroLength + shortPolylines,
      zero_length_lines: zeroLength,
      short_polylines: shortPolylines,
      scale_mm_per_unit: mmPerUnit,
    },
  };
}
