// BIM exports (issue 7, SPEC §5): IFC4 read back with web-ifc, DXF read back with dxf-parser, SVG checked as XML.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import DxfParser from 'dxf-parser';
import { unzipSync } from 'fflate';
import {
  IFCBUILDING,
  IFCBUILDINGSTOREY,
  IFCDOOR,
  IFCEXTRUDEDAREASOLID,
  IFCMATERIALLAYERSETUSAGE,
  IFCOPENINGELEMENT,
  IFCPROJECT,
  IFCPROPERTYSET,
  IFCRECTANGLEPROFILEDEF,
  IFCRELAGGREGATES,
  IFCRELASSOCIATESMATERIAL,
  IFCRELCONTAINEDINSPATIALSTRUCTURE,
  IFCRELDEFINESBYPROPERTIES,
  IFCRELFILLSELEMENT,
  IFCRELVOIDSELEMENT,
  IFCSITE,
  IFCSIUNIT,
  IFCWALLSTANDARDCASE,
  IFCWINDOW,
  type IfcAPI,
  IFC4,
  Schemas,
} from 'web-ifc';
import { beforeAll, describe, expect, it } from 'vitest';
import { artifactText, buildLayerInventory, defaultParams, detectUnits, MM_PER_UNIT, runPipeline, suggestedLayers, type Units } from '../../src/core';
import type { Wall, WallsModel } from '../../src/core/pipelineTypes';
import { linesOf, polylinesOf } from '../support/layerObjects';
import { footprint, writeResultDxf } from '../../src/export/dxf';
import { ifcGuidFromId, writeIfc, type IfcExportOptions } from '../../src/export/ifc';
import { createIfcApi, writeIfcWithWebIfc } from '../oracle/ifcWebIfc';
import { stepReal } from '../../src/export/step';
import { hash32 } from '../../src/core/geometry/hash';

const IFC_B64_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$';
import { seededRandom } from '../support/random';
import { escapeXml, writePlanSvg } from '../../src/export/svg';
import { zipFiles } from '../../src/export/zip';
import { importDrawing } from '../../src/import';

const FIXTURES = join(__dirname, '..', 'fixtures');

interface Run {
  name: string;
  units: Units;
  mmPerUnit: number;
  /** The WALLS model as written to walls.json. */
  walls: WallsModel;
  drawing: ReturnType<typeof importDrawing>;
  selectedLayers: string[];
}

const runs = new Map<string, Run>();
function run(name: string): Run {
  let r = runs.get(name);
  if (!r) {
    const drawing = importDrawing(readFileSync(join(FIXTURES, `${name}.json`)), `${name}.json`);
    const selectedLayers = suggestedLayers(buildLayerInventory(drawing));
    const units = detectUnits(drawing).units;
    const result = runPipeline({ drawing, selectedLayers, units, params: defaultParams });
    const artifact = result.artifacts.find((a) => a.name === 'walls.json');
    expect(artifact).toBeDefined();
    const walls = JSON.parse(artifactText(artifact!)) as WallsModel;
    r = { name, units, mmPerUnit: MM_PER_UNIT[units], walls, drawing, selectedLayers };
    runs.set(name, r);
  }
  return r;
}

const hostedCount = (m: WallsModel, kind?: 'door' | 'window') =>
  m.walls.reduce((s, w) => s + w.openings.filter((o) => !kind || o.kind === kind).length, 0);

const IFC_OPTIONS: IfcExportOptions = { projectName: 'Test project', storeyName: 'Level 1', storeyElevation: 3200, wallHeight: 3000 };

// ---------------------------------------------------------------------------------------------------------------
// Reading IFC back

type Mat = { r: number[]; t: number[] }; // 3×3 rotation (columns x, y, z axes) + translation

const vec = (v: { value: number }[]) => v.map((c) => c.value);
function normalise(v: number[]): number[] {
  const l = Math.hypot(...v);
  return v.map((c) => c / l);
}
const cross = (a: number[], b: number[]) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
function apply(m: Mat, p: number[]): number[] {
  const [x, y, z] = [p[0], p[1], p[2] ?? 0];
  return [0, 1, 2].map((i) => m.r[i] * x + m.r[3 + i] * y + m.r[6 + i] * z + m.t[i]);
}
function compose(parent: Mat, child: Mat): Mat {
  const cols = [0, 1, 2].map((c) => {
    const v = child.r.slice(3 * c, 3 * c + 3);
    return [0, 1, 2].map((i) => parent.r[i] * v[0] + parent.r[3 + i] * v[1] + parent.r[6 + i] * v[2]);
  });
  return { r: cols.flat(), t: apply(parent, child.t) };
}

