import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { importDwg } from '../../src/import/dwg';
import { DrawingImportError } from '../../src/import/errors';
import { importDrawingWith } from '../../src/import/readDrawing';
import { CRASH_PROBLEM, createDwgWorkerReader, readTimeoutMs, timeoutProblem, type DwgWorkerApi } from '../../workers/dwgReader';
import { dwgWorkerApi } from '../../workers/dwgWorkerApi';

// The DWG reader of the pipeline worker (issue 6: DWG in its own Web Worker). A Web Worker is played by a
// MessageChannel whose far end serves the DWG worker's real API (LibreDWG in WASM) or one that never answers.

const REAL = join(__dirname, '../fixtures/real');
const example = () => new Uint8Array(readFileSync(join(REAL, 'libredwg_example_2018.dwg')));

class FakeWorker extends EventTarget {
  static all: FakeWorker[] = [];
  readonly port: MessagePort;
  terminated = false;
  constructor(api: DwgWorkerApi) {
    super();
    const channel = new MessageChannel();
    Comlink.expose(api, channel.port2);
    this.port = channel.port1;
    FakeWorker.all.push(this);
  }
  postMessage(message: unknown, transfer: Transferable[] = []) {
    this.port.postMessage(message, transfer);
  }
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean) {
    if (type === 'message') {
      this.port.addEventListener('message', listener as EventListener);
      this.port.start();
    } else super.addEventListener(type, listener, options);
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    if (type === 'message') this.port.removeEventListener('message', listener as EventListener);
    else super.removeEventListener(type, listener);
  }
  terminate() {
    this.terminated = true;
    this.port.close();
  }
  /** What a Worker object sees when its worker dies of an uncaught error or an out-of-memory. */
  crash(message: string): Event {
    const event = Object.assign(new Event('error', { cancelable: true }), { message });
    this.dispatchEvent(event);
    return event;
  }
}

/** An API that records its calls and never answers, like a worker stuck in (or killed during) a read. */
function silentApi(calls: boolean[]): DwgWorkerApi {
  return {
    read: (_bytes, _name, _options, simulateCrash = false) => {
      calls.push(simulateCrash);
      return new Promise(() => undefined);
    },
  };
}

async function rejection(run: () => Promise<unknown>): Promise<DrawingImportError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(DrawingImportError);
    return error as DrawingImportError;
  }
  throw new Error('expected a rejection');
}

function expectOneSentence(error: Error, fileName: string) {
  expect(error.message.startsWith(`${fileName}: `)).toBe(true);
  expect(error.message).toMatch(/\.$/);
  expect(error.message.slice(0, -1)).not.toMatch(/[.!?]\s/);
  expect(error.message).not.toContain('\n');
}

