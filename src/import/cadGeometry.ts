// Plane geometry shared by the DXF and DWG importers: 2D affine transforms (block placement, object coordinate
// systems), bulge arcs as segments with a bounded chord error, arc sampling and convex hulls for block extents.

export interface Point3 {
  x: number;
  y: number;
  z: number;
}

/** x' = a·x + c·y + e, y' = b·x + d·y + f. Drawings are plans, so only the XY projection is kept. */
export interface Affine {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

export const IDENTITY: Affine = { a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 };

/** `outer ∘ inner`: the transform that applies `inner` first. */
export function compose(outer: Affine, inner: Affine): Affine {
  return {
    a: outer.a * inner.a + outer.c * inner.b,
    b: outer.b * inner.a + outer.d * inner.b,
    c: outer.a * inner.c + outer.c * inner.d,
    d: outer.b * inner.c + outer.d * inner.d,
    e: outer.a * inner.e + outer.c * inner.f + outer.e,
    f: outer.b * inner.e + outer.d * inner.f + outer.f,
  };
}

export function applyX(m: Affine, x: number, y: number): number {
  return m.a * x + m.c * y + m.e;
}

export function applyY(m: Affine, x: number, y: number): number {
  return m.b * x + m.d * y + m.f;
}

export function isIdentity(m: Affine): boolean {
  return m.a === 1 && m.b === 0 && m.c === 0 && m.d === 1 && m.e === 0 && m.f === 0;
}

/** The largest factor by which the transform stretches a length (its largest singular value). */
export function maxStretch(m: Affine): number {
  const sum = m.a * m.a + m.b * m.b + m.c * m.c + m.d * m.d;
  const det = m.a * m.d - m.b * m.c;
  return Math.sqrt((sum + Math.sqrt(Math.max(0, sum * sum - 4 * det * det))) / 2);
}

/**
 * Rotation (degrees, counter-clockwise) and scales of the linear part, read as R(rotation)·diag(scaleX, scaleY):
 * the transformed X axis gives rotation and scaleX; a mirrored transform gets a negative scaleY.
 */
export function decompose(m: Affine): { rotation: number; scaleX: number; scaleY: number } {
  const scaleX = Math.hypot(m.a, m.b);
  if (scaleX === 0) return { rotation: 0, scaleX: 0, scaleY: Math.hypot(m.c, m.d) };
  const rotation = normalizeDegrees((Math.atan2(m.b, m.a) * 180) / Math.PI);
  return { rotation, scaleX, scaleY: (m.a * m.d - m.b * m.c) / scaleX };
}

export function normalizeDegrees(degrees: number): number {
  const d = degrees % 360;
  const positive = d < 0 ? d + 360 : d;
  // Rounding noise like 359.99999999999994 reads better as 0.
  return Math.abs(positive - 360) < 1e-9 ? 0 : positive;
}

/**
 * The object coordinate system of an entity with extrusion direction `normal` (DXF "arbitrary axis algorithm"),
 * projected onto the world XY plane; `elevation` is the OCS z of the entity. A missing or zero normal means +Z.
 * The common case in plans is (0, 0, -1), a mirrored entity, whose OCS X axis is the world's -X.
 */
export function ocsTransform(normal: Point3 | null | undefined, elevation = 0): Affine {
  if (!normal) return IDENTITY;
  const length = Math.hypot(normal.x, normal.y, normal.z);
  if (!(length > 0) || !Number.isFinite(length)) return IDENTITY;
  const nx = normal.x / length;
  const ny = normal.y / length;
  const nz = normal.z / length;
  if (Math.abs(nx) < 1e-12 && Math.abs(ny) < 1e-12 && nz > 0) return IDENTITY;
  // Ax = (Wy × N) when N is close to the world Z axis, else (Wz × N); Ay = N × Ax.
  let ax: number, ay: number, az: number;
  if (Math.abs(nx) < 1 / 64 && Math.abs(ny) < 1 / 64) {
    ax = nz;
    ay = 0;
    az = -nx;
  } else {
    ax = -ny;
    ay = nx;
    az = 0;
  }
  const axLength = Math.hypot(ax, ay, az);
  ax /= axLength;
  ay /= axLength;
  az /= axLength;
  const bx = ny * az - nz * ay;
  const by = nz * ax - nx * az;
  return { a: ax, b: ay, c: bx, d: by, e: elevation * nx, f: elevation * ny };
}

/** Cosine and sine of an angle in degrees, exact for multiples of 90° (so quarter-turned blocks land exactly). */
export function cosSinDegrees(degrees: number): [number, number] {
  const quarters = degrees / 90;
  if (Number.isInteger(quarters)) {
    const q = ((quarters % 4) + 4) % 4;
    return q === 0 ? [1, 0] : q === 1 ? [0, 1] : q === 2 ? [-1, 0] : [0, -1];
  }
  const radians = (degrees * Math.PI) / 180;
  return [Math.cos(radians), Math.sin(radians)];
}

/**
 * Where a block's own coordinates land: OCS(normal) ∘ translate(position) ∘ rotate ∘ scale ∘ translate(-base).
 * Position, rotation and scales are given in the insert's OCS, as DXF and DWG store them.
 */
export function placementTransform(
  position: Point3,
  rotationDeg: number,
  scaleX: number,
  scaleY: number,
  base: Point3,
  normal: Point3 | null | undefined,
): Affine {
  const [cos, sin] = cosSinDegrees(rotationDeg);
  const local: Affine = {
    a: cos * scaleX,
    b: sin * scaleX,
    c: -sin * scaleY,
    d: cos * scaleY,
    e: 0,
    f: 0,
  };
  local.e = position.x - (local.a * base.x + local.c * base.y);
  local.f = position.y - (local.b * base.x + local.d * base.y);
  const ocs = ocsTransform(normal, position.z);
  return isIdentity(ocs) ? local : compose(ocs, local);
}

/** Upper bound on the segments of one arc, so a hostile radius cannot exhaust memory (≈ 0.35° per segment). */
export const MAX_ARC_SEGMENTS = 1024;

/**
 * Number of equal segments for an arc of `radius` and `sweep` radians so that no chord strays more than
 * `maxError` from the arc: each segment's sagitta r·(1 − cos(φ/2)) stays within the error.
 */
export function arcSegmentCount(radius: number, sweep: number, maxError: number): number {
  const angle = Math.abs(sweep);
  if (!(angle > 0) || !(radius > 0)) return 1;
  if (!(maxError > 0) || maxError >= radius) return Math.min(MAX_ARC_SEGMENTS, Math.max(1, Math.ceil(angle / (Math.PI / 2))));
  const step = 2 * Math.acos(1 - maxError / radius);
  return Math.min(MAX_ARC_SEGMENTS, Math.max(1, Math.ceil(angle / step - 1e-9)));
}

export interface BulgeArc {
  cx: number;
  cy: number;
  radius: number;
  startAngle: number;
  /** Signed sweep in radians, positive counter-clockwise. */
  sweep: number;
}

/** The arc from (x1, y1) to (x2, y2) whose bulge is tan(sweep / 4); null for a straight or degenerate segment. */
export function bulgeArc(x1: number, y1: number, x2: number, y2: number, bulge: number): BulgeArc | null {
  if (!bulge || !Number.isFinite(bulge)) return null;
  const dx = x2 - x1;
  const dy = y2 - y1;
  const chord = Math.hypot(dx, dy);
  if (!(chord > 0)) return null;
  // The centre sits on the chord's perpendicular, (c/2)·(1 − b²)/(2b) to its left (negative: to its right).
  const offset = ((chord / 2) * (1 - bulge * bulge)) / (2 * bulge);
  const cx = (x1 + x2) / 2 - (dy / chord) * offset;
  const cy = (y1 + y2) / 2 + (dx / chord) * offset;
  const radius = ((chord / 2) * (1 + bulge * bulge)) / (2 * Math.abs(bulge));
  return { cx, cy, radius, startAngle: Math.atan2(y1 - cy, x1 - cx), sweep: 4 * Math.atan(bulge) };
}

/**
 * The vertices strictly between the ends of a bulged polyline segment, so that consecutive chords deviate from
 * the arc by at most `maxError` (drawing units). Straight segments give none.
 */
export function bulgePoints(x1: number, y1: number, x2: number, y2: number, bulge: number, maxError: number): [number, number][] {
  const arc = bulgeArc(x1, y1, x2, y2, bulge);
  if (!arc) return [];
  const count = arcSegmentCount(arc.radius, arc.sweep, maxError);
  const points: [number, number][] = [];
  for (let i = 1; i < count; i++) {
    const angle = arc.startAngle + (arc.sweep * i) / count;
    points.push([arc.cx + arc.radius * Math.cos(angle), arc.cy + arc.radius * Math.sin(angle)]);
  }
  return points;
}

/** Points along a counter-clockwise arc from `start` to `end` radians (a full circle when they coincide), ends included. */
export function arcSamplePoints(cx: number, cy: number, radius: number, start: number, end: number, maxError: number): [number, number][] {
  let sweep = end - start;
  while (sweep <= 0) sweep += 2 * Math.PI;
  while (sweep > 2 * Math.PI) sweep -= 2 * Math.PI;
  const count = arcSegmentCount(radius, sweep, maxError);
  const points: [number, number][] = [];
  for (let i = 0; i <= count; i++) {
    const angle = start + (sweep * i) / count;
    points.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
  }
  // The axis extremes within the sweep, exactly: unrotated boxes of arcs and circles come out exact.
  for (let quarter = Math.ceil(start / (Math.PI / 2)); quarter * (Math.PI / 2) <= start + sweep; quarter++) {
    const q = ((quarter % 4) + 4) % 4;
    points.push(q === 0 ? [cx + radius, cy] : q === 1 ? [cx, cy + radius] : q === 2 ? [cx - radius, cy] : [cx, cy - radius]);
  }
  return points;
}

/** Convex hull (Andrew's monotone chain) of flat [x0, y0, x1, y1, …] coordinates, as flat coordinates. */
export function convexHull(flat: readonly number[]): number[] {
  const count = flat.length / 2;
  if (count <= 2) return flat.slice();
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((i, j) => flat[2 * i] - flat[2 * j] || flat[2 * i + 1] - flat[2 * j + 1]);
  const cross = (o: number, p: number, q: number) =>
    (flat[2 * p] - flat[2 * o]) * (flat[2 * q + 1] - flat[2 * o + 1]) -
    (flat[2 * p + 1] - flat[2 * o + 1]) * (flat[2 * q] - flat[2 * o]);
  const lower: number[] = [];
  for (const i of order) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], i) <= 0) lower.pop();
    lower.push(i);
  }
  const upper: number[] = [];
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], i) <= 0) upper.pop();
    upper.push(i);
  }
  const hull = lower.slice(0, -1).concat(upper.slice(0, -1));
  const out: number[] = [];
  for (const i of hull) out.push(flat[2 * i], flat[2 * i + 1]);
  return out;
}

