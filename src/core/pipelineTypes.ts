import type { Box2, Drawing, Units, Vec2 } from './model';
import type { Params } from './params';

/** SPEC §4 step names, in run order. They are labels and artifact owners, not descriptions. */
export const STEP_NAMES = [
  'EXTRACT',
  'NORMALIZE',
  'CLEAN_DEDUP',
  'PARALLEL_NAIVE',
  'LOGIC_B',
  'LOGIC_C',
  'LOGIC_D',
  'LOGIC_E',
  'LOGIC_F',
  'DOOR_RECTANGLE_ASSIGNMENT',
  'DOOR_BRIDGE',
  'WALLS',
  'WALL_CANDIDATES',
] as const;

export type StepName = (typeof STEP_NAMES)[number];

export type StepStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped' | 'cancelled';

export interface StepRecord {
  name: StepName;
  status: StepStatus;
  startedAt: number | null;
  endedAt: number | null;
  duration_ms: number | null;
  metrics: Record<string, number>;
  error?: string;
}

/** A step's JSON artifact, serialised once where it is produced. */
export interface ArtifactOut {
  step: StepName;
  name: string;
  mime: 'application/json';
  /** The artifact's JSON as UTF-8 (artifactText gives the text). */
  bytes: Uint8Array<ArrayBuffer>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface JobInput {
  drawing: Drawing;
  /** Layers whose lines and polylines are searched for walls. */
  selectedLayers: string[];
  /** Unit of the drawing's coordinates; everything inside the pipeline is mm. */
  units: Units;
  params: Params;
  /** Only what lies inside this rectangle (drawing units) is used; null or absent: the whole drawing. */
  region?: Box2 | null;
}

export interface PipelineHooks {
  onStepStart?(name: StepName, index: number, total: number): void;
  onStepEnd?(record: StepRecord, index: number, total: number): void;
  /** Progress inside a long step, 0..1. */
  onProgress?(name: StepName, fraction: number): void;
  onLog?(level: LogLevel, message: string, step?: StepName): void;
  /** Polled between steps and inside long loops; returning true stops the job with a CancelledError. */
  isCancelled?(): boolean;
  /** Bytes of heap in use, where the platform tells (Node, Chromium); sampled after every step. */
  sampleMemory?(): number | null;
  /**
   * Takes each artifact as its step ends. When given, the pipeline keeps none (the result's list is empty), so
   * the bytes can go once the receiver has stored them instead of staying to the end of the job (about 150 MB of
   * JSON for a 200k-segment plan). The bytes are valid only during the call (they may be a view of a buffer that
   * the next step writes again): a receiver copies them (a Blob, a file write, a hash) before it returns.
   */
  onArtifact?(artifact: ArtifactOut): void;
}

export type OpeningKind = 'door' | 'window';

export interface HostedOpening {
  id: string;
  kind: OpeningKind;
  blockName: string;
  layer: string;
  /** Centre of the opening on the wall centerline, mm. */
  center: Vec2;
  /** Distance from the wall's p1 to the opening centre along the centerline, mm. */
  offset: number;
  width: number;
}

export interface WallJunction {
  kind: 'L' | 'T';
  otherWallId: string;
  point: Vec2;
}

export interface Wall {
  id: string;
  p1: Vec2;
  p2: Vec2;
  thickness: number;
  length: number;
  layers: string[];
  openings: HostedOpening[];
  junctions: WallJunction[];
}

/** A door or window that no wall could host (still exported, with host_wall_id null). */
export interface FreeOpening {
  id: string;
  kind: OpeningKind;
  blockName: string;
  layer: string;
  center: Vec2;
  width: number;
}

export interface WallsModel {
  units: 'mm';
  walls: Wall[];
  unhostedOpenings: FreeOpening[];
  /** Wall ends that meet neither another wall nor an opening. */
  unjoinedEnds: { wallId: string; point: Vec2 }[];
}

export interface PipelineResult {
  steps: StepRecord[];
  artifacts: ArtifactOut[];
  walls: WallsModel;
  bimjson: BimJson;
}

export interface BimJsonFeature {
  type: 'Feature';
  id: string;
  geometry:
    | { type: 'LineString'; coordinates: [number, number][] }
    | { type: 'Point'; coordinates: [number, number] }
    | { type: 'Polygon'; coordinates: [number, number][][] };
  properties: Record<string, unknown>;
}

export interface BimJson {
  type: 'BIMJSON';
  version: '1.0';
  units: 'mm';
  source: Record<string, unknown>;
  features: BimJsonFeature[];
}

export class CancelledError extends Error {
  constructor() {
    super('The job was cancelled.');
    this.name = 'CancelledError';
  }
}
