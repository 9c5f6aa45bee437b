// DXF import (ASCII and binary). The file is read tag by tag here (dxfTags.ts): sections, header variables, the
// layer table, blocks and entities are found without dxf-parser, and each entity's tags are counted for the layer
// inventory. dxf-parser then parses the geometry of the entities that matter (lines, polylines, inserts, arcs…),
// fed only clean entity text: no HEADER (LibreCAD's `$XCLIPFRAME` = 2 makes dxf-parser throw on a boolean group),
// no extended data or object references, polylines always closed by SEQEND (it loops forever without one),
// LWPOLYLINE vertex counts recomputed and vertex ids (91) dropped (they cut its vertex list short). An entity
// dxf-parser still rejects is skipped and counted; it never fails the import.

import DxfParserModule from 'dxf-parser';
import type { Drawing } from '../core/model';
import { ellipseOutline, type Point3 } from './cadGeometry';
import { arcEntity, buildDrawing, type CadBlock, type CadDocument, type CadEntity, type CadImportOptions, type CadVertex } from './cadModel';
import { readDxfTags, unescapeDxfText, type DxfTags } from './dxfTags';
import { DrawingImportError } from './errors';

type DxfParserInstance = { parse(text: string): { entities?: unknown[] } | null };
// The package's CommonJS build (Node) and ES build (bundlers) expose the class differently.
const DxfParserClass = ((DxfParserModule as unknown as { default?: unknown }).default ?? DxfParserModule) as new () => DxfParserInstance;

/** Imports a DXF file (ASCII or binary) into the drawing model. */
export function importDxf(bytes: Uint8Array, fileName: string, options: CadImportOptions = {}): Drawing {
  return buildDrawing(readDxfDocument(bytes, fileName), options);
}

/** Entity types whose geometry dxf-parser reads for us; all others are only counted. */
const PARSED_TYPES = new Set(['LINE', 'LWPOLYLINE', 'POLYLINE', 'INSERT', 'ARC', 'CIRCLE', 'ELLIPSE', 'SPLINE', 'SOLID', '3DFACE']);
/** Entities that belong to the entity before them. */
const SUB_ENTITIES = new Set(['VERTEX', 'ATTRIB', 'SEQEND']);

/** One entity's tags: [start, end) in the tag arrays; sub-entities (VERTEX, ATTRIB, SEQEND) follow it up to `end`. */
interface EntityGroup {
  type: string;
  start: number;
  /** End of the entity's own tags (before its first sub-entity). */
  ownEnd: number;
  end: number;
  layer: string;
  paperSpace: boolean;
}

/** Reads a DXF file into the CAD document shared with the DWG importer. */
export function readDxfDocument(bytes: Uint8Array, fileName: string): CadDocument {
  const tags = readDxfTags(bytes, fileName);
  const reader = new DxfStructureReader(tags, fileName);
  return reader.read();
}

class DxfStructureReader {
  private readonly warnings: string[] = [];
  private readonly header = new Map<string, string>();
  private readonly layerOrder: string[] = [];
  private readonly blocks = new Map<string, CadBlock>();
  private entities: CadEntity[] = [];
  private sawEntities = false;
  private readonly parser = new DxfParserClass();

  constructor(
    private readonly tags: DxfTags,
    private readonly fileName: string,
  ) {}

