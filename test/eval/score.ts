// SPEC §8 accuracy scores of an exported BIMJSON against a ground-truth file.

import { area, direction, intersect, unionAll, wallBody } from './geometry.js';
import { readBimJson, readTruth, type Point, type WallSegment } from './plan.js';

export interface Scores {
  walls_pred: number;
  walls_truth: number;
  precision: number;
  recall: number;
  f1: number;
  thickness_ok_share: number;
  door_recall: number;
  window_recall: number;
  door_precision: number;
  window_precision: number;
  doors_pred: number;
  doors_truth: number;
  windows_pred: number;
  windows_truth: number;
}

const SAMPLE_STEP_MM = 50;
const THICKNESS_TOLERANCE = 0.1;
const MAX_ANGLE_COS = Math.cos((10 * Math.PI) / 180);
const OPENING_MATCH_MM = 600;

/** A share over an empty set is vacuously 1 (nothing to find / nothing claimed); the counts show such cases. */
function share(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

function f1Score(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function round4(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

// ---------------------------------------------------------------- wall areas

interface AreaScores {
  precision: number;
  recall: number;
}

function unionOfBodies(segments: readonly WallSegment[], origin: Point, grid: number) {
  const bodies = segments.map((s) => wallBody(s, origin, grid)).filter((body) => body !== undefined);
  return unionAll(bodies);
}

/** Snapping grids (mm) tried in turn when polygon-clipping fails on a finer one. */
const GRIDS = [0.01, 0.1, 1];

function wallAreaScores(predicted: readonly WallSegment[], truth: readonly WallSegment[]): AreaScores {
  const origin = truth[0]?.a ?? predicted[0]?.a ?? [0, 0];
  for (const [k, grid] of GRIDS.entries()) {
    try {
      const predictedUnion = unionOfBodies(predicted, origin, grid);
      const truthUnion = unionOfBodies(truth, origin, grid);
      const overlap = area(intersect(predictedUnion, truthUnion));
      return { precision: share(overlap, area(predictedUnion)), recall: share(overlap, area(truthUnion)) };
    } catch (e) {
      if (k === GRIDS.length - 1) throw e;
    }
  }
  throw new Error('unreachable');
}

// ---------------------------------------------------------------- thickness along the truth centerlines

function isParallel(a: WallSegment, b: WallSegment): boolean {
  const da = direction(a);
  const db = direction(b);
  return Math.abs(da.ux * db.ux + da.uy * db.uy) >= MAX_ANGLE_COS;
}

/** Whether the sample lies on the predicted wall: inside its body, or near its centerline (thin or offset predictions). */
function coversSample(predicted: WallSegment, sample: Point, truthThickness: number): boolean {
  const { ux, uy, length } = direction(predicted);
  if (length === 0) return false;
  const rx = sample[0] - predicted.a[0];
  const ry = sample[1] - predicted.a[1];
  const along = rx * ux + ry * uy;
  const across = Math.abs(rx * uy - ry * ux);
  const inBody = along >= 0 && along <= length && across <= predicted.thickness / 2;
  const clampedAlong = Math.min(Math.max(along, 0), length);
  const distanceToCenterline = Math.hypot(rx - clampedAlong * ux, ry - clampedAlong * uy);
  return inBody || distanceToCenterline <= truthThickness / 2;
}

function hasCloseThickness(predicted: WallSegment, truthThickness: number): boolean {
  return Math.abs(predicted.thickness - truthThickness) <= THICKNESS_TOLERANCE * truthThickness;
}

/** Predicted segments that could cover some sample of `wall`: parallel, with bounding boxes within reach. */
function candidatesAlong(wall: WallSegment, predicted: readonly WallSegment[]): WallSegment[] {
  const reach = wall.thickness / 2;
  const minX = Math.min(wall.a[0], wall.b[0]) - reach;
  const maxX = Math.max(wall.a[0], wall.b[0]) + reach;
  const minY = Math.min(wall.a[1], wall.b[1]) - reach;
  const maxY = Math.max(wall.a[1], wall.b[1]) + reach;
  return predicted.filter((p) => {
    const half = p.thickness / 2;
    const overlapsBox =
      Math.max(p.a[0], p.b[0]) + half >= minX &&
      Math.min(p.a[0], p.b[0]) - half <= maxX &&
      Math.max(p.a[1], p.b[1]) + half >= minY &&
      Math.min(p.a[1], p.b[1]) - half <= maxY;
    return overlapsBox && isParallel(wall, p);
  });
}

/** Length of `wall` where a covering parallel prediction has the right thickness; sampled at midpoints of 50 mm pieces. */
function lengthWithCorrectThickness(wall: WallSegment, predicted: readonly WallSegment[]): number {
  const { ux, uy, length } = direction(wall);
  const candidates = candidatesAlong(wall, predicted);
  let okLength = 0;
  for (let start = 0; start < length; start += SAMPLE_STEP_MM) {
    const pieceLength = Math.min(SAMPLE_STEP_MM, length - start);
    const middle = start + pieceLength / 2;
    const sample: Point = [wall.a[0] + ux * middle, wall.a[1] + uy * middle];
    const ok = candidates.some((p) => coversSample(p, sample, wall.thickness) && hasCloseThickness(p, wall.thickness));
    if (ok) okLength += pieceLength;
  }
  return okLength;
}

function thicknessOkShare(predicted: readonly WallSegment[], truth: readonly WallSegment[]): number {
  const totalLength = truth.reduce((sum, wall) => sum + direction(wall).length, 0);
  const okLength = truth.reduce((sum, wall) => sum + lengthWithCorrectThickness(wall, predicted), 0);
  return share(okLength, totalLength);
}

// ---------------------------------------------------------------- doors and windows

/** One-to-one matches within 600 mm, closest pairs first, so one prediction cannot count for two truths. */
function countOpeningMatches(predicted: readonly Point[], truth: readonly Point[]): number {
  const pairs: { t: number; p: number; distance: number }[] = [];
  truth.forEach((tc, t) =>
    predicted.forEach((pc, p) => {
      const distance = Math.hypot(tc[0] - pc[0], tc[1] - pc[1]);
      if (distance <= OPENING_MATCH_MM) pairs.push({ t, p, distance });
    }),
  );
  pairs.sort((x, y) => x.distance - y.distance);
  const usedTruth = new Set<number>();
  const usedPredicted = new Set<number>();
  for (const { t, p } of pairs) {
    if (usedTruth.has(t) || usedPredicted.has(p)) continue;
    usedTruth.add(t);
    usedPredicted.add(p);
  }
  return usedTruth.size;
}

// ---------------------------------------------------------------- all scores

export function scoreBimJson(bimjson: unknown, truthJson: unknown): Scores {
  const predicted = readBimJson(bimjson);
  const truth = readTruth(truthJson);
  const { precision, recall } = wallAreaScores(predicted.wallSegments, truth.wallSegments);
  const doorMatches = countOpeningMatches(predicted.doors, truth.doors);
  const windowMatches = countOpeningMatches(predicted.windows, truth.windows);
  return {
    walls_pred: predicted.wallCount,
    walls_truth: truth.wallCount,
    precision: round4(precision),
    recall: round4(recall),
    f1: round4(f1Score(precision, recall)),
    thickness_ok_share: round4(thicknessOkShare(predicted.wallSegments, truth.wallSegments)),
    door_recall: round4(share(doorMatches, truth.doors.length)),
    window_recall: round4(share(windowMatches, truth.windows.length)),
    door_precision: round4(share(doorMatches, predicted.doors.length)),
    window_precision: round4(share(windowMatches, predicted.windows.length)),
    doors_pred: predicted.doors.length,
    doors_truth: truth.doors.length,
    windows_pred: predicted.windows.length,
    windows_truth: truth.windows.length,
  };
}
