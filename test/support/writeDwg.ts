/**
 * Writes DWG R2000 (AC1015) test files: a template DWG R2000 (LibreDWG's example, test/fixtures/real) plus
 * layers, LINEs, LWPOLYLINEs and INSERTs (of the template's blocks) added as new objects in model space. Only what tests and benchmarks need: the
 * template is kept byte for byte; the new objects follow it, with a re-written layer table control object (same
 * handle, new address) that lists the new layers, then a new object map of all objects, to which the file
 * header's locator now points (with the header CRC). Follows the Open Design Alliance's "Open Design Specification for .dwg
 * files" (R2000 object and map encoding); own code, used to make a large DWG no tool here can write.
 */
import { BitReader, BitWriter, crc16, decodeMC, decodeMS, decodeUMC, encodeMC, encodeMS, encodeUMC } from './dwgBits';

export interface DwgLine {
  layer: string;
  start: readonly [number, number];
  end: readonly [number, number];
}

export interface DwgPolyline {
  layer: string;
  points: readonly (readonly [number, number])[];
  closed: boolean;
}

/** A block reference to one of the template's blocks. */
export interface DwgInsert {
  layer: string;
  block: string;
  position: readonly [number, number];
  /** Degrees, counter-clockwise. */
  rotation: number;
  scale: number;
}

export interface DwgAdditions {
  /** New layers (colour index 7); entities may also use the template's layers. */
  layers: string[];
  lines: DwgLine[];
  polylines: DwgPolyline[];
  inserts?: DwgInsert[];
}

const TYPE_INSERT = 7;
const TYPE_LINE = 19;
const TYPE_BLOCK_HEADER = 49;
const TYPE_LAYER_CONTROL = 50;
const TYPE_LAYER = 51;
const TYPE_LWPOLYLINE = 77;
/** Header CRC is XOR'ed with a constant that depends on the number of section locators. */
const HEADER_CRC_XOR = new Map([
  [3, 0xa598],
  [4, 0x8101],
  [5, 0x3cc4],
  [6, 0x8461],
]);
const SECTION_OBJECT_MAP = 2;
const OBJECT_CRC_SEED = 0xc0c1;

interface Section {
  nr: number;
  at: number;
  size: number;
}

interface MapEntry {
  handle: number;
  at: number;
}

export interface DwgFileInfo {
  sections: Section[];
  objects: MapEntry[];
  mapStart: number;
  mapEnd: number;
}

