import type { Drawing, Units } from './model';
import { MM_PER_UNIT } from './model';
import { classifyLayer } from './layers';
import { lineCount, polylineCount } from './layerGeometry';
import { hypot } from './geometry/hypot';

const CANDIDATES: Units[] = ['mm', 'cm', 'm'];
/** Wall thickness range (mm) that typical spacings of parallel wall lines should fall into. */
const WALL_SPACING_MM: [number, number] = [50, 500];
/** Plausible extent (mm) of a drawn plan. */
const EXTENT_MM: [number, number] = [2_000, 5_000_000];
const ANGLE_BUCKET_DEG = 1;
const MAX_SEGMENTS = 50_000;

interface Sample {
  /** Distances between neighbouring parallel lines, in drawing units. */
  spacings: number[];
  extent: number;
}

/** Segments of wall layers (or of every layer when none is classified as wall). */
function segmentsForDetection(drawing: Drawing): [number, number, number, number][] {
  const wallLayers = drawing.layers.filter((l) => classifyLayer(l.name) === 'wall');
  const layers = wallLayers.some((l) => lineCount(l.lines) + polylineCount(l.polylines) > 0) ? wallLayers : drawing.layers;
  const segs: [number, number, number, number][] = [];
  for (const layer of layers) {
    const lines = layer.lines.xyz;
    for (let i = 0; i < lines.length; i += 6) segs.push([lines[i], lines[i + 1], lines[i + 3], lines[i + 4]]);
    const { xyz, first } = layer.polylines;
    for (let p = 0; p + 1 < first.length; p++) {
      for (let v = first[p] + 1; v < first[p + 1]; v++) segs.push([xyz[3 * v - 3], xyz[3 * v - 2], xyz[3 * v], xyz[3 * v + 1]]);
    }
    if (segs.length > MAX_SEGMENTS) break;
  }
  return segs;
}

/** Spacings between consecutive distinct offsets of segments sharing a direction (1° buckets). */
function sampleSpacings(drawing: Drawing): Sample {
  const segs = segmentsForDetection(drawing);
  const buckets = new Map<number, number[]>();
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x1, y1, x2, y2] of segs) {
    minX = Math.min(minX, x1, x2); maxX = Math.max(maxX, x1, x2);
    minY = Math.min(minY, y1, y2); maxY = Math.max(maxY, y1, y2);
    const len = hypot(x2 - x1, y2 - y1);
    if (!(len > 0)) continue;
    let angle = (Math.atan2(y2 - y1, x2 - x1) * 180) / Math.PI;
    if (angle < 0) angle += 180;
    const bucket = Math.round(angle / ANGLE_BUCKET_DEG) % Math.round(180 / ANGLE_BUCKET_DEG);
    const rad = (bucket * ANGLE_BUCKET_DEG * Math.PI) / 180;
    const offset = -Math.sin(rad) * x1 + Math.cos(rad) * y1;
    let list = buckets.get(bucket);
    if (!list) buckets.set(bucket, (list = []));
    list.push(offset);
  }
  const extent = Number.isFinite(minX) ? Math.max(maxX - minX, maxY - minY) : 0;
  const spacings: number[] = [];
  const eps = extent * 1e-9;
  for (const offsets of buckets.values()) {
    offsets.sort((a, b) => a - b);
    for (let i = 1; i < offsets.length; i++) {
      const d = offsets[i] - offsets[i - 1];
      if (d > eps) spacings.push(d);
    }
  }
  return { spacings, extent };
}

export interface UnitsGuess {
  units: Units;
  /** Share (0..1) of parallel-line spacings that look like wall thicknesses in this unit. */
  share: number;
  reason: string;
}

/** Wall-like share of the spacings for one candidate unit (0 when the plan would have an implausible size). */
function wallLikeShare(sample: Sample, units: Units): number {
  const k = MM_PER_UNIT[units];
  const extentMm = sample.extent * k;
  if (extentMm < EXTENT_MM[0] || extentMm > EXTENT_MM[1]) return 0;
  return sample.spacings.filter((d) => d * k >= WALL_SPACING_MM[0] && d * k <= WALL_SPACING_MM[1]).length / sample.spacings.length;
}

/**
 * Guesses the drawing unit from the geometry alone: the unit for which the most spacings between parallel
 * lines look like wall thicknesses, among units that give the plan a plausible size. Null without geometry.
 */
export function guessUnitsFromGeometry(drawing: Drawing): UnitsGuess | null {
  const sample = sampleSpacings(drawing);
  if (sample.spacings.length === 0 || sample.extent === 0) return null;
  let best: Units = 'mm';
  let bestShare = -1;
  for (const u of CANDIDATES) {
    const share = wallLikeShare(sample, u);
    if (share > bestShare) {
      best = u;
      bestShare = share;
    }
  }
  const size = (sample.extent * MM_PER_UNIT[best]) / 1000;
  return {
    units: best,
    share: bestShare,
    reason: `plan about ${size.toFixed(size < 10 ? 1 : 0)} m across; ${Math.round(100 * bestShare)}% of parallel-line spacings are wall-like (5–50 cm) in ${best}`,
  };
}

/** Declared and guessed units differ by at least this factor, with a confident guess, before the guess wins. */
const CONTRADICTION_FACTOR = 5;
const CONFIDENT_SHARE = 0.1;

/**
 * The unit to run with: the file's declared unit unless the geometry clearly contradicts it (then the
 * guess, saying so), else the geometry guess, else millimetres.
 */
export function detectUnits(drawing: Drawing): { units: Units; reason: string } {
  const guess = guessUnitsFromGeometry(drawing);
  const declared = drawing.declaredUnits;
  if (declared) {
    const ratio = guess ? MM_PER_UNIT[declared] / MM_PER_UNIT[guess.units] : 1;
    const contradicted = guess !== null && guess.share >= CONFIDENT_SHARE && (ratio >= CONTRADICTION_FACTOR || ratio <= 1 / CONTRADICTION_FACTOR);
    if (!contradicted) return { units: declared, reason: 'declared in the file header' };
    return { units: guess.units, reason: `the file header says ${declared}, but the geometry does not fit: ${guess.reason}` };
  }
  if (drawing.inchesHint) return inchesUnlessContradicted(drawing.inchesHint, guess);
  if (!guess) return { units: 'mm', reason: 'no geometry to measure; assuming millimetres' };
  return { units: guess.units, reason: guess.reason };
}

/** No declared unit, but the header shows feet and inches: inches, unless the geometry clearly says otherwise. */
function inchesUnlessContradicted(hint: string, guess: UnitsGuess | null): { units: Units; reason: string } {
  const ratio = guess && guess.share >= CONFIDENT_SHARE ? MM_PER_UNIT.in / MM_PER_UNIT[guess.units] : 1;
  if (ratio < CONTRADICTION_FACTOR && ratio > 1 / CONTRADICTION_FACTOR) return { units: 'in', reason: `no unit declared, but ${hint}` };
  return { units: guess!.units, reason: `${hint}, but the geometry does not fit inches: ${guess!.reason}` };
}
