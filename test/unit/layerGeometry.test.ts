import { describe, expect, it } from 'vitest';
import { lineCount, lineListOf, polylineCount, polylineListOf, vertexCount } from '../../src/core/layerGeometry';
import { linesOf, polylinesOf } from '../support/layerObjects';
import { seededRandom } from '../support/random';

const point = (random: () => number) => ({ x: random() * 1e5 - 5e4, y: random() * 1e5, z: Math.round(random() * 3) * 1000 });

describe('layer geometry in typed arrays', () => {
  it('keeps every line, in order, through many doublings of its buffer', () => {
    const random = seededRandom(3);
    const lines = Array.from({ length: 1000 }, () => ({ start: point(random), end: point(random) }));
    const list = lineListOf(lines);
    expect(lineCount(list)).toBe(1000);
    expect(list.xyz.length).toBe(6000);
    expect(linesOf(list)).toEqual(lines);
  });

  it('keeps polylines of any vertex count apart, with their closed flags', () => {
    const random = seededRandom(4);
    const polylines = Array.from({ length: 300 }, (_, i) => ({
      vertices: Array.from({ length: 2 + (i % 7) * 3 }, () => point(random)),
      closed: i % 3 === 0,
    }));
    const list = polylineListOf(polylines);
    expect(polylineCount(list)).toBe(300);
    expect(list.first.length).toBe(301);
    expect(vertexCount(list, 6)).toBe(20);
    expect(polylinesOf(list)).toEqual(polylines);
  });

  it('makes empty lists that hold nothing', () => {
    expect(lineCount(lineListOf([]))).toBe(0);
    expect(polylineCount(polylineListOf([]))).toBe(0);
    expect([...polylineListOf([]).first]).toEqual([0]);
  });
});