export function isFinitePoint(p: Point3 | null | undefined): p is Point3 {
  return !!p && Number.isFinite(p.x) && Number.isFinite(p.y) && Number.isFinite(p.z);
}

/**
 * Outline points of an ellipse (or elliptical arc) in the XY plane: centre, major axis end point relative to the
 * centre, minor/major ratio and parameter range in radians; sampled every 15°. Empty if any value is invalid.
 */
export function ellipseOutline(center: Point3, major: Point3, ratio: number, start: number, end: number): Point3[] {
  if (!isFinitePoint(center) || !isFinitePoint(major) || !Number.isFinite(ratio) || !Number.isFinite(start) || !Number.isFinite(end)) {
    return [];
  }
  let stop = end;
  while (stop <= start) stop += 2 * Math.PI;
  const steps = Math.max(2, Math.ceil((stop - start) / (Math.PI / 12)));
  const points: Point3[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = start + ((stop - start) * i) / steps;
    // The minor axis is the major one turned 90° counter-clockwise, scaled by the ratio.
    points.push({
      x: center.x + major.x * Math.cos(t) - major.y * ratio * Math.sin(t),
      y: center.y + major.y * Math.cos(t) + major.x * ratio * Math.sin(t),
      z: center.z,
    });
  }
  return points;
}
