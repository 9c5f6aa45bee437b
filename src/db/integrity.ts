/**
 * The integrity check (SPEC §6): records whose owner is gone, and artifacts whose Blob no longer matches the size
 * and sha-256 recorded when it was made. Orphans can come from an older version or an interrupted delete; a Blob
 * can be damaged by the browser's storage itself.
 */
import { blobSha256 } from './blobHash';
import { deleteJobRows } from './jobRows';
import { db } from './schema';

export interface BrokenArtifact {
  id: number;
  jobId: string;
  name: string;
  problem: string;
}

export interface IntegrityReport {
  /** Jobs whose drawing is no longer stored. */
  orphanJobIds: string[];
  /** Rows whose job (steps, logs, artifacts) or drawing (layers) is no longer stored. */
  orphanSteps: number;
  orphanLogs: number;
  orphanArtifacts: number;
  orphanLayers: number;
  checkedArtifacts: number;
  brokenArtifacts: BrokenArtifact[];
}

export function orphanCount(report: IntegrityReport): number {
  return report.orphanJobIds.length + report.orphanSteps + report.orphanLogs + report.orphanArtifacts + report.orphanLayers;
}

const JOB_ROW_TABLES = ['steps', 'logs', 'artifacts'] as const;
type JobRowTable = (typeof JOB_ROW_TABLES)[number];

/** Keys of the orphans; must run inside a transaction over every table it reads. */
async function findOrphans() {
  const drawingIds = new Set(await db.drawings.toCollection().primaryKeys());
  const jobs = await db.jobs.toArray();
  const orphanJobIds = jobs.filter((job) => !drawingIds.has(job.drawingId)).map((job) => job.id);
  const jobIds = new Set(jobs.map((job) => job.id));
  const missingJobs = async (table: JobRowTable) =>
    ((await db[table].orderBy('jobId').uniqueKeys()) as string[]).filter((id) => !jobIds.has(id));
  const missingDrawingsOfLayers = ((await db.layers.orderBy('drawingId').uniqueKeys()) as string[]).filter(
    (id) => !drawingIds.has(id),
  );
  return {
    orphanJobIds,
    /** Per table, the job ids its rows point to that have no job. */
    missingJobIds: {
      steps: await missingJobs('steps'),
      logs: await missingJobs('logs'),
      artifacts: await missingJobs('artifacts'),
    } satisfies Record<JobRowTable, string[]>,
    layerDrawingIds: missingDrawingsOfLayers,
  };
}

const ALL_TABLES = () => [db.drawings, db.layers, db.jobs, db.steps, db.logs, db.artifacts];

async function artifactProblem(blob: Blob, size: number, sha256: string): Promise<string | null> {
  if (!(blob instanceof Blob)) return 'its file is missing';
  if (blob.size !== size) return `its file has ${blob.size} bytes instead of ${size}`;
  try {
    return (await blobSha256(blob)) === sha256 ? null : 'its content no longer matches its sha-256';
  } catch {
    return 'its file can no longer be read';
  }
}

export async function checkIntegrity(): Promise<IntegrityReport> {
  const { orphans, artifacts, counts } = await db.transaction('r', ALL_TABLES(), async () => {
    const orphans = await findOrphans();
    const count = (table: JobRowTable) => db[table].where('jobId').anyOf(orphans.missingJobIds[table]).count();
    return {
      orphans,
      artifacts: await db.artifacts.toArray(),
      counts: {
        orphanSteps: await count('steps'),
        orphanLogs: await count('logs'),
        orphanArtifacts: await count('artifacts'),
        orphanLayers: await db.layers.where('drawingId').anyOf(orphans.layerDrawingIds).count(),
      },
    };
  });
  // Hashing happens after the read transaction: an IndexedDB transaction cannot stay open across crypto calls.
  const brokenArtifacts: BrokenArtifact[] = [];
  for (const a of artifacts) {
    const problem = await artifactProblem(a.blob, a.size, a.sha256);
    if (problem) brokenArtifacts.push({ id: a.id!, jobId: a.jobId, name: a.name, problem });
  }
  return { orphanJobIds: orphans.orphanJobIds, ...counts, checkedArtifacts: artifacts.length, brokenArtifacts };
}

/** Deletes every orphan found at the moment of cleaning, in one transaction; returns how many rows went. */
export async function cleanOrphans(): Promise<number> {
  return db.transaction('rw', ALL_TABLES(), async () => {
    const orphans = await findOrphans();
    let deleted = 0;
    for (const table of JOB_ROW_TABLES) deleted += await db[table].where('jobId').anyOf(orphans.missingJobIds[table]).delete();
    deleted += await db.layers.where('drawingId').anyOf(orphans.layerDrawingIds).delete();
    // Rows of the orphan jobs themselves go with them.
    const ownRows = await Promise.all(
      JOB_ROW_TABLES.map((t) => db[t].where('jobId').anyOf(orphans.orphanJobIds).count()),
    );
    await deleteJobRows(orphans.orphanJobIds);
    return deleted + orphans.orphanJobIds.length + ownRows.reduce((a, b) => a + b, 0);
  });
}
