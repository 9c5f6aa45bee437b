// A small DXF writer for tests: enough of the format (header, layer table, blocks, entities) to write plans and
// edge cases as ASCII or binary DXF. Written from the DXF reference, independently of the importer.

export type XY = readonly [number, number] | readonly [number, number, number];

export type DxfEntity = (
  | { type: 'LINE'; layer: string; start: XY; end: XY }
  | {
      type: 'LWPOLYLINE';
      layer: string;
      /** [x, y, bulge?] */
      vertices: readonly (readonly [number, number, number?])[];
      closed?: boolean;
      elevation?: number;
      normal?: XY;
      /** Write AutoCAD 2010+ vertex ids (group 91) between vertices. */
      vertexIds?: boolean;
    }
  | { type: 'POLYLINE'; layer: string; vertices: readonly (readonly [number, number, number?])[]; closed?: boolean; seqend?: boolean }
  | {
      type: 'INSERT';
      layer: string;
      block: string;
      position: XY;
      rotation?: number;
      scale?: readonly [number, number];
      normal?: XY;
      /** MINSERT-style array: [columns, rows, column spacing, row spacing]. */
      array?: readonly [number, number, number, number];
      /** Attach one ATTRIB and a SEQEND, as AutoCAD does for blocks with attributes. */
      attribute?: string;
    }
  | { type: 'ARC'; layer: string; center: XY; radius: number; start: number; end: number; normal?: XY }
  | { type: 'CIRCLE'; layer: string; center: XY; radius: number }
  | { type: 'TEXT'; layer: string; position: XY; text: string }
  /** Any entity type with raw tags after its layer (also LINE etc., to write broken ones). */
  | { type: string; layer: string; tags?: readonly (readonly [number, string | number])[] }
) & {
  /** Group 67 = 1: the entity is in paper space. */
  paperSpace?: boolean;
};

export interface DxfBlock {
  name: string;
  base?: XY;
  flags?: number;
  entities: readonly DxfEntity[];
}

export interface DxfDocument {
  /** $ACADVER, default AC1015 (AutoCAD 2000). */
  version?: string;
  /** $INSUNITS; omitted when null or undefined. */
  insUnits?: number | null;
  /** Extra header variables as [name, group code, value]. */
  header?: readonly (readonly [string, number, string | number])[];
  layers?: readonly string[];
  blocks?: readonly DxfBlock[];
  entities: readonly DxfEntity[];
}

type Tag = readonly [number, string | number];

