// IFC4 export of the WALLS model (SPEC §5), written as STEP text (src/export/step.ts).
//
// Structure: IfcProject → IfcSite → IfcBuilding → IfcBuildingStorey (IfcRelAggregates); one IfcWallStandardCase
// per wall, placed on its centerline (local x along p1→p2, local y to the left, z up) with an 'Axis' polyline and
// a 'Body' IfcExtrudedAreaSolid of its length × thickness footprint; IfcMaterialLayerSetUsage (one layer of the
// wall thickness); Pset_WallCommon and Qto_WallBaseQuantities; per hosted opening an IfcOpeningElement voiding the
// wall (IfcRelVoidsElement) filled by an IfcDoor/IfcWindow (IfcRelFillsElement). Walls, doors and windows are
// contained in the storey. Units are millimetres. GlobalIds are derived from the wall and opening ids, so
// re-exporting the same result gives the same GlobalIds (only the header timestamp changes).
//
// The lines are the ones web-ifc's WriteLine wrote for the same calls (test/oracle/ifcWebIfc.ts keeps that
// version, and a test compares the two): web-ifc reads every attribute of every object back through the
// WASM boundary, which took 4 s for a 100k-segment plan's 1,900 walls and 11,000 openings.
import type { Wall, WallsModel } from '../core/pipelineTypes';
import { hash32 } from '../core/geometry/hash';
import { DERIVED, StepLines, stepEnum, stepList, stepReal, stepRef, stepString, stepTyped, UNSET } from './step';

export interface IfcExportOptions {
  projectName: string;
  storeyName: string;
  /** Storey elevation, mm. */
  storeyElevation: number;
  /** Wall height above the storey, mm (SPEC default 3000). */
  wallHeight: number;
  /** Door height, mm (default 2100). */
  doorHeight?: number;
  /** Window height, mm (default 1200). */
  windowHeight?: number;
  /** Window sill above the storey, mm (default 900). */
  windowSill?: number;
  /**
   * Seed for the GlobalIds of the entities that are not walls or openings (project, site, building, storey,
   * relationships, materials); default `projectName`. Pass something stable such as the drawing id.
   */
  guidSeed?: string;
  /** STEP header timestamp (ISO 8601 without zone, e.g. "2024-01-01T00:00:00"); default: now. */
  timestamp?: string;
  /** Called with 0..1 while walls are written. */
  onProgress?(fraction: number): void;
}

export const IFC_DEFAULTS = { wallHeight: 3000, doorHeight: 2100, windowHeight: 1200, windowSill: 900 } as const;

// ---------------------------------------------------------------------------------------------------------------
// GlobalIds

const IFC_B64 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$';

/**
 * A 22-character IFC GlobalId: the IFC base64 encoding (alphabet 0-9A-Za-z_$, first character 0-3) of a
 * 128-bit hash of `id`. The same id always gives the same GlobalId.
 */
export function ifcGuidFromId(id: string): string {
  const w0 = hash32(id, 100), w1 = hash32(id, 101), w2 = hash32(id, 102), w3 = hash32(id, 103);
  // 128 bits → 2 + 21 × 6 bits, most significant first: the 6 bits from `bit` on, across a word boundary or not.
  let out = IFC_B64[w0 >>> 30];
  for (let bit = 2; bit < 128; bit += 6) {
    const word = bit >>> 5, at = bit & 31;
    const high = word === 0 ? w0 : word === 1 ? w1 : word === 2 ? w2 : w3;
    const v = at <= 26 ? high >>> (26 - at) : (high << (at - 26)) | ((word === 0 ? w1 : word === 1 ? w2 : w3) >>> (58 - at));
    out += IFC_B64[v & 63];
  }
  return out;
}

const ORIGINATING_SYSTEM = 'BimBot AI Wall';

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const fmt = (v: number) => String(Math.round(v * 10) / 10);

