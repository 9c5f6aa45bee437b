import { HEX_DIGITS } from '../geometry/hash';
import type { HashIds } from '../hashIds';

/**
 * JSON text written as UTF-8 bytes into one growing buffer, for artifacts of thousands of small records.
 * Numbers rounded to 0.001 are written digit by digit and the bytes go to the artifact as they are, so an artifact
 * costs no string per number and no tree of string pieces (a template literal per record makes a rope that
 * the final join must walk and copy, and that the garbage collector copies while it lives).
 * The text is byte for byte what JSON.stringify writes for the same values.
 */
export class JsonWriter {
  private bytes = new Uint8Array(1 << 16);
  private length = 0;

  /** Starts a new text (the buffer is kept for the next one). */
  reset(): this {
    this.length = 0;
    return this;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(2 * this.bytes.length, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Text written as it is: JSON punctuation, keys, and text that is JSON already. */
  raw(text: string): this {
    this.reserve(text.length);
    const b = this.bytes;
    let at = this.length;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) return this.encoded(text);
      b[at++] = code;
    }
    this.length = at;
    return this;
  }

  /** Any text as it is, in one native UTF-8 encoding pass: for a long text made elsewhere (JSON.stringify's). */
  encoded(text: string): this {
    this.reserve(3 * text.length);
    this.length += encoder.encodeInto(text, this.bytes.subarray(this.length)).written;
    return this;
  }

  /** Text encoded earlier with utf8(): fixed punctuation and keys, copied without looking at their characters. */
  chunk(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    const b = this.bytes;
    let at = this.length;
    for (let i = 0; i < bytes.length; i++) b[at++] = bytes[i];
    this.length = at;
    return this;
  }

