/**
 * The browser's store (SPEC §6). Everything a user sees is read from here, so a reload shows it as it was.
 * Names coming from drawings are stored as field values and arrays, never as object keys.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { DrawingView } from '../core/findViews';
import type { Box2, LayerInfo, Units } from '../core/model';
import type { Params } from '../core/params';
import type { LogLevel, StepName, StepStatus } from '../core/pipelineTypes';

export type JobStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

export interface DrawingRecord {
  id: string;
  name: string;
  /** Bytes of the original file. */
  size: number;
  /** sha-256 of the original file, hex. */
  contentHash: string;
  createdAt: number;
  /** The original file, so jobs can re-import it and the user can get it back. */
  file: Blob;
  detectedUnits: Units;
  unitsReason: string;
  /** Units stated by the file itself (DXF/DWG header), null for the JSON export. */
  declaredUnits: Units | null;
  layerCount: number;
  /** The wall layers, pre-selected on the drawing page. */
  suggestedLayers: string[];
  warnings: string[];
  /** Separate views found in model space (empty: one view); absent in drawings stored before views were found. */
  views?: DrawingView[];
}

export interface LayerRecord extends LayerInfo {
  id?: number;
  drawingId: string;
  /** Position in the file, so the table keeps the drawing's own layer order. */
  order: number;
}

export interface JobRecord {
  id: string;
  drawingId: string;
  selectedLayers: string[];
  units: Units;
  params: Params;
  /** Only this rectangle of the drawing (drawing units) is used; absent in jobs stored before regions existed. */
  region?: Box2 | null;
  status: JobStatus;
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  /** 0..1: finished steps plus the running step's own progress, over the number of steps. */
  progress: number;
}

export interface StepRow {
  jobId: string;
  name: StepName;
  order: number;
  status: StepStatus;
  startedAt: number | null;
  endedAt: number | null;
  duration_ms: number | null;
  metrics: Record<string, number>;
  error: string | null;
}

export interface LogRow {
  id?: number;
  jobId: string;
  level: LogLevel;
  message: string;
  step: StepName | null;
  time: number;
}

export interface ArtifactRow {
  id?: number;
  jobId: string;
  step: StepName;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  blob: Blob;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

export class BimBotDb extends Dexie {
  drawings!: EntityTable<DrawingRecord, 'id'>;
  layers!: EntityTable<LayerRecord, 'id'>;
  jobs!: EntityTable<JobRecord, 'id'>;
  steps!: Dexie.Table<StepRow, [string, number]>;
  logs!: EntityTable<LogRow, 'id'>;
  artifacts!: EntityTable<ArtifactRow, 'id'>;
  settings!: EntityTable<SettingRow, 'key'>;

  constructor(name = 'bimbot-ai-wall') {
    super(name);
    this.version(1).stores({
      drawings: 'id, createdAt, contentHash',
      layers: '++id, drawingId',
      jobs: 'id, drawingId, status, createdAt',
      steps: '[jobId+order], jobId',
      logs: '++id, jobId',
      artifacts: '++id, jobId',
      settings: 'key',
    });
  }
}

export const db = new BimBotDb();