class IfcReader {
  constructor(
    readonly api: IfcAPI,
    readonly id: number,
  ) {}
  ids(type: number): number[] {
    const v = this.api.GetLineIDsWithType(this.id, type);
    const out: number[] = [];
    for (let i = 0; i < v.size(); i++) out.push(v.get(i));
    return out;
  }
  line(id: number) {
    return this.api.GetLine(this.id, id);
  }
  /** An IfcAxis2Placement3D as a matrix. */
  axis3(id: number): Mat {
    const a = this.line(id);
    const t = vec(this.line(a.Location.value).Coordinates);
    const z = a.Axis ? normalise(vec(this.line(a.Axis.value).DirectionRatios)) : [0, 0, 1];
    const xRef = a.RefDirection ? vec(this.line(a.RefDirection.value).DirectionRatios) : [1, 0, 0];
    const y = normalise(cross(z, xRef));
    const x = cross(y, z);
    return { r: [...x, ...y, ...z], t: [t[0], t[1], t[2] ?? 0] };
  }
  /** World matrix of an IfcLocalPlacement (following PlacementRelTo). */
  placement(id: number): Mat {
    const lp = this.line(id);
    const local = this.axis3(lp.RelativePlacement.value);
    return lp.PlacementRelTo ? compose(this.placement(lp.PlacementRelTo.value), local) : local;
  }
  /** The Body extrusion of a product: rectangle size, its centre in product coordinates, depth. */
  body(productId: number) {
    const product = this.line(productId);
    const shape = this.line(product.Representation.value);
    const reps = shape.Representations.map((h: { value: number }) => this.line(h.value));
    const body = reps.find((r: { RepresentationIdentifier: { value: string } }) => r.RepresentationIdentifier.value === 'Body');
    const solid = this.line(body.Items[0].value);
    expect(solid.type).toBe(IFCEXTRUDEDAREASOLID);
    const profile = this.line(solid.SweptArea.value);
    expect(profile.type).toBe(IFCRECTANGLEPROFILEDEF);
    const solidPos = solid.Position ? this.axis3(solid.Position.value) : { r: [1, 0, 0, 0, 1, 0, 0, 0, 1], t: [0, 0, 0] };
    const profilePos = profile.Position ? vec(this.line(this.line(profile.Position.value).Location.value).Coordinates) : [0, 0];
    expect(vec(this.line(solid.ExtrudedDirection.value).DirectionRatios)).toEqual([0, 0, 1]);
    return { xDim: profile.XDim.value as number, yDim: profile.YDim.value as number, depth: solid.Depth.value as number, solidPos, centre: profilePos };
  }
}

function distanceToSegment(p: { x: number; y: number }, w: Wall) {
  const dx = w.p2.x - w.p1.x;
  const dy = w.p2.y - w.p1.y;
  const L2 = dx * dx + dy * dy;
  const u = ((p.x - w.p1.x) * dx + (p.y - w.p1.y) * dy) / L2;
  const cx = w.p1.x + u * dx;
  const cy = w.p1.y + u * dy;
  return { u, d: Math.hypot(p.x - cx, p.y - cy) };
}

