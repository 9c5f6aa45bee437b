import * as Comlink from 'comlink';
import { liveQuery } from 'dexie';
import { getDrawing } from '../../db/drawings';
import { describeStorageError } from '../../db/errors';
import { appendLogs, cancelJob, failJob, finishJob, getJob, markJobRunning } from '../../db/jobs';
import { getSetting } from '../../db/settings';
import { db, type DrawingRecord, type JobRecord } from '../../db/schema';
import type { JobOutput } from '../../../workers/protocol';
import { errorMessage } from '../lib/format';
import { withJobLock } from './jobLocks';
import { createJobRecorder } from './jobRecorder';
import { startPipelineWorker, toolsWorker, type PipelineWorker } from './pipelineWorker';
import { defaultPoolSize, effectivePoolSize } from './poolSize';
import { installSimulatedQuotaError } from './simulatedQuotaError';

// Before anything opens the database: middleware must be in place when it opens.
installSimulatedQuotaError(db);

interface Waiting {
  jobId: string;
  /** Ends the job's hold on its Web Lock. */
  release: () => void;
}

interface Running {
  worker: PipelineWorker;
  cancelled: boolean;
}

export interface WorkerPing {
  workerId: number;
  role: 'pool' | 'tools';
  /** Round-trip ms; a worker running a job is busy in synchronous code and is not pinged; silent ones say why. */
  result: { state: 'answered'; ms: number } | { state: 'busy'; jobId: string } | { state: 'silent'; reason: string };
}

export interface PoolStatus {
  size: number;
  running: { jobId: string; workerId: number }[];
  idleWorkerIds: number[];
  waitingJobIds: string[];
  /** Workers that crashed or were terminated (cancel) and were replaced. */
  replaced: number;
}

/** A cancellation asked for in this tab: its store write under way, or done; `at` is when it was asked for. */
export interface Cancellation {
  state: 'saving' | 'saved';
  at: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Drawings up to this size are parsed ahead of a job (see prepareFor): a bigger one would be held twice, by the tools
 * worker and by the pool's, before the user has asked for a job (a 200 MB JSON takes over a gigabyte parsed).
 */
const PREPARE_MAX_BYTES = 64 * 2 ** 20;

/** The longest a queued job waits for its page to show it (a job queued from elsewhere, or in a hidden tab). */
const SHOWN_WITHIN_MS = 1000;

/** Calls `then` once the next frame has been drawn (at once where there are no frames). */
function afterNextFrame(then: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(then, 0));
  else then();
}

function startMessage(job: JobRecord): string {
  const layers = job.selectedLayers.length;
  return `Job started: ${layers} layer${layers === 1 ? '' : 's'} selected, drawing units ${job.units}.`;
}

/**
 * This tab's job queue: jobs wait here until one of a small pool of pipeline workers is free. Cancelling a running
 * job terminates its worker — the synchronous pipeline cannot be interrupted any other way — and the pool starts a
 * fresh one for the next job.
 */
class JobQueue {
  private readonly waiting: Waiting[] = [];
  private readonly running = new Map<string, Running>();
  private readonly idle: PipelineWorker[] = [];
  private poolSize = defaultPoolSize();
  private replaced = 0;
  private readonly listeners = new Set<() => void>();
  /** Counts notifications: a snapshot for views that read several jobs' cancellations at once. */
  private changes = 0;
  /**
   * Cancellations asked for in this tab, by job: 'saving' until the store has the job cancelled, then 'saved'. The
   * job pages show such a job as cancelled at once (its worker is already gone) instead of after the store write and
   * the re-read; a failed write is dropped from here and reported to the caller, so the page shows the stored state.
   */
  private readonly cancellations = new Map<string, Cancellation>();
  /** Jobs queued in this tab whose page has not yet shown them, each with what starts it (see untilShown). */
  private readonly shownWaiters = new Map<string, () => void>();

  constructor() {
    // Follows the setting live, also when another tab changes it; unreadable settings keep the default size.
    liveQuery(() => getSetting('workerPoolSize')).subscribe({
      next: (size) => this.resize(effectivePoolSize(size)),
      error: () => undefined,
    });
  }

