import { Hasher, hexOf } from './geometry/hash';
import { hexWordsInto } from './radixOrder';

/**
 * Ids as CLEAN_DEDUP makes them, kept as numbers rather than strings: a hash's 16 hex digits (Hasher.hex()), and for
 * segment n of a polyline the polyline's id followed by "#n". Id k is three words: the hash's high and low words
 * (Hasher.high(), low()) and n + 1, or 0 for no "#n". Lines' and segments' ids were 200k strings at 200k segments,
 * 6.5 MB of small objects made in CLEAN_DEDUP and alive to the end of the job: every young-generation collection
 * in between copied them, and at 200k two of those fell inside CLEAN_DEDUP itself.
 */
export type HashIds = Uint32Array;

export const NO_HASH_IDS: HashIds = new Uint32Array(0);

export function setHashId(ids: HashIds, k: number, high: number, low: number, suffix: number): void {
  ids[3 * k] = high;
  ids[3 * k + 1] = low;
  ids[3 * k + 2] = suffix;
}

/** Id k's text: hexOf(high, low), then "#n" for a polyline's segment n. */
export function hashIdText(ids: HashIds, k: number): string {
  const id = hexOf(ids[3 * k], ids[3 * k + 1]);
  return ids[3 * k + 2] > 0 ? `${id}#${ids[3 * k + 2] - 1}` : id;
}

/**
 * The words of an id text made as CLEAN_DEDUP makes them, into ids[3k…3k + 2]; false for any other text
 * (not 16 lowercase hex digits, or a "#n" that String(n) would not write).
 */
export function hashIdInto(text: string, ids: HashIds, k: number): boolean {
  if (!hexWordsInto(text, ids, 3 * k)) return false;
  if (text.length === 16) {
    ids[3 * k + 2] = 0;
    return true;
  }
  const digits = text.slice(17);
  if (text.charCodeAt(16) !== 35 || !/^(0|[1-9][0-9]{0,8})$/.test(digits)) return false;
  ids[3 * k + 2] = Number(digits) + 1;
  return true;
}

/** Compares id i of a with id j of b as their texts compare (< 0, 0, > 0). */
export function compareHashIds(a: HashIds, i: number, b: HashIds, j: number): number {
  const ha = a[3 * i], hb = b[3 * j];
  if (ha !== hb) return ha < hb ? -1 : 1;
  const la = a[3 * i + 1], lb = b[3 * j + 1];
  if (la !== lb) return la < lb ? -1 : 1;
  const sa = a[3 * i + 2], sb = b[3 * j + 2];
  if (sa === sb) return 0;
  // A hash alone is a prefix of the same hash with "#n"; two suffixes compare as the texts of n.
  if (sa === 0 || sb === 0) return sa === 0 ? -1 : 1;
  const ta = String(sa - 1), tb = String(sb - 1);
  return ta < tb ? -1 : 1;
}

/** Feeds id k to the hasher as Hasher.chars(hashIdText(ids, k)) does, without making the text. */
export function hashIdChars(h: Hasher, ids: HashIds, k: number): Hasher {
  h.hexChars(ids[3 * k], ids[3 * k + 1]);
  return ids[3 * k + 2] > 0 ? h.chars('#').decimal(ids[3 * k + 2] - 1) : h;
}
