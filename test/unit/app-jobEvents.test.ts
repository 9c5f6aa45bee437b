import { describe, expect, it } from 'vitest';
import { createJobEventHooks } from '../../workers/jobEvents';
import type { JobEvent } from '../../workers/protocol';

function collector() {
  const batches: JobEvent[][] = [];
  let time = 0;
  const events = createJobEventHooks((batch) => batches.push(batch), 100, () => time);
  return { batches, events, advance: (ms: number) => (time += ms) };
}

describe('job events from the worker', () => {
  it('sends step boundaries at once and batches logs and progress in between', () => {
    const { batches, events, advance } = collector();
    events.hooks.onStepStart!('EXTRACT', 0, 13);
    events.hooks.onLog!('info', 'one');
    events.hooks.onProgress!('EXTRACT', 0.2);
    events.hooks.onProgress!('EXTRACT', 0.4);
    expect(batches).toHaveLength(1);
    advance(150);
    events.hooks.onLog!('debug', 'two', 'EXTRACT');
    expect(batches).toHaveLength(2);
    expect(batches[1]!.map((e) => e.type)).toEqual(['log', 'progress', 'log']);
    expect(batches[1]![1]).toMatchObject({ type: 'progress', index: 0, total: 13, fraction: 0.4 });
    expect(events.currentStep).toBe('EXTRACT');
  });

  it('closes the run with everything pending and the end marker', () => {
    const { batches, events } = collector();
    events.hooks.onStepStart!('EXTRACT', 0, 13);
    events.hooks.onLog!('warn', 'late');
    events.end();
    expect(batches.at(-1)!.map((e) => e.type)).toEqual(['log', 'end']);
  });
});