  /** A string value, quoted and escaped as JSON.stringify does (plain ASCII directly, anything else through it). */
  string(text: string): this {
    const start = this.length;
    this.reserve(text.length + 2);
    const b = this.bytes;
    let at = start;
    b[at++] = QUOTE;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x20 || code >= 0x7f || code === QUOTE || code === BACKSLASH) return this.raw(JSON.stringify(text));
      b[at++] = code;
    }
    b[at++] = QUOTE;
    this.length = at;
    return this;
  }

  /**
   * Any JSON-able value as JSON.stringify(value) writes it (keys in the same order, undefined and functions
   * left out of objects and null in lists). For a large tree (walls.json, bimjson.json: 8 MB each at 200k
   * segments) JSON.stringify makes a tree of string pieces that encoding must first join into one flat string,
   * which the garbage collector counts against the old generation; written here, it costs no string at all.
   * A value with its own toJSON (a Date) goes through JSON.stringify.
   */
  value(v: unknown): this {
    if (typeof v === 'string') return this.string(v);
    if (typeof v === 'number') return this.number(v);
    if (typeof v === 'boolean') return this.raw(v ? 'true' : 'false');
    if (v === null || typeof v !== 'object') return this.raw('null');
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return this.encoded(JSON.stringify(v));
    if (Array.isArray(v)) {
      this.raw('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) this.raw(',');
        this.value(isOmitted(v[i]) ? null : v[i]);
      }
      return this.raw(']');
    }
    this.raw('{');
    let first = true;
    // for-in rather than Object.keys: no array of keys per object. Its order is JSON.stringify's; inherited keys are skipped.
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      const item = (v as Record<string, unknown>)[key];
      if (isOmitted(item)) continue;
      if (!first) this.raw(',');
      first = false;
      this.string(key).raw(':').value(item);
    }
    return this.raw('}');
  }

  /** String k of the texts, as string() writes it. */
  textOf(texts: JsonTexts, k: number): this {
    const words = texts.words;
    if (words !== null) return this.hashIdOf(words, k);
    const width = texts.width;
    return width > 0 ? this.append(texts.bytes, k * width, (k + 1) * width) : this.append(texts.bytes, texts.start[k], texts.start[k + 1]);
  }

  /** Id k of the hash ids as string() writes its text: in quotes, hexOf(high, low), then any "#n". */
  hashIdOf(ids: HashIds, k: number): this {
    const high = ids[3 * k], low = ids[3 * k + 1], suffix = ids[3 * k + 2];
    this.reserve(30);
    const b = this.bytes;
    let at = this.length;
    b[at++] = QUOTE;
    for (let shift = 28; shift >= 0; shift -= 4) b[at++] = HEX_DIGITS[(high >>> shift) & 15];
    for (let shift = 28; shift >= 0; shift -= 4) b[at++] = HEX_DIGITS[(low >>> shift) & 15];
    if (suffix > 0) {
      b[at++] = HASH;
      this.length = at;
      this.digits(suffix - 1);
      at = this.length;
    }
    b[at++] = QUOTE;
    this.length = at;
    return this;
  }

  /** The list of strings k of the texts, for each k in the list, as strings() writes it. */
  textsOf(texts: JsonTexts, list: readonly number[]): this {
    this.raw('[');
    for (let i = 0; i < list.length; i++) {
      if (i > 0) this.raw(',');
      this.textOf(texts, list[i]);
    }
    return this.raw(']');
  }

  /** A list of strings, as JSON.stringify writes it. */
  strings(list: readonly string[]): this {
    this.raw('[');
    for (let i = 0; i < list.length; i++) {
      if (i > 0) this.raw(',');
      this.string(list[i]);
    }
    return this.raw(']');
  }

  /**
   * A number as JSON.stringify writes it (non-finite numbers as null). One with at most three decimals is
   * its own rounded3 and is written digit by digit, without making its text as a string first. Any other is
   * JSON.stringify's text itself: String(v) costs more, and V8 puts the texts it makes in a cache in the old
   * generation, and so allocates them there (130k at 200k segments, that only a full collection frees).
   */
  number(v: number): this {
    if (Math.abs(v) < 1e12 && Math.round(v * 1000) / 1000 === v) return this.rounded3(v);
    return this.raw(JSON.stringify(v));
  }

  /**
   * Math.round(v * 1000) / 1000 as JSON.stringify writes it. That number is k / 1000 for an integer k; below
   * 10^15 thousandths its shortest round-trip text is k's digits with the point put back (trailing zeros
   * dropped). Larger or non-finite values take the general path.
   */
  rounded3(v: number): this {
    const k = Math.round(v * 1000);
    if (!(Math.abs(k) < 1e15)) return this.number(k / 1000);
    this.fixedPoint(k, 3);
    return this;
  }

  /**
   * Math.round(v * 1e6) / 1e6 as JSON.stringify writes it, by rounded3's argument with millionths (a direction's
   * components), without a text per number (see number).
   */
  rounded6(v: number): this {
    const k = Math.round(v * 1e6);
    if (!(Math.abs(k) < 1e15)) return this.number(k / 1e6);
    this.fixedPoint(k, 6);
    return this;
  }

  /** The integer k (below 10^15) divided by 10^places, as its digits with the point put back, trailing zeros dropped. */
  private fixedPoint(k: number, places: 3 | 6): void {
    this.reserve(20);
    const b = this.bytes;
    if (k < 0) b[this.length++] = MINUS;
    const whole = Math.abs(k), unit = places === 3 ? 1000 : 1_000_000;
    // Below 2^31 the split into units and fraction is done in 32-bit integers, much cheaper than % on doubles.
    let fraction = whole <= MAX_INT32 ? (whole | 0) % unit : whole % unit;
    this.digits((whole - fraction) / unit);
    if (fraction === 0) return;
    b[this.length++] = POINT;
    for (let scale = unit / 10; fraction !== 0; scale /= 10) {
      const digit = Math.floor(fraction / scale);
      b[this.length++] = ZERO + digit;
      fraction -= digit * scale;
    }
  }

  /** The point [rounded3(x), rounded3(y)]. */
  point(x: number, y: number): this {
    this.reserve(1);
    this.bytes[this.length++] = OPEN_BRACKET;
    this.rounded3(x);
    this.reserve(1);
    this.bytes[this.length++] = COMMA;
    this.rounded3(y);
    this.reserve(1);
    this.bytes[this.length++] = CLOSE_BRACKET;
    return this;
  }

  /** The decimal digits of a non-negative integer below 10^15 (in 32-bit integer arithmetic when it fits). */
  private digits(n: number): void {
    let count = 1;
    for (let p = 10; p <= n; p *= 10) count++;
    const b = this.bytes;
    const start = this.length;
    this.length += count;
    if (n <= MAX_INT32) {
      for (let m = n | 0, at = start + count - 1; at >= start; at--) {
        const rest = (m / 10) | 0;
        b[at] = ZERO + m - 10 * rest;
        m = rest;
      }
      return;
    }
    for (let at = start + count - 1; at >= start; at--) {
      const d = n % 10;
      b[at] = ZERO + d;
      n = (n - d) / 10;
    }
  }

  /** How many bytes are written since reset: where the next value starts. */
  get size(): number {
    return this.length;
  }

  /**
   * The bytes written since reset, as a view of the writer's own buffer: valid only until the writer is used
   * again. For text handed on at once (an artifact's receiver copies it), it saves a copy, and the allocation
   * that would count towards the garbage collector's external-memory limit.
   */
  view(): Uint8Array<ArrayBuffer> {
    return this.bytes.subarray(0, this.length);
  }

  /**
   * Bytes [start, end) of text written earlier (another writer's view), as they are. Short pieces byte by byte: a
   * subarray to copy from is an object, more than the copy costs.
   */
  append(bytes: Uint8Array, start: number, end: number): this {
    this.reserve(end - start);
    if (end - start > 64) {
      this.bytes.set(bytes.subarray(start, end), this.length);
      this.length += end - start;
      return this;
    }
    const b = this.bytes;
    let at = this.length;
    for (let i = start; i < end; i++) b[at++] = bytes[i];
    this.length = at;
    return this;
  }

  /** Bytes [start, end) written since reset, written again: a value that a text holds twice is formatted once. */
  repeat(start: number, end: number): this {
    this.reserve(end - start);
    const b = this.bytes;
    let at = this.length;
    for (let k = start; k < end; k++) b[at++] = b[k];
    this.length = at;
    return this;
  }
}

