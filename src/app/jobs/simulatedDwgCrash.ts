/**
 * Test hook, compiled in but inert: only a page opened with `?simulateDwgCrash=once` installs it. Its pipeline
 * workers are then named so that their DWG worker (workers/dwgReader.ts) crashes on the first DWG it reads, with
 * an uncaught error as a WASM trap or an out-of-memory would give; the next DWG gets a new DWG worker. The
 * end-to-end test checks that the import fails with one sentence and that earlier drawings stay
 * (test/e2e/dwg.spec.ts).
 */
import { SIMULATE_DWG_CRASH_NAME } from '../../../workers/protocol';

export function pipelineWorkerName(): string {
  if (typeof location === 'undefined') return 'bimbot-pipeline';
  if (new URLSearchParams(location.search).get('simulateDwgCrash') !== 'once') return 'bimbot-pipeline';
  console.warn('simulateDwgCrash: the first DWG read by each pipeline worker crashes its DWG worker in this page.');
  return SIMULATE_DWG_CRASH_NAME;
}
