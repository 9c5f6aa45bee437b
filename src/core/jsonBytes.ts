/**
 * JSON text written as UTF-8 bytes into one growing buffer, for artifacts of thousands of small records:
 * numbers rounded to 0.001 are written digit by digit, so the text costs no string per number and no
 * tree of string pieces, and is decoded into one flat string at the end.
 */
export class JsonBytes {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.bytes = new Uint8Array(capacity);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(2 * this.bytes.length, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Text that is written as is (JSON punctuation and keys: ASCII). */
  raw(ascii: string): this {
    this.reserve(ascii.length);
    for (let i = 0; i < ascii.length; i++) this.bytes[this.length++] = ascii.charCodeAt(i);
    return this;
  }

  /** A string value, as JSON.stringify writes it: plain ASCII as is, anything else through JSON.stringify. */
  string(text: string): this {
    const start = this.length;
    this.reserve(text.length + 2);
    this.bytes[this.length++] = QUOTE;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x20 || code >= 0x7f || code === QUOTE || code === BACKSLASH) {
        this.length = start;
        return this.escaped(text);
      }
      this.bytes[this.length++] = code;
    }
    this.bytes[this.length++] = QUOTE;
    return this;
  }

  private escaped(text: string): this {
    const json = JSON.stringify(text);
    this.reserve(3 * json.length);
    this.length += encoder.encodeInto(json, this.bytes.subarray(this.length)).written;
    return this;
  }

  /**
   * Math.round(v * 1000) / 1000 as JSON.stringify writes it. That number is k / 1000 for an integer k;
   * with at most 15 significant digits its shortest round-trip text is k's digits with the point put back
   * (trailing zeros dropped), which is what is written here. Larger or non-finite values take the general path.
   */
  rounded3(v: number): this {
    const k = Math.round(v * 1000);
    if (!(Math.abs(k) < 1e15)) return this.raw(numberText(k / 1000));
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

  /** The decimal digits of a non-negative integer below 1e15. */
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

  /** Bytes [from, to) of another writer, copied. */
  copy(from: JsonBytes, start: number, end: number): this {
    this.reserve(end - start);
    this.bytes.set(from.bytes.subarray(start, end), this.length);
    this.length += end - start;
    return this;
  }

  text(): string {
    return decoder.decode(this.bytes.subarray(0, this.length));
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const QUOTE = 34, MINUS = 45, POINT = 46, ZERO = 48, BACKSLASH = 92;

/** A number as JSON.stringify writes it (it writes non-finite numbers as null). */
export function numberText(v: number): string {
  return Number.isFinite(v) ? `${v}` : 'null';
}