describe('DWG in its own worker', () => {
  it('starts no worker before the first DWG, and the drawing it returns equals the one read in this thread', async () => {
    const spawned: FakeWorker[] = [];
    const read = createDwgWorkerReader(() => {
      const worker = new FakeWorker(dwgWorkerApi);
      spawned.push(worker);
      return worker;
    });
    // A JSON file and a file that is only named .dwg never start it.
    await importDrawingWith(read, new TextEncoder().encode('{"Layers":[]}'), 'plan.json').catch(() => undefined);
    const notDwg = await rejection(() => importDrawingWith(read, new TextEncoder().encode('hello, world'), 'notes.dwg'));
    expect(notDwg.message).toContain('is not a DWG drawing');
    expect(read.started).toBe(0);

    const viaWorker = await importDrawingWith(read, example(), 'example.dwg');
    expect(read.started).toBe(1);
    expect(viaWorker).toEqual(await importDwg(example(), 'example.dwg'));
    // The worker stays for the next DWG.
    await importDrawingWith(read, example(), 'again.dwg');
    expect(read.started).toBe(1);
    read.terminate();
    expect(spawned[0]!.terminated).toBe(true);
  });

  it('a damaged DWG fails with the importer\'s own sentence, and the worker keeps serving', async () => {
    const read = createDwgWorkerReader(() => new FakeWorker(dwgWorkerApi));
    const cut = example().subarray(0, 20_000).slice();
    const error = await rejection(() => importDrawingWith(read, cut, 'cut.dwg'));
    const inThread = await rejection(() => importDwg(example().subarray(0, 20_000), 'cut.dwg'));
    expect(error.message).toBe(inThread.message);
    expect(error.failure).toBe('structure');
    expectOneSentence(error, 'cut.dwg');
    expect((await importDrawingWith(read, example(), 'good.dwg')).layers.length).toBe(3);
    expect(read.started).toBe(1);
    read.terminate();
  });

  it('a crash of the worker fails that import with one sentence naming the file; the next DWG gets a new worker', async () => {
    const calls: boolean[] = [];
    let spawned = 0;
    const read = createDwgWorkerReader(() => new FakeWorker(spawned++ === 0 ? silentApi(calls) : dwgWorkerApi));
    const pending = importDrawingWith(read, example(), 'big plan.dwg');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const crashed = FakeWorker.all.at(-1)!;
    const event = crashed.crash('Out of memory');
    const error = await rejection(() => pending);
    expect(error.message).toBe(`big plan.dwg: ${CRASH_PROBLEM}.`);
    expect(error.failure).toBe('reader-crashed');
    expectOneSentence(error, 'big plan.dwg');
    // Handled: the crash is not passed on as an uncaught error of the pipeline worker; the dead worker is gone.
    expect(event.defaultPrevented).toBe(true);
    expect(crashed.terminated).toBe(true);

    expect((await importDrawingWith(read, example(), 'example.dwg')).layers.length).toBe(3);
    expect(read.started).toBe(2);
    expect(calls).toEqual([false]);
    read.terminate();
  });

  it('a read that never ends is stopped after the time limit and fails with one sentence; the next DWG gets a new worker', async () => {
    const calls: boolean[] = [];
    let spawned = 0;
    let reads = 0;
    // The stuck first read gets 80 ms; the real read after it the default limit.
    const limit = (bytes: number) => (reads++ === 0 ? 80 : readTimeoutMs(bytes));
    const read = createDwgWorkerReader(() => new FakeWorker(spawned++ === 0 ? silentApi(calls) : dwgWorkerApi), { readTimeoutMs: limit });
    const error = await rejection(() => importDrawingWith(read, example(), 'stuck.dwg'));
    expect(error.message).toBe(`stuck.dwg: ${timeoutProblem(80)}.`);
    expectOneSentence(error, 'stuck.dwg');
    expect(FakeWorker.all.at(-1)!.terminated).toBe(true);
    expect((await importDrawingWith(read, example(), 'example.dwg')).layers.length).toBe(3);
    expect(read.started).toBe(2);
    read.terminate();
    // The default grows with the file: a minute, plus 10 s per MB.
    expect([0, 2e6, 50e6].map(readTimeoutMs)).toEqual([60_000, 80_000, 560_000]);
  });

  it('the test hook crashes the first read only', async () => {
    const calls: boolean[] = [];
    const read = createDwgWorkerReader(() => new FakeWorker(silentApi(calls)), { simulateCrashOnce: true });
    const first = importDrawingWith(read, example(), 'a.dwg');
    await new Promise((resolve) => setTimeout(resolve, 20));
    FakeWorker.all.at(-1)!.crash('simulated crash of the DWG reader');
    expect((await rejection(() => first)).failure).toBe('reader-crashed');
    const second = importDrawingWith(read, example(), 'b.dwg');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toEqual([true, false]);
    read.terminate();
    await expect(second).rejects.toThrow('b.dwg: ');
  });

  it('an idle worker is stopped after the idle timeout, and the next DWG starts a new one', async () => {
    const spawned: FakeWorker[] = [];
    const read = createDwgWorkerReader(
      () => {
        const worker = new FakeWorker(dwgWorkerApi);
        spawned.push(worker);
        return worker;
      },
      { idleTimeoutMs: 50 },
    );
    // Two reads at once share the worker; the timer only runs once both are done.
    await Promise.all([importDrawingWith(read, example(), 'a.dwg'), importDrawingWith(read, example(), 'b.dwg')]);
    expect(spawned).toHaveLength(1);
    expect(spawned[0]!.terminated).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(spawned[0]!.terminated).toBe(true);
    expect((await importDrawingWith(read, example(), 'c.dwg')).layers.length).toBe(3);
    expect(read.started).toBe(2);
    read.terminate();
  });
});
