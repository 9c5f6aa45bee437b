/**
 * Backup, restore and reset of the whole store (SPEC §6). A restore checks the archive completely — every file
 * against the manifest's size and sha-256, every table against its schema, every Blob against its record, every
 * reference — before it writes anything, and then writes in one transaction: a bad or partial backup changes nothing.
 */
import type { z } from 'zod';
import { APP_VERSION } from './appInfo';
import { blobSha256 } from './blobHash';
import {
  artifactFilePath,
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  drawingFilePath,
  MANIFEST_NAME,
  manifestSchema,
  TABLE_NAMES,
  tablePath,
  tableSchemas,
  type BackupFileEntry,
  type BackupManifest,
  type BackupTables,
  type TableName,
} from './backupSchema';
import { sha256Hex } from '../../workers/artifacts';
import { db, type JobStatus } from './schema';

/** One file of an archive, before zipping. */
export interface ArchiveFile {
  name: string;
  blob: Blob;
}

const allTables = () => TABLE_NAMES.map((name) => db[name]);

function jsonBlob(value: unknown): Blob {
  return new Blob([JSON.stringify(value)], { type: 'application/json' });
}

/** Every table and Blob of the store as archive files, read in one transaction so they are consistent. */
export async function createBackup(): Promise<ArchiveFile[]> {
  const { drawings, artifacts, tables } = await db.transaction('r', allTables(), async () => {
    const [drawings, artifacts, layers, jobs, steps, logs, settings] = await Promise.all([
      db.drawings.toArray(),
      db.artifacts.toArray(),
      db.layers.toArray(),
      db.jobs.toArray(),
      db.steps.toArray(),
      db.logs.toArray(),
      db.settings.toArray(),
    ]);
    return { drawings, artifacts, tables: { layers, jobs, steps, logs, settings } };
  });
  const files: ArchiveFile[] = [];
  const rowsOf: Record<TableName, unknown[]> = {
    ...tables,
    drawings: drawings.map(({ file, ...drawing }) => {
      files.push({ name: drawingFilePath(drawing.id), blob: file });
      return drawing;
    }),
    artifacts: artifacts.map(({ blob, ...artifact }) => {
      files.push({ name: artifactFilePath(artifact.id!), blob });
      return artifact;
    }),
  };
  for (const name of TABLE_NAMES) files.push({ name: tablePath(name), blob: jsonBlob(rowsOf[name]) });

  const entries: BackupFileEntry[] = [];
  for (const file of files) {
    entries.push({ path: file.name, size: file.blob.size, sha256: await blobSha256(file.blob), type: file.blob.type });
  }
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    appVersion: APP_VERSION,
    schemaVersion: db.verno,
    createdAt: Date.now(),
    files: entries,
  };
  return [{ name: MANIFEST_NAME, blob: jsonBlob(manifest) }, ...files];
}

/** A backup that cannot be restored, with every problem found (the first few are enough to act on). */
export class BackupError extends Error {
  /** For an archive that cannot even be unpacked. */
  static unreadableArchive(): BackupError {
    return new BackupError(['The file is not a readable .zip archive (it may be cut short or not a backup at all).']);
  }

  constructor(readonly problems: string[]) {
    const shown = problems.slice(0, 5).join(' ');
    const more = problems.length > 5 ? ` (${problems.length - 5} more problems)` : '';
    super(`This backup cannot be restored and nothing was changed. ${shown}${more}`);
    this.name = 'BackupError';
  }
}

function zodProblems(where: string, error: z.ZodError): string[] {
  return error.issues.slice(0, 3).map((issue) => `${where}: ${issue.path.join('.') || 'value'} — ${issue.message}.`);
}

function parseJson(bytes: Uint8Array, where: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new BackupError([`${where} is not valid JSON.`]);
  }
}

function readManifest(files: Record<string, Uint8Array>): BackupManifest {
  const bytes = files[MANIFEST_NAME];
  if (!bytes) throw new BackupError([`It has no ${MANIFEST_NAME}, so it is not a BimBot backup.`]);
  const parsed = manifestSchema.safeParse(parseJson(bytes, MANIFEST_NAME));
  if (!parsed.success) throw new BackupError(zodProblems(MANIFEST_NAME, parsed.error));
  if (parsed.data.schemaVersion > db.verno) {
    throw new BackupError([`It was made by a newer version of the app (database version ${parsed.data.schemaVersion}).`]);
  }
  return parsed.data;
}

/** Every file the manifest lists is there, whole and unaltered. */
async function checkFiles(manifest: BackupManifest, files: Record<string, Uint8Array>): Promise<string[]> {
  const problems: string[] = [];
  for (const entry of manifest.files) {
    const bytes = files[entry.path];
    if (!bytes) problems.push(`${entry.path} is missing.`);
    else if (bytes.byteLength !== entry.size) problems.push(`${entry.path} has ${bytes.byteLength} bytes instead of ${entry.size}.`);
    else if ((await sha256Hex(new Uint8Array(bytes))) !== entry.sha256) problems.push(`${entry.path} does not match its sha-256.`);
  }
  return problems;
}

