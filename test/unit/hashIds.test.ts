// Segment ids kept as words (src/core/hashIds.ts) must behave exactly as their texts did: same text back, same
// order, same hash fed to rectangle ids.
import { describe, expect, it } from 'vitest';
import { Hasher, hexOf } from '../../src/core/geometry/hash';
import { compareHashIds, hashIdChars, hashIdInto, hashIdText } from '../../src/core/hashIds';
import { seededRandom } from '../support/random';

/** Random ids as CLEAN_DEDUP makes them: a few hashes, most alone, some with "#n" (n up to 10^9 − 1). */
function randomIds(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const word = () => Math.floor(random() * 2 ** 32) >>> 0;
  const hashes = Array.from({ length: 5 }, () => hexOf(word(), word()));
  hashes.push('0000000000000000', 'ffffffffffffffff');
  const suffix = () => [0, 1, 2, 9, 10, 11, 99, 100, 123456789, 999999999][Math.floor(random() * 10)];
  return Array.from({ length: count }, () => {
    const hash = hashes[Math.floor(random() * hashes.length)];
    return random() < 0.3 ? hash : `${hash}#${random() < 0.5 ? suffix() : Math.floor(random() * 1000)}`;
  });
}

function idsOf(texts: readonly string[]): Uint32Array {
  const ids = new Uint32Array(3 * texts.length);
  texts.forEach((text, k) => expect(hashIdInto(text, ids, k)).toBe(true));
  return ids;
}

describe('hash ids as words', () => {
  const texts = randomIds(400, 3);
  const ids = idsOf(texts);

  it('give back their texts', () => {
    expect(ids.length).toBe(3 * texts.length);
    texts.forEach((text, k) => expect(hashIdText(ids, k)).toBe(text));
  });

  it('compare as their texts compare', () => {
    const sign = (v: number) => (v < 0 ? -1 : v > 0 ? 1 : 0);
    for (let i = 0; i < texts.length; i++) {
      for (let j = 0; j < texts.length; j += 7) {
        expect(sign(compareHashIds(ids, i, ids, j))).toBe(texts[i] < texts[j] ? -1 : texts[i] > texts[j] ? 1 : 0);
      }
    }
  });

  it('hash as Hasher.chars hashes their texts', () => {
    texts.forEach((text, k) => expect(hashIdChars(new Hasher(), ids, k).chars('|').hex()).toBe(new Hasher().chars(text).chars('|').hex()));
  });

  it('refuse texts that CLEAN_DEDUP does not make', () => {
    const out = new Uint32Array(3);
    for (const text of ['0123456789abcdef#01', '0123456789abcdef#', '0123456789abcdef#1234567890', '0123456789ABCDEF', '0123456789abcdef#1a', '0123456789abcde', '0123456789abcdefx', 'l1']) {
      expect(hashIdInto(text, out, 0)).toBe(false);
    }
  });
});
