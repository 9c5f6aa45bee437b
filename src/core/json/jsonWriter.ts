/**
 * JSON text written as UTF-8 bytes into one growing buffer, for artifacts of thousands of small records.
 * Numbers rounded to 0.001 are written digit by digit and the text is decoded once at the end, so an artifact
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

  private encoded(text: string): this {
    this.reserve(3 * text.length);
    this.length += encoder.encodeInto(text, this.bytes.subarray(this.length)).written;
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

  /** A list of strings, as JSON.stringify writes it. */
  strings(list: readonly string[]): this {
    this.raw('[');
    for (let i = 0; i < list.length; i++) {
      if (i > 0) this.raw(',');
      this.string(list[i]);
    }
    return this.raw(']');
  }

  /** A number as JSON.stringify writes it (non-finite numbers as null); integers below 10^15 digit by digit, with no string. */
  number(v: number): this {
    if (!Number.isInteger(v) || !(Math.abs(v) < 1e15)) return this.raw(Number.isFinite(v) ? String(v) : 'null');
    this.reserve(17);
    if (v < 0) this.bytes[this.length++] = MINUS;
    this.digits(Math.abs(v));
    return this;
  }

  /**
   * Math.round(v * 1000) / 1000 as JSON.stringify writes it. That number is k / 1000 for an integer k; below
   * 10^15 thousandths its shortest round-trip text is k's digits with the point put back (trailing zeros
   * dropped). Larger or non-finite values take the general path.
   */
  rounded3(v: number): this {
    const k = Math.round(v * 1000);
    if (!(Math.abs(k) < 1e15)) return this.number(k / 1000);
    this.reserve(20);
    const b = this.bytes;
    if (k < 0) b[this.length++] = MINUS;
    const whole = Math.abs(k);
    const fraction = whole % 1000;
    this.digits((whole - fraction) / 1000);
    if (fraction !== 0) {
      b[this.length++] = POINT;
      b[this.length++] = ZERO + Math.floor(fraction / 100);
      if (fraction % 100 !== 0) {
        b[this.length++] = ZERO + (Math.floor(fraction / 10) % 10);
        if (fraction % 10 !== 0) b[this.length++] = ZERO + (fraction % 10);
      }
    }
    return this;
  }

  /** The point [rounded3(x), rounded3(y)]. */
  point(x: number, y: number): this {
    return this.raw('[').rounded3(x).raw(',').rounded3(y).raw(']');
  }

  /** The decimal digits of a non-negative integer below 10^15. */
  private digits(n: number): void {
    let count = 1;
    for (let p = 10; p <= n; p *= 10) count++;
    const b = this.bytes;
    for (let at = this.length + count - 1; at >= this.length; at--) {
      const d = n % 10;
      b[at] = ZERO + d;
      n = (n - d) / 10;
    }
    this.length += count;
  }

  /** How many bytes are written since reset: where the next value starts. */
  get size(): number {
    return this.length;
  }

  /** A copy of the bytes written since reset. */
  copyBytes(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  /**
   * Bytes [start, end) of text written earlier (from copyBytes), as they are. Short pieces byte by byte: a
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

  /** The text written since reset, as one flat string. */
  text(): string {
    return decoder.decode(this.bytes.subarray(0, this.length));
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const QUOTE = 34, MINUS = 45, POINT = 46, ZERO = 48, BACKSLASH = 92;
