import { STEP_NAMES, type PipelineHooks, type StepName } from '../src/core/pipelineTypes';
import type { JobEvent, JobEventSink } from './protocol';

/**
 * Turns pipeline hooks into batched events for the page. The pipeline is synchronous, so posting is the only
 * way anything leaves the worker while it runs: step boundaries go out at once, progress and logs at most every
 * `intervalMs`, and only the latest progress of a batch is kept.
 */
export function createJobEventHooks(send: JobEventSink, intervalMs = 100, now = () => performance.now()) {
  let pending: JobEvent[] = [];
  let lastSent = Number.NEGATIVE_INFINITY;

  function flush() {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    lastSent = now();
    send(batch);
  }

  function push(event: JobEvent, urgent: boolean) {
    if (event.type === 'progress') pending = pending.filter((e) => e.type !== 'progress');
    pending.push(event);
    if (urgent || now() - lastSent >= intervalMs) flush();
  }

  let currentStep: StepName | null = null;
  const hooks: PipelineHooks = {
    onStepStart: (step, index, total) => {
      currentStep = step;
      push({ type: 'stepStart', step, index, total }, true);
    },
    onStepEnd: (record, index, total) => push({ type: 'stepEnd', record, index, total }, true),
    onProgress: (step, fraction) =>
      push({ type: 'progress', step, index: STEP_NAMES.indexOf(step), total: STEP_NAMES.length, fraction }, false),
    onLog: (level, message, step) => push({ type: 'log', level, message, step: step ?? null, time: Date.now() }, false),
    // No heap metric here: Chromium's performance.memory exists on pages but not in workers (checked in
    // Chromium 156), and no other browser has one; the CLI reports heap_used_mb.
  };
  /** Sends everything still pending, closed by the end marker. */
  const end = () => push({ type: 'end' }, true);
  return {
    hooks,
    end,
    /** The step that started last: the one that failed when the pipeline throws. */
    get currentStep() {
      return currentStep;
    },
  };
}
