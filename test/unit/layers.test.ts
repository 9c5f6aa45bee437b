// Layer classes from names (SPEC §3) in the languages and layer standards real drawings use.
import { describe, expect, it } from 'vitest';
import { classifyLayer } from '../../src/core';

describe('classifyLayer', () => {
  it.each([
    ['A-WALL', 'wall'], ['S-WALL', 'wall'], ['A-WALL-FULL', 'wall'], ['Walls', 'wall'], ['WALLS-EXT', 'wall'],
    ['A_Wände', 'wall'], ['Innenwand', 'wall'], ['Mauerwerk', 'wall'], ['MURS', 'wall'], ['muros', 'wall'], ['A-Muur', 'wall'],
    ['ARQ-PAREDE', 'wall'], ['PARETI', 'wall'], ['A-Vægge', 'wall'], ['Vegger', 'wall'], ['Väggar', 'wall'], ['Ściany', 'wall'], ['קירות', 'wall'],
    ['A-DOOR', 'door'], ['Türen', 'door'], ['PORTES', 'door'], ['ARQ-PORTA', 'door'], ['Deuren', 'door'], ['A-Døre', 'door'], ['Dörrar', 'door'], ['Drzwi', 'door'],
    ['A-GLAZ', 'window'], ['Fenster', 'window'], ['ARQ-JANELA', 'window'], ['ESQUADRIAS', 'window'], ['Finestre', 'window'], ['Kozijnen', 'window'],
    ['A-Vinduer', 'window'], ['Fönster', 'window'], ['Okna', 'window'], ['חלונות', 'window'], ['דלתות', 'door'],
    ['A-WALL-PATT', 'other'], ['Wand-Schraffur', 'other'], ['Wand Bemaßung', 'other'], ['PAREDE-HACHURA', 'other'], ['ARQ-PAREDE-COTA', 'other'],
    ['Væg skravering', 'other'], ['A-FURN', 'other'], ['0', 'other'], ['Defpoints', 'other'],
  ])('%s is a %s layer', (name, expected) => {
    expect(classifyLayer(name)).toBe(expected);
  });
});
