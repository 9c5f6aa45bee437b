import { NO_HASH_IDS } from '../hashIds';
import { cutTo, listWithRoom, setLine, type PlanEntities, type PlanLines, type PlanOpening, type PlanPolyline } from '../entities';

const ROUND = 1e6; // coordinates are rounded to 1e-6 mm

function roundMm(value: number, scale: number): number {
  return Math.round(value * scale * ROUND) / ROUND;
}

/** Rounds a polyline's points to mm in place. */
function roundPoints(xy: number[], scale: number): void {
  for (let i = 0; i < xy.length; i++) xy[i] = roundMm(xy[i], scale);
}

/** Rounds an opening's position and box to mm in place. */
function roundOpening(o: PlanOpening, scale: number): void {
  o.x = roundMm(o.x, scale);
  o.y = roundMm(o.y, scale);
  const b = o.box;
  b.minX = roundMm(b.minX, scale);
  b.minY = roundMm(b.minY, scale);
  b.maxX = roundMm(b.maxX, scale);
  b.maxY = roundMm(b.maxY, scale);
}

/**
 * The lines in mm, rounded, without those of zero length (counted). The coordinates are rounded and packed in
 * EXTRACT's own array (line i is read before any kept line is written at i or below it): a copy was 9 MB more
 * to allocate at 200k segments, and V8 starts full collections when that much memory outside its heap piles up.
 * When no line is dropped (the usual case) the layer list is EXTRACT's too: lists are never changed in place,
 * and a copy would be one more large object.
 */
function normalizedLines(input: PlanLines, mmPerUnit: number): { lines: PlanLines; zeroLength: number } {
  const xyz = input.xyz;
  let count = 0;
  let layers: string[] | null = null;
  const ownLayers = (upTo: number) => {
    const list = listWithRoom<string>(input.count);
    for (let k = 0; k < upTo; k++) list[k] = input.layers[k];
    return list;
  };
  for (let i = 0; i < input.count; i++) {
    const at = 6 * i;
    const x1 = roundMm(xyz[at], mmPerUnit), y1 = roundMm(xyz[at + 1], mmPerUnit), z1 = roundMm(xyz[at + 2], mmPerUnit);
    const x2 = roundMm(xyz[at + 3], mmPerUnit), y2 = roundMm(xyz[at + 4], mmPerUnit), z2 = roundMm(xyz[at + 5], mmPerUnit);
    const manhattan = Math.abs(x2 - x1) + Math.abs(y2 - y1) + Math.abs(z2 - z1);
    if (manhattan <= 1e-6) {
      // The first line dropped: from here on, the kept lines' layers go to a list of their own.
      layers ??= ownLayers(count);
      continue;
    }
    setLine(xyz, count, x1, y1, z1, x2, y2, z2);
    if (layers) layers[count] = input.layers[i];
    count++;
  }
  return { lines: { count, ids: NO_HASH_IDS, layers: layers ? cutTo(layers, count) : input.layers, xyz: xyz.subarray(0, 6 * count) }, zeroLength: input.count - count };
}

export interface NormalizeOutput {
  entities: PlanEntities;
  metrics: Record<string, number>;
}

/**
 * NORMALIZE: converts to mm, rounds to 1e-6 mm, drops zero-length lines and polylines with < 2 vertices. The
 * lines' array, polylines and openings are EXTRACT's own (copies, not the drawing's), which nothing reads
 * afterwards: they are rounded in place rather than copied, some 14 MB less to allocate early in a 200k-segment job.
 */
export function normalizeEntities(input: PlanEntities, mmPerUnit: number): NormalizeOutput {
  const { lines, zeroLength } = normalizedLines(input.lines, mmPerUnit);
  const polylines: PlanPolyline[] = [];
  let shortPolylines = 0;
  for (const p of input.polylines) {
    if (p.xy.length < 4) {
      shortPolylines++;
      continue;
    }
    roundPoints(p.xy, mmPerUnit);
    polylines.push(p);
  }
  const openings = input.openings;
  for (const o of openings) roundOpening(o, mmPerUnit);
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
