// The CAD document both binary readers produce (DXF via dxf-parser, DWG via LibreDWG) and its translation into the
// one drawing model (SPEC §2.2): model-space entities grouped by layer, polylines with bulge arcs as segments,
// INSERTs as block references with world extents, blocks exploded where they hold walls or openings, door swings
// drawn as arcs turned into door references, every other entity type counted per layer.

import { growBox } from '../core/geometry/box';
import { classifyLayer } from '../core/layers';
import type { BlockRef, Box2, Drawing, LayerClass, Units, Vec3 } from '../core/model';
import { emptyLayerDraft, finishLayer, type LayerDraft } from './layerDraft';
import { MM_PER_UNIT } from '../core/model';
import { detectUnits, guessUnitsFromGeometry } from '../core/units';
import {
  IDENTITY,
  applyX,
  applyY,
  arcSamplePoints,
  bulgeArc,
  bulgePoints,
  compose,
  convexHull,
  cosSinDegrees,
  decompose,
  isFinitePoint,
  maxStretch,
  normalizeDegrees,
  ocsTransform,
  placementTransform,
  type Affine,
  type Point3,
} from './cadGeometry';
import { quoteName } from './describe';

export interface CadVertex {
  x: number;
  y: number;
  z: number;
  /** tan(sweep / 4) of the arc to the next vertex; 0 for a straight segment. */
  bulge: number;
}

interface CadEntityBase {
  /** The entity type as the file names it (LINE, LWPOLYLINE, HATCH…): what the layer inventory counts. */
  type: string;
  layer: string;
}

export interface CadLine extends CadEntityBase {
  kind: 'line';
  start: Point3;
  end: Point3;
}

export interface CadPolyline extends CadEntityBase {
  kind: 'polyline';
  vertices: CadVertex[];
  closed: boolean;
  /** Extrusion direction of a 2D polyline, whose vertices are in its object coordinate system; null for 3D polylines. */
  normal: Point3 | null;
}

export interface CadInsert extends CadEntityBase {
  kind: 'insert';
  block: string;
  /** Insertion point in the insert's object coordinate system. */
  position: Point3;
  /** Degrees, counter-clockwise. */
  rotation: number;
  scaleX: number;
  scaleY: number;
  /** MINSERT arrays; 1 × 1 for a plain INSERT. */
  columns: number;
  rows: number;
  columnSpacing: number;
  rowSpacing: number;
  normal: Point3 | null;
}

export interface CadArc extends CadEntityBase {
  kind: 'arc';
  /** Centre in the arc's object coordinate system. */
  center: Point3;
  radius: number;
  /** Radians, counter-clockwise from start to end; a CIRCLE runs from 0 to 2π. */
  startAngle: number;
  endAngle: number;
  normal: Point3 | null;
}

/** An ARC, or a CIRCLE as the arc from 0 to 2π, whatever angles the file gives it. */
export function arcEntity(
  base: CadEntityBase,
  circle: boolean,
  center: Point3,
  radius: number,
  startAngle: number,
  endAngle: number,
  normal: Point3 | null,
): CadArc {
  return { ...base, kind: 'arc', center, radius, startAngle: circle ? 0 : startAngle, endAngle: circle ? 2 * Math.PI : endAngle, normal };
}

/** An entity used only for the extents of the blocks that hold it (SPLINE, ELLIPSE, SOLID…): outline points in WCS. */
export interface CadShape extends CadEntityBase {
  kind: 'shape';
  points: Point3[];
}

/** Counted in the layer inventory, otherwise ignored (TEXT, HATCH, DIMENSION…). */
export interface CadOther extends CadEntityBase {
  kind: 'other';
}

/** An entity the reader could not make sense of: skipped and counted per layer. */
export interface CadInvalid extends CadEntityBase {
  kind: 'invalid';
  problem: string;
}

export type CadEntity = CadLine | CadPolyline | CadInsert | CadArc | CadShape | CadOther | CadInvalid;

export interface CadBlock {
  name: string;
  base: Point3;
  entities: CadEntity[];
  /** An external reference: its geometry lives in another file. */
  xref: boolean;
}