/** "2024-01-01T00:00:00" in local time, as STEP header time stamps are written. */
function nowStamp(): string {
  const d = new Date(), two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/**
 * Writes every wall in order with writeWall, reporting progress; returns what the storey contains (each wall, then
 * its doors and windows) and the written walls grouped by thickness to 0.1 mm (the key), for their materials.
 */
export function writeEachWall<T>(
  walls: readonly Wall[],
  writeWall: (w: Wall) => { wall: T; fillings: T[] } | null,
  onProgress?: (fraction: number) => void,
): { contained: T[]; byThickness: Map<string, { thickness: number; walls: T[] }> } {
  const contained: T[] = [];
  const byThickness = new Map<string, { thickness: number; walls: T[] }>();
  const progressEvery = Math.max(1, Math.floor(walls.length / 50));
  for (let i = 0; i < walls.length; i++) {
    const w = walls[i];
    const written = writeWall(w);
    if (written) {
      contained.push(written.wall, ...written.fillings);
      const key = fmt(w.thickness);
      const group = byThickness.get(key) ?? { thickness: w.thickness, walls: [] };
      group.walls.push(written.wall);
      byThickness.set(key, group);
    }
    if (onProgress && (i % progressEvery === 0 || i === walls.length - 1)) onProgress((i + 1) / walls.length);
  }
  return { contained, byThickness };
}

/** Exports the walls model as an IFC4 STEP file. */
export function writeIfc(model: WallsModel, options: IfcExportOptions): Uint8Array {
  const wallHeight = positive(options.wallHeight, IFC_DEFAULTS.wallHeight);
  const doorHeight = positive(options.doorHeight, IFC_DEFAULTS.doorHeight);
  const windowHeight = positive(options.windowHeight, IFC_DEFAULTS.windowHeight);
  const windowSill = Math.max(0, options.windowSill ?? IFC_DEFAULTS.windowSill);
  const seed = options.guidSeed ?? options.projectName;
  const step = new StepLines();
  const put = (entity: string, ...attributes: string[]) => step.add(entity, ...attributes);

  const used = new Set<string>();
  const guid = (key: string) => {
    let g = ifcGuidFromId(key);
    for (let i = 1; used.has(g); i++) g = ifcGuidFromId(`${key}#${i}`);
    used.add(g);
    return stepString(g);
  };
  const ref = stepRef;
  const label = stepString;
  const len = (v: number) => stepReal(r3(v));
  // Points, directions, solids and axis curves are shared between the products that use the same values.
  const cache = new Map<string, number>();
  const cached = (key: string, make: () => number): number => {
    let id = cache.get(key);
    if (id === undefined) cache.set(key, (id = make()));
    return id;
  };
  const pt3 = (x: number, y: number, z: number) => cached(`p${r3(x)},${r3(y)},${r3(z)}`, () => put('IFCCARTESIANPOINT', stepList([len(x), len(y), len(z)])));
  const pt2 = (x: number, y: number) => cached(`p${r3(x)},${r3(y)}`, () => put('IFCCARTESIANPOINT', stepList([len(x), len(y)])));
  const dir = (...v: number[]) => {
    const c = v.map((x) => (Math.abs(x) < 1e-12 ? 0 : x));
    return cached(`d${c.join(',')}`, () => put('IFCDIRECTION', stepList(c.map(stepReal))));
  };

  // Shared geometry.
  const origin3 = pt3(0, 0, 0);
  const origin2 = pt2(0, 0);
  const zAxis = dir(0, 0, 1);
  const xAxis = dir(1, 0, 0);
  const identity3 = put('IFCAXIS2PLACEMENT3D', ref(origin3), UNSET, UNSET);
  const identity2 = put('IFCAXIS2PLACEMENT2D', ref(origin2), UNSET);

  // Contexts and units.
  const worldCs = put('IFCAXIS2PLACEMENT3D', ref(origin3), ref(zAxis), ref(xAxis));
  const context = put('IFCGEOMETRICREPRESENTATIONCONTEXT', UNSET, label('Model'), '3', stepReal(1e-5), ref(worldCs), ref(dir(0, 1)));
  const subContext = (id: string, type: string, view: string) =>
    put('IFCGEOMETRICREPRESENTATIONSUBCONTEXT', label(id), label(type), DERIVED, DERIVED, DERIVED, DERIVED, ref(context), UNSET, stepEnum(view), UNSET);
  const bodyCtx = subContext('Body', 'Model', 'MODEL_VIEW');
  const axisCtx = subContext('Axis', 'Model', 'GRAPH_VIEW');
  const siUnit = (type: string, prefix: string | null, name: string) => put('IFCSIUNIT', DERIVED, stepEnum(type), prefix ? stepEnum(prefix) : UNSET, stepEnum(name));
  const lengthUnit = siUnit('LENGTHUNIT', 'MILLI', 'METRE');
  const units = put('IFCUNITASSIGNMENT', stepList([
    ref(lengthUnit),
    ref(siUnit('AREAUNIT', null, 'SQUARE_METRE')),
    ref(siUnit('VOLUMEUNIT', null, 'CUBIC_METRE')),
    ref(siUnit('PLANEANGLEUNIT', null, 'RADIAN')),
  ]));

  // Spatial tree.
  const project = put('IFCPROJECT', guid(`${seed}/project`), UNSET, label(options.projectName), UNSET, UNSET, UNSET, UNSET, stepList([ref(context)]), ref(units));
  const placementAt = (relTo: number | null, position: number) => put('IFCLOCALPLACEMENT', relTo === null ? UNSET : ref(relTo), ref(position));
  const element = stepEnum('ELEMENT');
  const sitePlacement = placementAt(null, identity3);
  const site = put('IFCSITE', guid(`${seed}/site`), UNSET, label('Site'), UNSET, UNSET, ref(sitePlacement), UNSET, UNSET, element, UNSET, UNSET, UNSET, UNSET, UNSET);
  const buildingPlacement = placementAt(sitePlacement, identity3);
  const building = put('IFCBUILDING', guid(`${seed}/building`), UNSET, label('Building'), UNSET, UNSET, ref(buildingPlacement), UNSET, UNSET, element, UNSET, UNSET, UNSET);
  const storeyPlacement = placementAt(buildingPlacement, put('IFCAXIS2PLACEMENT3D', ref(pt3(0, 0, options.storeyElevation)), UNSET, UNSET));
  const storey = put('IFCBUILDINGSTOREY', guid(`${seed}/storey`), UNSET, label(options.storeyName), UNSET, UNSET, ref(storeyPlacement), UNSET, UNSET, element, len(options.storeyElevation));
  const aggregate = (key: string, parent: number, child: number) => put('IFCRELAGGREGATES', guid(`${seed}/${key}`), UNSET, UNSET, UNSET, ref(parent), stepList([ref(child)]));
  aggregate('project-site', project, site);
  aggregate('site-building', site, building);
  aggregate('building-storey', building, storey);

  // Box solid: a rectangle centred at (cx, cy) in the local xy plane, extruded up by `height`.
  const box = (cx: number, cy: number, xDim: number, yDim: number, height: number) =>
    cached(`b${r3(cx)},${r3(cy)},${r3(xDim)},${r3(yDim)},${r3(height)}`, () => {
      const profilePos = cx === 0 && cy === 0 ? identity2 : put('IFCAXIS2PLACEMENT2D', ref(pt2(cx, cy)), UNSET);
      const profile = put('IFCRECTANGLEPROFILEDEF', stepEnum('AREA'), UNSET, ref(profilePos), len(xDim), len(yDim));
      return put('IFCEXTRUDEDAREASOLID', ref(profile), ref(identity3), ref(zAxis), len(height));
    });
  const bodyShape = (solid: number, extra: number[] = []) => {
    const body = put('IFCSHAPEREPRESENTATION', ref(bodyCtx), label('Body'), label('SweptSolid'), stepList([ref(solid)]));
    return put('IFCPRODUCTDEFINITIONSHAPE', UNSET, UNSET, stepList([...extra.map(ref), ref(body)]));
  };

  // Materials: one layer set (and usage) per thickness, shared by the walls of that thickness.
  const material = put('IFCMATERIAL', label('Wall'), UNSET, UNSET);
  const { contained, byThickness } = writeEachWall(model.walls, writeWall, options.onProgress);

  for (const [key, group] of byThickness) {
    const t = group.thickness;
    const layer = put('IFCMATERIALLAYER', ref(material), len(t), UNSET, label('Core'), UNSET, UNSET, UNSET);
    const layerSet = put('IFCMATERIALLAYERSET', stepList([ref(layer)]), label(`Wall ${key} mm`), UNSET);
    // Pset_WallCommon is the same for all walls of a thickness (IsExternal is not known, so it is left out).
    const reference = put('IFCPROPERTYSINGLEVALUE', label('Reference'), UNSET, stepTyped('IFCIDENTIFIER', stepString(`Wall ${key} mm`)), UNSET);
    const pset = put('IFCPROPERTYSET', guid(`${seed}/pset/${key}`), UNSET, label('Pset_WallCommon'), UNSET, stepList([ref(reference)]));
    const wallRefs = stepList(group.walls.map(ref));
    put('IFCRELDEFINESBYPROPERTIES', guid(`${seed}/pset-rel/${key}`), UNSET, UNSET, UNSET, wallRefs, ref(pset));
    const usage = put('IFCMATERIALLAYERSETUSAGE', ref(layerSet), stepEnum('AXIS2'), stepEnum('POSITIVE'), len(-t / 2), UNSET);
    put('IFCRELASSOCIATESMATERIAL', guid(`${seed}/material/${key}`), UNSET, UNSET, UNSET, wallRefs, ref(usage));
  }
  if (contained.length) {
    put('IFCRELCONTAINEDINSPATIALSTRUCTURE', guid(`${seed}/storey-contents`), UNSET, UNSET, UNSET, stepList(contained.map(ref)), ref(storey));
  }

  function writeWall(w: Wall): { wall: number; fillings: number[] } | null {
    const dx = w.p2.x - w.p1.x;
    const dy = w.p2.y - w.p1.y;
    const length = Math.hypot(dx, dy);
    const t = w.thickness;
    if (!(length > 0) || !(t > 0)) return null;
    const placement = placementAt(storeyPlacement, put('IFCAXIS2PLACEMENT3D', ref(pt3(w.p1.x, w.p1.y, 0)), ref(zAxis), ref(dir(dx / length, dy / length, 0))));
    const axisCurve = cached(`axis${r3(length)}`, () => put('IFCPOLYLINE', stepList([ref(origin2), ref(pt2(length, 0))])));
    const axisRep = put('IFCSHAPEREPRESENTATION', ref(axisCtx), label('Axis'), label('Curve2D'), stepList([ref(axisCurve)]));
    const shape = bodyShape(box(length / 2, 0, length, t, wallHeight), [axisRep]);
    const wall = put('IFCWALLSTANDARDCASE', guid(w.id), UNSET, label(`Wall ${fmt(t)} mm`), w.layers.length ? stepString(w.layers.join(', ')) : UNSET,
      UNSET, ref(placement), ref(shape), stepString(w.id), stepEnum('STANDARD'));
    const qlen = (name: string, v: number) => ref(put('IFCQUANTITYLENGTH', label(name), UNSET, UNSET, len(v), UNSET));
    const quantities = [qlen('Length', length), qlen('Width', t), qlen('Height', wallHeight)];
    const qto = put('IFCELEMENTQUANTITY', guid(`qto:${w.id}`), UNSET, label('Qto_WallBaseQuantities'), UNSET, UNSET, stepList(quantities));
    put('IFCRELDEFINESBYPROPERTIES', guid(`qto-rel:${w.id}`), UNSET, UNSET, UNSET, stepList([ref(wall)]), ref(qto));

    const fillings: number[] = [];
    for (const o of w.openings) {
      if (!(o.width > 0)) continue;
      const isDoor = o.kind === 'door';
      const height = Math.min(isDoor ? doorHeight : windowHeight, wallHeight);
      const sill = Math.min(isDoor ? 0 : windowSill, wallHeight - height);
      const openingPlacement = placementAt(placement, put('IFCAXIS2PLACEMENT3D', ref(pt3(o.offset, 0, sill)), UNSET, UNSET));
      // The void is a little deeper than the wall so it cuts cleanly through both faces.
      const voidShape = bodyShape(box(0, 0, o.width, t + 20, height));
      const opening = put('IFCOPENINGELEMENT', guid(`opening:${o.id}`), UNSET, label(`Opening ${o.id}`), UNSET, UNSET, ref(openingPlacement),
        ref(voidShape), UNSET, stepEnum('OPENING'));
      put('IFCRELVOIDSELEMENT', guid(`voids:${o.id}`), UNSET, UNSET, UNSET, ref(wall), ref(opening));
      const fillPlacement = placementAt(openingPlacement, identity3);
      const panel = bodyShape(box(0, 0, o.width, Math.min(t, isDoor ? 50 : 100), height));
      const name = label(o.blockName || (isDoor ? 'Door' : 'Window'));
      const filling = isDoor
        ? put('IFCDOOR', guid(o.id), UNSET, name, UNSET, UNSET, ref(fillPlacement), ref(panel), stepString(o.id),
            len(height), len(o.width), stepEnum('DOOR'), stepEnum('NOTDEFINED'), UNSET)
        : put('IFCWINDOW', guid(o.id), UNSET, name, UNSET, UNSET, ref(fillPlacement), ref(panel), stepString(o.id),
            len(height), len(o.width), stepEnum('WINDOW'), stepEnum('NOTDEFINED'), UNSET);
      put('IFCRELFILLSELEMENT', guid(`fills:${o.id}`), UNSET, UNSET, UNSET, ref(opening), ref(filling));
      fillings.push(filling);
    }
    return { wall, fillings };
  }

  const timestamp = options.timestamp !== undefined && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(options.timestamp) ? options.timestamp : nowStamp();
  const text = step.file({
    description: 'ViewDefinition [DesignTransferView_V1.0]',
    name: `${options.projectName || 'model'}.ifc`,
    timestamp,
    system: ORIGINATING_SYSTEM,
    schema: 'IFC4',
  });
  return new TextEncoder().encode(text);
}

function positive(v: number | undefined, fallback: number): number {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
}
