import { describe, expect, it } from 'vitest';
import { hashIdTexts, JsonWriter, packedTexts } from '../../src/core/json/jsonWriter';
import { hashIdInto } from '../../src/core/hashIds';
import { seededRandom } from '../support/random';

/** The text written since the writer's reset. */
const textOf = (w: JsonWriter) => new TextDecoder().decode(w.view());
const r3 = (v: number) => Math.round(v * 1000) / 1000;
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
const written = (write: (w: JsonWriter) => void) => {
  const w = new JsonWriter();
  write(w.reset());
  return textOf(w);
};

describe('JsonWriter writes what JSON.stringify writes', () => {
  it('rounded3 for random magnitudes, signs and edge values', () => {
    const random = seededRandom(7);
    const values = [0, -0, 0.0004, -0.0004, 0.0005, -0.0005, 0.9995, -1.0005, 1e12, -1e12 - 0.125, 999999999999.9994, 1e15, 1e21, 1e300, -1e300, Number.MIN_VALUE, NaN, Infinity, -Infinity];
    for (let i = 0; i < 200_000; i++) {
      const magnitude = 10 ** Math.floor(random() * 30 - 8);
      values.push((random() - 0.5) * magnitude);
    }
    for (const v of values) expect(written((w) => w.rounded3(v))).toBe(JSON.stringify(r3(v)));
  });

  it('rounded6 for random magnitudes, signs, directions and edge values', () => {
    const random = seededRandom(11);
    const values = [0, -0, 4e-7, -4e-7, 5e-7, -5e-7, 1e-6, -1e-6, 0.9999995, -1.0000005, 1, -1, 0.5, Math.SQRT1_2, 1e9, -1e9 - 0.125, 999999999.9999994, 1e15, 1e21, -1e300, Number.MIN_VALUE, NaN, Infinity, -Infinity];
    for (let i = 0; i < 200_000; i++) {
      const magnitude = 10 ** Math.floor(random() * 24 - 8);
      values.push((random() - 0.5) * magnitude);
      const angle = random() * Math.PI;
      values.push(Math.cos(angle), Math.sin(angle));
    }
    for (const v of values) expect(written((w) => w.rounded6(v))).toBe(JSON.stringify(r6(v)));
  });

  it('numbers, points and strings, escapes and non-ASCII included', () => {
    const random = seededRandom(11);
    for (let i = 0; i < 20_000; i++) {
      const v = (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
      expect(written((w) => w.number(v))).toBe(JSON.stringify(v));
      expect(written((w) => w.point(v, -v / 3))).toBe(JSON.stringify([r3(v), r3(-v / 3)]));
      // Numbers with at most three decimals take number()'s digit-by-digit path.
      expect(written((w) => w.number(r3(v)))).toBe(JSON.stringify(r3(v)));
    }
    for (const v of [0, -0, 1, -1, 7, 10, 99, 100, 459900, -130820, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e15 - 1, 1e15, -1e15, 1e21, 1e22]) expect(written((w) => w.number(v))).toBe(JSON.stringify(v));
    for (const s of ['', 'A-WALL', 'Wände', 'say "hi"', 'back\\slash', 'tab\there', '\u0001', 'ünïcödé 墙', '\u{1F9F1} brick', 'del\u007f']) {
      expect(written((w) => w.string(s))).toBe(JSON.stringify(s));
      expect(written((w) => w.strings([s, 'x', s]))).toBe(JSON.stringify([s, 'x', s]));
    }
  });

  it('value: any JSON-able tree, key order, left-out and special values included', () => {
    const random = seededRandom(5);
    const leaf = (): unknown => {
      const pick = Math.floor(random() * 9);
      if (pick === 0) return (random() - 0.5) * 10 ** Math.floor(random() * 30 - 10);
      if (pick === 1) return r3((random() - 0.5) * 1e6);
      if (pick === 2) return ['', 'A-WALL', 'say "hi"', 'Wände', '\u0001', '\u{1F9F1}'][Math.floor(random() * 6)];
      if (pick === 3) return random() < 0.5;
      if (pick === 4) return null;
      if (pick === 5) return [undefined, () => 1, Symbol('s'), NaN, -Infinity, -0][Math.floor(random() * 6)];
      return Math.floor((random() - 0.5) * 1e6);
    };
    const tree = (depth: number): unknown => {
      if (depth === 0 || random() < 0.3) return leaf();
      const n = Math.floor(random() * 5);
      if (random() < 0.5) return Array.from({ length: n }, () => tree(depth - 1));
      const o: Record<string, unknown> = {};
      // Integer-like keys come first in both, whatever the insertion order.
      for (let i = 0; i < n; i++) o[['b', 'a', '10', '2', 'ü"k', 'type'][Math.floor(random() * 6)] + (random() < 0.3 ? '' : i)] = tree(depth - 1);
      return o;
    };
    for (let i = 0; i < 3000; i++) {
      const v = tree(5);
      expect(written((w) => w.value(v))).toBe(JSON.stringify(v) ?? 'null');
    }
    const special = { when: new Date(0), list: [1, undefined, 'x'], nested: { gone: undefined, kept: [[], {}] } };
    expect(written((w) => w.value(special))).toBe(JSON.stringify(special));
  });

  it('keeps growing past its first buffer, and copied bytes append as they were', () => {
    const list = Array.from({ length: 50_000 }, (_, i) => [r3(i * 1.2345), `id-${i}`]);
    const w = new JsonWriter();
    w.reset().raw('[');
    list.forEach(([x, id], i) => {
      if (i > 0) w.raw(',');
      w.raw('[').rounded3(x as number).raw(',').string(id as string).raw(']');
    });
    const text = textOf(w.raw(']'));
    expect(text).toBe(JSON.stringify(list));
    // A copy: the view is of the buffer the writer now writes again.
    const bytes = w.view().slice();
    expect(textOf(w.reset().raw('{"a":').append(bytes, 0, bytes.length).raw('}'))).toBe(`{"a":${text}}`);
  });

  it('repeats text it wrote earlier, also past a buffer growth', () => {
    const w = new JsonWriter().reset().raw('[');
    const start = w.size;
    w.string('x'.repeat(40_000));
    const end = w.size;
    w.raw(',').repeat(start, end).raw(',').repeat(start, end).raw(']');
    const x = 'x'.repeat(40_000);
    expect(textOf(w)).toBe(JSON.stringify([x, x, x]));
  });

  it('writes hash ids from their words, and packed strings of one width or of any widths', () => {
    const hashes = ['00ff00ff00ff00ff', '0123456789abcdef#0', 'fedcba9876543210#12', 'ffffffff00000000#999999999'];
    const ids = new Uint32Array(3 * hashes.length);
    hashes.forEach((id, k) => expect(hashIdInto(id, ids, k)).toBe(true));
    const sameWidth = ['A-1', 'B-2', 'C-3'];
    const mixed = ['', 'A-WALL', 'Wände', 'say "hi"', '\u{1F9F1} brick', '0123456789abcdef'];
    const cases = [
      { list: hashes, texts: hashIdTexts(ids) },
      ...[sameWidth, mixed, ['only'], []].map((list) => ({ list, texts: packedTexts(list.length, (w, k) => w.string(list[k])) })),
    ];
    for (const { list, texts } of cases) {
      if (list !== hashes) expect(texts.width).toBe(list === sameWidth ? 5 : list.length === 1 ? 6 : 0);
      list.forEach((s, k) => expect(written((w) => w.textOf(texts, k))).toBe(JSON.stringify(s)));
      const picks = list.length > 0 ? [list.length - 1, 0, list.length - 1] : [];
      expect(written((w) => w.textsOf(texts, picks))).toBe(JSON.stringify(picks.map((k) => list[k])));
    }
  });
});