export interface CadDocument {
  fileName: string;
  /** The raw $INSUNITS header value; null when the header has none. */
  insUnits: number | null;
  /** The raw $LUNITS (linear unit display) header value; null when the header has none. */
  lUnits: number | null;
  /** The raw $MEASUREMENT header value (0 imperial, 1 metric); null when the header has none. */
  measurement: number | null;
  /** Layer names in the order of the file's layer table (may be empty). */
  layerOrder: string[];
  /** Model-space entities in file order. */
  entities: CadEntity[];
  /** Block definitions by exact name. */
  blocks: Map<string, CadBlock>;
  /** What the reader noticed (header quirks, truncation…). */
  warnings: string[];
}

export interface CadImportOptions {
  /**
   * The unit the caller will run the drawing in. Bulge arcs are cut so their chord error stays ≤ 1 mm in this
   * unit; without it the declared unit is used, else the unit guessed from the geometry.
   */
  units?: Units;
}

/** Chord error allowed when arcs become segments, in millimetres (SPEC §2.2). */
export const MAX_CHORD_ERROR_MM = 1;

/**
 * Door swings (SPEC, issue 6): on a door layer, an ARC whose sweep is within this range of 90° is a door whose
 * width is the radius. Its reference is named ARC_DOOR, placed at the hinge (the arc centre), rotated to the arc
 * start, and its box is the square of side `radius` at the hinge, symmetric about the arc's bisector.
 */
export const ARC_DOOR_NAME = 'ARC_DOOR';
export const DOOR_SWING_SWEEP_DEG: readonly [number, number] = [75, 105];
/** When the units are known (declared or given), a swing radius must also be a plausible door leaf width. */
export const DOOR_SWING_RADIUS_MM: readonly [number, number] = [300, 2500];

/** Guards against hostile or broken block structures. */
const MAX_BLOCK_DEPTH = 32;
const MAX_ARRAY_CELLS = 10_000;
const MAX_EXPLODED_ENTITIES = 2_000_000;
/** Relative chord error when sampling arcs for block extents (a rotated arc's box may fall short by 0.01 % of its radius). */
const EXTENT_SAMPLING_ERROR = 1e-4;

// $INSUNITS codes (DXF reference). Units the app works in map to them; US survey feet count as feet.
const INSUNITS_UNITS = new Map<number, Units>([
  [1, 'in'],
  [2, 'ft'],
  [4, 'mm'],
  [5, 'cm'],
  [6, 'm'],
  [21, 'ft'],
]);
const INSUNITS_NAMES = new Map<number, string>([
  [3, 'miles'],
  [7, 'kilometres'],
  [8, 'microinches'],
  [9, 'mils'],
  [10, 'yards'],
  [11, 'ångströms'],
  [12, 'nanometres'],
  [13, 'microns'],
  [14, 'decimetres'],
  [15, 'decametres'],
  [16, 'hectometres'],
  [17, 'gigametres'],
  [18, 'astronomical units'],
  [19, 'light years'],
  [20, 'parsecs'],
]);
const UNIT_NAMES: Readonly<Record<Units, string>> = { mm: 'millimetres', cm: 'centimetres', m: 'metres', in: 'inches', ft: 'feet' };

/** $INSUNITS → units: 1 in, 2 ft, 4 mm, 5 cm, 6 m (21 US survey feet → ft); 0, missing or anything else → null. */
export function unitsFromInsUnits(code: number | null | undefined): Units | null {
  if (code === null || code === undefined || !Number.isInteger(code)) return null;
  return INSUNITS_UNITS.get(code) ?? null;
}

/** $LUNITS 3 (engineering) or 4 (architectural) show lengths in feet and inches, which AutoCAD bases on inches. */
function inchesHintFrom(lUnits: number | null): string | null {
  return lUnits === 3 || lUnits === 4
    ? `the header shows lengths in feet and inches ($LUNITS = ${lUnits}, ${lUnits === 4 ? 'architectural' : 'engineering'})`
    : null;
}

