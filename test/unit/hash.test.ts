import { describe, expect, it } from 'vitest';
import { Hasher, hashString } from '../../src/core/geometry/hash';
import { seededRandom } from '../support/random';

describe('Hasher parts', () => {
  it('chars and decimal hash a text made of parts as str hashes the whole text', () => {
    const random = seededRandom(5);
    const numbers = [0, -0, 1, -1, 9, 10, 99, 100, 123456789, -987654321, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 60, 1e21, 0.5, NaN, Infinity];
    for (let i = 0; i < 2000; i++) numbers.push(Math.round((random() - 0.5) * 10 ** Math.floor(random() * 16)));
    for (const n of numbers) {
      const text = `ab|${n}|c`;
      expect(new Hasher().chars('ab|').decimal(n).chars('|c').end().hex()).toBe(hashString(text));
    }
  });
});
