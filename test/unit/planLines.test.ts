// PlanLines and the segment set fill presized lists (listWithRoom) by index and cut them to what was written:
// when steps drop lines (flat, zero-length, duplicate), no hole and no room may be left at the end.
import { describe, expect, it } from 'vitest';
import { addPlanLine, cutTo, listWithRoom, planLinesWithRoom, trimmedPlanLines } from '../../src/core/entities';
import { buildSegmentSet } from '../../src/core/segments';
import { normalizeEntities } from '../../src/core/steps/normalize';
import { hashIdInto, hashIdText, NO_HASH_IDS } from '../../src/core/hashIds';

function idsOf(texts: string[]): Uint32Array {
  const ids = new Uint32Array(3 * texts.length);
  texts.forEach((text, k) => hashIdInto(text, ids, k));
  return ids;
}

const noHoles = (list: unknown[]) => list.every((v, i) => i in list && v !== undefined);

describe('presized lists', () => {
  it('listWithRoom + cutTo leave exactly the items written', () => {
    const list = listWithRoom<string>(10);
    for (let i = 0; i < 4; i++) list[i] = `item ${i}`;
    expect(cutTo(list, 4)).toEqual(['item 0', 'item 1', 'item 2', 'item 3']);
    expect(noHoles(list)).toBe(true);
  });

  it('trimmedPlanLines: fewer lines than the room made', () => {
    const lines = planLinesWithRoom(5);
    addPlanLine(lines, 'L1', 0, 0, 0, 1, 0, 0);
    addPlanLine(lines, 'L2', 0, 1, 0, 1, 1, 0);
    const trimmed = trimmedPlanLines(lines);
    expect(trimmed.count).toBe(2);
    expect(trimmed.layers).toEqual(['L1', 'L2']);
    expect(trimmed.xyz.length).toBe(12);
  });

  it('the segment set of lines and polylines with flat pieces left out has one id and layer per segment', () => {
    const lines = planLinesWithRoom(3);
    addPlanLine(lines, 'W', 0, 0, 0, 1000, 0, 0);
    addPlanLine(lines, 'W', 5, 5, 0, 5, 5, 300); // rises only in z: no extent in plan, left out
    addPlanLine(lines, 'W', 0, 200, 0, 1000, 200, 0);
    const [l1, l2, l3, p] = ['1000000000000000', '2000000000000000', '3000000000000000', '2000000000000001'];
    const set = buildSegmentSet({
      lines: { ...trimmedPlanLines(lines), ids: idsOf([l1, l2, l3]) },
      polylines: [{ id: p, layer: 'W', xy: [0, 0, 0, 0, 0, 500, 0, 500], closed: false }], // first and last pieces flat
      openings: [],
    });
    expect(set.count).toBe(3);
    // In id order: the polyline's segment between the lines.
    expect(Array.from({ length: set.count }, (_, k) => hashIdText(set.ids, k))).toEqual([l1, `${p}#1`, l3]);
    expect(set.layers).toEqual(['W', 'W', 'W']);
    expect(noHoles(set.layers)).toBe(true);
  });

  it('NORMALIZE keeps each line with its layer when it drops zero-length lines, and shares the list when it drops none', () => {
    const lines = planLinesWithRoom(4);
    addPlanLine(lines, 'A', 0, 0, 0, 1, 0, 0);
    addPlanLine(lines, 'B', 2, 2, 0, 2, 2, 0); // zero length: dropped
    addPlanLine(lines, 'C', 0, 1, 0, 1, 1, 0);
    const input = () => ({ lines: trimmedPlanLines(lines), polylines: [], openings: [] });
    const out = normalizeEntities(input(), 1000).entities.lines;
    expect(out.count).toBe(2);
    expect(out.layers).toEqual(['A', 'C']);
    expect(noHoles(out.layers)).toBe(true);
    expect([...out.xyz]).toEqual([0, 0, 0, 1000, 0, 0, 0, 1000, 0, 1000, 1000, 0]);
    const kept = normalizeEntities({ ...input(), lines: { count: 1, ids: NO_HASH_IDS, layers: ['A'], xyz: Float64Array.of(0, 0, 0, 1, 0, 0) } }, 1).entities.lines;
    expect(kept.layers).toEqual(['A']);
    expect([...kept.xyz]).toEqual([0, 0, 0, 1, 0, 0]);
  });
});