/** Turns a CAD document into the drawing model. Pure and synchronous; throws only on programming errors. */
export function buildDrawing(doc: CadDocument, options: CadImportOptions = {}): Drawing {
  const warnings = [...doc.warnings];
  const declared = unitsFromInsUnits(doc.insUnits);
  if (declared === null && doc.insUnits !== null && doc.insUnits !== 0) {
    const name = INSUNITS_NAMES.get(doc.insUnits);
    warnings.push(
      name
        ? `The file declares its units as ${name} ($INSUNITS = ${doc.insUnits}), which the app does not support; the units are guessed from the geometry.`
        : `The file declares an unknown unit ($INSUNITS = ${doc.insUnits}); the units are guessed from the geometry.`,
    );
  }
  const assumed = options.units ?? declared ?? guessUnitsFromRawGeometry(doc, declared ? null : inchesHintFrom(doc.lUnits));
  const known = options.units ?? declared;
  const builder = new DrawingBuilder(doc, MM_PER_UNIT[assumed], known ? MM_PER_UNIT[known] : null);
  builder.build();
  const inchesHint = declared ? null : inchesHintFrom(doc.lUnits);
  // The imperial system alone cannot tell inches from centimetres in the geometry (walls fit both), so it only warns.
  if (!declared && !inchesHint && doc.measurement === 0 && !options.units) {
    warnings.push('The file declares no unit but uses the imperial measurement system ($MEASUREMENT = 0); if the plan is drawn in inches or feet, choose that unit for the job.');
  }
  const drawing: Drawing = { fileName: doc.fileName, declaredUnits: declared, inchesHint, layers: builder.layers(), warnings };
  warnings.push(...builder.warnings());
  if (drawing.layers.length === 0) warnings.push('The drawing has no entities in model space.');
  if (declared && !options.units) {
    const disagreement = describeUnitDisagreement(drawing, declared, doc.insUnits);
    if (disagreement) warnings.push(disagreement);
  }
  return drawing;
}

/**
 * A warning when the geometry clearly contradicts the declared unit: the unit guessed from the spacing of
 * parallel lines differs by a factor of 5 or more and backs itself with wall-like spacings.
 */
function describeUnitDisagreement(drawing: Drawing, declared: Units, code: number | null): string | null {
  const guess = guessUnitsFromGeometry(drawing);
  if (!guess || guess.share < 0.1) return null;
  const ratio = MM_PER_UNIT[declared] / MM_PER_UNIT[guess.units];
  if (ratio < 5 && ratio > 1 / 5) return null;
  return (
    `The file declares its units as ${UNIT_NAMES[declared]} ($INSUNITS = ${code}), but the geometry looks like ` +
    `${UNIT_NAMES[guess.units]} (${guess.reason}); the units suggested for the job follow the geometry — override them if the plan's size is wrong.`
  );
}

/** The unit guess used only to size arc segments when the file declares none: straight geometry, untransformed. */
function guessUnitsFromRawGeometry(doc: CadDocument, inchesHint: string | null): Units {
  const byLayer = new Map<string, LayerDraft>();
  const add = (entities: CadEntity[]) => {
    for (const e of entities) {
      if (e.kind !== 'line' && e.kind !== 'polyline') continue;
      let layer = byLayer.get(e.layer);
      if (!layer) byLayer.set(e.layer, (layer = emptyLayerDraft(e.layer)));
      if (e.kind === 'line') layer.lines.add(e.start, e.end);
      else layer.polylines.add(e.vertices, e.closed);
    }
  };
  add(doc.entities);
  for (const block of doc.blocks.values()) add(block.entities);
  return detectUnits({ fileName: doc.fileName, declaredUnits: null, inchesHint, layers: [...byLayer.values()].map(finishLayer), warnings: [] }).units;
}

/** A polyline in world coordinates, before it joins its layer's PolylineList. */
interface WorldPolyline {
  vertices: Vec3[];
  closed: boolean;
}

interface LayerAssembly {
  layer: LayerDraft;
  layerClass: LayerClass;
  other: Map<string, number>;
  firstProblem: string | null;
}

