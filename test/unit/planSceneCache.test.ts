import { describe, expect, it, vi } from 'vitest';
import { cachedPlanScene } from '../../src/app/viewer/planSceneCache';
import type { SceneData } from '../../src/app/viewer/scene';

const scene = (segmentCount: number) => ({ segmentCount }) as SceneData;

describe('cachedPlanScene', () => {
  it('loads a plan once while it stays the last one asked for, and again after another plan', async () => {
    const load = vi.fn(async () => scene(1));
    const first = cachedPlanScene('a:1', load);
    expect(cachedPlanScene('a:1', load)).toBe(first);
    expect(load).toHaveBeenCalledTimes(1);
    expect((await first).segmentCount).toBe(1);
    await cachedPlanScene('b:1', async () => scene(2));
    await cachedPlanScene('a:1', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed load', async () => {
    await expect(cachedPlanScene('c:1', () => Promise.reject(new Error('unreadable')))).rejects.toThrow('unreadable');
    const load = vi.fn(async () => scene(3));
    expect((await cachedPlanScene('c:1', load)).segmentCount).toBe(3);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