/** The document's tags, in file order. */
export function dxfTags(doc: DxfDocument): Tag[] {
  const tags: Tag[] = [];
  const add = (code: number, value: string | number) => tags.push([code, value]);
  const point = (code: number, p: XY) => {
    add(code, p[0]);
    add(code + 10, p[1]);
    add(code + 20, p[2] ?? 0);
  };

  add(0, 'SECTION');
  add(2, 'HEADER');
  add(9, '$ACADVER');
  add(1, doc.version ?? 'AC1015');
  if (doc.insUnits !== undefined && doc.insUnits !== null) {
    add(9, '$INSUNITS');
    add(70, doc.insUnits);
  }
  for (const [name, code, value] of doc.header ?? []) {
    add(9, name);
    add(code, value);
  }
  add(0, 'ENDSEC');

  const layerNames = doc.layers ?? [...new Set(['0', ...doc.entities.map((e) => e.layer)])];
  add(0, 'SECTION');
  add(2, 'TABLES');
  add(0, 'TABLE');
  add(2, 'LAYER');
  add(70, layerNames.length);
  for (const name of layerNames) {
    add(0, 'LAYER');
    add(100, 'AcDbSymbolTableRecord');
    add(100, 'AcDbLayerTableRecord');
    add(2, name);
    add(70, 0);
    add(62, 7);
    add(6, 'CONTINUOUS');
  }
  add(0, 'ENDTAB');
  add(0, 'ENDSEC');

  const entity = (e: DxfEntity) => {
    add(0, e.type);
    add(5, (tags.length + 0x100).toString(16).toUpperCase());
    add(330, '1F');
    add(100, 'AcDbEntity');
    add(8, e.layer);
    if ((e as { paperSpace?: boolean }).paperSpace) add(67, 1);
    // Raw tags win, so a test can write a broken entity of any type.
    switch ('tags' in e ? 'RAW' : e.type) {
      case 'LINE': {
        const line = e as Extract<DxfEntity, { type: 'LINE' }>;
        add(100, 'AcDbLine');
        point(10, line.start);
        point(11, line.end);
        break;
      }
      case 'LWPOLYLINE': {
        const pl = e as Extract<DxfEntity, { type: 'LWPOLYLINE' }>;
        add(100, 'AcDbPolyline');
        add(90, pl.vertices.length);
        add(70, pl.closed ? 1 : 0);
        if (pl.elevation !== undefined) add(38, pl.elevation);
        pl.vertices.forEach(([x, y, bulge], i) => {
          add(10, x);
          add(20, y);
          if (pl.vertexIds) add(91, i + 1);
          if (bulge) add(42, bulge);
        });
        if (pl.normal) point(210, pl.normal);
        break;
      }
      case 'POLYLINE': {
        const pl = e as Extract<DxfEntity, { type: 'POLYLINE' }>;
        add(100, 'AcDb2dPolyline');
        add(66, 1);
        point(10, [0, 0, 0]);
        add(70, pl.closed ? 1 : 0);
        for (const [x, y, bulge] of pl.vertices) {
          add(0, 'VERTEX');
          add(100, 'AcDbEntity');
          add(8, pl.layer);
          add(100, 'AcDbVertex');
          add(100, 'AcDb2dVertex');
          point(10, [x, y, 0]);
          if (bulge) add(42, bulge);
          add(70, 0);
        }
        if (pl.seqend !== false) {
          add(0, 'SEQEND');
          add(8, pl.layer);
        }
        break;
      }
      case 'INSERT': {
        const ins = e as Extract<DxfEntity, { type: 'INSERT' }>;
        add(100, 'AcDbBlockReference');
        if (ins.attribute !== undefined) add(66, 1);
        add(2, ins.block);
        point(10, ins.position);
        if (ins.scale) {
          add(41, ins.scale[0]);
          add(42, ins.scale[1]);
          add(43, 1);
        }
        if (ins.rotation !== undefined) add(50, ins.rotation);
        if (ins.array) {
          add(70, ins.array[0]);
          add(71, ins.array[1]);
          add(44, ins.array[2]);
          add(45, ins.array[3]);
        }
        if (ins.normal) point(210, ins.normal);
        if (ins.attribute !== undefined) {
          add(0, 'ATTRIB');
          add(8, ins.layer);
          point(10, ins.position);
          add(40, 100);
          add(1, ins.attribute);
          add(2, 'TAG');
          add(70, 0);
          add(0, 'SEQEND');
          add(8, ins.layer);
        }
        break;
      }
      case 'ARC': {
        const arc = e as Extract<DxfEntity, { type: 'ARC' }>;
        add(100, 'AcDbCircle');
        point(10, arc.center);
        add(40, arc.radius);
        add(100, 'AcDbArc');
        add(50, arc.start);
        add(51, arc.end);
        if (arc.normal) point(210, arc.normal);
        break;
      }
      case 'CIRCLE': {
        const circle = e as Extract<DxfEntity, { type: 'CIRCLE' }>;
        add(100, 'AcDbCircle');
        point(10, circle.center);
        add(40, circle.radius);
        break;
      }
      case 'TEXT': {
        const text = e as Extract<DxfEntity, { type: 'TEXT' }>;
        add(100, 'AcDbText');
        point(10, text.position);
        add(40, 250);
        add(1, text.text);
        break;
      }
      default: {
        const other = e as { tags?: readonly Tag[] };
        for (const [code, value] of other.tags ?? []) add(code, value);
      }
    }
  };

  add(0, 'SECTION');
  add(2, 'BLOCKS');
  for (const name of ['*Model_Space', '*Paper_Space']) {
    add(0, 'BLOCK');
    add(8, '0');
    add(2, name);
    add(70, 0);
    point(10, [0, 0, 0]);
    add(3, name);
    add(0, 'ENDBLK');
    add(8, '0');
  }
  for (const block of doc.blocks ?? []) {
    add(0, 'BLOCK');
    add(8, '0');
    add(2, block.name);
    add(70, block.flags ?? 0);
    point(10, block.base ?? [0, 0, 0]);
    add(3, block.name);
    block.entities.forEach(entity);
    add(0, 'ENDBLK');
    add(8, '0');
  }
  add(0, 'ENDSEC');

  add(0, 'SECTION');
  add(2, 'ENTITIES');
  doc.entities.forEach(entity);
  add(0, 'ENDSEC');
  add(0, 'EOF');
  return tags;
}

/** ASCII DXF, group codes right-aligned in 3 columns as AutoCAD writes them, CRLF line ends. */
export function writeDxf(doc: DxfDocument): string {
  return dxfTags(doc)
    .map(([code, value]) => `${String(code).padStart(3, ' ')}\r\n${typeof value === 'number' ? formatNumber(value) : value}\r\n`)
    .join('');
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(17).replace(/0+$/, '').replace(/\.$/, '.0');
}

/** Binary DXF (R13+ layout: 2-byte group codes, little-endian values). */
export function writeBinaryDxf(doc: DxfDocument): Uint8Array {
  const chunks: number[] = [];
  const sentinel = 'AutoCAD Binary DXF\r\n\x1a\0';
  for (let i = 0; i < sentinel.length; i++) chunks.push(sentinel.charCodeAt(i));
  const buffer = new ArrayBuffer(8);
  const view = new DataView(buffer);
  const bytes = (n: number) => chunks.push(...new Uint8Array(buffer, 0, n));
  for (const [code, value] of dxfTags(doc)) {
    view.setUint16(0, code, true);
    bytes(2);
    const kind = valueKind(code);
    if (kind === 'double') {
      view.setFloat64(0, Number(value), true);
      bytes(8);
    } else if (kind === 'int16') {
      view.setInt16(0, Number(value), true);
      bytes(2);
    } else if (kind === 'int32') {
      view.setInt32(0, Number(value), true);
      bytes(4);
    } else if (kind === 'byte') {
      chunks.push(Number(value) & 0xff);
    } else {
      chunks.push(...new TextEncoder().encode(String(value)), 0);
    }
  }
  return Uint8Array.from(chunks);
}

function valueKind(code: number): 'double' | 'int16' | 'int32' | 'byte' | 'string' {
  if ((code >= 10 && code <= 59) || (code >= 110 && code <= 149) || (code >= 210 && code <= 239)) return 'double';
  if ((code >= 60 && code <= 79) || (code >= 170 && code <= 179) || (code >= 270 && code <= 289) || (code >= 370 && code <= 389)) return 'int16';
  if (code >= 90 && code <= 99) return 'int32';
  if (code >= 290 && code <= 299) return 'byte';
  return 'string';
}