/** Cells of an INSERT (one) or MINSERT (columns × rows) as offsets in the insert's rotated frame. */
function insertCells(insert: CadInsert): [number, number][] {
  const columns = Math.max(1, Math.floor(insert.columns) || 1);
  const rows = Math.max(1, Math.floor(insert.rows) || 1);
  if (columns * rows === 1 || columns * rows > MAX_ARRAY_CELLS) return [[0, 0]];
  const cells: [number, number][] = [];
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) cells.push([column * insert.columnSpacing, row * insert.rowSpacing]);
  }
  return cells;
}

/** The transform of one cell of an insert, relative to the coordinates the insert lives in. */
function cellTransform(insert: CadInsert, block: CadBlock | null, [dx, dy]: [number, number]): Affine {
  const [cos, sin] = cosSinDegrees(insert.rotation);
  const position = { x: insert.position.x + dx * cos - dy * sin, y: insert.position.y + dx * sin + dy * cos, z: insert.position.z };
  const base = block?.base ?? { x: 0, y: 0, z: 0 };
  return placementTransform(position, insert.rotation, insert.scaleX, insert.scaleY, base, insert.normal);
}

function isValidInsert(e: CadInsert): boolean {
  return (
    isFinitePoint(e.position) &&
    Number.isFinite(e.rotation) &&
    Number.isFinite(e.scaleX) &&
    Number.isFinite(e.scaleY) &&
    Number.isFinite(e.columnSpacing) &&
    Number.isFinite(e.rowSpacing)
  );
}

/** Inherited layer: entities of a block on layer "0" take the layer of the insert that places them. */
function effectiveLayer(entityLayer: string, inherited: string): string {
  return entityLayer === '0' || entityLayer === '' ? inherited : entityLayer;
}

class DrawingBuilder {
  private readonly assemblies = new Map<string, LayerAssembly>();
  private readonly hulls = new Map<CadBlock, number[]>();
  private readonly interesting = new Map<CadBlock, boolean>();
  private readonly blocksByUpperName = new Map<string, CadBlock>();
  private readonly missingBlocks = new Map<string, number>();
  private readonly xrefs = new Set<string>();
  private readonly notes = new Set<string>();
  private exploded = 0;
  /** 1 mm in drawing units. */
  private readonly maxError: number;

  constructor(
    private readonly doc: CadDocument,
    mmPerUnit: number,
    private readonly knownMmPerUnit: number | null,
  ) {
    this.maxError = MAX_CHORD_ERROR_MM / mmPerUnit;
    for (const block of doc.blocks.values()) {
      const upper = block.name.toUpperCase();
      if (!this.blocksByUpperName.has(upper)) this.blocksByUpperName.set(upper, block);
    }
  }

  build(): void {
    for (const entity of this.doc.entities) this.addModelSpaceEntity(entity);
  }

