/**
 * One 32-bit lane of a seeded string hash: FNV-1a over the UTF-16 code units, started from a seed-dependent
 * offset basis and finished with a multiply-xorshift avalanche so that nearby inputs spread out.
 */
export function hash32(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ Math.imul(seed + 1, 0x9e3779b9)) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A 52-bit hex id from two lanes. Entity ids are hashes of their layer, type and rounded geometry, so the
 * same drawing always gets the same ids whatever the entity order.
 */
export function hashString(text: string): string {
  return (hash32(text, 1) >>> 12).toString(16).padStart(5, '0') + hash32(text, 2).toString(16).padStart(8, '0');
}