  read(): CadDocument {
    const { codes, values } = this.tags;
    const n = codes.length;
    let sawSection = false;
    let sawEof = false;
    let i = 0;
    while (i < n) {
      if (codes[i] === 0 && values[i] === 'SECTION') {
        sawSection = true;
        const name = codes[i + 1] === 2 ? values[i + 1].toUpperCase() : '';
        const start = codes[i + 1] === 2 ? i + 2 : i + 1;
        const end = this.sectionEnd(start);
        if (name === 'HEADER') this.readHeader(start, end);
        else if (name === 'TABLES') this.readLayerTable(start, end);
        else if (name === 'BLOCKS') this.readBlocks(start, end);
        else if (name === 'ENTITIES') {
          this.sawEntities = true;
          this.entities = this.readEntities(this.groups(start, end, false));
        }
        i = end + 1;
      } else if (codes[i] === 0 && values[i] === 'EOF') {
        sawEof = true;
        break;
      } else i++;
    }
    if (!sawSection) {
      throw new DrawingImportError(this.fileName, 'unsupported', 'the file is not a DXF drawing: it has no SECTION');
    }
    if (this.tags.damagedAt !== null) {
      const where = this.tags.binary ? `byte ${this.tags.damagedAt}` : `line ${this.tags.damagedAt}`;
      if (!this.sawEntities) {
        throw new DrawingImportError(this.fileName, 'structure', `the DXF file is damaged at ${where}, before its ENTITIES section`);
      }
      this.warnings.push(`The DXF file is damaged at ${where}; everything after it was ignored.`);
    } else if (!sawEof) {
      if (!this.sawEntities) {
        throw new DrawingImportError(this.fileName, 'truncated', 'the DXF file ends before its ENTITIES section, so it looks truncated');
      }
      this.warnings.push('The DXF file ends without its EOF marker, so it may be truncated; what was read is kept.');
    }
    if (!this.sawEntities) this.warnings.push('The DXF file has no ENTITIES section.');
    return {
      fileName: this.fileName,
      insUnits: this.insUnits(),
      lUnits: this.headerInteger('$LUNITS'),
      measurement: this.headerInteger('$MEASUREMENT'),
      layerOrder: this.layerOrder,
      entities: this.entities,
      blocks: this.blocks,
      warnings: this.warnings,
    };
  }

  /** Index of the section's (0, ENDSEC) tag, or the tag count when the section is not closed. */
  private sectionEnd(from: number): number {
    const { codes, values } = this.tags;
    for (let i = from; i < codes.length; i++) {
      if (codes[i] === 0 && (values[i] === 'ENDSEC' || values[i] === 'EOF' || values[i] === 'SECTION')) {
        return values[i] === 'ENDSEC' ? i : i - 1;
      }
    }
    return codes.length;
  }

  private readHeader(start: number, end: number): void {
    const { codes, values } = this.tags;
    let variable: string | null = null;
    const quirks: string[] = [];
    for (let i = start; i < end; i++) {
      if (codes[i] === 9) {
        variable = values[i];
        continue;
      }
      if (variable === null) continue;
      if (!this.header.has(variable)) this.header.set(variable, values[i]);
      // Boolean groups may only hold 0 or 1; LibreCAD writes $XCLIPFRAME = 2, which dxf-parser cannot read.
      if (codes[i] >= 290 && codes[i] <= 299 && values[i] !== '0' && values[i] !== '1') quirks.push(`${variable} = ${values[i]}`);
    }
    if (quirks.length > 0) {
      this.warnings.push(`The DXF header has non-standard values (${quirks.slice(0, 3).join(', ')}${quirks.length > 3 ? ', …' : ''}); they were ignored.`);
    }
  }

  private headerInteger(variable: string): number | null {
    const value = Number(this.header.get(variable));
    return Number.isInteger(value) ? value : null;
  }

  private insUnits(): number | null {
    const raw = this.header.get('$INSUNITS');
    if (raw === undefined) return null;
    const code = Number(raw);
    if (!Number.isInteger(code)) {
      this.warnings.push(`The header's $INSUNITS is not a number (${JSON.stringify(raw.slice(0, 20))}); the units are guessed from the geometry.`);
      return null;
    }
    return code;
  }

  private readLayerTable(start: number, end: number): void {
    const { codes, values } = this.tags;
    let inLayerTable = false;
    let inRecord = false;
    for (let i = start; i < end; i++) {
      if (codes[i] !== 0) {
        if (inLayerTable && inRecord && codes[i] === 2) {
          this.layerOrder.push(unescapeDxfText(values[i]));
          inRecord = false;
        } else if (!inLayerTable && codes[i] === 2 && i > 0 && codes[i - 1] === 0 && values[i - 1] === 'TABLE') {
          inLayerTable = values[i].toUpperCase() === 'LAYER';
        }
        continue;
      }
      if (values[i] === 'ENDTAB') inLayerTable = false;
      inRecord = inLayerTable && values[i] === 'LAYER';
    }
  }

