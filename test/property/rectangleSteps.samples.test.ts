// LOGIC_E, LOGIC_F and WALLS equal their all-pairs oracles (SPEC §4) on the sample drawings, each step on the
// input the pipeline hands it. Campus is the largest sample: about 2 s of all-pairs searches.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildLayerInventory, detectUnits, suggestedLayers } from '../../src/core';
import { indexSegments } from '../../src/core/segments';
import { mergeBands } from '../../src/core/steps/mergeBands';
import { joinCorners } from '../../src/core/steps/joinCorners';
import { indexRects } from '../../src/core/steps/assignOpenings';
import { buildWalls } from '../../src/core/steps/buildWalls';
import { searchOf } from '../../src/core/geometry/searchInto';
import { importDrawing } from '../../src/import';
import { allPairsBuildWalls, allPairsJoinCorners, allPairsMergeBands, rectangleStepInputs, rulesFor } from '../oracle/allPairs';

for (const name of ['apartment', 'office-floor', 'rotated', 'campus']) {
  it(`on the ${name} sample: LOGIC_E, LOGIC_F and WALLS equal their all-pairs oracles`, () => {
    const d = importDrawing(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url)), `${name}.json`);
    const { set, rectsD, rectsE, rectsF, assignments, bridges } = rectangleStepInputs(d, suggestedLayers(buildLayerInventory(d)), detectUnits(d).units);
    const r = rulesFor();
    expect(rectsF.count).toBeGreaterThan(20);
    expect(mergeBands(rectsD, set, searchOf(indexSegments(set)), r.band)).toEqual(allPairsMergeBands(rectsD, set, r.band));
    expect(joinCorners(rectsE, r.junction)).toEqual(allPairsJoinCorners(rectsE, r.junction));
    expect(buildWalls(rectsF, searchOf(indexRects(rectsF)), assignments, bridges, r.walls)).toEqual(allPairsBuildWalls(rectsF, assignments, bridges, r.walls));
  });
}
