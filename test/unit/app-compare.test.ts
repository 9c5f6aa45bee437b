import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../src/core/params';
import { STEP_NAMES } from '../../src/core/pipelineTypes';
import type { StepRow } from '../../src/db/schema';
import {
  durationRows,
  finalCounts,
  hostedOpenings,
  layerRows,
  metricRows,
  paramDifferences,
} from '../../src/app/compare/compareModel';

function steps(metrics: Partial<Record<(typeof STEP_NAMES)[number], Record<string, number>>>, duration = 5): StepRow[] {
  return STEP_NAMES.map((name, order) => ({
    jobId: 'j',
    name,
    order,
    status: 'completed',
    startedAt: 0,
    endedAt: duration,
    duration_ms: duration,
    metrics: metrics[name] ?? {},
    error: null,
  }));
}

describe('comparing two jobs', () => {
  it('lists only the parameters that differ, a missing value being the default', () => {
    expect(paramDifferences(defaultParams, defaultParams)).toEqual([]);
    const { maxWallThickness: _omitted, ...partial } = defaultParams;
    expect(paramDifferences(defaultParams, partial)).toEqual([]);
    expect(paramDifferences(defaultParams, { ...defaultParams, maxWallThickness: 200 })).toEqual([
      { key: 'maxWallThickness', label: 'Maximum wall thickness (mm)', a: 450, b: 200 },
    ]);
  });

  it('takes the union of the layers, A first, and treats names as plain text', () => {
    expect(layerRows(['A-WALL', '__proto__'], ['A-WALL', 'constructor'])).toEqual([
      { name: 'A-WALL', inA: true, inB: true },
      { name: '__proto__', inA: true, inB: false },
      { name: 'constructor', inA: false, inB: true },
    ]);
  });

  it('pairs every step metric in pipeline order with its difference', () => {
    const rows = metricRows(
      steps({ LOGIC_B: { pairs: 10, segments: 4 }, WALLS: { walls: 10 } }),
      steps({ LOGIC_B: { pairs: 7, segments: 4 }, WALLS: { walls: 6, extra: 1 } }),
    );
    expect(rows.map((r) => [r.step, r.metric, r.a, r.b, r.diff, r.differs])).toEqual([
      ['LOGIC_B', 'pairs', 10, 7, -3, true],
      ['LOGIC_B', 'segments', 4, 4, 0, false],
      ['WALLS', 'walls', 10, 6, -4, true],
      ['WALLS', 'extra', null, 1, null, true],
    ]);
  });

  it('gives durations per step, never flagged', () => {
    const rows = durationRows(steps({}, 5), steps({}, 8));
    expect(rows).toHaveLength(STEP_NAMES.length);
    expect(rows[0]).toMatchObject({ step: 'EXTRACT', a: 5, b: 8, diff: 3, differs: false });
  });

  it('counts hosted doors and windows from walls.json and reads the final WALLS metrics', () => {
    const walls = { walls: [{ openings: [{ kind: 'door' }, { kind: 'window' }] }, { openings: [{ kind: 'door' }] }, {}] };
    expect(hostedOpenings(walls)).toEqual({ doors: 2, windows: 1 });
    expect(hostedOpenings(null)).toBeNull();
    expect(hostedOpenings({ walls: 3 })).toBeNull();

    const a = { steps: steps({ WALLS: { walls: 10, unjoined_ends: 0, total_length_mm: 111900 } }), hosted: { doors: 13, windows: 7 } };
    const b = { steps: steps({ WALLS: { walls: 6, unjoined_ends: 8, total_length_mm: 54900 } }), hosted: null };
    const rows = new Map(finalCounts(a, b).map((r) => [r.label, r]));
    expect(rows.get('Walls')).toMatchObject({ a: 10, b: 6, diff: -4, differs: true });
    expect(rows.get('Unjoined ends')).toMatchObject({ a: 0, b: 8, diff: 8 });
    expect(rows.get('Total wall length (mm)')).toMatchObject({ a: 111900, b: 54900 });
    expect(rows.get('Hosted doors')).toMatchObject({ a: 13, b: null, diff: null });
  });
});
