/// <reference lib="webworker" />
/**
 * The DWG worker: LibreDWG (WebAssembly) reads one DWG at a time into the drawing model, in a worker of its own
 * (issue 6), started by the pipeline worker when the first DWG is opened (workers/dwgReader.ts). The WASM loads
 * with the first read. A parser crash or an out-of-memory here ends this worker only: that import fails with one
 * sentence, and the next DWG gets a new worker.
 */
import * as Comlink from 'comlink';
import { dwgWorkerApi } from './dwgWorkerApi';

Comlink.expose(dwgWorkerApi);
