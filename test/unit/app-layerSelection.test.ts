import { describe, expect, it } from 'vitest';
import { filterLayers, orderedSelection, toggled, withLayers } from '../../src/app/drawings/layerSelection';

const layers = [
  { name: 'A-WALL', layerClass: 'wall' },
  { name: 'קירות', layerClass: 'wall' },
  { name: 'A-DOOR', layerClass: 'door' },
  { name: '__proto__', layerClass: 'other' },
  { name: 'constructor', layerClass: 'other' },
];

describe('layer selection', () => {
  it('filters by name or class, case-insensitively', () => {
    expect(filterLayers(layers, 'a-w').map((l) => l.name)).toEqual(['A-WALL']);
    expect(filterLayers(layers, 'WALL').map((l) => l.name)).toEqual(['A-WALL', 'קירות']);
    expect(filterLayers(layers, 'קיר').map((l) => l.name)).toEqual(['קירות']);
    expect(filterLayers(layers, '  ')).toHaveLength(layers.length);
  });

  it('selects all or none of the given layers and leaves the others alone', () => {
    const start = new Set(['A-DOOR']);
    const walls = filterLayers(layers, 'wall');
    expect([...withLayers(start, walls, true)].sort()).toEqual(['A-DOOR', 'A-WALL', 'קירות'].sort());
    expect([...withLayers(new Set(['A-WALL', 'A-DOOR']), walls, false)]).toEqual(['A-DOOR']);
    expect(start).toEqual(new Set(['A-DOOR']));
  });

  it('keeps names like __proto__ as plain values', () => {
    const selected = toggled(toggled(new Set<string>(), '__proto__'), 'constructor');
    expect(selected.has('__proto__')).toBe(true);
    expect(orderedSelection(layers, selected)).toEqual(['__proto__', 'constructor']);
    expect(toggled(selected, '__proto__').has('__proto__')).toBe(false);
  });

  it('stores the selection in the drawing layer order', () => {
    expect(orderedSelection(layers, new Set(['A-DOOR', 'A-WALL']))).toEqual(['A-WALL', 'A-DOOR']);
  });
});