function readTables(files: Record<string, Uint8Array>): BackupTables {
  const problems: string[] = [];
  const tables: Partial<Record<TableName, unknown>> = {};
  for (const name of TABLE_NAMES) {
    const bytes = files[tablePath(name)];
    if (!bytes) {
      problems.push(`${tablePath(name)} is missing.`);
      continue;
    }
    const parsed = tableSchemas[name].safeParse(parseJson(bytes, tablePath(name)));
    if (parsed.success) tables[name] = parsed.data;
    else problems.push(...zodProblems(tablePath(name), parsed.error));
  }
  if (problems.length > 0) throw new BackupError(problems);
  return tables as BackupTables;
}

/** Blobs match their records, and every row points at something the backup holds. */
async function checkContents(tables: BackupTables, files: Record<string, Uint8Array>): Promise<string[]> {
  const problems: string[] = [];
  const hashOf = async (path: string) => (files[path] ? sha256Hex(new Uint8Array(files[path])) : null);
  for (const d of tables.drawings) {
    const hash = await hashOf(drawingFilePath(d.id));
    if (hash === null) problems.push(`The file of drawing "${d.name}" is missing.`);
    else if (hash !== d.contentHash) problems.push(`The file of drawing "${d.name}" does not match its hash.`);
  }
  for (const a of tables.artifacts) {
    const path = artifactFilePath(a.id);
    if (!files[path]) problems.push(`The file of artifact ${a.name} is missing.`);
    else if (files[path].byteLength !== a.size || (await hashOf(path)) !== a.sha256) {
      problems.push(`The file of artifact ${a.name} does not match its size or hash.`);
    }
  }
  const drawingIds = new Set(tables.drawings.map((d) => d.id));
  const jobIds = new Set(tables.jobs.map((j) => j.id));
  const dangling = (what: string, ids: string[], known: Set<string>) => {
    const missing = ids.filter((id) => !known.has(id)).length;
    if (missing > 0) problems.push(`${missing} ${what} point to something the backup does not hold.`);
  };
  dangling('layers', tables.layers.map((l) => l.drawingId), drawingIds);
  dangling('jobs', tables.jobs.map((j) => j.drawingId), drawingIds);
  for (const table of ['steps', 'logs', 'artifacts'] as const) dangling(table, tables[table].map((r) => r.jobId), jobIds);
  return problems;
}

const UNFINISHED: readonly JobStatus[] = ['pending', 'running'];
const RESTORED_UNFINISHED = 'The backup was made while this job was unfinished; resume it to run it again.';

function mimeOf(manifest: BackupManifest, path: string): string {
  return manifest.files.find((f) => f.path === path)?.type ?? '';
}

/** The checked backup as store rows, Blobs attached. Jobs that were unfinished become interrupted, ready to resume. */
function toRows(manifest: BackupManifest, tables: BackupTables, files: Record<string, Uint8Array>) {
  const blob = (path: string) => new Blob([new Uint8Array(files[path]!)], { type: mimeOf(manifest, path) });
  return {
    ...tables,
    drawings: tables.drawings.map((d) => ({ ...d, file: blob(drawingFilePath(d.id)) })),
    artifacts: tables.artifacts.map((a) => ({ ...a, blob: blob(artifactFilePath(a.id)) })),
    jobs: tables.jobs.map((j) => (UNFINISHED.includes(j.status) ? { ...j, status: 'interrupted' as const, error: RESTORED_UNFINISHED } : j)),
  };
}

export interface RestoreSummary {
  drawings: number;
  jobs: number;
  artifacts: number;
}

/**
 * Replaces everything stored with the backup's content — or, if anything about the backup is wrong, changes nothing.
 * `files` is the unpacked archive (path → bytes; the page unpacks it in a worker). `beforeWrite` runs once the backup
 * passed every check (the page stops its jobs there).
 */
export async function restoreBackup(
  files: Record<string, Uint8Array>,
  beforeWrite: () => Promise<void> = async () => {},
): Promise<RestoreSummary> {
  const manifest = readManifest(files);
  const fileProblems = await checkFiles(manifest, files);
  if (fileProblems.length > 0) throw new BackupError(fileProblems);
  const tables = readTables(files);
  const contentProblems = await checkContents(tables, files);
  if (contentProblems.length > 0) throw new BackupError(contentProblems);

  const rows = toRows(manifest, tables, files);
  await beforeWrite();
  await db.transaction('rw', allTables(), async () => {
    for (const name of TABLE_NAMES) await db[name].clear();
    // Each table's rows typed by the schema, checked above; Dexie's per-table types cannot follow the loop variable.
    for (const name of TABLE_NAMES) await (db[name] as unknown as { bulkAdd(rows: unknown[]): Promise<unknown> }).bulkAdd(rows[name]);
  });
  return { drawings: rows.drawings.length, jobs: rows.jobs.length, artifacts: rows.artifacts.length };
}

/** Deletes everything the app stored — drawings, jobs, logs, artifacts and settings — in one transaction. */
export async function wipeAllData(): Promise<void> {
  await db.transaction('rw', allTables(), async () => {
    for (const table of allTables()) await table.clear();
  });
}