const guidsOf = (text: string) => [...text.matchAll(/^#\d+=IFC\w+\('([0-9A-Za-z_$]{22})'/gm)].map((m) => m[1]);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

describe('IFC4 export', () => {
  let api: IfcAPI;
  beforeAll(async () => {
    api = await createIfcApi();
  });

  it('GlobalIds are the IFC base64 of the 128-bit hash, most significant bit first', () => {
    // The plain bit-by-bit encoding, for the word arithmetic of ifcGuidFromId.
    const reference = (id: string) => {
      const words = [0, 1, 2, 3].map((lane) => hash32(id, 100 + lane));
      const bit = (i: number) => (words[i >>> 5] >>> (31 - (i & 31))) & 1;
      let out = IFC_B64_ALPHABET[(bit(0) << 1) | bit(1)];
      for (let i = 2; i < 128; i += 6) {
        let v = 0;
        for (let j = 0; j < 6; j++) v = (v << 1) | bit(i + j);
        out += IFC_B64_ALPHABET[v];
      }
      return out;
    };
    for (let i = 0; i < 5000; i++) expect(ifcGuidFromId(`W-${i}`)).toBe(reference(`W-${i}`));
    for (const id of ['', 'קיר', '\u0000']) expect(ifcGuidFromId(id)).toBe(reference(id));
  });

  it('derives stable 22-character IFC GlobalIds from ids', () => {
    const g = ifcGuidFromId('W-05fcc4e4ebe6fe');
    expect(g).toMatch(/^[0-3][0-9A-Za-z_$]{21}$/);
    expect(ifcGuidFromId('W-05fcc4e4ebe6fe')).toBe(g);
    const many = new Set(Array.from({ length: 20000 }, (_, i) => ifcGuidFromId(`W-${i}`)));
    expect(many.size).toBe(20000);
    for (const id of ['', 'a', 'קיר', '\u0000', 'x'.repeat(1000)]) expect(ifcGuidFromId(id)).toMatch(/^[0-3][0-9A-Za-z_$]{21}$/);
  });

  for (const name of ['apartment', 'campus', 'apartment-he-m']) {
    it(`${name}: one wall per wall of walls.json, with length, thickness and position within 1 mm; doors and windows inside their walls`, async () => {
      const r = run(name);
      const model = r.walls;
      expect(model.walls.length).toBeGreaterThan(0);
      const t0 = performance.now();
      const bytes = await writeIfc(model, IFC_OPTIONS);
      const ms = performance.now() - t0;
      console.log(`IFC export ${name}: ${model.walls.length} walls, ${hostedCount(model)} openings, ${(bytes.length / 1024).toFixed(0)} KB in ${ms.toFixed(0)} ms`);
      const text = decode(bytes);
      expect(text.startsWith('ISO-10303-21;')).toBe(true);
      expect(text).toContain("FILE_SCHEMA(('IFC4'));");
      // ISO 10303-21 reals need a decimal point even in exponent form.
      const outsideStrings = text.split("'").filter((_, i) => i % 2 === 0).join("'");
      expect(outsideStrings).not.toMatch(/[(,=]\s*[+-]?\d+E[+-]?\d/);

      const id = api.OpenModel(bytes);
      expect(id).toBeGreaterThanOrEqual(0);
      try {
        const ifc = new IfcReader(api, id);
        expect(api.GetModelSchema(id)).toBe('IFC4');

        // Spatial tree, storey and units.
        for (const t of [IFCPROJECT, IFCSITE, IFCBUILDING, IFCBUILDINGSTOREY]) expect(ifc.ids(t)).toHaveLength(1);
        const storeyId = ifc.ids(IFCBUILDINGSTOREY)[0];
        const storey = ifc.line(storeyId);
        expect(storey.Name.value).toBe('Level 1');
        expect(storey.Elevation.value).toBe(3200);
        expect(ifc.line(ifc.ids(IFCPROJECT)[0]).Name.value).toBe('Test project');
        const aggregates = ifc.ids(IFCRELAGGREGATES).map((i) => ifc.line(i));
        const parentOf = new Map(aggregates.flatMap((a) => a.RelatedObjects.map((o: { value: number }) => [o.value, a.RelatingObject.value])));
        expect(parentOf.get(storeyId)).toBe(ifc.ids(IFCBUILDING)[0]);
        expect(parentOf.get(ifc.ids(IFCBUILDING)[0])).toBe(ifc.ids(IFCSITE)[0]);
        expect(parentOf.get(ifc.ids(IFCSITE)[0])).toBe(ifc.ids(IFCPROJECT)[0]);
        const lengthUnit = ifc.ids(IFCSIUNIT).map((i) => ifc.line(i)).find((u) => u.UnitType.value === 'LENGTHUNIT');
        expect([lengthUnit.Prefix?.value, lengthUnit.Name.value]).toEqual(['MILLI', 'METRE']);

        // Walls.
        const wallIds = ifc.ids(IFCWALLSTANDARDCASE);
        expect(wallIds).toHaveLength(model.walls.length);
        const byTag = new Map(wallIds.map((i) => [ifc.line(i).Tag.value as string, i]));
        const wallOfExpress = new Map<number, Wall>();
        for (const w of model.walls) {
          const eid = byTag.get(w.id);
          expect(eid, w.id).toBeDefined();
          wallOfExpress.set(eid!, w);
          const wall = ifc.line(eid!);
          expect(wall.GlobalId.value).toBe(ifcGuidFromId(w.id));
          const world = ifc.placement(wall.ObjectPlacement.value);
          // The storey elevation is in the placement chain; the wall stands on the storey.
          expect(world.t[2]).toBeCloseTo(3200, 6);
          const body = ifc.body(eid!);
          expect(Math.abs(body.xDim - w.length)).toBeLessThan(1);
          expect(Math.abs(body.yDim - w.thickness)).toBeLessThan(1);
          expect(body.depth).toBe(3000);
          // Centerline ends of the extruded rectangle, in world coordinates.
          const m = compose(world, body.solidPos);
          const a = apply(m, [body.centre[0] - body.xDim / 2, body.centre[1], 0]);
          const b = apply(m, [body.centre[0] + body.xDim / 2, body.centre[1], 0]);
          expect(Math.hypot(a[0] - w.p1.x, a[1] - w.p1.y), `${w.id} p1`).toBeLessThan(1);
          expect(Math.hypot(b[0] - w.p2.x, b[1] - w.p2.y), `${w.id} p2`).toBeLessThan(1);
          // And a footprint corner, so the thickness is on both sides of the centerline.
          const corner = apply(m, [body.centre[0] - body.xDim / 2, body.centre[1] + body.yDim / 2, 0]);
          const expected = footprint(w.p1, w.p2, w.thickness)[3];
          expect(Math.hypot(corner[0] - expected.x, corner[1] - expected.y)).toBeLessThan(1);
        }

        // Doors and windows: one per hosted opening, filling an opening that voids the host wall.
        const doors = ifc.ids(IFCDOOR);
        const windows = ifc.ids(IFCWINDOW);
        expect(doors).toHaveLength(hostedCount(model, 'door'));
        expect(windows).toHaveLength(hostedCount(model, 'window'));
        expect(ifc.ids(IFCOPENINGELEMENT)).toHaveLength(hostedCount(model));
        const voidedWallOf = new Map(ifc.ids(IFCRELVOIDSELEMENT).map((i) => {
          const rel = ifc.line(i);
          return [rel.RelatedOpeningElement.value as number, rel.RelatingBuildingElement.value as number];
        }));
        const openingOf = new Map(ifc.ids(IFCRELFILLSELEMENT).map((i) => {
          const rel = ifc.line(i);
          return [rel.RelatedBuildingElement.value as number, rel.RelatingOpeningElement.value as number];
        }));
        const fillingByTag = new Map([...doors, ...windows].map((i) => [ifc.line(i).Tag.value as string, i]));
        for (const w of model.walls) {
          for (const o of w.openings) {
            const eid = fillingByTag.get(o.id);
            expect(eid, o.id).toBeDefined();
            const el = ifc.line(eid!);
            expect(el.type).toBe(o.kind === 'door' ? IFCDOOR : IFCWINDOW);
            expect(el.GlobalId.value).toBe(ifcGuidFromId(o.id));
            expect(Math.abs(el.OverallWidth.value - o.width)).toBeLessThan(1);
            expect(el.OverallHeight.value).toBe(o.kind === 'door' ? 2100 : 1200);
            const host = wallOfExpress.get(voidedWallOf.get(openingOf.get(eid!)!)!);
            expect(host?.id).toBe(w.id);
            const at = ifc.placement(el.ObjectPlacement.value).t;
            const { u, d } = distanceToSegment({ x: at[0], y: at[1] }, w);
            expect(d, `${o.id} off its wall centerline`).toBeLessThan(1);
            expect(u).toBeGreaterThanOrEqual(-1e-6);
            expect(u).toBeLessThanOrEqual(1 + 1e-6);
            expect(Math.hypot(at[0] - o.center.x, at[1] - o.center.y)).toBeLessThan(1);
            expect(at[2]).toBeCloseTo(3200 + (o.kind === 'door' ? 0 : 900), 6);
            const panel = ifc.body(eid!);
            expect(Math.abs(panel.xDim - o.width)).toBeLessThan(1);
            expect(panel.yDim).toBeLessThanOrEqual(w.thickness + 1e-6);
          }
        }

        // Containment, materials and property sets.
        const contained = ifc.ids(IFCRELCONTAINEDINSPATIALSTRUCTURE).map((i) => ifc.line(i));
        expect(contained).toHaveLength(1);
        expect(contained[0].RelatingStructure.value).toBe(storeyId);
        const inStorey = new Set(contained[0].RelatedElements.map((h: { value: number }) => h.value));
        for (const i of [...wallIds, ...doors, ...windows]) expect(inStorey.has(i)).toBe(true);
        const usageOf = new Map<number, number>();
        for (const rel of ifc.ids(IFCRELASSOCIATESMATERIAL).map((i) => ifc.line(i))) {
          for (const o of rel.RelatedObjects) usageOf.set(o.value, rel.RelatingMaterial.value);
        }
        for (const [eid, w] of wallOfExpress) {
          const usage = ifc.line(usageOf.get(eid)!);
          expect(usage.type).toBe(IFCMATERIALLAYERSETUSAGE);
          const layers = ifc.line(usage.ForLayerSet.value).MaterialLayers;
          expect(layers).toHaveLength(1);
          expect(Math.abs(ifc.line(layers[0].value).LayerThickness.value - w.thickness)).toBeLessThan(1);
          expect(usage.OffsetFromReferenceLine.value).toBeCloseTo(-w.thickness / 2, 2);
        }
        const psetWalls = new Set<number>();
        for (const rel of ifc.ids(IFCRELDEFINESBYPROPERTIES).map((i) => ifc.line(i))) {
          const def = ifc.line(rel.RelatingPropertyDefinition.value);
          if (def.type === IFCPROPERTYSET && def.Name.value === 'Pset_WallCommon') for (const o of rel.RelatedObjects) psetWalls.add(o.value);
        }
        expect(psetWalls.size).toBe(wallIds.length);
      } finally {
        api.CloseModel(id);
      }

      // GlobalIds: unique, and the same on a second export.
      const guids = guidsOf(text);
      expect(guids.length).toBeGreaterThan(model.walls.length);
      expect(new Set(guids).size).toBe(guids.length);
      const again = decode(await writeIfc(model, IFC_OPTIONS));
      expect(guidsOf(again)).toEqual(guids);
      const withoutStamp = (s: string) => s.replace(/^FILE_NAME\(.*$/m, '');
      expect(withoutStamp(again)).toBe(withoutStamp(text));
    });
  }

  // The STEP writer replaced web-ifc's WriteLine (30–60× slower): it must write the very lines web-ifc wrote.
  const dataOf = (text: string) => text.slice(text.indexOf('\nDATA;\n'), text.indexOf('\nENDSEC;', text.indexOf('\nDATA;\n')));
  for (const name of ['apartment', 'apartment-he-m', 'rotated', 'campus']) {
    it(`${name}: the DATA section is line for line what web-ifc writes for the same model`, async () => {
      const model = run(name).walls;
      const ours = dataOf(decode(writeIfc(model, IFC_OPTIONS))).split('\n');
      const webIfc = dataOf(decode(await writeIfcWithWebIfc(model, IFC_OPTIONS, api))).split('\n');
      expect(ours.length).toBeGreaterThan(100);
      expect(ours.length).toBe(webIfc.length);
      ours.forEach((line, i) => {
        if (line !== webIfc[i]) expect(line, `line ${i}`).toBe(webIfc[i]);
      });
    });
  }

  it('writes every real as web-ifc does (shortest digits, fixed or exponent form, with the point STEP requires)', () => {
    const random = seededRandom(11);
    const values = [0, -0, 1e-5, 1e4, 1e5, 100001, 3000, 125125, 6187.5, 0.1, -0.001, 1.5e-7, 1e15, 12e14, 1e21, 5e-324, 1.7976931348623157e308, 2 ** 60, -(2 ** 55) - 8];
    for (let i = 0; i < 4000; i++) {
      const sign = random() < 0.3 ? -1 : 1;
      values.push(sign * (Math.round(random() * 1e6) / 1000) * 10 ** (Math.floor(random() * 30) - 15), Math.round((random() - 0.5) * 2e9) / 1000, sign * random());
    }
    const m = api.CreateModel({ schema: Schemas.IFC4 });
    try {
      for (const v of values) api.WriteLine(m, new IFC4.IfcCartesianPoint([new IFC4.IfcLengthMeasure(v)]));
      const written = [...decode(api.SaveModel(m)).matchAll(/IFCCARTESIANPOINT\(\(([^)]*)\)\)/g)].map((x) => x[1].replace(/^(-?\d+)E/, '$1.E'));
      expect(written).toHaveLength(values.length);
      values.forEach((v, i) => {
        if (stepReal(v) !== written[i]) expect(stepReal(v), String(v)).toBe(written[i]);
      });
    } finally {
      api.CloseModel(m);
    }
  });

  it('names with quotes, non-ASCII and control characters come out as web-ifc writes them', async () => {
    const model = run('apartment').walls;
    const options = { ...IFC_OPTIONS, projectName: "O'Brien & קומה <1>\tü", storeyName: 'Étage 1 — Nord' };
    expect(dataOf(decode(writeIfc(model, options)))).toBe(dataOf(decode(await writeIfcWithWebIfc(model, options, api))));
  });

  it('writes byte-identical files for a fixed time stamp and escapes names', async () => {
    const model = run('apartment').walls;
    const options = { ...IFC_OPTIONS, projectName: "O'Brien & קומה <1>", timestamp: '2024-05-06T07:08:09' };
    const a = await writeIfc(model, options);
    const b = await writeIfc(model, options);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const text = decode(a);
    expect(text).toMatch(/^FILE_NAME\('.*','2024-05-06T07:08:09',/m);
    expect(text).toContain("'O''Brien & \\X2\\05E705D505DE05D4\\X0\\ <1>'");
    const id = api.OpenModel(a);
    try {
      expect(api.GetLine(id, api.GetLineIDsWithType(id, IFCPROJECT).get(0)).Name.value).toBe("O'Brien & קומה <1>");
    } finally {
      api.CloseModel(id);
    }
  });

  it('produces wall geometry web-ifc can mesh, openings cut', async () => {
    const model = run('apartment').walls;
    const id = api.OpenModel(await writeIfc(model, IFC_OPTIONS));
    try {
      let meshes = 0;
      api.StreamAllMeshesWithTypes(id, [IFCWALLSTANDARDCASE, IFCDOOR, IFCWINDOW], (mesh) => {
        if (mesh.geometries.size() > 0) meshes++;
      });
      expect(meshes).toBe(model.walls.length + hostedCount(model));
    } finally {
      api.CloseModel(id);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('DXF export', () => {
  const parser = new DxfParser();

  for (const name of ['apartment', 'apartment-he-m', 'campus']) {
    it(`${name}: WALLS has one closed polyline per wall matching it within 1 mm, in the drawing's units`, () => {
      const r = run(name);
      const model = r.walls;
      const t0 = performance.now();
      const text = writeResultDxf(model, r.mmPerUnit);
      const ms = performance.now() - t0;
      console.log(`DXF export ${name} (${r.units}): ${(text.length / 1024).toFixed(0)} KB in ${ms.toFixed(0)} ms`);
      const dxf = parser.parseSync(text);
      expect(dxf).not.toBeNull();
      expect(dxf!.header.$INSUNITS).toBe({ mm: 4, cm: 5, m: 6, in: 1, ft: 2 }[r.units]);
      expect(Object.keys(dxf!.tables.layer.layers).sort()).toEqual(['0', 'CENTERLINES', 'DOORS', 'WALLS', 'WINDOWS']);
      const on = (layer: string, type: string) => dxf!.entities.filter((e) => e.layer === layer && e.type === type);
      const walls = on('WALLS', 'POLYLINE') as unknown as { shape: boolean; vertices: { x: number; y: number }[] }[];
      expect(walls).toHaveLength(model.walls.length);
      expect(dxf!.entities.filter((e) => e.layer === 'WALLS')).toHaveLength(model.walls.length);
      model.walls.forEach((w, i) => {
        const pl = walls[i];
        expect(pl.shape).toBe(true);
        const expected = footprint(w.p1, w.p2, w.thickness);
        expect(pl.vertices).toHaveLength(4);
        pl.vertices.forEach((v, j) => {
          expect(Math.hypot(v.x * r.mmPerUnit - expected[j].x, v.y * r.mmPerUnit - expected[j].y), `${w.id} vertex ${j}`).toBeLessThan(1);
        });
      });
      const centerlines = on('CENTERLINES', 'LINE') as unknown as { vertices: { x: number; y: number }[] }[];
      expect(centerlines).toHaveLength(model.walls.length);
      model.walls.forEach((w, i) => {
        const [a, b] = centerlines[i].vertices;
        expect(Math.hypot(a.x * r.mmPerUnit - w.p1.x, a.y * r.mmPerUnit - w.p1.y)).toBeLessThan(1);
        expect(Math.hypot(b.x * r.mmPerUnit - w.p2.x, b.y * r.mmPerUnit - w.p2.y)).toBeLessThan(1);
      });
      expect(on('DOORS', 'POLYLINE')).toHaveLength(hostedCount(model, 'door'));
      expect(on('WINDOWS', 'POLYLINE')).toHaveLength(hostedCount(model, 'window'));
      // Each door/window footprint lies across its wall: its centroid is the opening centre.
      const doors = on('DOORS', 'POLYLINE') as unknown as { vertices: { x: number; y: number }[] }[];
      const hostedDoors = model.walls.flatMap((w) => w.openings.filter((o) => o.kind === 'door'));
      doors.forEach((d, i) => {
        const cx = (d.vertices.reduce((s, v) => s + v.x, 0) / 4) * r.mmPerUnit;
        const cy = (d.vertices.reduce((s, v) => s + v.y, 0) / 4) * r.mmPerUnit;
        expect(Math.hypot(cx - hostedDoors[i].center.x, cy - hostedDoors[i].center.y)).toBeLessThan(1);
      });
    });
  }

  it('overlays the source drawing: result walls lie on the source wall lines', () => {
    const r = run('apartment-he-m');
    const text = writeResultDxf(r.walls, r.mmPerUnit);
    const dxf = parser.parseSync(text)!;
    const src = r.drawing.layers.filter((l) => r.selectedLayers.includes(l.name)).flatMap((l) => linesOf(l.lines));
    const xs = src.flatMap((l) => [l.start.x, l.end.x]);
    const wallXs = dxf.entities.filter((e) => e.layer === 'WALLS').flatMap((e) => (e as unknown as { vertices: { x: number }[] }).vertices.map((v) => v.x));
    // Same coordinate range as the drawing (metres here), not millimetres.
    expect(Math.max(...wallXs)).toBeLessThanOrEqual(Math.max(...xs) + 0.01);
    expect(Math.min(...wallXs)).toBeGreaterThanOrEqual(Math.min(...xs) - 0.01);
  });

  // Through our own DXF import: the WALLS footprints come back in the declared units.
  for (const name of ['apartment', 'apartment-he-m']) {
    it(`${name}: re-imported through our DXF import, the walls come back within 1 mm`, () => {
      const r = run(name);
      const drawing = importDrawing(new TextEncoder().encode(writeResultDxf(r.walls, r.mmPerUnit)), 'result.dxf');
      expect(drawing.declaredUnits).toBe(r.units);
      const layer = drawing.layers.find((l) => l.name === 'WALLS')!;
      const polylines = polylinesOf(layer.polylines);
      expect(polylines).toHaveLength(r.walls.walls.length);
      r.walls.walls.forEach((w, i) => {
        const pl = polylines[i];
        expect(pl.closed).toBe(true);
        const expected = footprint(w.p1, w.p2, w.thickness);
        pl.vertices.slice(0, 4).forEach((v, j) => {
          expect(Math.hypot(v.x * r.mmPerUnit - expected[j].x, v.y * r.mmPerUnit - expected[j].y)).toBeLessThan(1);
        });
      });
      expect(linesOf(drawing.layers.find((l) => l.name === 'CENTERLINES')!.lines)).toHaveLength(r.walls.walls.length);
    });
  }

  it('rejects a bad unit factor', () => {
    expect(() => writeResultDxf(run('apartment').walls, 0)).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** A strict-enough XML 1.0 well-formedness check (tags, attributes, entities, nesting, one root). */
function checkWellFormedXml(xml: string): void {
  const fail = (msg: string, at: number) => {
    throw new Error(`${msg} at ${at}: ${JSON.stringify(xml.slice(Math.max(0, at - 40), at + 40))}`);
  };
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(xml)) fail('character not allowed in XML', xml.search(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/));
  const entity = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
  const checkText = (s: string, at: number) => {
    for (let i = s.indexOf('&'); i !== -1; i = s.indexOf('&', i + 1)) if (!entity.test(s.slice(i))) fail('bare &', at + i);
    if (s.includes('<')) fail('bare <', at);
  };
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  if (xml.startsWith('<?xml')) i = xml.indexOf('?>') + 2;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    checkText(text, i);
    if (stack.length === 0 && text.trim()) fail('text outside the root', i);
    if (lt === -1) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end === -1) fail('unclosed comment', lt);
      i = end + 3;
      continue;
    }
    const tag = /^<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(xml.slice(lt));
    if (!tag) fail('malformed tag', lt);
    const [whole, close, name, attrs, selfClose] = tag!;
    const seen = new Set<string>();
    for (const a of attrs.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      if (seen.has(a[1])) fail(`duplicate attribute ${a[1]}`, lt);
      seen.add(a[1]);
      checkText(a[2] ?? a[3], lt);
    }
    if (close) {
      if (stack.pop() !== name) fail(`mismatched </${name}>`, lt);
    } else if (!selfClose) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) roots++;
    i = lt + whole.length;
  }
  if (stack.length) fail(`unclosed <${stack.at(-1)}>`, xml.length);
  if (roots !== 1) fail(`${roots} root elements`, 0);
}

describe('SVG export', () => {
  for (const name of ['apartment', 'campus', 'apartment-he-m']) {
    it(`${name}: well-formed, one polygon per wall, doors and windows, legend and scale bar`, () => {
      const r = run(name);
      const model = r.walls;
      const source = {
        lines: r.drawing.layers.filter((l) => r.selectedLayers.includes(l.name)).flatMap((l) => linesOf(l.lines)),
        polylines: r.drawing.layers.filter((l) => r.selectedLayers.includes(l.name)).flatMap((l) => polylinesOf(l.polylines)),
        mmPerUnit: r.mmPerUnit,
      };
      const t0 = performance.now();
      const svg = writePlanSvg(model, { source, title: `${name}.json` });
      const ms = performance.now() - t0;
      console.log(`SVG export ${name}: ${(svg.length / 1024).toFixed(0)} KB in ${ms.toFixed(0)} ms`);
      checkWellFormedXml(svg);
      expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" /);
      expect(svg.match(/<polygon class="wall"/g)).toHaveLength(model.walls.length);
      expect(svg.match(/<g class="door"/g) ?? []).toHaveLength(hostedCount(model, 'door'));
      expect(svg.match(/<g class="window"/g) ?? []).toHaveLength(hostedCount(model, 'window'));
      expect(svg).toContain('class="scale-bar"');
      expect(svg).toContain('class="source"');
      for (const t of new Set(model.walls.map((w) => Math.round(w.thickness))).values()) {
        if (new Set(model.walls.map((w) => Math.round(w.thickness))).size <= 7) expect(svg).toContain(`wall ${t} mm`);
      }
      // y is flipped: of the wall that rises the most, the higher end is drawn nearer the top of the image.
      const w = model.walls.reduce((a, b) => (Math.abs(a.p2.y - a.p1.y) >= Math.abs(b.p2.y - b.p1.y) ? a : b));
      const points = new RegExp(`data-id="${w.id}" points="([^"]+)"`).exec(svg)![1].split(' ');
      const [y1, y2] = points.slice(0, 2).map((p) => Number(p.split(',')[1])); // p1 side, p2 side
      expect(Math.sign(y1 - y2)).toBe(Math.sign(w.p2.y - w.p1.y));
    });
  }

  it('escapes text from drawings', () => {
    const model: WallsModel = structuredClone(run('apartment').walls);
    const evil = '</title><script>alert("x")</script>&amp;\u0001\u0007\uD800\'';
    model.walls[0].layers = [evil];
    model.walls[0].id = `"><svg onload=alert(1)>`;
    const o = model.walls.find((w) => w.openings.length)!.openings[0];
    o.blockName = evil;
    o.layer = ']]><!--';
    model.unhostedOpenings.push({ id: '<u>', kind: 'door', blockName: evil, layer: evil, center: { x: 0, y: 0 }, width: 900 });
    const svg = writePlanSvg(model, { title: evil });
    checkWellFormedXml(svg);
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<svg onload');
    expect(svg).toContain('&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;amp;&apos;');
    expect(svg).toContain('class="unhosted"');
    expect(escapeXml('a\u0000b\uDC00c😀')).toBe('abc😀');
  });

  it('draws an empty model', () => {
    const svg = writePlanSvg({ units: 'mm', walls: [], unhostedOpenings: [], unjoinedEnds: [] });
    checkWellFormedXml(svg);
    expect(svg).not.toContain('NaN');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('zip of all artifacts', () => {
  it('round-trips files, with safe and unique names', () => {
    const zip = zipFiles(
      [
        { name: 'walls.json', data: '{"a":1}' },
        { name: 'walls.json', data: '{"a":2}' },
        { name: '../../etc/passwd', data: 'x' },
        { name: '/abs\\win\\model.ifc', data: new Uint8Array([1, 2, 3]) },
        { name: 'plan.png', data: new Uint8Array([137, 80]) },
      ],
      { mtime: new Date('2024-01-01T00:00:00Z') },
    );
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['abs/win/model.ifc', 'etc/passwd', 'plan.png', 'walls (2).json', 'walls.json']);
    expect(new TextDecoder().decode(files['walls (2).json'])).toBe('{"a":2}');
    expect([...files['abs/win/model.ifc']]).toEqual([1, 2, 3]);
  });

  it('zips the campus exports', async () => {
    const r = run('campus');
    const t0 = performance.now();
    const zip = zipFiles([
      { name: 'model.ifc', data: await writeIfc(r.walls, IFC_OPTIONS) },
      { name: 'result.dxf', data: writeResultDxf(r.walls, r.mmPerUnit) },
      { name: 'plan.svg', data: writePlanSvg(r.walls) },
      { name: 'walls.json', data: JSON.stringify(r.walls) },
    ]);
    console.log(`ZIP of campus exports (incl. IFC): ${(zip.length / 1024).toFixed(0)} KB in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(Object.keys(unzipSync(zip))).toHaveLength(4);
  });
});
