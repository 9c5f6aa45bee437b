// Reads an exported BIMJSON and a ground-truth file into one common shape (mm, world coordinates).

export type Point = readonly [number, number];

/** One straight piece of a wall centerline with the wall's thickness. */
export interface WallSegment {
  readonly a: Point;
  readonly b: Point;
  readonly thickness: number;
}

export interface Plan {
  /** Number of walls as the file counts them (a polyline wall is one wall but several segments). */
  readonly wallCount: number;
  readonly wallSegments: readonly WallSegment[];
  readonly doors: readonly Point[];
  readonly windows: readonly Point[];
}

const MM_PER_UNIT: Readonly<Record<string, number>> = { mm: 1, cm: 10, m: 1000 };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function toPoint(value: unknown, where: string, scale = 1): Point {
  if (!Array.isArray(value) || value.length < 2 || !isFiniteNumber(value[0]) || !isFiniteNumber(value[1])) {
    throw new Error(`${where}: expected a coordinate pair [x, y]`);
  }
  return [value[0] * scale, value[1] * scale];
}

function toPointList(value: unknown, where: string): Point[] {
  if (!Array.isArray(value)) throw new Error(`${where}: expected an array of coordinates`);
  return value.map((p, i) => toPoint(p, `${where}[${i}]`));
}

function arrayField(object: Json, key: string, where: string): unknown[] {
  const value = object[key] ?? [];
  if (!Array.isArray(value)) throw new Error(`${where}.${key}: expected an array`);
  return value;
}

// ---------------------------------------------------------------- BIMJSON

/** thickness_mm, else thickness_cm × 10; a wall without either has no body (thickness 0). */
function exportedThickness(properties: Json): number {
  if (isFiniteNumber(properties.thickness_mm)) return properties.thickness_mm;
  if (isFiniteNumber(properties.thickness_cm)) return properties.thickness_cm * 10;
  return 0;
}

function segmentsOfPolyline(points: readonly Point[], thickness: number): WallSegment[] {
  return points.slice(1).map((b, i) => ({ a: points[i], b, thickness }));
}

/** Shoelace centroid of the outer ring; the vertex mean when the ring has no area. */
function ringCentroid(ring: readonly Point[]): Point {
  let twiceArea = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[(i + 1) % ring.length];
    const cross = x0 * y1 - x1 * y0;
    twiceArea += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (Math.abs(twiceArea) > 1e-9) return [cx / (3 * twiceArea), cy / (3 * twiceArea)];
  const n = ring.length;
  return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
}

/** Point of a door/window feature: the Point itself or the centroid of a Polygon footprint. */
function openingPosition(geometry: Json, where: string): Point | undefined {
  if (geometry.type === 'Point') return toPoint(geometry.coordinates, `${where}.coordinates`);
  if (geometry.type === 'Polygon') {
    const rings = geometry.coordinates;
    if (!Array.isArray(rings) || rings.length === 0) throw new Error(`${where}.coordinates: expected polygon rings`);
    const outer = toPointList(rings[0], `${where}.coordinates[0]`);
    if (outer.length === 0) throw new Error(`${where}.coordinates[0]: empty ring`);
    return ringCentroid(outer);
  }
  return undefined;
}

/**
 * Mirrors the Revit reader's contract (SPEC §5): every LineString feature is a wall whatever
 * its category; doors and windows are Point/Polygon features with that category.
 */
export function readBimJson(bimjson: unknown): Plan {
  if (!isObject(bimjson) || bimjson.type !== 'BIMJSON') throw new Error('BIMJSON: expected an object with "type": "BIMJSON"');
  if (bimjson.units !== undefined && bimjson.units !== 'mm') throw new Error(`BIMJSON: units must be "mm", got ${JSON.stringify(bimjson.units)}`);
  if (!Array.isArray(bimjson.features)) throw new Error('BIMJSON: expected a "features" array');

  let wallCount = 0;
  const wallSegments: WallSegment[] = [];
  const doors: Point[] = [];
  const windows: Point[] = [];
  bimjson.features.forEach((feature: unknown, i: number) => {
    const where = `BIMJSON features[${i}]`;
    if (!isObject(feature) || !isObject(feature.geometry)) throw new Error(`${where}: expected a feature with a geometry`);
    const properties = isObject(feature.properties) ? feature.properties : {};
    if (feature.geometry.type === 'LineString') {
      wallCount++;
      const points = toPointList(feature.geometry.coordinates, `${where}.geometry.coordinates`);
      wallSegments.push(...segmentsOfPolyline(points, exportedThickness(properties)));
      return;
    }
    const target = properties.category === 'door' ? doors : properties.category === 'window' ? windows : undefined;
    const position = target && openingPosition(feature.geometry, `${where}.geometry`);
    if (target && position) target.push(position);
  });
  return { wallCount, wallSegments, doors, windows };
}

// ---------------------------------------------------------------- ground truth

function truthCenters(truth: Json, key: string, scale: number): Point[] {
  return arrayField(truth, key, 'truth').map((item, i) => {
    if (!isObject(item)) throw new Error(`truth.${key}[${i}]: expected an object`);
    return toPoint(item.center, `truth.${key}[${i}].center`, scale);
  });
}

/** Ground truth (samples/README.md): walls p1–p2 centerlines with thickness, door/window centres; all in `units`. */
export function readTruth(truth: unknown): Plan {
  if (!isObject(truth)) throw new Error('truth: expected an object');
  const units = String(truth.units);
  if (!Object.hasOwn(MM_PER_UNIT, units)) throw new Error(`truth: units must be mm, cm or m, got ${JSON.stringify(truth.units)}`);
  const scale = MM_PER_UNIT[units];

  const walls = arrayField(truth, 'walls', 'truth');
  const wallSegments = walls.map((wall, i): WallSegment => {
    const where = `truth.walls[${i}]`;
    if (!isObject(wall) || !isFiniteNumber(wall.thickness)) throw new Error(`${where}: expected p1, p2 and a numeric thickness`);
    return { a: toPoint(wall.p1, `${where}.p1`, scale), b: toPoint(wall.p2, `${where}.p2`, scale), thickness: wall.thickness * scale };
  });
  return {
    wallCount: walls.length,
    wallSegments,
    doors: truthCenters(truth, 'doors', scale),
    windows: truthCenters(truth, 'windows', scale),
  };
}
