/**
 * Bit-level reading and writing of DWG data (R13–R2000 encoding: BS, BL, BD, DD, H, MS, MC…, most significant bit
 * first), and the DWG CRC-16, as described by the Open Design Alliance's "Open Design Specification for .dwg files".
 * Test support for writeDwg.ts, which makes large DWG test files.
 */

export class BitWriter {
  private bytes = new Uint8Array(1024);
  /** Position in bits. */
  bit = 0;

  private ensure(extraBits: number) {
    const needed = Math.ceil((this.bit + extraBits) / 8) + 8;
    if (needed <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2));
    grown.set(this.bytes);
    this.bytes = grown;
  }

  B(value: number | boolean) {
    this.ensure(1);
    if (value) this.bytes[this.bit >> 3]! |= 0x80 >> (this.bit & 7);
    this.bit++;
  }

  bits(value: number, count: number) {
    for (let i = count - 1; i >= 0; i--) this.B((value >>> i) & 1);
  }

  BB(value: number) {
    this.bits(value, 2);
  }

  RC(value: number) {
    this.bits(value & 0xff, 8);
  }

  rawBytes(bytes: Uint8Array) {
    for (const b of bytes) this.RC(b);
  }

  RS(value: number) {
    this.RC(value & 0xff);
    this.RC((value >> 8) & 0xff);
  }

  RL(value: number) {
    this.RS(value & 0xffff);
    this.RS((value >>> 16) & 0xffff);
  }

  RD(value: number) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.rawBytes(b);
  }

  BS(value: number) {
    if (value === 0) this.BB(2);
    else if (value === 256) this.BB(3);
    else if (value >= 0 && value < 256) {
      this.BB(1);
      this.RC(value);
    } else {
      this.BB(0);
      this.RS(value & 0xffff);
    }
  }

  BL(value: number) {
    if (value === 0) this.BB(2);
    else if (value > 0 && value < 256) {
      this.BB(1);
      this.RC(value);
    } else {
      this.BB(0);
      this.RL(value >>> 0);
    }
  }

  BD(value: number) {
    if (value === 0 && !Object.is(value, -0)) this.BB(2);
    else if (value === 1) this.BB(1);
    else {
      this.BB(0);
      this.RD(value);
    }
  }

  /** A double given as a patch of a default (DD). */
  DD(value: number, fallback: number) {
    if (Object.is(value, fallback)) return this.BB(0);
    const v = new Uint8Array(8);
    const d = new Uint8Array(8);
    new DataView(v.buffer).setFloat64(0, value, true);
    new DataView(d.buffer).setFloat64(0, fallback, true);
    if (v[4] === d[4] && v[5] === d[5] && v[6] === d[6] && v[7] === d[7]) {
      this.BB(1);
      this.rawBytes(v.subarray(0, 4));
    } else if (v[6] === d[6] && v[7] === d[7]) {
      this.BB(2);
      this.rawBytes(v.subarray(4, 6));
      this.rawBytes(v.subarray(0, 4));
    } else {
      this.BB(3);
      this.rawBytes(v);
    }
  }

  /** Thickness (R2000+): one bit when zero. */
  BT(value: number) {
    if (value === 0) this.B(1);
    else {
      this.B(0);
      this.BD(value);
    }
  }

  /** Extrusion (R2000+): one bit when (0, 0, 1). */
  BE(x: number, y: number, z: number) {
    if (x === 0 && y === 0 && z === 1) this.B(1);
    else {
      this.B(0);
      this.BD(x);
      this.BD(y);
      this.BD(z);
    }
  }

  /** A handle reference: 4-bit code, 4-bit length, then the value's bytes, most significant first. */
  H(code: number, value: number) {
    const bytes: number[] = [];
    for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    this.RC((code << 4) | bytes.length);
    for (const b of bytes) this.RC(b);
  }

  /** Text (R2000: 8-bit characters of the drawing's code page; Latin-1 here, other characters become "?"). */
  TV(text: string) {
    const bytes = Uint8Array.from(text, (c) => (c.charCodeAt(0) <= 0xff ? c.charCodeAt(0) : 0x3f));
    this.BS(bytes.length);
    this.rawBytes(bytes);
  }

  alignByte() {
    while (this.bit & 7) this.bit++;
  }

  toBytes(): Uint8Array {
    return this.bytes.slice(0, Math.ceil(this.bit / 8));
  }
}

export class BitReader {
  constructor(
    readonly bytes: Uint8Array,
    public bit = 0,
  ) {}

