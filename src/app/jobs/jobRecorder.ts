import { appendLogs, recordProgress, recordStepEnd, recordStepStart, type NewLog } from '../../db/jobs';
import type { JobEvent } from '../../../workers/protocol';

/**
 * Writes a running job's events into IndexedDB, in the order they were sent. The pages only read the store,
 * so this is the one place that turns worker messages into what the user sees.
 */
export function createJobRecorder(jobId: string) {
  let writes: Promise<void> = Promise.resolve();
  let endReceived!: () => void;
  const ended = new Promise<void>((resolve) => (endReceived = resolve));

  async function apply(events: readonly JobEvent[]) {
    let logs: NewLog[] = [];
    const writeLogs = async () => {
      await appendLogs(jobId, logs);
      logs = [];
    };
    for (const event of events) {
      if (event.type === 'log') {
        logs.push({ level: event.level, message: event.message, step: event.step, time: event.time });
        continue;
      }
      await writeLogs();
      if (event.type === 'stepStart') await recordStepStart(jobId, event.index, event.total);
      else if (event.type === 'stepEnd') await recordStepEnd(jobId, event.record, event.index, event.total);
      else if (event.type === 'progress') await recordProgress(jobId, event.index, event.total, event.fraction);
      else endReceived();
    }
    await writeLogs();
  }

  return {
    /** Called (through Comlink) by the worker with each batch of events. */
    receive(events: JobEvent[]) {
      writes = writes.then(() => apply(events)).catch((error: unknown) => console.error('Could not record job events', error));
    },
    /** Resolves once the end marker arrived and every event before it is written. */
    drained: ended.then(() => writes),
  };
}
