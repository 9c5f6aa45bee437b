/**
 * Reads DWG files in a dedicated Web Worker (workers/dwg.worker.ts), from inside the pipeline worker, so that both
 * imports and job runs use it. The worker starts with the first DWG (that is when LibreDWG's WASM loads) and is
 * kept for the next ones until it has been idle for a while. If it crashes (an uncaught error, an out-of-memory, a message it cannot send), the
 * import in progress fails with one sentence naming the file, the worker is terminated, and the next DWG starts a
 * fresh one; the pipeline worker, the page and the stored drawings are untouched. A read that never ends (a parser
 * looping in a damaged file) is stopped the same way after a time that grows with the file's size.
 */
import * as Comlink from 'comlink';
import type { Drawing } from '../src/core/model';
import type { CadImportOptions } from '../src/import/cadModel';
import { DrawingImportError, type ImportFailure } from '../src/import/errors';
import type { DwgReader } from '../src/import/readDrawing';

export type DwgReadResult = { drawing: Drawing } | { failure: ImportFailure; problem: string };

export interface DwgWorkerApi {
  /** Reads a DWG; a bad file answers with the importer's failure (rebuilt as a DrawingImportError here). */
  read(bytes: Uint8Array, fileName: string, options: CadImportOptions, simulateCrash?: boolean): Promise<DwgReadResult>;
}

/** What the reader needs of a Worker (a fake in unit tests). */
export interface DwgWorkerLike extends Comlink.Endpoint {
  terminate(): void;
}

export interface DwgWorkerReader extends DwgReader {
  /** Workers started so far (a crash shows as a new one on the next read). */
  readonly started: number;
  /** Stops the current worker, if any (the next read starts a new one). */
  terminate(): void;
}

export interface DwgWorkerReaderOptions {
  /**
   * An idle worker is stopped after this many ms, which gives back the memory of its WASM instance (it only grows
   * while reading a large file); the next DWG starts a new one. Default: kept until a crash.
   */
  idleTimeoutMs?: number;
  /** Test hook: the first worker crashes on its first read (see src/app/jobs/simulatedDwgCrash.ts). */
  simulateCrashOnce?: boolean;
  /**
   * A read still running after this long (ms, by file size) is taken for a parser stuck in a damaged file: the
   * worker is stopped and that import fails. Default: readTimeoutMs below.
   */
  readTimeoutMs?: (byteLength: number) => number;
}

/** One minute, plus 10 s per MB: LibreDWG reads a 2 MB plan in 1–4 s on a loaded 2-core machine. */
export function readTimeoutMs(byteLength: number): number {
  return 60_000 + (byteLength / 1e6) * 10_000;
}

interface Running {
  worker: DwgWorkerLike;
  remote: Comlink.Remote<DwgWorkerApi>;
  /** Rejects when the worker dies. */
  died: Promise<never>;
  kill: (reason: Error) => void;
  dead: boolean;
}

export const CRASH_PROBLEM =
  'the DWG reader crashed while reading it (the file may be damaged, or too large for the memory available); nothing else was affected';

export const timeoutProblem = (ms: number) =>
  `the DWG reader did not finish within ${Math.round(ms / 1000)} s (the file may be damaged), so it was stopped; nothing else was affected`;

export function createDwgWorkerReader(spawn: () => DwgWorkerLike, options: DwgWorkerReaderOptions = {}): DwgWorkerReader {
  let current: Running | null = null;
  let started = 0;
  let crashNext = options.simulateCrashOnce === true;
  let reading = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  function stop(running: Running, reason: string) {
    if (running.dead) return;
    running.dead = true;
    if (current === running) current = null;
    running.worker.terminate();
    running.kill(new Error(reason));
  }

  function start(): Running {
    const worker = spawn();
    started++;
    let kill!: (error: Error) => void;
    const died = new Promise<never>((_, reject) => (kill = reject));
    died.catch(() => undefined); // observed by the read in progress, if any
    const running: Running = { worker, remote: Comlink.wrap<DwgWorkerApi>(worker), died, dead: false, kill };
    worker.addEventListener('error', (event) => {
      // Handled here: left alone, the error would also count as an uncaught error of the pipeline worker itself.
      event.preventDefault();
      stop(running, (event as ErrorEvent).message || 'the DWG worker crashed');
    });
    worker.addEventListener('messageerror', () => stop(running, 'the DWG worker sent a message that could not be read'));
    current = running;
    return running;
  }

  const read = async (bytes: Uint8Array, fileName: string, cadOptions: CadImportOptions): Promise<Drawing> => {
    clearTimeout(idleTimer);
    reading++;
    try {
      return await readIn(current ?? start(), bytes, fileName, cadOptions);
    } finally {
      reading--;
      if (reading === 0 && current && options.idleTimeoutMs !== undefined) {
        const idle = current;
        idleTimer = setTimeout(() => stop(idle, 'the DWG worker was idle'), options.idleTimeoutMs);
      }
    }
  };

  const readIn = async (running: Running, bytes: Uint8Array, fileName: string, cadOptions: CadImportOptions): Promise<Drawing> => {
    const simulateCrash = crashNext;
    crashNext = false;
    // The bytes are not needed here afterwards: move them rather than copy them.
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    const sent = whole ? Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]) : bytes.slice();
    let result: DwgReadResult;
    const limitMs = (options.readTimeoutMs ?? readTimeoutMs)(bytes.byteLength);
    let timedOut = false;
    const watchdog = setTimeout(() => {
      timedOut = true;
      stop(running, 'the DWG reader took too long');
    }, limitMs);
    try {
      result = await Promise.race([running.remote.read(sent, fileName, cadOptions, simulateCrash), running.died]);
    } catch (error) {
      if (timedOut) throw new DrawingImportError(fileName, 'reader-crashed', timeoutProblem(limitMs));
      if (running.dead) throw new DrawingImportError(fileName, 'reader-crashed', CRASH_PROBLEM);
      // Not an import failure and not a crash: a bug in the worker. It may be in a bad state, so replace it.
      stop(running, 'the DWG worker failed');
      throw new DrawingImportError(fileName, 'structure', `the DWG reader failed on this file (${describeError(error)})`);
    } finally {
      clearTimeout(watchdog);
    }
    if ('drawing' in result) return result.drawing;
    throw new DrawingImportError(fileName, result.failure, result.problem);
  };

  return Object.defineProperties(read as DwgWorkerReader, {
    started: { get: () => started },
    terminate: {
      value: () => {
        clearTimeout(idleTimer);
        if (current) stop(current, 'the DWG worker was stopped');
      },
    },
  });
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0];
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}