  B(): number {
    const value = (this.bytes[this.bit >> 3]! >> (7 - (this.bit & 7))) & 1;
    this.bit++;
    return value;
  }

  bits(count: number): number {
    let v = 0;
    for (let i = 0; i < count; i++) v = v * 2 + this.B();
    return v;
  }

  BB(): number {
    return this.bits(2);
  }

  RC(): number {
    return this.bits(8);
  }

  rawBytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.RC();
    return out;
  }

  RS(): number {
    return this.RC() | (this.RC() << 8);
  }

  RL(): number {
    return (this.RS() | (this.RS() << 16)) >>> 0;
  }

  RD(): number {
    return new DataView(this.rawBytes(8).buffer).getFloat64(0, true);
  }

  BS(): number {
    switch (this.BB()) {
      case 0:
        return this.RS();
      case 1:
        return this.RC();
      case 2:
        return 0;
      default:
        return 256;
    }
  }

  BL(): number {
    switch (this.BB()) {
      case 0:
        return this.RL();
      case 1:
        return this.RC();
      default:
        return 0;
    }
  }

  BD(): number {
    switch (this.BB()) {
      case 0:
        return this.RD();
      case 1:
        return 1;
      case 2:
        return 0;
      default:
        throw new Error(`invalid BD at bit ${this.bit}`);
    }
  }

  DD(fallback: number): number {
    const d = new Uint8Array(8);
    new DataView(d.buffer).setFloat64(0, fallback, true);
    switch (this.BB()) {
      case 0:
        return fallback;
      case 1:
        d.set(this.rawBytes(4), 0);
        break;
      case 2: {
        const hi = this.rawBytes(2);
        d.set(this.rawBytes(4), 0);
        d.set(hi, 4);
        break;
      }
      default:
        return this.RD();
    }
    return new DataView(d.buffer).getFloat64(0, true);
  }

  BT(): number {
    return this.B() ? 0 : this.BD();
  }

  BE(): [number, number, number] {
    return this.B() ? [0, 0, 1] : [this.BD(), this.BD(), this.BD()];
  }

  H(): { code: number; value: number } {
    const first = this.RC();
    let value = 0;
    for (let i = 0; i < (first & 15); i++) value = value * 256 + this.RC();
    return { code: first >> 4, value };
  }

  TV(): string {
    const n = this.BS();
    return new TextDecoder('latin1').decode(this.rawBytes(n));
  }
}

/** Modular short (object sizes): 15 bits per little-endian word, high bit = more words follow. */
export function encodeMS(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  do {
    const word = v & 0x7fff;
    v = Math.floor(v / 0x8000);
    const w = v > 0 ? word | 0x8000 : word;
    out.push(w & 0xff, w >> 8);
  } while (v > 0);
  return Uint8Array.from(out);
}

export function decodeMS(bytes: Uint8Array, offset: number): { value: number; length: number } {
  let value = 0;
  let shift = 0;
  let i = offset;
  for (;;) {
    const w = bytes[i]! | (bytes[i + 1]! << 8);
    i += 2;
    value += (w & 0x7fff) * 2 ** shift;
    shift += 15;
    if (!(w & 0x8000)) break;
  }
  return { value, length: i - offset };
}

/** Modular char (object map deltas): 7 bits per byte, high bit = more bytes follow, 0x40 of the last = negative. */
export function encodeMC(value: number): number[] {
  const negative = value < 0;
  let v = Math.abs(value);
  const out: number[] = [];
  for (;;) {
    if (v < 0x40) {
      out.push(v | (negative ? 0x40 : 0));
      return out;
    }
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 0x80);
  }
}

export function decodeMC(bytes: Uint8Array, offset: number): { value: number; length: number } {
  let value = 0;
  let shift = 0;
  let i = offset;
  for (;;) {
    const b = bytes[i++]!;
    if (b & 0x80) {
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } else {
      value += (b & 0x3f) * 2 ** shift;
      if (b & 0x40) value = -value;
      return { value, length: i - offset };
    }
  }
}

const CRC_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** The DWG CRC-16 (polynomial 0xA001, reflected). */
export function crc16(bytes: Uint8Array, seed: number): number {
  let crc = seed;
  for (const b of bytes) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ b) & 0xff]!;
  return crc & 0xffff;
}

export function encodeUMC(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** Unsigned modular char (object map handle deltas): 7 bits per byte, high bit = more bytes follow. */
export function decodeUMC(bytes: Uint8Array, offset: number): { value: number; length: number } {
  let value = 0;
  let shift = 0;
  let i = offset;
  for (;;) {
    const b = bytes[i++]!;
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return { value, length: i - offset };
  }
}
