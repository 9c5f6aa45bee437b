// The IFC4 export as it was written with web-ifc's WriteLine (the app's until src/export/ifc.ts wrote STEP text
// itself, 30–60× faster): the test oracle that the STEP writer's DATA section must equal line for line.
//
// Structure: IfcProject → IfcSite → IfcBuilding → IfcBuildingStorey (IfcRelAggregates); one IfcWallStandardCase
// per wall, placed on its centerline (local x along p1→p2, local y to the left, z up) with an 'Axis' polyline and
// a 'Body' IfcExtrudedAreaSolid of its length × thickness footprint; IfcMaterialLayerSetUsage (one layer of the
// wall thickness); Pset_WallCommon and Qto_WallBaseQuantities; per hosted opening an IfcOpeningElement voiding the
// wall (IfcRelVoidsElement) filled by an IfcDoor/IfcWindow (IfcRelFillsElement). Walls, doors and windows are
// contained in the storey. Units are millimetres. GlobalIds are derived from the wall and opening ids, so
// re-exporting the same result gives the same GlobalIds (only the header timestamp changes).
import { Handle, IFC4, IfcAPI, Schemas, type IfcLineObject } from 'web-ifc';
import type { Wall, WallsModel } from '../../src/core/pipelineTypes';
import { ifcGuidFromId, IFC_DEFAULTS, writeEachWall, type IfcExportOptions } from '../../src/export/ifc';

export interface IfcApiOptions {
  /**
   * Folder (or URL prefix) that holds web-ifc.wasm / web-ifc-node.wasm, ending in '/'. In Node the default is the
   * installed package's own folder; in the browser pass the URL the bundler serves the wasm from.
   */
  wasmPath?: string;
  /** True if wasmPath is absolute (a file path or full URL) rather than relative to the web-ifc script. */
  absolute?: boolean;
  /** Full control over where the wasm file comes from (see web-ifc's LocateFileHandlerFn). */
  locateFile?: (path: string, prefix: string) => string;
}

/** Creates and initialises an IfcAPI; the wasm location is injectable for the browser and workers. */
export async function createIfcApi(options: IfcApiOptions = {}): Promise<IfcAPI> {
  const api = new IfcAPI();
  if (options.wasmPath) api.SetWasmPath(options.wasmPath, options.absolute ?? false);
  await api.Init(options.locateFile, true);
  return api;
}

let defaultApi: Promise<IfcAPI> | null = null;

function isInitialised(api: IfcAPI): boolean {
  return api.wasmModule !== undefined;
}

// ---------------------------------------------------------------------------------------------------------------

const ORIGINATING_SYSTEM = 'BimBot AI Wall';

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const fmt = (v: number) => String(Math.round(v * 10) / 10);