  /** Called whenever the pool's status changes (for the diagnostics page). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): PoolStatus {
    return {
      size: this.poolSize,
      running: [...this.running].map(([jobId, run]) => ({ jobId, workerId: run.worker.id })),
      idleWorkerIds: this.idle.filter((w) => !w.dead).map((w) => w.id),
      waitingJobIds: this.waiting.map((w) => w.jobId),
      replaced: this.replaced,
    };
  }

  /**
   * Pings every worker of the pool — starting idle ones up to the pool size, so each slot is tested — and the tools
   * worker. A worker running a job is busy in synchronous code and is reported as such instead.
   */
  async pingWorkers(): Promise<WorkerPing[]> {
    this.dropDeadIdleWorkers();
    while (this.idle.length + this.running.size < this.poolSize) this.idle.push(startPipelineWorker());
    this.notify();
    const ping = async (worker: PipelineWorker, role: WorkerPing['role']): Promise<WorkerPing> => {
      try {
        return { workerId: worker.id, role, result: { state: 'answered', ms: await worker.ping() } };
      } catch (error) {
        return { workerId: worker.id, role, result: { state: 'silent', reason: errorMessage(error) } };
      }
    };
    const busy = [...this.running].map(([jobId, run]): WorkerPing => ({
      workerId: run.worker.id,
      role: 'pool',
      result: { state: 'busy', jobId },
    }));
    const answers = await Promise.all([...this.idle.map((w) => ping(w, 'pool')), ping(toolsWorker(), 'tools')]);
    return [...busy, ...answers];
  }

  /** Changes whenever the pool or a cancellation changes (see subscribe). */
  version(): number {
    return this.changes;
  }

  private notify(): void {
    this.changes++;
    for (const listener of this.listeners) listener();
  }

  private resize(size: number): void {
    this.poolSize = size;
    // Surplus idle workers go now; surplus running ones finish their job and are not reused (see pump).
    while (this.idle.length + this.running.size > size && this.idle.length > 0) {
      this.idle.pop()!.terminate(new Error('The worker pool was made smaller.'));
    }
    this.notify();
    this.pump();
  }

