// Hand-written readers for single entities: per-entity zod parsing is several times slower on large files.
import type { BlockRef, Box2, Line, Vec3 } from '../core/model';
import { worldBlockBox } from './blockBox';
import { describeValue } from './describe';

/** Coordinates beyond ±1e12 (1000 km in mm) are corrupt, and their arithmetic loses all precision. */
export const MAX_ABS_COORDINATE = 1e12;

/** Plain decimal or exponent notation, as some exports write coordinates ("12.5", "-3e2"). */
const NUMERIC_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * Why one entity is skipped, with the path below the entity. Thrown by the readers and caught per entity;
 * deliberately not an Error, because capturing a stack trace for each of thousands of bad entities is slow.
 */
export class EntityProblem {
  readonly path: (string | number)[] = [];

  constructor(readonly problem: string) {}
}

type Reader<T> = (value: unknown) => T;
type JsonObject = Record<string, unknown>;

export function readLine(value: unknown): Line {
  const entity = asObject(value);
  return { start: readField(entity, 'Start', readPoint), end: readField(entity, 'End', readPoint) };
}

/** A polyline as read, before it joins its layer's PolylineList. */
export interface PolylineRead {
  vertices: Vec3[];
  closed: boolean;
}

export function readPolyline(value: unknown): PolylineRead {
  const entity = asObject(value);
  return { vertices: readField(entity, 'Vertices', readVertices), closed: readField(entity, 'IsClosed', readFlag) };
}

export function readBlock(value: unknown): BlockRef {
  const entity = asObject(value);
  const placement = {
    position: readField(entity, 'Position', readPoint),
    rotation: readField(entity, 'Rotation', readNumberOrZero),
    scaleX: readField(entity, 'ScaleX', readNumberOrOne),
    scaleY: readField(entity, 'ScaleY', readNumberOrOne),
  };
  const box = readField(entity, 'BoundingBox', readOptionalBox);
  return {
    name: readField(entity, 'Name', readName),
    ...placement,
    bbox: box && worldBlockBox(box, placement),
  };
}

/** Reads owner[key]; a problem found below gets the key prepended to its path. */
function readField<T>(owner: JsonObject, key: string, read: Reader<T>): T {
  try {
    return read(owner[key]);
  } catch (error) {
    throw below(key, error);
  }
}

function below(key: string | number, error: unknown): unknown {
  if (error instanceof EntityProblem) error.path.unshift(key);
  return error;
}

function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

function asObject(value: unknown): JsonObject {
  if (value === undefined) throw new EntityProblem('is missing');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EntityProblem(`is ${describeValue(value)}, not an object`);
  }
  return value as JsonObject;
}

function readPoint(value: unknown): Vec3 {
  const point = asObject(value);
  return {
    x: readField(point, 'X', readNumber),
    y: readField(point, 'Y', readNumber),
    z: readField(point, 'Z', readNumberOrZero),
  };
}

function readVertices(value: unknown): Vec3[] {
  if (!Array.isArray(value)) {
    throw new EntityProblem(isAbsent(value) ? 'is missing' : `is ${describeValue(value)}, not an array`);
  }
  if (value.length < 2) {
    throw new EntityProblem(`has ${value.length} ${value.length === 1 ? 'vertex' : 'vertices'}, but a polyline needs at least 2`);
  }
  // One bad vertex skips the whole polyline: dropping just the vertex would invent a segment that is not drawn.
  const vertices: Vec3[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    try {
      vertices[i] = readPoint(value[i]);
    } catch (error) {
      throw below(i, error);
    }
  }
  return vertices;
}

function readNumber(value: unknown): number {
  if (typeof value === 'number') return checkedMagnitude(value, value);
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) return checkedMagnitude(Number(value), value);
  throw new EntityProblem(isAbsent(value) ? 'is missing' : `is ${describeValue(value)}, not a number`);
}

function checkedMagnitude(number: number, original: number | string): number {
  if (!Number.isFinite(number)) throw new EntityProblem(`is ${describeValue(original)}, not a finite number`);
  if (Math.abs(number) > MAX_ABS_COORDINATE) {
    throw new EntityProblem(`is ${describeValue(original)}, beyond ±${MAX_ABS_COORDINATE.toExponential().replace('e+', 'e')}`);
  }
  return number;
}

function readNumberOr(fallback: number): Reader<number> {
  return (value) => (isAbsent(value) ? fallback : readNumber(value));
}

const readNumberOrZero = readNumberOr(0);
const readNumberOrOne = readNumberOr(1);

function readFlag(value: unknown): boolean {
  if (isAbsent(value)) return false;
  if (typeof value === 'boolean') return value;
  throw new EntityProblem(`is ${describeValue(value)}, not true or false`);
}

function readName(value: unknown): string {
  if (isAbsent(value)) return '';
  if (typeof value === 'string') return value;
  throw new EntityProblem(`is ${describeValue(value)}, not text`);
}

function readOptionalBox(value: unknown): Box2 | null {
  if (isAbsent(value)) return null;
  const box = asObject(value);
  const min = readField(box, 'MinPoint', readPoint);
  const max = readField(box, 'MaxPoint', readPoint);
  // Swapped corners still describe a box.
  return {
    minX: Math.min(min.x, max.x),
    minY: Math.min(min.y, max.y),
    maxX: Math.max(min.x, max.x),
    maxY: Math.max(min.y, max.y),
  };
}
