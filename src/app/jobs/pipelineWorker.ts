import * as Comlink from 'comlink';
import type { PipelineWorkerApi } from '../../../workers/protocol';
import { pipelineWorkerName } from './simulatedDwgCrash';

/** One pipeline Web Worker seen from the page. */
export interface PipelineWorker {
  /** Numbered in start order, so the diagnostics page can tell workers apart and see replacements. */
  readonly id: number;
  api: Comlink.Remote<PipelineWorkerApi>;
  /** Runs a call to the worker; rejects if the worker crashes or is terminated meanwhile (Comlink alone would wait forever). */
  call<T>(call: (api: Comlink.Remote<PipelineWorkerApi>) => Promise<T>): Promise<T>;
  /** Round-trip time of a ping in ms; rejects when the worker does not answer within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<number>;
  terminate(reason: Error): void;
  readonly dead: boolean;
}

let started = 0;

export function startPipelineWorker(): PipelineWorker {
  const worker = new Worker(new URL('../../../workers/pipeline.worker.ts', import.meta.url), {
    type: 'module',
    name: pipelineWorkerName(),
  });
  const api = Comlink.wrap<PipelineWorkerApi>(worker);
  let dead = false;
  let kill!: (reason: Error) => void;
  const died = new Promise<never>((_, reject) => (kill = reject));
  died.catch(() => undefined); // observed through call(); an idle worker's death is not an error by itself

  function terminate(reason: Error) {
    if (dead) return;
    dead = true;
    worker.terminate();
    kill(reason);
  }
  // An uncaught error or a failed allocation ends the worker's usefulness: terminate it so the pool starts a new one.
  worker.addEventListener('error', (event) => {
    const detail = event.message ? `: ${event.message}` : '.';
    terminate(new Error(`The pipeline worker crashed (it may have run out of memory)${detail}`));
  });
  worker.addEventListener('messageerror', () => {
    terminate(new Error('The pipeline worker sent a message the page could not read, so it was stopped.'));
  });

  const call = <T>(run: (remote: Comlink.Remote<PipelineWorkerApi>) => Promise<T>) => Promise.race([run(api), died]);
  return {
    id: ++started,
    api,
    call,
    async ping(timeoutMs = 2000) {
      const start = performance.now();
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`No answer within ${timeoutMs} ms.`)), timeoutMs),
      );
      await Promise.race([call((remote) => remote.ping()), timeout]);
      return performance.now() - start;
    },
    terminate,
    get dead() {
      return dead;
    },
  };
}

let tools: PipelineWorker | null = null;

/** The worker for imports and zips, kept apart from the job pool so an import never waits for a long job. */
export function toolsWorker(): PipelineWorker {
  if (!tools || tools.dead) tools = startPipelineWorker();
  return tools;
}
