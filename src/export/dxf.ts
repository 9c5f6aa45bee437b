// DXF of the result (SPEC §5): the walls, their centerlines and the hosted doors and windows on the layers
// WALLS, CENTERLINES, DOORS and WINDOWS, in the source drawing's own coordinates and units so it overlays it.
//
// Written as ASCII DXF R12 (AC1009) with LINE and closed 2D POLYLINE entities only: the oldest, simplest
// flavour, which AutoCAD, LibreCAD, QCAD, BricsCAD and dxf-parser all read without handles or object sections.
import { MM_PER_UNIT, type Units, type Vec2 } from '../core/model';
import type { Wall, WallsModel } from '../core/pipelineTypes';

export const RESULT_DXF_LAYERS = {
  WALLS: 7, // white/black
  CENTERLINES: 1, // red
  DOORS: 3, // green
  WINDOWS: 5, // blue
} as const;

type LayerName = keyof typeof RESULT_DXF_LAYERS;

/** $INSUNITS codes (DXF reference): 1 in, 2 ft, 4 mm, 5 cm, 6 m; 0 = unitless. */
const INSUNITS: Record<Units, number> = { in: 1, ft: 2, mm: 4, cm: 5, m: 6 };

/** The drawing unit whose size is `mmPerUnit` millimetres, or null if none matches. */
export function unitsForMmPerUnit(mmPerUnit: number): Units | null {
  for (const [u, mm] of Object.entries(MM_PER_UNIT) as [Units, number][]) {
    if (Math.abs(mm - mmPerUnit) <= 1e-9 * mm) return u;
  }
  return null;
}

/** Footprint corners of a segment of width `thickness` around the centerline a→b, counter-clockwise. */
export function footprint(a: Vec2, b: Vec2, thickness: number): Vec2[] {
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const nx = (-(b.y - a.y) / len) * (thickness / 2);
  const ny = ((b.x - a.x) / len) * (thickness / 2);
  return [
    { x: a.x - nx, y: a.y - ny },
    { x: b.x - nx, y: b.y - ny },
    { x: b.x + nx, y: b.y + ny },
    { x: a.x + nx, y: a.y + ny },
  ];
}

/** Centerline end points of a hosted opening (its jambs), mm. */
export function openingJambs(wall: Wall, center: Vec2, width: number): [Vec2, Vec2] {
  const len = Math.hypot(wall.p2.x - wall.p1.x, wall.p2.y - wall.p1.y) || 1;
  const dx = ((wall.p2.x - wall.p1.x) / len) * (width / 2);
  const dy = ((wall.p2.y - wall.p1.y) / len) * (width / 2);
  return [
    { x: center.x - dx, y: center.y - dy },
    { x: center.x + dx, y: center.y + dy },
  ];
}

/**
 * The result as an ASCII DXF (R12). Coordinates are the model's millimetres divided by `mmPerUnit`, i.e. in the
 * units of the source drawing; $INSUNITS says which unit that is.
 */
export function writeResultDxf(model: WallsModel, mmPerUnit: number): string {
  if (!(mmPerUnit > 0) || !Number.isFinite(mmPerUnit)) throw new RangeError(`mmPerUnit must be a positive number, not ${mmPerUnit}`);
  const units = unitsForMmPerUnit(mmPerUnit);
  const out: string[] = [];
  const g = (code: number, value: string | number) => {
    out.push(String(code).padStart(3), typeof value === 'number' ? num(value) : value);
  };
  const k = 1 / mmPerUnit;
  const point = (p: Vec2, xCode = 10) => {
    g(xCode, p.x * k);
    g(xCode + 10, p.y * k);
    g(xCode + 20, 0);
  };
  const line = (layer: LayerName, a: Vec2, b: Vec2) => {
    g(0, 'LINE');
    g(8, layer);
    point(a, 10);
    point(b, 11);
  };
  const closedPolyline = (layer: LayerName, pts: Vec2[]) => {
    g(0, 'POLYLINE');
    g(8, layer);
    g(66, 1);
    point({ x: 0, y: 0 });
    g(70, 1);
    for (const p of pts) {
      g(0, 'VERTEX');
      g(8, layer);
      point(p);
    }
    g(0, 'SEQEND');
    g(8, layer);
  };

  // Extents, for $EXTMIN/$EXTMAX (zoom-extents on open).
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const w of model.walls) {
    for (const p of footprint(w.p1, w.p2, w.thickness)) {
      minX = Math.min(minX, p.x);
      minY = Math.min(minY, p.y);
      maxX = Math.max(maxX, p.x);
      maxY = Math.max(maxY, p.y);
    }
  }
  if (!Number.isFinite(minX)) minX = minY = maxX = maxY = 0;

  g(0, 'SECTION');
  g(2, 'HEADER');
  g(9, '$ACADVER');
  g(1, 'AC1009');
  g(9, '$INSUNITS');
  g(70, units ? INSUNITS[units] : 0);
  g(9, '$MEASUREMENT');
  g(70, units === 'in' || units === 'ft' ? 0 : 1);
  g(9, '$EXTMIN');
  point({ x: minX, y: minY });
  g(9, '$EXTMAX');
  point({ x: maxX, y: maxY });
  g(0, 'ENDSEC');

  g(0, 'SECTION');
  g(2, 'TABLES');
  g(0, 'TABLE');
  g(2, 'LTYPE');
  g(70, 1);
  g(0, 'LTYPE');
  g(2, 'CONTINUOUS');
  g(70, 0);
  g(3, 'Solid line');
  g(72, 65);
  g(73, 0);
  g(40, 0);
  g(0, 'ENDTAB');
  g(0, 'TABLE');
  g(2, 'LAYER');
  g(70, Object.keys(RESULT_DXF_LAYERS).length + 1);
  for (const [name, colour] of [['0', 7] as const, ...Object.entries(RESULT_DXF_LAYERS)]) {
    g(0, 'LAYER');
    g(2, name);
    g(70, 0);
    g(62, colour);
    g(6, 'CONTINUOUS');
  }
  g(0, 'ENDTAB');
  g(0, 'ENDSEC');

  g(0, 'SECTION');
  g(2, 'BLOCKS');
  g(0, 'ENDSEC');

  g(0, 'SECTION');
  g(2, 'ENTITIES');
  for (const w of model.walls) {
    if (!(w.thickness > 0) || (w.p1.x === w.p2.x && w.p1.y === w.p2.y)) continue;
    closedPolyline('WALLS', footprint(w.p1, w.p2, w.thickness));
  }
  for (const w of model.walls) line('CENTERLINES', w.p1, w.p2);
  for (const w of model.walls) {
    for (const o of w.openings) {
      if (!(o.width > 0)) continue;
      const [a, b] = openingJambs(w, o.center, o.width);
      const layer: LayerName = o.kind === 'door' ? 'DOORS' : 'WINDOWS';
      closedPolyline(layer, footprint(a, b, w.thickness));
      // The glass line of a window; a door leaf would need a swing side the model does not know.
      if (o.kind === 'window') line(layer, a, b);
    }
  }
  g(0, 'ENDSEC');
  g(0, 'EOF');
  return `${out.join('\r\n')}\r\n`;
}

/** A DXF real: up to 6 decimals, no exponent, no negative zero. */
function num(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`cannot write ${v} to DXF`);
  if (Number.isInteger(v)) return String(v);
  const s = v.toFixed(6).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}
