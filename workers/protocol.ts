/** What the page and the pipeline worker say to each other (through Comlink). */
import type { DrawingView } from '../src/core/findViews';
import type { Box2, LayerInfo, Units } from '../src/core/model';
import type { Params } from '../src/core/params';
import type { LogLevel, StepName, StepRecord } from '../src/core/pipelineTypes';
import type { NewArtifact } from '../src/db/jobs';
import type { OverlayData, OverlayKey, SceneData } from '../src/app/viewer/scene';
import type { DrawingGeometry } from './geometry';
import type { ViewerArtifact } from './viewerData';

/**
 * The pipeline worker's name when the page was opened with `?simulateDwgCrash=once` (test hook): its DWG worker
 * then crashes on the first DWG it reads (src/app/jobs/simulatedDwgCrash.ts).
 */
export const SIMULATE_DWG_CRASH_NAME = 'bimbot-pipeline (simulateDwgCrash=once)';

export interface ImportedDrawing {
  /** sha-256 of the file, hex. */
  contentHash: string;
  declaredUnits: Units | null;
  detectedUnits: Units;
  unitsReason: string;
  inventory: LayerInfo[];
  suggestedLayers: string[];
  warnings: string[];
  views: DrawingView[];
}

/** A job as the worker needs it: the original file (re-imported in the worker) and the user's choices. */
export interface JobSpec {
  file: Blob;
  fileName: string;
  contentHash: string;
  selectedLayers: string[];
  units: Units;
  params: Params;
  region: Box2 | null;
}

export type JobEvent =
  | { type: 'stepStart'; step: StepName; index: number; total: number }
  | { type: 'stepEnd'; record: StepRecord; index: number; total: number }
  | { type: 'progress'; step: StepName; index: number; total: number; fraction: number }
  | { type: 'log'; level: LogLevel; message: string; step: StepName | null; time: number }
  /** Last event of a run. Events travel on their own channel, so the page waits for this before it records the result. */
  | { type: 'end' };

/** Receives events in batches; called while the pipeline is still running. */
export type JobEventSink = (events: JobEvent[]) => void;

export interface JobOutput {
  steps: StepRecord[];
  artifacts: NewArtifact[];
}

export interface ZipSource {
  name: string;
  blob: Blob;
}

export interface PipelineWorkerApi {
  /** Parses a dropped file; rejects with a user-facing sentence (never a stack trace) when the file is bad. */
  importFile(file: Blob, fileName: string, maxBytes: number): Promise<ImportedDrawing>;
  run(spec: JobSpec, onEvents: JobEventSink): Promise<JobOutput>;
  /** Parses a stored drawing ahead of a job on it, which then starts its steps at once (the worker keeps the last one). */
  preload(file: Blob, fileName: string, contentHash: string): Promise<void>;
  /** Answers at once unless the worker is busy in a synchronous pipeline step: the health check's sign of life. */
  ping(): Promise<'pong'>;
  /** Packs files into one .zip off the page's thread. */
  zip(files: ZipSource[]): Promise<Blob>;
  /** Unpacks a .zip off the page's thread (a backup to restore): file path → bytes. */
  unzip(archive: Blob): Promise<Record<string, Uint8Array>>;
  /** The drawing's segments per layer in mm, as transferable typed arrays (for the plan viewer). */
  geometry(file: Blob, fileName: string, contentHash: string, mmPerUnit: number): Promise<DrawingGeometry>;
  /**
   * The plan viewer's scene (drawing geometry when `drawing` is given, plus the job's artifacts as overlays), parsed
   * and built in the worker and returned as transferred typed arrays, so the page never parses the artifacts.
   */
  viewerScene(drawing: { file: Blob; fileName: string; contentHash: string; mmPerUnit: number } | null, artifacts: ViewerArtifact[]): Promise<SceneData>;
  /** The overlays of `keys` from the artifacts, for a scene made by viewerScene with this origin (a plan's later overlays). */
  viewerOverlays(artifacts: ViewerArtifact[], origin: { x: number; y: number }, keys: OverlayKey[]): Promise<OverlayData[]>;
}
