// src/core/geometry/hypot.ts must return exactly what V8's Math.hypot returns (Node runs V8), so replacing
// Math.hypot in the pipeline changes no output.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hypot } from '../../src/core/geometry/hypot';

const bits = (v: number) => new BigUint64Array(new Float64Array([v]).buffer)[0];

describe('hypot', () => {
  it('is bit-identical to Math.hypot on any pair of doubles', () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), (x, y) => {
        expect(bits(hypot(x, y))).toBe(bits(Math.hypot(x, y)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('is bit-identical to Math.hypot on plan-sized coordinate differences', () => {
    const coordinate = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(coordinate, coordinate, coordinate, coordinate, (x1, y1, x2, y2) => {
        expect(bits(hypot(x2 - x1, y2 - y1))).toBe(bits(Math.hypot(x2 - x1, y2 - y1)));
      }),
      { numRuns: 20_000 },
    );
  });

  it('handles the special values as Math.hypot does', () => {
    const cases: [number, number, number][] = [
      [3, 4, 5], [-3, -4, 5], [0, -0, 0], [NaN, Infinity, Infinity], [-Infinity, NaN, Infinity], [NaN, 1, NaN],
      [5e-324, 0, 5e-324], [1e308, 1e308, Math.hypot(1e308, 1e308)], [2, 2, Math.hypot(2, 2)],
    ];
    for (const [x, y, want] of cases) expect(Object.is(hypot(x, y), want)).toBe(true);
    expect(Number.isFinite(hypot(1e308, 1e308))).toBe(true);
  });
});
