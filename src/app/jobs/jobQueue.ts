import * as Comlink from 'comlink';
import { getDrawing } from '../../db/drawings';
import { describeStorageError } from '../../db/errors';
import { appendLogs, cancelJob, failJob, finishJob, getJob, markJobRunning } from '../../db/jobs';
import { getSetting } from '../../db/settings';
import type { JobRecord } from '../../db/schema';
import type { JobOutput } from '../../../workers/protocol';
import { errorMessage } from '../lib/format';
import { withJobLock } from './jobLocks';
import { createJobRecorder } from './jobRecorder';
import { startPipelineWorker, type PipelineWorker } from './pipelineWorker';

/** SPEC §6: logical cores − 1, at least 1, at most 4 — the page keeps a core for itself. */
function defaultPoolSize(): number {
  return Math.min(4, Math.max(1, (navigator.hardwareConcurrency || 2) - 1));
}

interface Waiting {
  jobId: string;
  /** Ends the job's hold on its Web Lock. */
  release: () => void;
}

interface Running {
  worker: PipelineWorker;
  cancelled: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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

  constructor() {
    getSetting('workerPoolSize')
      .then((size) => {
        if (size !== null && size >= 1) this.poolSize = size;
      })
      .catch(() => undefined); // unreadable settings: keep the default size
  }

  /** Queues a pending job, unless another tab already holds it. */
  enqueue(jobId: string): void {
    void withJobLock(
      jobId,
      () =>
        new Promise<void>((release) => {
          this.waiting.push({ jobId, release });
          this.pump();
        }),
    );
  }

  /** Cancels a job wherever it is; a job another tab is running is marked cancelled and its results are ignored. */
  async cancel(jobId: string): Promise<void> {
    const index = this.waiting.findIndex((w) => w.jobId === jobId);
    if (index >= 0) this.waiting.splice(index, 1)[0]!.release();
    await cancelJob(jobId);
    const run = this.running.get(jobId);
    if (run) {
      run.cancelled = true;
      run.worker.terminate(new Error('The job was cancelled.'));
    }
  }

  private pump(): void {
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
          if (!run.worker.dead) this.idle.push(run.worker);
          release();
          this.pump();
        });
    }
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