/** Reads the section locators and the object map of a DWG R2000. */
export function readDwgR2000(bytes: Uint8Array): DwgFileInfo {
  const version = String.fromCharCode(...bytes.subarray(0, 6));
  if (version !== 'AC1015') throw new Error(`the template must be DWG R2000 (AC1015), not ${version}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0x15, true);
  const sections: Section[] = [];
  for (let i = 0; i < count; i++) {
    const o = 0x19 + i * 9;
    sections.push({ nr: bytes[o]!, at: view.getUint32(o + 1, true), size: view.getUint32(o + 5, true) });
  }
  const map = sections.find((s) => s.nr === SECTION_OBJECT_MAP);
  if (!map) throw new Error('the template has no object map');
  const objects: MapEntry[] = [];
  let p = map.at;
  for (;;) {
    const start = p;
    const size = (bytes[p]! << 8) | bytes[p + 1]!;
    p += 2;
    if (size === 2) {
      p += 2;
      break;
    }
    // Handles and addresses are deltas, from zero at the start of each map section.
    let handle = 0;
    let at = 0;
    while (p < start + size) {
      const h = decodeUMC(bytes, p);
      p += h.length;
      const a = decodeMC(bytes, p);
      p += a.length;
      handle += h.value;
      at += a.value;
      objects.push({ handle, at });
    }
    const crc = (bytes[p]! << 8) | bytes[p + 1]!;
    if (crc !== crc16(bytes.subarray(start, start + size), OBJECT_CRC_SEED)) throw new Error(`object map CRC mismatch at ${start}`);
    p += 2;
  }
  return { sections, objects, mapStart: map.at, mapEnd: p };
}

/** An object's type and a reader positioned after its handle (and extended data). */
function openObject(bytes: Uint8Array, at: number) {
  const ms = decodeMS(bytes, at);
  const reader = new BitReader(bytes, (at + ms.length) * 8);
  const start = reader.bit;
  const type = reader.BS();
  const bitSize = reader.RL();
  const handle = reader.H().value;
  for (let size = reader.BS(); size > 0; size = reader.BS()) {
    reader.H();
    reader.rawBytes(size);
  }
  return { type, handle, reader, handles: new BitReader(bytes, start + bitSize), end: at + ms.length + ms.value };
}

/** MS size, the object's bits, CRC. `write` writes type, data and handles; it returns the bit where the handles start. */
function encodeObject(write: (w: BitWriter) => number): Uint8Array {
  const w = new BitWriter();
  const handleStart = write(w);
  const body = w.toBytes();
  // The bit size (where the handles start) is the RL right after the type: patch it in.
  const head = new BitReader(body);
  head.BS();
  const fixed = Uint8Array.from(body);
  writeRLAt(fixed, head.bit, handleStart);
  const size = encodeMS(fixed.length);
  const out = new Uint8Array(size.length + fixed.length + 2);
  out.set(size, 0);
  out.set(fixed, size.length);
  const crc = crc16(out.subarray(0, size.length + fixed.length), OBJECT_CRC_SEED);
  out[out.length - 2] = crc & 0xff;
  out[out.length - 1] = crc >> 8;
  return out;
}

/** Writes a 32-bit little-endian value (RL) at a bit position. */
function writeRLAt(bytes: Uint8Array, bitAt: number, value: number) {
  const le = [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
  let bit = bitAt;
  for (const byte of le) {
    for (let i = 7; i >= 0; i--) {
      const mask = 0x80 >> (bit & 7);
      if ((byte >> i) & 1) bytes[bit >> 3]! |= mask;
      else bytes[bit >> 3]! &= ~mask;
      bit++;
    }
  }
}

function commonEntity(w: BitWriter, type: number, handle: number) {
  w.BS(type);
  w.RL(0); // bit size, patched by encodeObject
  w.H(0, handle);
  w.BS(0); // no extended data
  w.B(0); // no preview graphics
  w.BB(2); // entity mode: model space
  w.BL(0); // reactors
  w.B(1); // no links: previous and next entity are implied
  w.BS(256); // colour ByLayer
  w.BD(1); // linetype scale
  w.BB(0); // linetype ByLayer
  w.BB(0); // plot style ByLayer
  w.BS(0); // visible
  w.RC(29); // lineweight ByLayer
}

function entityHandles(w: BitWriter, layerHandle: number) {
  w.H(3, 0); // no extension dictionary
  w.H(5, layerHandle);
}

function encodeLine(handle: number, layerHandle: number, line: DwgLine): Uint8Array {
  return encodeObject((w) => {
    commonEntity(w, TYPE_LINE, handle);
    const [x1, y1] = line.start;
    const [x2, y2] = line.end;
    w.B(1); // z are zero
    w.RD(x1);
    w.DD(x2, x1);
    w.RD(y1);
    w.DD(y2, y1);
    w.BT(0);
    w.BE(0, 0, 1);
    const handleStart = w.bit;
    entityHandles(w, layerHandle);
    return handleStart;
  });
}

function encodePolyline(handle: number, layerHandle: number, polyline: DwgPolyline): Uint8Array {
  return encodeObject((w) => {
    commonEntity(w, TYPE_LWPOLYLINE, handle);
    w.BS(polyline.closed ? 512 : 0);
    w.BL(polyline.points.length);
    const [first, ...rest] = polyline.points;
    let [px, py] = first!;
    w.RD(px);
    w.RD(py);
    for (const [x, y] of rest) {
      w.DD(x, px);
      w.DD(y, py);
      px = x;
      py = y;
    }
    const handleStart = w.bit;
    entityHandles(w, layerHandle);
    return handleStart;
  });
}

function encodeInsert(handle: number, layerHandle: number, blockHandle: number, insert: DwgInsert): Uint8Array {
  return encodeObject((w) => {
    commonEntity(w, TYPE_INSERT, handle);
    w.BD(insert.position[0]);
    w.BD(insert.position[1]);
    w.BD(0);
    if (insert.scale === 1) w.BB(3);
    else {
      w.BB(2); // one scale for x, y and z
      w.RD(insert.scale);
    }
    w.BD((insert.rotation * Math.PI) / 180);
    w.BD(0);
    w.BD(0);
    w.BD(1);
    w.B(0); // no attributes
    const handleStart = w.bit;
    entityHandles(w, layerHandle);
    w.H(5, blockHandle);
    return handleStart;
  });
}

function encodeLayer(handle: number, name: string, control: number, refs: LayerRefs): Uint8Array {
  return encodeObject((w) => {
    w.BS(TYPE_LAYER);
    w.RL(0);
    w.H(0, handle);
    w.BS(0); // no extended data
    w.BL(0); // reactors
    w.TV(`${name}\0`);
    w.B(1); // "64 flag": referenced
    w.BS(0); // xref index + 1
    w.B(0); // not xref-dependent
    w.BS(refs.flags);
    w.BS(7); // colour
    const handleStart = w.bit;
    w.H(4, control); // owner: the layer control object
    w.H(3, 0); // no extension dictionary
    w.H(5, 0); // no xref block
    w.H(5, refs.plotStyle);
    w.H(5, refs.linetype);
    return handleStart;
  });
}

/** Handles a layer refers to, taken from the template's layer "0". */
interface LayerRefs {
  flags: number;
  plotStyle: number;
  linetype: number;
}

function encodeLayerControl(handle: number, owner: { code: number; value: number }, xdic: { code: number; value: number }, layers: number[]): Uint8Array {
  return encodeObject((w) => {
    w.BS(TYPE_LAYER_CONTROL);
    w.RL(0);
    w.H(0, handle);
    w.BS(0);
    w.BL(0);
    w.BL(layers.length);
    const handleStart = w.bit;
    w.H(owner.code, owner.value);
    w.H(xdic.code, xdic.value);
    for (const layer of layers) w.H(2, layer);
    return handleStart;
  });
}

function encodeObjectMap(entries: MapEntry[]): Uint8Array {
  const out: number[] = [];
  const sorted = [...entries].sort((a, b) => a.handle - b.handle);
  let i = 0;
  while (i < sorted.length) {
    const body: number[] = [];
    let handle = 0;
    let at = 0;
    while (i < sorted.length && body.length < 2000) {
      const e = sorted[i++]!;
      body.push(...encodeUMC(e.handle - handle), ...encodeMC(e.at - at));
      handle = e.handle;
      at = e.at;
    }
    const size = body.length + 2;
    const section = Uint8Array.from([size >> 8, size & 0xff, ...body]);
    const crc = crc16(section, OBJECT_CRC_SEED);
    out.push(...section, crc >> 8, crc & 0xff);
  }
  const end = Uint8Array.from([0, 2]);
  const crc = crc16(end, OBJECT_CRC_SEED);
  out.push(0, 2, crc >> 8, crc & 0xff);
  return Uint8Array.from(out);
}

/** The template with the additions: a new DWG R2000 file. */
export function writeDwgFromTemplate(template: Uint8Array, additions: DwgAdditions): Uint8Array {
  const info = readDwgR2000(template);
  const layerHandles = new Map<string, number>();
  const blockHandles = new Map<string, number>();
  let control: { handle: number; owner: { code: number; value: number }; xdic: { code: number; value: number }; layers: number[] } | null = null;
  let refs: LayerRefs | null = null;
  for (const entry of info.objects) {
    const object = openObject(template, entry.at);
    if (object.type === TYPE_LAYER) {
      const r = object.reader;
      r.BL();
      const name = r.TV().replace(/\0+$/, '');
      r.B();
      r.BS();
      r.B();
      const flags = r.BS();
      layerHandles.set(name, object.handle);
      if (name === '0') {
        const h = object.handles;
        h.H(); // owner
        h.H(); // extension dictionary
        h.H(); // xref block
        refs = { flags, plotStyle: h.H().value, linetype: h.H().value };
      }
    } else if (object.type === TYPE_BLOCK_HEADER) {
      object.reader.BL();
      blockHandles.set(object.reader.TV().replace(/\0+$/, ''), object.handle);
    } else if (object.type === TYPE_LAYER_CONTROL) {
      const r = object.reader;
      r.BL();
      const count = r.BL();
      const h = object.handles;
      const owner = h.H();
      const xdic = h.H();
      const layers: number[] = [];
      for (let i = 0; i < count; i++) layers.push(h.H().value);
      control = { handle: object.handle, owner, xdic, layers };
    }
  }
  if (!control || !refs) throw new Error('the template has no layer table or no layer "0"');

  let nextHandle = Math.max(...info.objects.map((o) => o.handle)) + 1;
  // The template stays as it is, byte for byte (LibreDWG checks the sections after the object map against their
  // place); the new objects and a new, complete object map follow it, and the map's locator points to the new one.
  const chunks: Uint8Array[] = [template];
  let at = template.length;
  const moved = new Map<number, number>();
  const added: MapEntry[] = [];
  const append = (handle: number, bytes: Uint8Array, isNew: boolean) => {
    chunks.push(bytes);
    if (isNew) added.push({ handle, at });
    else moved.set(handle, at);
    at += bytes.length;
  };
  for (const name of additions.layers) {
    if (layerHandles.has(name)) continue;
    const handle = nextHandle++;
    layerHandles.set(name, handle);
    control.layers.push(handle);
    append(handle, encodeLayer(handle, name, control.handle, refs), true);
  }
  append(control.handle, encodeLayerControl(control.handle, control.owner, control.xdic, control.layers), false);
  const layerOf = (name: string) => {
    const handle = layerHandles.get(name);
    if (handle === undefined) throw new Error(`unknown layer ${name}`);
    return handle;
  };
  for (const line of additions.lines) {
    const handle = nextHandle++;
    append(handle, encodeLine(handle, layerOf(line.layer), line), true);
  }
  for (const polyline of additions.polylines) {
    if (polyline.points.length < 2) continue;
    const handle = nextHandle++;
    append(handle, encodePolyline(handle, layerOf(polyline.layer), polyline), true);
  }
  for (const insert of additions.inserts ?? []) {
    const block = blockHandles.get(insert.block);
    if (block === undefined) throw new Error(`the template has no block ${insert.block}`);
    const handle = nextHandle++;
    append(handle, encodeInsert(handle, layerOf(insert.layer), block, insert), true);
  }

  const entries = [...info.objects.map((o) => ({ handle: o.handle, at: moved.get(o.handle) ?? o.at })), ...added];
  const map = encodeObjectMap(entries);
  const mapAt = at;
  chunks.push(map);

  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  // The object map's section locator, and the file header's CRC over the locators.
  const view = new DataView(out.buffer);
  const locator = 0x19 + info.sections.findIndex((s) => s.nr === SECTION_OBJECT_MAP) * 9;
  view.setUint32(locator + 1, mapAt, true);
  view.setUint32(locator + 5, map.length, true);
  const crcAt = 0x19 + info.sections.length * 9;
  const xor = HEADER_CRC_XOR.get(info.sections.length) ?? 0;
  view.setUint16(crcAt, crc16(out.subarray(0, crcAt), 0) ^ xor, true);
  return out;
}
