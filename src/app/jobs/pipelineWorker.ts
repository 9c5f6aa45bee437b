import * as Comlink from 'comlink';
import type { PipelineWorkerApi } from '../../../workers/protocol';

/** One pipeline Web Worker seen from the page. */
export interface PipelineWorker {
  api: Comlink.Remote<PipelineWorkerApi>;
  /** Runs a call to the worker; rejects if the worker crashes or is terminated meanwhile (Comlink alone would wait forever). */
  call<T>(call: (api: Comlink.Remote<PipelineWorkerApi>) => Promise<T>): Promise<T>;
  terminate(reason: Error): void;
  readonly dead: boolean;
}

export function startPipelineWorker(): PipelineWorker {
  const worker = new Worker(new URL('../../../workers/pipeline.worker.ts', import.meta.url), {
    type: 'module',
    name: 'bimbot-pipeline',
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
  worker.addEventListener('error', (event) => {
    terminate(new Error(`The pipeline worker stopped unexpectedly${event.message ? `: ${event.message}` : '.'}`));
  });

  return {
    api,
    call: (call) => Promise.race([call(api), died]),
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
