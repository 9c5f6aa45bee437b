import { describe, expect, it } from 'vitest';
import { idFinder } from '../../src/core/idIndex';
import { seededRandom } from '../support/random';

/** What a Map from id to number gives: the last number of an id listed twice, -1 for one not listed. */
function expected(ids: string[], id: string): number {
  return ids.lastIndexOf(id);
}

const hex = (random: () => number, digits: number) => Array.from({ length: digits }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');

describe('idFinder', () => {
  it('finds hash ids as a Map would, with repeats and ids that share their last eight digits', () => {
    const random = seededRandom(5);
    const tails = Array.from({ length: 20 }, () => hex(random, 8));
    // Few distinct tails: long probe runs; some ids listed twice.
    const ids = Array.from({ length: 3000 }, () => hex(random, 8) + tails[Math.floor(random() * tails.length)]);
    for (let k = 0; k < 300; k++) ids.push(ids[Math.floor(random() * ids.length)]);
    const find = idFinder(ids);
    for (const id of ids) expect(find(id)).toBe(expected(ids, id));
    for (const id of ['0000000000000000', hex(random, 16), 'not-a-hash', '', 'ABCDEF0123456789']) expect(find(id)).toBe(expected(ids, id));
  });

  it('finds any other ids through a Map', () => {
    const ids = ['0123456789abcdef', 'W-1', 'Wände', '0123456789ABCDEF', 'W-1', 'fedcba9876543210'];
    const find = idFinder(ids);
    for (const id of [...ids, 'missing', '']) expect(find(id)).toBe(expected(ids, id));
  });

  it('finds nothing in an empty list', () => {
    expect(idFinder([])('0123456789abcdef')).toBe(-1);
  });
});