  private readBlocks(start: number, end: number): void {
    const { codes, values } = this.tags;
    let i = start;
    while (i < end) {
      if (!(codes[i] === 0 && values[i] === 'BLOCK')) {
        i++;
        continue;
      }
      // The BLOCK record's own tags, then entities up to ENDBLK.
      let j = i + 1;
      while (j < end && codes[j] !== 0) j++;
      let name = '';
      let flags = 0;
      const base: Point3 = { x: 0, y: 0, z: 0 };
      for (let k = i + 1; k < j; k++) {
        const v = values[k];
        if (codes[k] === 2) name = unescapeDxfText(v);
        else if (codes[k] === 3 && name === '') name = unescapeDxfText(v);
        else if (codes[k] === 70) flags = Number(v) | 0;
        else if (codes[k] === 10) base.x = Number(v);
        else if (codes[k] === 20) base.y = Number(v);
        else if (codes[k] === 30) base.z = Number(v);
      }
      let blockEnd = j;
      while (blockEnd < end && !(codes[blockEnd] === 0 && (values[blockEnd] === 'ENDBLK' || values[blockEnd] === 'BLOCK'))) blockEnd++;
      const upper = name.toUpperCase();
      // Layout blocks hold paper space (model space entities are in the ENTITIES section).
      const layout = upper.startsWith('*PAPER_SPACE') || upper.startsWith('*MODEL_SPACE');
      if (name !== '' && !layout && !this.blocks.has(name)) {
        const entities = this.readEntities(this.groups(j, blockEnd, true));
        this.blocks.set(name, {
          name,
          base: { x: Number.isFinite(base.x) ? base.x : 0, y: Number.isFinite(base.y) ? base.y : 0, z: Number.isFinite(base.z) ? base.z : 0 },
          entities,
          xref: (flags & 4) !== 0,
        });
      }
      i = blockEnd < end && values[blockEnd] === 'ENDBLK' ? blockEnd + 1 : blockEnd;
    }
  }

  /** Splits tags [start, end) into entities; sub-entities stay with the entity they belong to. */
  private groups(start: number, end: number, inBlock: boolean): EntityGroup[] {
    const { codes, values } = this.tags;
    const groups: EntityGroup[] = [];
    let i = start;
    while (i < end && codes[i] !== 0) i++;
    while (i < end) {
      const type = values[i].toUpperCase();
      let j = i + 1;
      while (j < end && codes[j] !== 0) j++;
      if (SUB_ENTITIES.has(type)) {
        // Belongs to the previous entity (or is a stray one, which is dropped).
        const previous = groups[groups.length - 1];
        if (previous && previous.end === i) previous.end = j;
        i = j;
        continue;
      }
      let layer = '0';
      let paperSpace = false;
      for (let k = i + 1; k < j; k++) {
        if (codes[k] === 8) layer = unescapeDxfText(values[k]);
        else if (codes[k] === 67) paperSpace = values[k] === '1';
      }
      if (inBlock || !paperSpace) groups.push({ type, start: i, ownEnd: j, end: j, layer, paperSpace });
      i = j;
    }
    return groups;
  }

  /** Entities of one list (model space or one block): geometry through dxf-parser, everything else counted. */
  private readEntities(groups: EntityGroup[]): CadEntity[] {
    const parsed = groups.filter((g) => PARSED_TYPES.has(g.type));
    const results = this.parseGroups(parsed);
    const byGroup = new Map<EntityGroup, unknown>();
    parsed.forEach((g, k) => byGroup.set(g, results[k]));
    const entities: CadEntity[] = [];
    for (const g of groups) {
      if (!PARSED_TYPES.has(g.type)) {
        entities.push({ kind: 'other', type: g.type, layer: g.layer });
        continue;
      }
      const result = byGroup.get(g);
      if (result instanceof Error) {
        entities.push({ kind: 'invalid', type: g.type, layer: g.layer, problem: `could not be read (${result.message})` });
        continue;
      }
      entities.push(this.toCadEntity(g, result as ParsedEntity));
    }
    return entities;
  }

