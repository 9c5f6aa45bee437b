/** What the DWG worker (workers/dwg.worker.ts) exposes; apart from it so that unit tests can serve it over a MessageChannel. */
import { DrawingImportError } from '../src/import/errors';
import { importDwg } from '../src/import/dwg';
import type { DwgReadResult, DwgWorkerApi } from './dwgReader';

export const dwgWorkerApi: DwgWorkerApi = {
  async read(bytes, fileName, options, simulateCrash = false) {
    if (simulateCrash) {
      // Test hook (?simulateDwgCrash=once, src/app/jobs/simulatedDwgCrash.ts): an uncaught error, as a WASM trap
      // outside any call would raise, and no answer.
      setTimeout(() => {
        throw new Error('simulated crash of the DWG reader');
      });
      return new Promise<DwgReadResult>(() => undefined);
    }
    try {
      return { drawing: await importDwg(bytes, fileName, options) };
    } catch (error) {
      if (error instanceof DrawingImportError) return { failure: error.failure, problem: error.problem };
      throw error;
    }
  },
};