/**
 * Strings written as JSON once, one after another in one buffer: string k is bytes start[k] .. start[k + 1], or,
 * when every string's text is `width` bytes (rectangle ids), k · width .. (k + 1) · width without reading start;
 * hash ids are kept as their words instead (see words). For ids written again and again (a segment's in two or more
 * pairs and rectangles, in four artifacts): read from one compact buffer, not from strings spread over the heap.
 */
export interface JsonTexts {
  /**
   * For segment ids: their HashIds words, in place of bytes and start offsets. The writers read them in no order:
   * one read of 12 bytes where the text took two reads of some 25, which at 200k segments no longer fit the
   * processor's cache.
   */
  words: HashIds | null;
  bytes: Uint8Array;
  start: Int32Array;
  width: number;
}

/** Hash ids as JsonTexts (their words, no bytes). */
export function hashIdTexts(ids: HashIds): JsonTexts {
  return { words: ids, bytes: NO_BYTES, start: NO_STARTS, width: 0 };
}

const NO_BYTES = new Uint8Array(0), NO_STARTS = new Int32Array(0);

/** JsonTexts of count strings, string k the JSON text that write(w, k) writes. */
export function packedTexts(count: number, write: (w: JsonWriter, k: number) => void): JsonTexts {
  const w = TEXTS_WRITER.reset(), start = new Int32Array(count + 1);
  let width = -1;
  for (let k = 0; k < count; k++) {
    write(w, k);
    start[k + 1] = w.size;
    const size = start[k + 1] - start[k];
    width = width === -1 || width === size ? size : 0;
  }
  return { words: null, bytes: w.view().slice(), start, width: Math.max(width, 0) };
}

/** The UTF-8 bytes of a text, for JsonWriter.chunk. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

const encoder = new TextEncoder();
/** jsonTexts' writer, kept for the worker's life like the pipeline's (its buffer and its optimised code). */
const TEXTS_WRITER = new JsonWriter();
const MAX_INT32 = 0x7fffffff;
const QUOTE = 34, HASH = 35, COMMA = 44, MINUS = 45, POINT = 46, ZERO = 48, OPEN_BRACKET = 91, BACKSLASH = 92, CLOSE_BRACKET = 93;

/** Values JSON.stringify leaves out of an object (and writes as null in a list). */
function isOmitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}
