import { afterEach, expect, it, vi } from 'vitest';
import { startPipelineWorker } from '../../src/app/jobs/pipelineWorker';

/** Stands in for a Web Worker that never answers until the test makes it crash. */
class SilentWorker extends EventTarget {
  static last: SilentWorker | null = null;
  terminated = false;
  constructor() {
    super();
    SilentWorker.last = this;
  }
  postMessage() {}
  terminate() {
    this.terminated = true;
  }
  crash(message: string) {
    this.dispatchEvent(Object.assign(new Event('error'), { message }));
  }
}

afterEach(() => vi.unstubAllGlobals());

it('a worker that crashes mid-call fails the call with a clear reason and is marked dead for the pool to replace', async () => {
  vi.stubGlobal('Worker', SilentWorker);
  const worker = startPipelineWorker();
  const call = worker.call((api) => api.ping());
  SilentWorker.last!.crash('Out of memory');
  await expect(call).rejects.toThrow('The pipeline worker crashed (it may have run out of memory): Out of memory');
  expect(worker.dead).toBe(true);
  expect(SilentWorker.last!.terminated).toBe(true);
});

it('a ping to a worker that does not answer times out instead of waiting forever', async () => {
  vi.stubGlobal('Worker', SilentWorker);
  await expect(startPipelineWorker().ping(50)).rejects.toThrow('No answer within 50 ms.');
});