/** Exports the walls model as an IFC4 STEP file. `api` may be a configured IfcAPI (initialised or not). */
export async function writeIfcWithWebIfc(model: WallsModel, options: IfcExportOptions, api?: IfcAPI): Promise<Uint8Array> {
  let ifc: IfcAPI;
  if (api) {
    if (!isInitialised(api)) await api.Init(undefined, true);
    ifc = api;
  } else {
    defaultApi ??= createIfcApi();
    ifc = await defaultApi;
  }
  const wallHeight = positive(options.wallHeight, IFC_DEFAULTS.wallHeight);
  const doorHeight = positive(options.doorHeight, IFC_DEFAULTS.doorHeight);
  const windowHeight = positive(options.windowHeight, IFC_DEFAULTS.windowHeight);
  const windowSill = Math.max(0, options.windowSill ?? IFC_DEFAULTS.windowSill);
  const seed = options.guidSeed ?? options.projectName;

  const m = ifc.CreateModel({
    schema: Schemas.IFC4,
    name: `${options.projectName || 'model'}.ifc`,
    description: ['ViewDefinition [DesignTransferView_V1.0]'],
    authors: [''],
    organizations: [''],
    authorization: '',
  });
  if (m < 0) throw new Error('web-ifc could not create an IFC4 model');
  try {
    const used = new Set<string>();
    const guid = (key: string) => {
      let g = ifcGuidFromId(key);
      for (let i = 1; used.has(g); i++) g = ifcGuidFromId(`${key}#${i}`);
      used.add(g);
      return new IFC4.IfcGloballyUniqueId(g);
    };
    const put = <T extends IfcLineObject>(o: T): T => {
      ifc.WriteLine(m, o);
      return o;
    };
    const ref = <T>(o: IfcLineObject) => new Handle<T>(o.expressID);
    const label = (s: string) => new IFC4.IfcLabel(s);
    const len = (v: number) => new IFC4.IfcLengthMeasure(r3(v));
    const plen = (v: number) => new IFC4.IfcPositiveLengthMeasure(r3(v));
    // Points, directions, solids and axis curves are shared between the products that use the same values:
    // every line web-ifc writes costs time, and campus-sized models have tens of thousands.
    const cache = new Map<string, IfcLineObject>();
    const cached = <T extends IfcLineObject>(key: string, make: () => T): T => {
      let o = cache.get(key) as T | undefined;
      if (!o) cache.set(key, (o = put(make())));
      return o;
    };
    const pt3 = (x: number, y: number, z: number) =>
      cached(`p${r3(x)},${r3(y)},${r3(z)}`, () => new IFC4.IfcCartesianPoint([len(x), len(y), len(z)]));
    const pt2 = (x: number, y: number) => cached(`p${r3(x)},${r3(y)}`, () => new IFC4.IfcCartesianPoint([len(x), len(y)]));
    const dir = (...v: number[]) => {
      const c = v.map((x) => (Math.abs(x) < 1e-12 ? 0 : x));
      return cached(`d${c.join(',')}`, () => new IFC4.IfcDirection(c.map((x) => new IFC4.IfcReal(x))));
    };

    // Shared geometry.
    const origin3 = pt3(0, 0, 0);
    const origin2 = pt2(0, 0);
    const zAxis = dir(0, 0, 1);
    const xAxis = dir(1, 0, 0);
    const identity3 = put(new IFC4.IfcAxis2Placement3D(ref(origin3), null, null));
    const identity2 = put(new IFC4.IfcAxis2Placement2D(ref(origin2), null));

    // Contexts and units.
    const worldCs = put(new IFC4.IfcAxis2Placement3D(ref(origin3), ref(zAxis), ref(xAxis)));
    const context = put(
      new IFC4.IfcGeometricRepresentationContext(null, label('Model'), new IFC4.IfcDimensionCount(3), new IFC4.IfcReal(1e-5), ref(worldCs), ref(dir(0, 1))),
    );
    const subContext = (id: string, type: string, view: unknown) =>
      put(new IFC4.IfcGeometricRepresentationSubContext(label(id), label(type), ref(context), null, view as never, null));
    const bodyCtx = subContext('Body', 'Model', IFC4.IfcGeometricProjectionEnum.MODEL_VIEW);
    const axisCtx = subContext('Axis', 'Model', IFC4.IfcGeometricProjectionEnum.GRAPH_VIEW);
    const siUnit = (type: unknown, prefix: unknown, name: unknown) => put(new IFC4.IfcSIUnit(type as never, prefix as never, name as never));
    const lengthUnit = siUnit(IFC4.IfcUnitEnum.LENGTHUNIT, IFC4.IfcSIPrefix.MILLI, IFC4.IfcSIUnitName.METRE);
    const units = put(
      new IFC4.IfcUnitAssignment([
        ref(lengthUnit),
        ref(siUnit(IFC4.IfcUnitEnum.AREAUNIT, null, IFC4.IfcSIUnitName.SQUARE_METRE)),
        ref(siUnit(IFC4.IfcUnitEnum.VOLUMEUNIT, null, IFC4.IfcSIUnitName.CUBIC_METRE)),
        ref(siUnit(IFC4.IfcUnitEnum.PLANEANGLEUNIT, null, IFC4.IfcSIUnitName.RADIAN)),
      ]),
    );

    // Spatial tree.
    const project = put(
      new IFC4.IfcProject(guid(`${seed}/project`), null, label(options.projectName), null, null, null, null, [ref(context)], ref(units)),
    );
    const placementAt = (relTo: IfcLineObject | null, position: IfcLineObject) =>
      put(new IFC4.IfcLocalPlacement(relTo ? ref(relTo) : null, ref(position)));
    const sitePlacement = placementAt(null, identity3);
    const site = put(
      new IFC4.IfcSite(guid(`${seed}/site`), null, label('Site'), null, null, ref(sitePlacement), null, null,
        IFC4.IfcElementCompositionEnum.ELEMENT, null, null, null, null, null),
    );
    const buildingPlacement = placementAt(sitePlacement, identity3);
    const building = put(
      new IFC4.IfcBuilding(guid(`${seed}/building`), null, label('Building'), null, null, ref(buildingPlacement), null, null,
        IFC4.IfcElementCompositionEnum.ELEMENT, null, null, null),
    );
    const storeyPlacement = placementAt(
      buildingPlacement,
      put(new IFC4.IfcAxis2Placement3D(ref(pt3(0, 0, options.storeyElevation)), null, null)),
    );
    const storey = put(
      new IFC4.IfcBuildingStorey(guid(`${seed}/storey`), null, label(options.storeyName), null, null, ref(storeyPlacement), null, null,
        IFC4.IfcElementCompositionEnum.ELEMENT, len(options.storeyElevation)),
    );
    const aggregate = (key: string, parent: IfcLineObject, child: IfcLineObject) =>
      put(new IFC4.IfcRelAggregates(guid(`${seed}/${key}`), null, null, null, ref(parent), [ref(child)]));
    aggregate('project-site', project, site);
    aggregate('site-building', site, building);
    aggregate('building-storey', building, storey);

    // Box solid: a rectangle centred at (cx, cy) in the local xy plane, extruded up by `height`.
    const box = (cx: number, cy: number, xDim: number, yDim: number, height: number) =>
      cached(`b${r3(cx)},${r3(cy)},${r3(xDim)},${r3(yDim)},${r3(height)}`, () => {
        const profilePos = cx === 0 && cy === 0 ? identity2 : put(new IFC4.IfcAxis2Placement2D(ref(pt2(cx, cy)), null));
        const profile = new IFC4.IfcRectangleProfileDef(IFC4.IfcProfileTypeEnum.AREA, null, ref(profilePos), plen(xDim), plen(yDim));
        return new IFC4.IfcExtrudedAreaSolid(profile, ref(identity3), ref(zAxis), plen(height));
      });
    const bodyShape = (solid: IfcLineObject, extra: IfcLineObject[] = []) =>
      put(
        new IFC4.IfcProductDefinitionShape(null, null, [
          ...extra.map((e) => ref<IFC4.IfcRepresentation>(e)),
          ref(put(new IFC4.IfcShapeRepresentation(ref(bodyCtx), label('Body'), label('SweptSolid'), [ref(solid)]))),
        ]),
      );

    // Materials: one layer set (and usage) per thickness, shared by the walls of that thickness.
    const material = put(new IFC4.IfcMaterial(label('Wall'), null, null));
    const { contained, byThickness } = writeEachWall(model.walls, writeWall, options.onProgress);

    for (const [key, group] of byThickness) {
      const t = group.thickness;
      const layer = put(new IFC4.IfcMaterialLayer(ref(material), new IFC4.IfcNonNegativeLengthMeasure(r3(t)), null, label('Core'), null, null, null));
      const layerSet = put(new IFC4.IfcMaterialLayerSet([ref(layer)], label(`Wall ${key} mm`), null));
      // Pset_WallCommon is the same for all walls of a thickness (IsExternal is not known, so it is left out).
      const pset = put(
        new IFC4.IfcPropertySet(guid(`${seed}/pset/${key}`), null, label('Pset_WallCommon'), null, [
          ref(put(new IFC4.IfcPropertySingleValue(new IFC4.IfcIdentifier('Reference'), null, new IFC4.IfcIdentifier(`Wall ${key} mm`), null))),
        ]),
      );
      put(new IFC4.IfcRelDefinesByProperties(guid(`${seed}/pset-rel/${key}`), null, null, null, group.walls.map((w) => ref<IFC4.IfcWall>(w)), ref(pset)));
      const usage = put(
        new IFC4.IfcMaterialLayerSetUsage(ref(layerSet), IFC4.IfcLayerSetDirectionEnum.AXIS2, IFC4.IfcDirectionSenseEnum.POSITIVE, len(-t / 2), null),
      );
      put(new IFC4.IfcRelAssociatesMaterial(guid(`${seed}/material/${key}`), null, null, null, group.walls.map((w) => ref<IFC4.IfcWall>(w)), ref(usage)));
    }
    if (contained.length) {
      put(new IFC4.IfcRelContainedInSpatialStructure(guid(`${seed}/storey-contents`), null, null, null, contained.map((e) => ref<IFC4.IfcProduct>(e)), ref(storey)));
    }

    function writeWall(w: Wall): { wall: IfcLineObject; fillings: IfcLineObject[] } | null {
      const dx = w.p2.x - w.p1.x;
      const dy = w.p2.y - w.p1.y;
      const length = Math.hypot(dx, dy);
      const t = w.thickness;
      if (!(length > 0) || !(t > 0)) return null;
      const placement = placementAt(
        storeyPlacement,
        put(new IFC4.IfcAxis2Placement3D(ref(pt3(w.p1.x, w.p1.y, 0)), ref(zAxis), ref(dir(dx / length, dy / length, 0)))),
      );
      const axisRep = put(
        new IFC4.IfcShapeRepresentation(ref(axisCtx), label('Axis'), label('Curve2D'), [
          ref(cached(`axis${r3(length)}`, () => new IFC4.IfcPolyline([ref(origin2), ref(pt2(length, 0))]))),
        ]),
      );
      const shape = bodyShape(box(length / 2, 0, length, t, wallHeight), [axisRep]);
      const wall = put(
        new IFC4.IfcWallStandardCase(guid(w.id), null, label(`Wall ${fmt(t)} mm`), w.layers.length ? new IFC4.IfcText(w.layers.join(', ')) : null,
          null, ref(placement), ref(shape), new IFC4.IfcIdentifier(w.id), IFC4.IfcWallTypeEnum.STANDARD),
      );
      const qlen = (name: string, v: number) => ref<IFC4.IfcPhysicalQuantity>(put(new IFC4.IfcQuantityLength(label(name), null, null, len(v), null)));
      const qto = put(
        new IFC4.IfcElementQuantity(guid(`qto:${w.id}`), null, label('Qto_WallBaseQuantities'), null, null, [
          qlen('Length', length), qlen('Width', t), qlen('Height', wallHeight),
        ]),
      );
      put(new IFC4.IfcRelDefinesByProperties(guid(`qto-rel:${w.id}`), null, null, null, [ref(wall)], ref(qto)));

      const fillings: IfcLineObject[] = [];
      for (const o of w.openings) {
        if (!(o.width > 0)) continue;
        const isDoor = o.kind === 'door';
        const height = Math.min(isDoor ? doorHeight : windowHeight, wallHeight);
        const sill = Math.min(isDoor ? 0 : windowSill, wallHeight - height);
        const openingPlacement = placementAt(placement, put(new IFC4.IfcAxis2Placement3D(ref(pt3(o.offset, 0, sill)), null, null)));
        // The void is a little deeper than the wall so it cuts cleanly through both faces.
        const opening = put(
          new IFC4.IfcOpeningElement(guid(`opening:${o.id}`), null, label(`Opening ${o.id}`), null, null, ref(openingPlacement),
            ref(bodyShape(box(0, 0, o.width, t + 20, height))), null, IFC4.IfcOpeningElementTypeEnum.OPENING),
        );
        put(new IFC4.IfcRelVoidsElement(guid(`voids:${o.id}`), null, null, null, ref(wall), ref(opening)));
        const fillPlacement = placementAt(openingPlacement, identity3);
        const panel = bodyShape(box(0, 0, o.width, Math.min(t, isDoor ? 50 : 100), height));
        const name = label(o.blockName || (isDoor ? 'Door' : 'Window'));
        const filling = isDoor
          ? put(new IFC4.IfcDoor(guid(o.id), null, name, null, null, ref(fillPlacement), ref(panel), new IFC4.IfcIdentifier(o.id),
              plen(height), plen(o.width), IFC4.IfcDoorTypeEnum.DOOR, IFC4.IfcDoorTypeOperationEnum.NOTDEFINED, null))
          : put(new IFC4.IfcWindow(guid(o.id), null, name, null, null, ref(fillPlacement), ref(panel), new IFC4.IfcIdentifier(o.id),
              plen(height), plen(o.width), IFC4.IfcWindowTypeEnum.WINDOW, IFC4.IfcWindowTypePartitioningEnum.NOTDEFINED, null));
        put(new IFC4.IfcRelFillsElement(guid(`fills:${o.id}`), null, null, null, ref(opening), ref(filling)));
        fillings.push(filling);
      }
      return { wall, fillings };
    }

    return finishStep(ifc.SaveModel(m), options.timestamp, String(ifc.GetVersion()));
  } finally {
    ifc.CloseModel(m);
  }
}

