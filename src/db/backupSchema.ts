/**
 * What a backup .zip holds, as zod schemas: a restore trusts nothing in the file until it has passed these.
 * Layout: manifest.json, tables/<table>.json (rows without their Blobs), blobs/drawings/<id>, blobs/artifacts/<id>.
 */
import { z } from 'zod';
import { paramsSchema } from '../core/params';
import { STEP_NAMES } from '../core/pipelineTypes';

export const BACKUP_FORMAT = 'bimbot-ai-wall-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';

export const TABLE_NAMES = ['drawings', 'layers', 'jobs', 'steps', 'logs', 'artifacts', 'settings'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export const tablePath = (table: TableName) => `tables/${table}.json`;
export const drawingFilePath = (drawingId: string) => `blobs/drawings/${drawingId}`;
export const artifactFilePath = (artifactId: number) => `blobs/artifacts/${artifactId}`;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha-256 in hex');
const time = z.number().finite();
const nullableTime = time.nullable();
const units = z.enum(['mm', 'cm', 'm', 'in', 'ft']);
const stepName = z.enum(STEP_NAMES);
const logLevel = z.enum(['debug', 'info', 'warn', 'error']);
const box = z.object({ minX: z.number(), minY: z.number(), maxX: z.number(), maxY: z.number() });

const fileEntry = z.object({ path: z.string().min(1), size: z.number().int().nonnegative(), sha256, type: z.string() });
export type BackupFileEntry = z.infer<typeof fileEntry>;

export const manifestSchema = z.looseObject({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  appVersion: z.string(),
  schemaVersion: z.number().int().positive(),
  createdAt: time,
  /** Every other file of the archive with its size and hash: a missing, cut or altered file is found before anything is written. */
  files: z.array(fileEntry),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/** Drawing rows without the file Blob (it travels as drawingFilePath(id)). */
const drawingRow = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  size: z.number().int().nonnegative(),
  contentHash: sha256,
  createdAt: time,
  detectedUnits: units,
  unitsReason: z.string(),
  declaredUnits: units.nullable(),
  layerCount: z.number().int().nonnegative(),
  suggestedLayers: z.array(z.string()),
  warnings: z.array(z.string()),
  views: z.array(z.object({ box, segments: z.number().int().nonnegative(), wallSegments: z.number().int().nonnegative() })).optional(),
});

const layerRow = z.looseObject({
  id: z.number().int().positive(),
  drawingId: z.string().min(1),
  order: z.number().int().nonnegative(),
  name: z.string(),
  lines: z.number().int().nonnegative(),
  polylines: z.number().int().nonnegative(),
  blocks: z.number().int().nonnegative(),
  otherCounts: z.array(z.tuple([z.string(), z.number()])),
  skipped: z.number().int().nonnegative(),
  bbox: box.nullable(),
  layerClass: z.enum(['wall', 'door', 'window', 'other']),
});

// Parameters are checked against the current schema but kept exactly as stored (no defaults filled in).
const storedParams = z.record(z.string(), z.unknown()).refine((p) => paramsSchema.safeParse(p).success, 'invalid parameters');

const jobRow = z.looseObject({
  id: z.string().min(1),
  drawingId: z.string().min(1),
  selectedLayers: z.array(z.string()),
  units,
  params: storedParams,
  region: box.nullable().optional(),
  status: z.enum(['pending', 'running', 'completed', 'failed', 'cancelled', 'interrupted']),
  error: z.string().nullable(),
  createdAt: time,
  startedAt: nullableTime,
  endedAt: nullableTime,
  progress: z.number().min(0).max(1),
});

const stepRow = z.looseObject({
  jobId: z.string().min(1),
  name: stepName,
  order: z.number().int().nonnegative(),
  status: z.enum(['pending', 'running', 'completed', 'failed', 'skipped', 'cancelled']),
  startedAt: nullableTime,
  endedAt: nullableTime,
  duration_ms: z.number().nullable(),
  // JSON turns NaN and Infinity into null.
  metrics: z.record(z.string(), z.number().nullable()),
  error: z.string().nullable(),
});

const logRow = z.looseObject({
  id: z.number().int().positive(),
  jobId: z.string().min(1),
  level: logLevel,
  message: z.string(),
  step: stepName.nullable(),
  time,
});

/** Artifact rows without the Blob (it travels as artifactFilePath(id)). */
const artifactRow = z.looseObject({
  id: z.number().int().positive(),
  jobId: z.string().min(1),
  step: stepName,
  name: z.string(),
  mime: z.string(),
  size: z.number().int().nonnegative(),
  sha256,
});

const settingRow = z.object({ key: z.string().min(1), value: z.unknown() });

export const tableSchemas = {
  drawings: z.array(drawingRow),
  layers: z.array(layerRow),
  jobs: z.array(jobRow),
  steps: z.array(stepRow),
  logs: z.array(logRow),
  artifacts: z.array(artifactRow),
  settings: z.array(settingRow),
} satisfies Record<TableName, z.ZodType>;

export type BackupTables = { [T in TableName]: z.infer<(typeof tableSchemas)[T]> };