  /** dxf-parser results for the groups, one per group (an Error where it failed): all at once, else one by one. */
  private parseGroups(groups: EntityGroup[]): (ParsedEntity | Error)[] {
    if (groups.length === 0) return [];
    const texts = groups.map((g) => this.entityText(g));
    try {
      const out = this.parseSection(texts.join(''));
      if (out.length === groups.length && out.every((e, k) => (e as ParsedEntity).type === groups[k].type)) return out as ParsedEntity[];
    } catch {
      // Fall through to one entity at a time, so one bad entity costs only itself.
    }
    return texts.map((text, k) => {
      try {
        const out = this.parseSection(text);
        if (out.length === 1 && (out[0] as ParsedEntity).type === groups[k].type) return out[0] as ParsedEntity;
        return new Error('the parser did not return it');
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    });
  }

  private parseSection(entityText: string): unknown[] {
    const dxf = this.parser.parse(`0\nSECTION\n2\nENTITIES\n${entityText}0\nENDSEC\n0\nEOF\n`);
    return dxf?.entities ?? [];
  }

  /**
   * Clean DXF text of one entity for dxf-parser: group codes 0–99 and 210–239 only (no handles to owners, no
   * extended data, no booleans), names upper-cased, VERTEX sub-entities kept and closed by SEQEND.
   */
  private entityText(g: EntityGroup): string {
    const { codes, values } = this.tags;
    const out: string[] = [];
    const emit = (code: number, value: string) => out.push(String(code), value.replace(/[\r\n]/g, ' '));
    const emitOwn = (from: number, to: number, type: string) => {
      emit(0, type);
      if (type === 'LWPOLYLINE') {
        let count = 0;
        for (let k = from + 1; k < to; k++) if (codes[k] === 10) count++;
        let countWritten = false;
        for (let k = from + 1; k < to; k++) {
          const code = codes[k];
          if (code === 90 || code === 91 || !keepCode(code)) continue;
          if (code === 10 && !countWritten) {
            emit(90, String(count));
            countWritten = true;
          }
          emit(code, values[k]);
        }
        return;
      }
      for (let k = from + 1; k < to; k++) if (keepCode(codes[k])) emit(codes[k], values[k]);
    };
    emitOwn(g.start, g.ownEnd, g.type);
    if (g.type === 'POLYLINE') {
      let k = g.ownEnd;
      while (k < g.end) {
        let next = k + 1;
        while (next < g.end && codes[next] !== 0) next++;
        if (values[k].toUpperCase() === 'VERTEX') emitOwn(k, next, 'VERTEX');
        k = next;
      }
      emit(0, 'SEQEND');
    }
    return `${out.join('\n')}\n`;
  }

  /** The extrusion direction (210/220/230) of an entity's own tags, or null. */
  private normalOf(g: EntityGroup): Point3 | null {
    const { codes, values } = this.tags;
    let normal: Point3 | null = null;
    for (let k = g.start + 1; k < g.ownEnd; k++) {
      const code = codes[k];
      if (code === 210 || code === 220 || code === 230) {
        normal ??= { x: 0, y: 0, z: 1 };
        const v = Number(values[k]);
        if (code === 210) normal.x = v;
        else if (code === 220) normal.y = v;
        else normal.z = v;
      }
    }
    return normal;
  }

  private toCadEntity(g: EntityGroup, e: ParsedEntity): CadEntity {
    const base = { type: g.type, layer: g.layer };
    const invalid = (problem: string): CadEntity => ({ kind: 'invalid', ...base, problem });
    switch (g.type) {
      case 'LINE': {
        const [start, end] = e.vertices ?? [];
        if (!start || !end) return invalid('lacks an end point');
        return { kind: 'line', ...base, start: point(start), end: point(end) };
      }
      case 'LWPOLYLINE': {
        const elevation = orDefault(e.elevation, 0);
        const vertices: CadVertex[] = (e.vertices ?? []).map((v) => ({ x: num(v.x), y: num(v.y), z: elevation, bulge: orDefault(v.bulge, 0) }));
        return { kind: 'polyline', ...base, vertices, closed: e.shape === true, normal: this.normalOf(g) };
      }
      case 'POLYLINE': {
        if (e.isPolyfaceMesh || e.is3dPolygonMesh) return { kind: 'other', type: e.isPolyfaceMesh ? 'POLYFACE_MESH' : 'POLYGON_MESH', layer: g.layer };
        // Spline frame control points are not on the curve; the fitted vertices are.
        const vertices: CadVertex[] = (e.vertices ?? [])
          .filter((v) => !v.splineControlPoint)
          .map((v) => ({ x: num(v.x), y: num(v.y), z: orDefault(v.z, 0), bulge: e.is3dPolyline ? 0 : orDefault(v.bulge, 0) }));
        return { kind: 'polyline', ...base, vertices, closed: e.shape === true, normal: e.is3dPolyline ? null : this.normalOf(g) };
      }
      case 'INSERT': {
        if (!e.position) return invalid('lacks an insertion point');
        if (typeof e.name !== 'string' || e.name === '') return invalid('names no block');
        return {
          kind: 'insert',
          ...base,
          block: unescapeDxfText(e.name),
          position: point(e.position),
          rotation: orDefault(e.rotation, 0),
          scaleX: orDefault(e.xScale, 1),
          scaleY: orDefault(e.yScale, 1),
          columns: orDefault(e.columnCount, 1),
          rows: orDefault(e.rowCount, 1),
          columnSpacing: orDefault(e.columnSpacing, 0),
          rowSpacing: orDefault(e.rowSpacing, 0),
          normal: this.normalOf(g),
        };
      }
      case 'ARC':
      case 'CIRCLE': {
        if (!e.center) return invalid('lacks a centre');
        return arcEntity(base, g.type === 'CIRCLE', point(e.center), num(e.radius), orDefault(e.startAngle, 0), orDefault(e.endAngle, 0), this.normalOf(g));
      }
      case 'ELLIPSE':
        if (!e.center || !e.majorAxisEndPoint) return invalid('lacks a centre or axis');
        return {
          kind: 'shape',
          ...base,
          points: ellipseOutline(point(e.center), point(e.majorAxisEndPoint), orDefault(e.axisRatio, 1), orDefault(e.startAngle, 0), orDefault(e.endAngle, 2 * Math.PI)),
        };
      case 'SPLINE':
        return { kind: 'shape', ...base, points: [...(e.controlPoints ?? []), ...(e.fitPoints ?? [])].map(point) };
      case 'SOLID':
      case '3DFACE':
        return { kind: 'shape', ...base, points: (e.points ?? e.vertices ?? []).filter(Boolean).map(point) };
      default:
        return { kind: 'other', ...base };
    }
  }
}

/** Group codes passed to dxf-parser: entity basics and geometry (0–99) and extrusion directions (210–239). */
function keepCode(code: number): boolean {
  return (code >= 0 && code <= 99) || (code >= 210 && code <= 239);
}

interface ParsedPoint {
  x?: number;
  y?: number;
  z?: number;
}

/** The fields of dxf-parser's entity objects that this importer reads. */
interface ParsedEntity {
  type: string;
  vertices?: (ParsedPoint & { bulge?: number; splineControlPoint?: boolean })[];
  points?: ParsedPoint[];
  shape?: boolean;
  elevation?: number;
  is3dPolyline?: boolean;
  is3dPolygonMesh?: boolean;
  isPolyfaceMesh?: boolean;
  name?: string;
  position?: ParsedPoint;
  rotation?: number;
  xScale?: number;
  yScale?: number;
  columnCount?: number;
  rowCount?: number;
  columnSpacing?: number;
  rowSpacing?: number;
  center?: ParsedPoint;
  radius?: number;
  startAngle?: number;
  endAngle?: number;
  majorAxisEndPoint?: ParsedPoint;
  axisRatio?: number;
  controlPoints?: ParsedPoint[];
  fitPoints?: ParsedPoint[];
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

/** A missing value takes its default; a present one that is not a number becomes NaN, so the entity is rejected. */
function orDefault(value: unknown, fallback: number): number {
  return value === undefined || value === null ? fallback : num(value);
}

function point(p: ParsedPoint): Point3 {
  return { x: num(p.x), y: num(p.y), z: p.z === undefined ? 0 : num(p.z) };
}
