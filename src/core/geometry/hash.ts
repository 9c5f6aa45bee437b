/**
 * Seeded FNV-1a lanes (32-bit) finished with a multiply-xorshift avalanche. Entity ids are hashes of
 * their layer, type and rounded geometry, so the same drawing always gets the same ids whatever the
 * entity order. Numbers are fed as their IEEE-754 bits: no number-to-text conversion on the hot path.
 */

const FNV_PRIME = 0x01000193;
const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);

function seedBasis(seed: number): number {
  return (0x811c9dc5 ^ Math.imul(seed + 1, 0x9e3779b9)) >>> 0;
}

function avalanche(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const SEED_A = seedBasis(1);
const SEED_B = seedBasis(2);

/** A 64-bit hash built from strings and numbers, as two independent 32-bit lanes. */
export class Hasher {
  private a = SEED_A;
  private b = SEED_B;

  /** Back to the empty hash, so one hasher serves a whole list of entities. */
  reset(): this {
    this.a = SEED_A;
    this.b = SEED_B;
    return this;
  }

  str(text: string): this {
    return this.chars(text).end();
  }

  /** The characters of text as str() hashes them, without str()'s closing separator: one part of a longer text. */
  chars(text: string): this {
    let a = this.a, b = this.b;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      a = Math.imul(a ^ ch, FNV_PRIME);
      b = Math.imul(b ^ ch, FNV_PRIME) ^ (b >>> 13);
    }
    this.a = a;
    this.b = b;
    return this;
  }

  /** chars(hexOf(high, low)) without making the text: a hash id kept as its two words. */
  hexChars(high: number, low: number): this {
    let a = this.a, b = this.b;
    for (let k = 0; k < 16; k++) {
      const ch = HEX_DIGITS[((k < 8 ? high : low) >>> (28 - 4 * (k & 7))) & 15];
      a = Math.imul(a ^ ch, FNV_PRIME);
      b = Math.imul(b ^ ch, FNV_PRIME) ^ (b >>> 13);
    }
    this.a = a;
    this.b = b;
    return this;
  }

  /** chars(String(n)) for an integer n, without making the text. */
  decimal(n: number): this {
    if (!Number.isSafeInteger(n)) return this.chars(String(n));
    if (n < 0) {
      this.chars('-');
      n = -n;
    }
    let unit = 1;
    while (unit * 10 <= n) unit *= 10;
    let a = this.a, b = this.b;
    for (; unit >= 1; unit /= 10) {
      const digit = Math.floor(n / unit) % 10;
      const ch = 48 + digit;
      a = Math.imul(a ^ ch, FNV_PRIME);
      b = Math.imul(b ^ ch, FNV_PRIME) ^ (b >>> 13);
    }
    this.a = a;
    this.b = b;
    return this;
  }

  /** The separator that ends str(), so ("ab", "c") and ("a", "bc") differ. */
  end(): this {
    this.a = Math.imul(this.a ^ 0xffff, FNV_PRIME);
    this.b = Math.imul(this.b ^ 0xffff, FNV_PRIME);
    return this;
  }

  num(value: number): this {
    float[0] = value === 0 ? 0 : value; // -0 and 0 are the same coordinate
    // The two words unrolled, in locals: this runs a dozen times per entity.
    const low = words[0], high = words[1];
    let a = this.a, b = this.b;
    a = Math.imul(a ^ low, FNV_PRIME);
    b = Math.imul(b ^ (low >>> 16) ^ (low << 16), FNV_PRIME) ^ (b >>> 13);
    a = Math.imul(a ^ high, FNV_PRIME);
    b = Math.imul(b ^ (high >>> 16) ^ (high << 16), FNV_PRIME) ^ (b >>> 13);
    this.a = a;
    this.b = b;
    return this;
  }

  /** The 64-bit hash as two 32-bit words; hex() is their fixed-width text, so (high, low) sorts like hex(). */
  high(): number {
    return avalanche(this.b);
  }

  low(): number {
    return avalanche(this.a);
  }

  hex(): string {
    return hexOf(this.high(), this.low());
  }
}

/** The character codes of the hex digits 0–f. */
export const HEX_DIGITS: readonly number[] = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/**
 * The text of a hash given as its two words (Hasher.high(), Hasher.low()): 16 lowercase hex digits.
 * One fromCharCode call: ids are made by the hundred thousand, and toString(16) + padStart is ten times slower.
 */
export function hexOf(high: number, low: number): string {
  const d = HEX_DIGITS;
  return String.fromCharCode(
    d[high >>> 28], d[(high >>> 24) & 15], d[(high >>> 20) & 15], d[(high >>> 16) & 15], d[(high >>> 12) & 15], d[(high >>> 8) & 15], d[(high >>> 4) & 15], d[high & 15],
    d[low >>> 28], d[(low >>> 24) & 15], d[(low >>> 20) & 15], d[(low >>> 16) & 15], d[(low >>> 12) & 15], d[(low >>> 8) & 15], d[(low >>> 4) & 15], d[low & 15],
  );
}

/** One 32-bit lane over a string, for callers that need several independent words (IFC GlobalIds). */
export function hash32(text: string, seed: number): number {
  let h = seedBasis(seed);
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return avalanche(h);
}

/** A 64-bit hex id of a string. */
export function hashString(text: string): string {
  return new Hasher().str(text).hex();
}
