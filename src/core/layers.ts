import type { Box2, Drawing, Layer, LayerClass, LayerInfo } from './model';
import { emptyBox, growBox } from './geometry/box';
import { lineCount, polylineCount } from './layerGeometry';

// Keywords are matched as case-insensitive substrings (SPEC §3). Window rules run before door rules
// because glazing layers often also contain door-ish codes.
// English, Hebrew, German, French, Spanish, Portuguese (Brazil), Italian, Dutch, Danish, Norwegian, Swedish, Polish.
const WINDOW_KEYWORDS = [
  'window', 'glaz', 'win', 'fenst', 'חלון', 'חלונ', 'fenêtre', 'fenetre', 'ventana', 'janela', 'esquadria', 'finestr',
  'raam', 'kozijn', 'vindue', 'vindu', 'fönster', 'fonster', 'okno', 'okna',
];
const DOOR_KEYWORDS = ['door', 'דלת', 'tür', 'tuer', 'porte', 'puerta', 'porta', 'deur', 'dør', 'doer', 'dörr', 'dorr', 'drzwi', 'a-dr', 'a-open'];
const WALL_KEYWORDS = [
  'wall', 'wand', 'wände', 'waende', 'mauer', 'mur', 'muro', 'muur', 'parede', 'paret', 'væg', 'vaeg', 'vegg', 'vägg', 'vagg',
  'ściana', 'sciana', 'ścian', 'קיר',
];
// A wall layer's hatch, pattern, dimension or annotation sub-layer (AIA "A-WALL-PATT", German "Schraffur",
// "Bemaßung", Portuguese "hachura", "cota", Danish "skravering") holds fill lines that would pair up like wall
// faces, so it is not a wall layer.
const NOT_WALL_MARKERS = ['patt', 'hatch', 'hachur', 'schraf', 'skrav', 'anno', 'dim', 'bemaß', 'bemass', 'cota', 'text', 'tekst', 'iden'];

function containsAny(name: string, keywords: readonly string[]): boolean {
  return keywords.some((k) => name.includes(k));
}

export function classifyLayer(name: string): LayerClass {
  const lower = name.toLocaleLowerCase();
  if (containsAny(lower, WINDOW_KEYWORDS)) return 'window';
  if (containsAny(lower, DOOR_KEYWORDS)) return 'door';
  if (containsAny(lower, WALL_KEYWORDS) && !containsAny(lower, NOT_WALL_MARKERS)) return 'wall';
  return 'other';
}

export function layerBox(layer: Layer): Box2 | null {
  const box = emptyBox();
  // Every point of a line or polyline is x, y, z in its buffer.
  for (const xyz of [layer.lines.xyz, layer.polylines.xyz]) for (let i = 0; i < xyz.length; i += 3) growBox(box, xyz[i], xyz[i + 1]);
  for (const b of layer.blocks) {
    if (b.bbox) {
      growBox(box, b.bbox.minX, b.bbox.minY);
      growBox(box, b.bbox.maxX, b.bbox.maxY);
    } else growBox(box, b.position.x, b.position.y);
  }
  return Number.isFinite(box.minX) ? box : null;
}

export function buildLayerInventory(drawing: Drawing): LayerInfo[] {
  return drawing.layers.map((layer) => ({
    name: layer.name,
    lines: lineCount(layer.lines),
    polylines: polylineCount(layer.polylines),
    blocks: layer.blocks.length,
    otherCounts: layer.otherCounts,
    skipped: layer.skipped,
    bbox: layerBox(layer),
    layerClass: classifyLayer(layer.name),
  }));
}

/** The layers selected by default: every wall layer that has geometry. */
export function suggestedLayers(inventory: LayerInfo[]): string[] {
  return inventory.filter((l) => l.layerClass === 'wall' && l.lines + l.polylines > 0).map((l) => l.name);
}

/** Door and window layers, used for block collection whether or not they are selected. */
export function openingLayers(inventory: LayerInfo[]): { doors: string[]; windows: string[] } {
  return {
    doors: inventory.filter((l) => l.layerClass === 'door').map((l) => l.name),
    windows: inventory.filter((l) => l.layerClass === 'window').map((l) => l.name),
  };
}
