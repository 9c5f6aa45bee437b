/** Backup, restore and reset as the pages run them: this tab's queue is stopped before the store is replaced. */
import { BackupError, createBackup, restoreBackup, wipeAllData, type RestoreSummary } from '../../db/backup';
import { db } from '../../db/schema';
import { jobQueue } from '../jobs/jobQueue';
import { toolsWorker } from '../jobs/pipelineWorker';
import { downloadArchive, fileStamp } from './archive';

/** Cancels unfinished jobs, so no worker writes into a store that is being replaced. */
async function stopUnfinishedJobs(): Promise<void> {
  const unfinished = await db.jobs.where('status').anyOf('pending', 'running').primaryKeys();
  for (const jobId of unfinished) await jobQueue.cancel(jobId);
}

export async function exportBackup(): Promise<{ fileName: string; size: number }> {
  const fileName = `bimbot-backup-${fileStamp()}.zip`;
  const zip = await downloadArchive(await createBackup(), fileName);
  return { fileName, size: zip.size };
}

/** Checks the whole file before stopping anything: a bad backup leaves both the store and the queue as they were. */
export async function restoreFromFile(file: File): Promise<RestoreSummary> {
  const files = await toolsWorker()
    .call((api) => api.unzip(file))
    .catch(() => Promise.reject(BackupError.unreadableArchive()));
  return restoreBackup(files, stopUnfinishedJobs);
}

export async function resetEverything(): Promise<void> {
  await stopUnfinishedJobs();
  await wipeAllData();
}
