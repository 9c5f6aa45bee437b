/** How much the store holds, per drawing and in total, and how to free some of it (SPEC §6 "Limits"). */
import { db, type JobStatus } from './schema';
import { deleteJobRows } from './jobRows';

export interface BrowserStorage {
  /** Bytes this site uses and may use, as the browser estimates them; null when the API is missing. */
  usage: number | null;
  quota: number | null;
  /** Whether the browser promised not to evict this site's data; null when it cannot say. */
  persisted: boolean | null;
}

function storageManager(): StorageManager | null {
  return typeof navigator !== 'undefined' && navigator.storage ? navigator.storage : null;
}

export async function browserStorage(): Promise<BrowserStorage> {
  const manager = storageManager();
  const estimate = manager?.estimate ? await manager.estimate() : {};
  const persisted = manager?.persisted ? await manager.persisted() : null;
  return { usage: estimate.usage ?? null, quota: estimate.quota ?? null, persisted };
}

/** Asks the browser to keep this site's data under storage pressure; resolves to whether it agreed. */
export async function requestPersistentStorage(): Promise<boolean | null> {
  const manager = storageManager();
  return manager?.persist ? manager.persist() : null;
}

export interface DrawingUsage {
  drawingId: string;
  name: string;
  fileBytes: number;
  artifactBytes: number;
  jobCount: number;
}

export interface StoreUsage {
  drawings: DrawingUsage[];
  totalFileBytes: number;
  totalArtifactBytes: number;
  /** Artifacts of jobs (or drawings) no longer stored: the integrity check cleans them. */
  orphanArtifactBytes: number;
  /** Finished jobs older than the newest one of their drawing, and the artifact bytes deleting them frees. */
  oldJobCount: number;
  oldJobBytes: number;
}

const FINISHED: readonly JobStatus[] = ['completed', 'failed', 'cancelled', 'interrupted'];

/** Finished jobs that are not the newest job of their drawing: what "Delete old jobs" removes. */
async function oldJobIds(): Promise<string[]> {
  const jobs = await db.jobs.orderBy('createdAt').reverse().toArray();
  const newestSeen = new Set<string>();
  const old: string[] = [];
  for (const job of jobs) {
    if (!newestSeen.has(job.drawingId)) newestSeen.add(job.drawingId);
    else if (FINISHED.includes(job.status)) old.push(job.id);
  }
  return old;
}

/** Sizes come from the records (the Blobs are not read), so this stays quick on a large store. */
export async function storeUsage(): Promise<StoreUsage> {
  return db.transaction('r', db.drawings, db.jobs, db.artifacts, async () => {
    const jobs = await db.jobs.toArray();
    const drawingOfJob = new Map(jobs.map((job) => [job.id, job.drawingId]));
    const usage = new Map<string, DrawingUsage>();
    await db.drawings.each((d) => {
      usage.set(d.id, { drawingId: d.id, name: d.name, fileBytes: d.size, artifactBytes: 0, jobCount: 0 });
    });
    for (const job of jobs) {
      const entry = usage.get(job.drawingId);
      if (entry) entry.jobCount++;
    }
    const artifactBytesOfJob = new Map<string, number>();
    let orphanArtifactBytes = 0;
    await db.artifacts.each((a) => {
      artifactBytesOfJob.set(a.jobId, (artifactBytesOfJob.get(a.jobId) ?? 0) + a.size);
      const entry = usage.get(drawingOfJob.get(a.jobId) ?? '');
      if (entry) entry.artifactBytes += a.size;
      else orphanArtifactBytes += a.size;
    });
    const drawings = [...usage.values()].sort((a, b) => b.fileBytes + b.artifactBytes - (a.fileBytes + a.artifactBytes));
    const old = await oldJobIds();
    return {
      drawings,
      totalFileBytes: drawings.reduce((sum, d) => sum + d.fileBytes, 0),
      totalArtifactBytes: drawings.reduce((sum, d) => sum + d.artifactBytes, 0) + orphanArtifactBytes,
      orphanArtifactBytes,
      oldJobCount: old.length,
      oldJobBytes: old.reduce((sum, id) => sum + (artifactBytesOfJob.get(id) ?? 0), 0),
    };
  });
}

/** Keeps the newest job of each drawing and every unfinished job; deletes the rest in one transaction. */
export async function deleteOldJobs(): Promise<number> {
  return db.transaction('rw', [db.jobs, db.steps, db.logs, db.artifacts], async () => {
    const old = await oldJobIds();
    await deleteJobRows(old);
    return old.length;
  });
}
