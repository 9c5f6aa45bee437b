import type { Box2 } from './model';
import type { OpeningKind } from './pipelineTypes';

/** Entities as the pipeline sees them after EXTRACT: world coordinates still in drawing units until NORMALIZE. */
export interface PlanLine {
  id: string;
  layer: string;
  x1: number;
  y1: number;
  z1: number;
  x2: number;
  y2: number;
  z2: number;
}

export interface PlanPolyline {
  id: string;
  layer: string;
  /** Flat x, y pairs. */
  xy: number[];
  closed: boolean;
}

export interface PlanOpening {
  id: string;
  kind: OpeningKind;
  layer: string;
  name: string;
  x: number;
  y: number;
  rotation: number;
  box: Box2;
}

export interface PlanEntities {
  lines: PlanLine[];
  polylines: PlanPolyline[];
  openings: PlanOpening[];
}
