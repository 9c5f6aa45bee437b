import { hexWordsInto } from './radixOrder';

/**
 * The number of each id in a list, found by id (the last number for an id listed twice, as a Map from id to
 * number would give), or -1. Hash ids (16 lowercase hex digits, Hasher.hex(): nearly all rectangle ids) go in an
 * open-addressing table of their two words, which are the whole id: a lookup reads the id asked for once and
 * compares numbers, never the listed id's text (a Map of LOGIC_D's 80k ids at 200k segments grew and rehashed its
 * store over and over, and a text compare read a second string somewhere else in the heap). Other ids fall back
 * to a Map.
 */
export function idFinder(ids: readonly string[]): (id: string) => number {
  let size = 16;
  while (size < 2 * ids.length) size *= 2;
  const mask = size - 1, slots = new Int32Array(size), keys = new Uint32Array(2 * size);
  for (let n = 0; n < ids.length; n++) {
    if (!isHashId(ids[n])) return mapFinder(ids);
    const high = words[0], low = words[1];
    let s = low & mask;
    while (slots[s] !== 0 && !(keys[2 * s] === high && keys[2 * s + 1] === low)) s = (s + 1) & mask;
    slots[s] = n + 1;
    keys[2 * s] = high;
    keys[2 * s + 1] = low;
  }
  return (id) => {
    if (!isHashId(id)) return -1;
    const high = words[0], low = words[1];
    for (let s = low & mask; slots[s] !== 0; s = (s + 1) & mask) if (keys[2 * s] === high && keys[2 * s + 1] === low) return slots[s] - 1;
    return -1;
  };
}

/** isHashId's result: the id's high and low words. */
const words = new Uint32Array(2);

/** Whether the id is a hash id (16 lowercase hex digits); if so its two words are in `words`. */
function isHashId(id: string): boolean {
  return id.length === 16 && hexWordsInto(id, words, 0);
}

function mapFinder(ids: readonly string[]): (id: string) => number {
  const numbers = new Map<string, number>();
  for (let n = 0; n < ids.length; n++) numbers.set(ids[n], n);
  return (id) => numbers.get(id) ?? -1;
}