  /** Layers in the order of the file's layer table, then in order of appearance. */
  layers(): Drawing['layers'] {
    const order = new Map<string, number>();
    this.doc.layerOrder.forEach((name, index) => {
      if (!order.has(name)) order.set(name, index);
    });
    const assemblies = [...this.assemblies.values()];
    const rank = (a: LayerAssembly, index: number) => order.get(a.layer.name) ?? this.doc.layerOrder.length + index;
    const ranked = assemblies.map((a, index) => ({ a, rank: rank(a, index) }));
    ranked.sort((x, y) => x.rank - y.rank);
    return ranked.map(({ a }) => {
      a.layer.otherCounts = [...a.other.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
      return finishLayer(a.layer);
    });
  }

  warnings(): string[] {
    const out: string[] = [];
    for (const a of this.assemblies.values()) {
      if (a.layer.skipped > 0) {
        const noun = a.layer.skipped === 1 ? 'entity' : 'entities';
        out.push(`Layer ${quoteName(a.layer.name)}: skipped ${a.layer.skipped} unreadable ${noun} (first: ${a.firstProblem}).`);
      }
    }
    if (this.missingBlocks.size > 0) {
      const names = [...this.missingBlocks.keys()].slice(0, 5).map(quoteName).join(', ');
      const total = [...this.missingBlocks.values()].reduce((s, n) => s + n, 0);
      out.push(`${total} block reference(s) name blocks that the file does not define (${names}${this.missingBlocks.size > 5 ? ', …' : ''}); their extents are unknown.`);
    }
    if (this.xrefs.size > 0) {
      const names = [...this.xrefs].slice(0, 5).map(quoteName).join(', ');
      out.push(`External references are not loaded (${names}${this.xrefs.size > 5 ? ', …' : ''}); bind them in the CAD program to include their walls.`);
    }
    out.push(...this.notes);
    return out;
  }

  private assembly(name: string): LayerAssembly {
    let assembly = this.assemblies.get(name);
    if (!assembly) {
      assembly = { layer: emptyLayerDraft(name), layerClass: classifyLayer(name), other: new Map(), firstProblem: null };
      this.assemblies.set(name, assembly);
    }
    return assembly;
  }

  private skip(assembly: LayerAssembly, type: string, problem: string): void {
    assembly.layer.skipped++;
    assembly.firstProblem ??= `${type} ${problem}`;
  }

  private count(assembly: LayerAssembly, type: string): void {
    assembly.other.set(type, (assembly.other.get(type) ?? 0) + 1);
  }

  private addModelSpaceEntity(e: CadEntity): void {
    const assembly = this.assembly(e.layer);
    switch (e.kind) {
      case 'invalid':
        this.skip(assembly, e.type, e.problem);
        return;
      case 'line':
        if (isFinitePoint(e.start) && isFinitePoint(e.end)) {
          assembly.layer.lines.add(e.start, e.end);
        } else this.skip(assembly, e.type, 'has a non-numeric coordinate');
        return;
      case 'polyline': {
        const polyline = this.polyline(e, IDENTITY);
        if (polyline) assembly.layer.polylines.add(polyline.vertices, polyline.closed);
        else this.skip(assembly, e.type, e.vertices.length < 2 ? 'has fewer than 2 vertices' : 'has a non-numeric coordinate');
        return;
      }
      case 'insert':
        if (!isValidInsert(e)) {
          this.skip(assembly, e.type, 'has a non-numeric insertion point, rotation or scale');
          return;
        }
        this.placeInsert(e, IDENTITY, e.layer, true, []);
        return;
      case 'arc': {
        const door = this.doorSwing(e, IDENTITY, assembly.layerClass);
        if (door) assembly.layer.blocks.push(door);
        else this.count(assembly, e.type);
        return;
      }
      case 'shape':
      case 'other':
        this.count(assembly, e.type);
        return;
    }
  }

  private findBlock(name: string): CadBlock | null {
    const block = this.doc.blocks.get(name) ?? this.blocksByUpperName.get(name.toUpperCase()) ?? null;
    if (!block) this.missingBlocks.set(name, (this.missingBlocks.get(name) ?? 0) + 1);
    else if (block.xref) this.xrefs.add(block.name);
    return block;
  }

  /**
   * One INSERT (each cell of a MINSERT): a block reference on its layer when it is in model space or lands on a
   * door/window layer, and exploded when its layer is a wall layer or its block holds walls or openings of its own.
   */
  private placeInsert(e: CadInsert, parent: Affine, layerName: string, topLevel: boolean, stack: CadBlock[]): void {
    const block = this.findBlock(e.block);
    const assembly = this.assembly(layerName);
    const opening = assembly.layerClass === 'door' || assembly.layerClass === 'window';
    const cells = insertCells(e);
    if (cells.length === 1 && (e.columns > 1 || e.rows > 1)) {
      this.notes.add(`A block array (MINSERT) of ${quoteName(e.block)} has too many cells; only its first cell is used.`);
    }
    const explode = block !== null && !opening && this.shouldExplode(block, assembly.layerClass, stack);
    for (const cell of cells) {
      const local = cellTransform(e, block, cell);
      const world = parent === IDENTITY ? local : compose(parent, local);
      if (topLevel || opening) {
        assembly.layer.blocks.push(this.blockRef(e, block, world, topLevel && cell[0] === 0 && cell[1] === 0 && parent === IDENTITY));
      }
      if (explode && block) this.explode(block, world, layerName, stack);
    }
  }

  private blockRef(e: CadInsert, block: CadBlock | null, world: Affine, asGiven: boolean): BlockRef {
    const base = block?.base ?? { x: 0, y: 0, z: 0 };
    const position = { x: applyX(world, base.x, base.y), y: applyY(world, base.x, base.y), z: e.position.z };
    // A plain insert keeps its own rotation and scales; a mirrored (OCS) or nested one reads them off its transform.
    const plain = asGiven && (!e.normal || (Math.abs(e.normal.x) < 1e-12 && Math.abs(e.normal.y) < 1e-12 && e.normal.z > 0));
    const { rotation, scaleX, scaleY } = plain ? { rotation: normalizeDegrees(e.rotation), scaleX: e.scaleX, scaleY: e.scaleY } : decompose(world);
    return { name: e.block, position, rotation, scaleX, scaleY, bbox: block ? this.worldBox(block, world) : null };
  }

  private shouldExplode(block: CadBlock, layerClass: LayerClass, stack: CadBlock[]): boolean {
    if (block.xref || block.entities.length === 0) return false;
    return layerClass === 'wall' || this.holdsWallsOrOpenings(block, stack);
  }

  /** Whether a block has, on layers of its own (not "0"), wall geometry, openings or door swings — at any depth. */
  private holdsWallsOrOpenings(block: CadBlock, stack: CadBlock[]): boolean {
    const known = this.interesting.get(block);
    if (known !== undefined) return known;
    if (stack.includes(block) || stack.length >= MAX_BLOCK_DEPTH) return false;
    this.interesting.set(block, false); // provisional, breaks cycles
    let found = false;
    for (const e of block.entities) {
      const own = e.layer !== '0' && e.layer !== '' ? classifyLayer(e.layer) : null;
      if ((e.kind === 'line' || e.kind === 'polyline') && own === 'wall') found = true;
      else if (e.kind === 'arc' && own === 'door') found = true;
      else if (e.kind === 'insert') {
        if (own === 'wall' || own === 'door' || own === 'window') found = true;
        else {
          const child = this.doc.blocks.get(e.block) ?? this.blocksByUpperName.get(e.block.toUpperCase());
          if (child && this.holdsWallsOrOpenings(child, [...stack, block])) found = true;
        }
      }
      if (found) break;
    }
    this.interesting.set(block, found);
    return found;
  }

  /** The block's lines and polylines in world coordinates on their layers; nested openings become references. */
  private explode(block: CadBlock, world: Affine, inheritedLayer: string, stack: CadBlock[]): void {
    if (stack.includes(block)) {
      this.notes.add(`Block ${quoteName(block.name)} contains itself; the recursion was cut.`);
      return;
    }
    if (stack.length >= MAX_BLOCK_DEPTH) {
      this.notes.add(`Blocks are nested more than ${MAX_BLOCK_DEPTH} levels deep; deeper levels were ignored.`);
      return;
    }
    const inner = [...stack, block];
    for (const e of block.entities) {
      if (this.exploded >= MAX_EXPLODED_ENTITIES) {
        this.notes.add(`Exploding blocks produced more than ${MAX_EXPLODED_ENTITIES} entities; the rest were ignored.`);
        return;
      }
      const layerName = effectiveLayer(e.layer, inheritedLayer);
      switch (e.kind) {
        case 'line': {
          if (!isFinitePoint(e.start) || !isFinitePoint(e.end)) break;
          this.assembly(layerName).layer.lines.add(
            { x: applyX(world, e.start.x, e.start.y), y: applyY(world, e.start.x, e.start.y), z: e.start.z },
            { x: applyX(world, e.end.x, e.end.y), y: applyY(world, e.end.x, e.end.y), z: e.end.z },
          );
          this.exploded++;
          break;
        }
        case 'polyline': {
          const polyline = this.polyline(e, world);
          if (polyline) {
            this.assembly(layerName).layer.polylines.add(polyline.vertices, polyline.closed);
            this.exploded++;
          }
          break;
        }
        case 'insert':
          if (isValidInsert(e)) this.placeInsert(e, world, layerName, false, inner);
          break;
        case 'arc': {
          const assembly = this.assembly(layerName);
          const door = this.doorSwing(e, world, assembly.layerClass);
          if (door) assembly.layer.blocks.push(door);
          break;
        }
        default:
          break;
      }
    }
  }

  /** A polyline in world coordinates, bulges cut into segments within 1 mm; null if invalid. */
  private polyline(e: CadPolyline, world: Affine): WorldPolyline | null {
    const count = e.vertices.length;
    if (count < 2) return null;
    const full = e.normal ? compose(world, ocsTransform(e.normal, 0)) : world;
    const stretch = maxStretch(full);
    if (!(stretch > 0) || !Number.isFinite(stretch)) return null;
    const tolerance = this.maxError / stretch;
    const local: { x: number; y: number; z: number }[] = [];
    const segments = e.closed ? count : count - 1;
    for (let i = 0; i < count; i++) {
      const v = e.vertices[i];
      if (!Number.isFinite(v.x) || !Number.isFinite(v.y) || !Number.isFinite(v.z)) return null;
      local.push({ x: v.x, y: v.y, z: v.z });
      if (i < segments && v.bulge) {
        const next = e.vertices[(i + 1) % count];
        const between = bulgePoints(v.x, v.y, next.x, next.y, v.bulge, tolerance);
        between.forEach(([x, y], k) => local.push({ x, y, z: v.z + ((next.z - v.z) * (k + 1)) / (between.length + 1) }));
      }
    }
    return {
      vertices: local.map((p) => ({ x: applyX(full, p.x, p.y), y: applyY(full, p.x, p.y), z: p.z })),
      closed: e.closed,
    };
  }

  /** An ARC on a door layer that looks like a door swing, as an ARC_DOOR reference (see DOOR_SWING_*). */
  private doorSwing(e: CadArc, world: Affine, layerClass: LayerClass): BlockRef | null {
    if (layerClass !== 'door' || e.type !== 'ARC') return null;
    if (!isFinitePoint(e.center) || !(e.radius > 0) || !Number.isFinite(e.startAngle) || !Number.isFinite(e.endAngle)) return null;
    let sweep = e.endAngle - e.startAngle;
    while (sweep <= 0) sweep += 2 * Math.PI;
    while (sweep > 2 * Math.PI) sweep -= 2 * Math.PI;
    const sweepDeg = (sweep * 180) / Math.PI;
    if (sweepDeg < DOOR_SWING_SWEEP_DEG[0] || sweepDeg > DOOR_SWING_SWEEP_DEG[1]) return null;
    const full = compose(world, ocsTransform(e.normal, 0));
    if (this.knownMmPerUnit !== null) {
      const radiusMm = e.radius * Math.sqrt(Math.abs(full.a * full.d - full.b * full.c)) * this.knownMmPerUnit;
      if (radiusMm < DOOR_SWING_RADIUS_MM[0] || radiusMm > DOOR_SWING_RADIUS_MM[1]) return null;
    }
    const { x: cx, y: cy } = e.center;
    const r = e.radius;
    const mid = e.startAngle + sweep / 2;
    const corners: [number, number][] = [
      [cx, cy],
      [cx + r * Math.cos(mid - Math.PI / 4), cy + r * Math.sin(mid - Math.PI / 4)],
      [cx + r * Math.SQRT2 * Math.cos(mid), cy + r * Math.SQRT2 * Math.sin(mid)],
      [cx + r * Math.cos(mid + Math.PI / 4), cy + r * Math.sin(mid + Math.PI / 4)],
    ];
    const box: Box2 = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
    for (const [x, y] of corners) growBox(box, applyX(full, x, y), applyY(full, x, y));
    const hingeX = applyX(full, cx, cy);
    const hingeY = applyY(full, cx, cy);
    const startX = applyX(full, cx + Math.cos(e.startAngle), cy + Math.sin(e.startAngle)) - hingeX;
    const startY = applyY(full, cx + Math.cos(e.startAngle), cy + Math.sin(e.startAngle)) - hingeY;
    return {
      name: ARC_DOOR_NAME,
      position: { x: hingeX, y: hingeY, z: e.center.z },
      rotation: normalizeDegrees((Math.atan2(startY, startX) * 180) / Math.PI),
      scaleX: 1,
      scaleY: 1,
      bbox: box,
    };
  }

  /** World extents of a placed block: its geometry's convex hull, transformed. Null for a block without geometry. */
  private worldBox(block: CadBlock, world: Affine): Box2 | null {
    const hull = this.hull(block, []);
    if (hull.length === 0) return null;
    const box: Box2 = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
    for (let i = 0; i < hull.length; i += 2) growBox(box, applyX(world, hull[i], hull[i + 1]), applyY(world, hull[i], hull[i + 1]));
    return Number.isFinite(box.minX) && Number.isFinite(box.maxY) ? box : null;
  }

  /**
   * Convex hull of a block's geometry in its own coordinates (lines, polylines with their arcs, arcs, circles,
   * outline points of splines, ellipses and solids, nested blocks as placed). Text, hatches and points are left
   * out: their extents are unknown or decorative. An affine map keeps hulls, so the placed hull bounds the block.
   */
  private hull(block: CadBlock, stack: CadBlock[]): number[] {
    const known = this.hulls.get(block);
    if (known) return known;
    if (stack.includes(block) || stack.length >= MAX_BLOCK_DEPTH) return [];
    const flat: number[] = [];
    const push = (m: Affine, x: number, y: number) => {
      const px = applyX(m, x, y);
      const py = applyY(m, x, y);
      if (Number.isFinite(px) && Number.isFinite(py)) flat.push(px, py);
    };
    for (const e of block.entities) {
      switch (e.kind) {
        case 'line':
          push(IDENTITY, e.start.x, e.start.y);
          push(IDENTITY, e.end.x, e.end.y);
          break;
        case 'polyline': {
          const m = e.normal ? ocsTransform(e.normal, 0) : IDENTITY;
          const n = e.vertices.length;
          e.vertices.forEach((v, i) => {
            push(m, v.x, v.y);
            if (!v.bulge || (!e.closed && i === n - 1)) return;
            const next = e.vertices[(i + 1) % n];
            const arc = bulgeArc(v.x, v.y, next.x, next.y, v.bulge);
            if (!arc) return;
            const [from, to] = arc.sweep > 0 ? [arc.startAngle, arc.startAngle + arc.sweep] : [arc.startAngle + arc.sweep, arc.startAngle];
            for (const [x, y] of arcSamplePoints(arc.cx, arc.cy, arc.radius, from, to, arc.radius * EXTENT_SAMPLING_ERROR)) push(m, x, y);
          });
          break;
        }
        case 'arc': {
          const m = ocsTransform(e.normal, 0);
          const points = arcSamplePoints(e.center.x, e.center.y, e.radius, e.startAngle, e.endAngle, e.radius * EXTENT_SAMPLING_ERROR);
          for (const [x, y] of points) push(m, x, y);
          break;
        }
        case 'shape':
          for (const p of e.points) push(IDENTITY, p.x, p.y);
          break;
        case 'insert': {
          const child = this.doc.blocks.get(e.block) ?? this.blocksByUpperName.get(e.block.toUpperCase());
          if (!child || !isValidInsert(e)) break;
          const childHull = this.hull(child, [...stack, block]);
          for (const cell of insertCells(e)) {
            const m = cellTransform(e, child, cell);
            for (let i = 0; i < childHull.length; i += 2) push(m, childHull[i], childHull[i + 1]);
          }
          break;
        }
        default:
          break;
      }
    }
    const hull = convexHull(flat);
    this.hulls.set(block, hull);
    return hull;
  }
}

