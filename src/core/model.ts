/**
 * The one in-memory drawing model every importer produces and every pipeline step reads.
 * Plain data only (structured-cloneable), so it crosses worker boundaries and IndexedDB as is.
 * Names coming from drawings are untrusted: they are only ever values or Map keys, never object keys.
 */

export type Units = 'mm' | 'cm' | 'm' | 'in' | 'ft';

/** Millimetres per drawing unit. */
export const MM_PER_UNIT: Readonly<Record<Units, number>> = { mm: 1, cm: 10, m: 1000, in: 25.4, ft: 304.8 };

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

export interface Vec2 {
  x: number;
  y: number;
}

/** One line, as importers read it before adding it to a layer's LineList. */
export interface Line {
  start: Vec3;
  end: Vec3;
}

/**
 * A layer's lines in one buffer, six numbers per line: start x, y, z, end x, y, z. A big plan has hundreds of
 * thousands of lines; as objects (a line, two points, six boxed numbers each) they were millions of objects the
 * garbage collector marked again at every major collection of a job, and the time grew faster than the plan.
 */
export interface LineList {
  xyz: Float64Array;
}

/** A layer's polylines: every polyline's vertices one after another in one buffer (x, y, z per vertex). */
export interface PolylineList {
  xyz: Float64Array;
  /** Polyline i has the vertices first[i] … first[i + 1] − 1: one entry more than there are polylines. */
  first: Uint32Array;
  /** 1 where the polyline is closed. */
  closed: Uint8Array;
}

export interface Box2 {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface BlockRef {
  name: string;
  position: Vec3;
  /** Degrees, counter-clockwise. */
  rotation: number;
  scaleX: number;
  scaleY: number;
  /** World-space extents of the block (already corrected for block-local boxes by the importer), or null if unknown. */
  bbox: Box2 | null;
}

export interface Layer {
  name: string;
  lines: LineList;
  polylines: PolylineList;
  blocks: BlockRef[];
  /** Counts of entity types not used for wall detection (ARC, TEXT, …), as [type, count] pairs. */
  otherCounts: [string, number][];
  /** Entities skipped by the importer because they were invalid. */
  skipped: number;
}

export interface Drawing {
  fileName: string;
  /** Units declared by the file itself (DXF/DWG header); null when the format does not store them. */
  declaredUnits: Units | null;
  /**
   * Without declared units, the header's evidence that the unit is the inch: US drawings often declare no unit but
   * show lengths in feet and inches (DXF/DWG $LUNITS 3 or 4), which AutoCAD bases on inches. Absent for JSON.
   */
  inchesHint?: string | null;
  layers: Layer[];
  /** Human-readable import warnings (skipped entities per layer, header quirks…). */
  warnings: string[];
}

export type LayerClass = 'wall' | 'door' | 'window' | 'other';

export interface LayerInfo {
  name: string;
  lines: number;
  polylines: number;
  blocks: number;
  otherCounts: [string, number][];
  skipped: number;
  bbox: Box2 | null;
  layerClass: LayerClass;
}