  private dropDeadIdleWorkers(): void {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      if (this.idle[i]!.dead) {
        this.idle.splice(i, 1);
        this.replaced++;
      }
    }
  }

  /** Whether this tab cancelled the job (see `cancellations`); the same object until that changes. */
  cancellation(jobId: string): Cancellation | null {
    return this.cancellations.get(jobId) ?? null;
  }

  /**
   * Resolves once the job's page has shown the job and drawn that frame, or after SHOWN_WITHIN_MS: a job queued by a
   * click starts after the page the click opens. A worker starting up (its code, the drawing) competes with that
   * page's first render for the CPU, and on a two-core machine stretched it 3-4× (20 ms of work took up to 180 ms).
   */
  private untilShown(jobId: string): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.shownWaiters.delete(jobId);
        resolve();
      };
      const timer = setTimeout(done, SHOWN_WITHIN_MS);
      this.shownWaiters.set(jobId, done);
    });
  }

  /** The job page shows this job waiting to start (see untilShown): it starts once this frame is drawn. */
  jobShown(jobId: string): void {
    const done = this.shownWaiters.get(jobId);
    if (done) afterNextFrame(done);
  }

  /** Queues a pending job, unless another tab already holds it. */
  enqueue(jobId: string): void {
    // A job put back to pending (resumed) is no longer the one that was cancelled.
    if (this.cancellations.delete(jobId)) this.notify();
    const shown = this.untilShown(jobId);
    void withJobLock(jobId, async () => {
      await shown;
      await new Promise<void>((release) => {
        this.waiting.push({ jobId, release });
        this.pump();
      });
    });
  }

  /**
   * Readies a pool worker for a job on the drawing while its page is open: started ahead and holding the parsed
   * drawing, it starts the job's steps at once (in a new worker, a 100k-segment drawing took 1.7 s to load before the
   * first step). Only when a worker is free or may be started; the next job takes the last idle worker, this one.
   */
  prepareFor(drawing: Pick<DrawingRecord, 'file' | 'name' | 'contentHash'>): void {
    this.dropDeadIdleWorkers();
    if (drawing.file.size > PREPARE_MAX_BYTES || this.waiting.length > 0) return;
    if (this.idle.length === 0) {
      if (this.running.size >= this.poolSize) return;
      this.idle.push(startPipelineWorker());
      this.notify();
    }
    const worker = this.idle[this.idle.length - 1]!;
    // A failed parse is the job's to report, in its own words.
    worker.call((api) => api.preload(drawing.file, drawing.name, drawing.contentHash)).catch(() => undefined);
  }

  /** Cancels a job wherever it is; a job another tab is running is marked cancelled and its results are ignored. */
  async cancel(jobId: string): Promise<void> {
    const index = this.waiting.findIndex((w) => w.jobId === jobId);
    if (index >= 0) this.waiting.splice(index, 1)[0]!.release();
    // Stop the computation first, then record it: the store write may wait behind the job's queued events.
    const run = this.running.get(jobId);
    if (run) {
      run.cancelled = true;
      run.worker.terminate(new Error('The job was cancelled.'));
    }
    const at = Date.now();
    this.cancellations.set(jobId, { state: 'saving', at });
    this.notify();
    try {
      // False: the job had ended (completed, failed) before the cancellation reached the store; that state stands.
      if (await cancelJob(jobId)) this.cancellations.set(jobId, { state: 'saved', at });
      else this.cancellations.delete(jobId);
    } catch (error) {
      this.cancellations.delete(jobId);
      const stopped = run ? 'The job was stopped, but its' : "The job's";
      throw new Error(`${stopped} cancellation could not be saved: ${describeStorageError(error)}`);
    } finally {
      this.notify();
    }
  }

  private pump(): void {
    this.dropDeadIdleWorkers();
    while (this.running.size < this.poolSize && this.waiting.length > 0) {
      const { jobId, release } = this.waiting.shift()!;
      const run: Running = { worker: this.idle.pop() ?? startPipelineWorker(), cancelled: false };
      this.running.set(jobId, run);
      void this.execute(jobId, run)
        // Only storage can fail outside the run itself; say so on the job rather than lose the error.
        .catch((error: unknown) => failJob(jobId, describeStorageError(error)))
        .catch((error: unknown) => console.error(`Could not record the end of job ${jobId}`, error))
        .finally(() => {
          this.running.delete(jobId);
          // A crashed or cancelled worker is replaced by a fresh one when the next job needs it.
          if (run.worker.dead) this.replaced++;
          else if (this.idle.length + this.running.size < this.poolSize) this.idle.push(run.worker);
          else run.worker.terminate(new Error('The worker pool was made smaller.'));
          release();
          this.pump();
        });
    }
    this.notify();
  }

  private async execute(jobId: string, run: Running): Promise<void> {
    if (!(await markJobRunning(jobId))) return; // cancelled or deleted while waiting
    const job = await getJob(jobId);
    const drawing = job && (await getDrawing(job.drawingId));
    if (!job || !drawing) {
      await failJob(jobId, 'The drawing of this job is no longer stored.');
      return;
    }
    await appendLogs(jobId, [{ level: 'info', message: startMessage(job), step: null, time: Date.now() }]);

    const recorder = createJobRecorder(jobId);
    let output: JobOutput;
    try {
      output = await run.worker.call((api) =>
        api.run(
          {
            file: drawing.file,
            fileName: drawing.name,
            contentHash: drawing.contentHash,
            selectedLayers: job.selectedLayers,
            units: job.units,
            params: job.params,
            region: job.region ?? null,
          },
          Comlink.proxy(recorder.receive),
        ),
      );
      await recorder.drained;
    } catch (error) {
      if (run.cancelled) return;
      // Let the last events (logs of the failing step) land first, unless the worker died before sending them.
      await Promise.race([recorder.drained, sleep(1000)]);
      await failJob(jobId, errorMessage(error));
      return;
    }
    try {
      await finishJob(jobId, output.steps, output.artifacts);
    } catch (error) {
      await failJob(jobId, describeStorageError(error));
    }
  }
}

export const jobQueue = new JobQueue();
