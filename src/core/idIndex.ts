import { hexDigit } from './radixOrder';

/**
 * The number of each id in a list, found by id (the last number for an id listed twice, as a Map from id to
 * number would give), or -1. Hash ids (16 lowercase hex digits, Hasher.hex(): nearly all rectangle ids) go in an
 * open-addressing table keyed by their last eight digits: a Map of LOGIC_D's 80k ids at 200k segments grew and
 * rehashed its store over and over, and hashed every id once more. Other ids fall back to a Map.
 */
export function idFinder(ids: readonly string[]): (id: string) => number {
  let size = 16;
  while (size < 2 * ids.length) size *= 2;
  const mask = size - 1, slots = new Int32Array(size), keys = new Float64Array(size);
  for (let n = 0; n < ids.length; n++) {
    const key = hashIdKey(ids[n]);
    if (key < 0) return mapFinder(ids);
    let s = key & mask;
    while (slots[s] !== 0 && !(keys[s] === key && ids[slots[s] - 1] === ids[n])) s = (s + 1) & mask;
    slots[s] = n + 1;
    keys[s] = key;
  }
  return (id) => {
    const key = hashIdKey(id);
    if (key < 0) return -1;
    for (let s = key & mask; slots[s] !== 0; s = (s + 1) & mask) if (keys[s] === key && ids[slots[s] - 1] === id) return slots[s] - 1;
    return -1;
  };
}

/** The last eight digits of a hash id as a number, or -1 for any other id. */
function hashIdKey(id: string): number {
  if (id.length !== 16) return -1;
  let key = 0;
  for (let c = 8; c < 16; c++) {
    const d = hexDigit(id.charCodeAt(c));
    if (d < 0) return -1;
    key = key * 16 + d;
  }
  return key;
}

function mapFinder(ids: readonly string[]): (id: string) => number {
  const numbers = new Map<string, number>();
  for (let n = 0; n < ids.length; n++) numbers.set(ids[n], n);
  return (id) => numbers.get(id) ?? -1;
}
