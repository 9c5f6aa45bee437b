// writeBimJson writes BIMJSON (SPEC §5) as text without building objects; its text must be exactly what
// JSON.stringify writes for the features spelled out here by hand (key order, rounding, nulls, escapes).
import { describe, expect, it } from 'vitest';
import { JsonWriter } from '../../src/core/json/jsonWriter';
import type { WallsModel } from '../../src/core/pipelineTypes';
import { exportedWallCount, toBimJson, writeBimJson } from '../../src/export/bimjson';

const model: WallsModel = {
  units: 'mm',
  walls: [
    {
      id: 'W-a', p1: { x: -0.0001, y: 1000.12345 }, p2: { x: 3000.0004, y: 1000.12345 }, thickness: 123.456, length: 3000.44, layers: ['A-WALL', 'Wände "innen"'],
      openings: [{ id: 'd1', kind: 'door', blockName: 'DOOR_900', layer: 'A-DOOR', center: { x: 1500.00049, y: 1000.1 }, offset: 1499.96, width: 900.04 }],
      junctions: [{ kind: 'T', otherWallId: 'W-b', point: { x: 0, y: 1000 } }],
    },
    {
      id: 'W-b', p1: { x: 0, y: 0 }, p2: { x: 0, y: 80 }, thickness: 100, length: 80, layers: ['A-WALL'],
      openings: [{ id: 'w1', kind: 'window', blockName: 'WIN', layer: 'A-GLAZ', center: { x: 0, y: 40 }, offset: 40, width: 60 }],
      junctions: [],
    },
  ],
  unhostedOpenings: [{ id: 'd2', kind: 'door', blockName: 'D\u{1F6AA}', layer: 'A-DOOR', center: { x: 5000.5555, y: -2.0004 }, width: 800.06 }],
  unjoinedEnds: [],
};
const source = { fileName: 'plan "1".json', units: 'mm', layers: ['A-WALL'], generator: 'test' };

const expected = {
  type: 'BIMJSON', version: '1.0', units: 'mm', source,
  features: [
    { type: 'Feature', id: 'd1', geometry: { type: 'Point', coordinates: [1500, 1000.1] }, properties: { category: 'door', width_mm: 900, host_wall_id: 'W-a', offset_mm: 1500, block_name: 'DOOR_900', layer: 'A-DOOR' } },
    {
      type: 'Feature', id: 'W-a', geometry: { type: 'LineString', coordinates: [[0, 1000.123], [3000, 1000.123]] },
      properties: { category: 'wall', thickness_mm: 123.5, thickness_cm: 12.35, length_mm: 3000.4, layer: 'A-WALL, Wände "innen"', hosted: ['d1'], junctions: [{ kind: 'T', wall: 'W-b' }] },
    },
    // W-b is shorter than 100 mm: not exported, its window is, without a host.
    { type: 'Feature', id: 'w1', geometry: { type: 'Point', coordinates: [0, 40] }, properties: { category: 'window', width_mm: 60, host_wall_id: null, offset_mm: null, block_name: 'WIN', layer: 'A-GLAZ' } },
    { type: 'Feature', id: 'd2', geometry: { type: 'Point', coordinates: [5000.556, -2] }, properties: { category: 'door', width_mm: 800.1, host_wall_id: null, block_name: 'D\u{1F6AA}', layer: 'A-DOOR' } },
  ],
};

describe('BIMJSON writer', () => {
  it('writes what JSON.stringify writes for the features', () => {
    const text = new TextDecoder().decode(writeBimJson(new JsonWriter().reset(), model, source, 100).view());
    expect(text).toBe(JSON.stringify(expected));
    expect(toBimJson(model, source, 100)).toEqual(expected);
    expect(exportedWallCount(model, 100)).toBe(1);
  });
});
