import { cutTo, listWithRoom, type PlanEntities, type PlanLines } from '../entities';

const ROUND = 1e6; // coordinates are rounded to 1e-6 mm

function roundMm(value: number, scale: number): number {
  return Math.round(value * scale * ROUND) / ROUND;
}

function roundedPoints(xy: readonly number[], scale: number): number[] {
  const rounded: number[] = [];
  for (let i = 0; i < xy.length; i++) rounded.push(roundMm(xy[i], scale));
  return rounded;
}

/**
 * The lines in mm, rounded, without those of zero length (counted). When none is dropped (the usual case) the
 * layer list is EXTRACT's own: lists are never changed in place, and a copy would be one more large object.
 */
function normalizedLines(input: PlanLines, mmPerUnit: number): { lines: PlanLines; zeroLength: number } {
  const from = input.xyz, xyz = new Float64Array(6 * input.count);
  let count = 0;
  let layers: string[] | null = null;
  const ownLayers = (upTo: number) => {
    const list = listWithRoom<string>(input.count);
    for (let k = 0; k < upTo; k++) list[k] = input.layers[k];
    return list;
  };
  for (let i = 0; i < input.count; i++) {
    const at = 6 * i;
    const x1 = roundMm(from[at], mmPerUnit), y1 = roundMm(from[at + 1], mmPerUnit), z1 = roundMm(from[at + 2], mmPerUnit);
    const x2 = roundMm(from[at + 3], mmPerUnit), y2 = roundMm(from[at + 4], mmPerUnit), z2 = roundMm(from[at + 5], mmPerUnit);
    const manhattan = Math.abs(x2 - x1) + Math.abs(y2 - y1) + Math.abs(z2 - z1);
    if (manhattan <= 1e-6) {
      // The first line dropped: from here on, the kept lines' layers go to a list of their own.
      layers ??= ownLayers(count);
      continue;
    }
    const to = 6 * count;
    xyz[to] = x1;
    xyz[to + 1] = y1;
    xyz[to + 2] = z1;
    xyz[to + 3] = x2;
    xyz[to + 4] = y2;
    xyz[to + 5] = z2;
    if (layers) layers[count] = input.layers[i];
    count++;
  }
  return { lines: { count, ids: [], layers: layers ? cutTo(layers, count) : input.layers, xyz: xyz.subarray(0, 6 * count) }, zeroLength: input.count - count };
}

export interface NormalizeOutput {
  entities: PlanEntities;
  metrics: Record<string, number>;
}

/** NORMALIZE: converts to mm, rounds to 1e-6 mm, drops zero-length lines and polylines with < 2 vertices. */
export function normalizeEntities(input: PlanEntities, mmPerUnit: number): NormalizeOutput {
  const { lines, zeroLength } = normalizedLines(input.lines, mmPerUnit);
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
      valid: lines.count + polylines.length + openings.length,
      invalid: zeroLength + shortPolylines,
      zero_length_lines: zeroLength,
      short_polylines: shortPolylines,
      scale_mm_per_unit: mmPerUnit,
    },
  };
}