function positive(v: number | undefined, fallback: number): number {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
}

/**
 * Post-processes web-ifc's STEP text: sets the FILE_NAME time stamp (web-ifc always writes "now") and originating
 * system, and gives scientific reals a decimal point ("1E+05" → "1.E+05"): ISO 10303-21 requires one, and strict
 * validators reject the bare form web-ifc writes. Strings are left alone.
 */
function finishStep(bytes: Uint8Array, timestamp: string | undefined, webIfcVersion: string): Uint8Array {
  let text = new TextDecoder().decode(bytes);
  if (timestamp !== undefined && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(timestamp)) {
    text = text.replace(/(FILE_NAME\('(?:[^']|'')*',')[^']*'/, (_m, head: string) => `${head}${timestamp}'`);
  }
  // FILE_NAME(name, time_stamp, author, organization, preprocessor_version, originating_system, authorization)
  text = text.replace(/^(FILE_NAME\(.*)'thatopen\/web-ifc-api','thatopen\/web-ifc-api'/m, `$1'web-ifc ${webIfcVersion.replace(/'/g, '')}','${ORIGINATING_SYSTEM}'`);
  const parts = text.split("'");
  // Even-indexed parts are outside quoted strings ('' inside a string splits into an empty odd part and back).
  for (let i = 0; i < parts.length; i += 2) parts[i] = parts[i].replace(/([(,=]\s*[+-]?\d+)(E[+-]?\d+)/g, '$1.$2');
  return new TextEncoder().encode(parts.join("'"));
}
