import type { DrawingView } from '../core/findViews';
import type { LayerInfo, Units } from '../core/model';
import { db, type DrawingRecord, type LayerRecord } from './schema';
import { newId } from './ids';
import { deleteJobRows } from './jobRows';

export interface NewDrawing {
  name: string;
  file: Blob;
  contentHash: string;
  detectedUnits: Units;
  unitsReason: string;
  declaredUnits: Units | null;
  suggestedLayers: string[];
  warnings: string[];
  inventory: LayerInfo[];
  views: DrawingView[];
}

export interface StoredDrawing {
  id: string;
  /** True when the same file (same sha-256) was already stored: nothing new was written. */
  existed: boolean;
}

/** Stores a drawing and its layer inventory in one transaction, or returns the copy already stored. */
export async function addDrawing(input: NewDrawing): Promise<StoredDrawing> {
  return db.transaction('rw', db.drawings, db.layers, async () => {
    const existing = await db.drawings.where('contentHash').equals(input.contentHash).first();
    if (existing) return { id: existing.id, existed: true };
    const id = newId();
    const record: DrawingRecord = {
      id,
      name: input.name,
      size: input.file.size,
      contentHash: input.contentHash,
      createdAt: Date.now(),
      file: input.file,
      detectedUnits: input.detectedUnits,
      unitsReason: input.unitsReason,
      declaredUnits: input.declaredUnits,
      layerCount: input.inventory.length,
      suggestedLayers: input.suggestedLayers,
      warnings: input.warnings,
      views: input.views,
    };
    await db.drawings.add(record);
    await db.layers.bulkAdd(input.inventory.map((info, order): LayerRecord => ({ ...info, drawingId: id, order })));
    return { id, existed: false };
  });
}

export async function getDrawing(id: string): Promise<DrawingRecord | null> {
  return (await db.drawings.get(id)) ?? null;
}

/** The drawing's layers in file order. */
export async function getLayers(drawingId: string): Promise<LayerRecord[]> {
  return db.layers.where('drawingId').equals(drawingId).sortBy('order');
}

export interface DrawingSummary {
  id: string;
  name: string;
  size: number;
  createdAt: number;
  layerCount: number;
  jobCount: number;
}

/** Newest first, without the file Blobs. */
export async function listDrawingSummaries(): Promise<DrawingSummary[]> {
  return db.transaction('r', db.drawings, db.jobs, async () => {
    const drawings = await db.drawings.orderBy('createdAt').reverse().toArray();
    return Promise.all(
      drawings.map(async (d) => ({
        id: d.id,
        name: d.name,
        size: d.size,
        createdAt: d.createdAt,
        layerCount: d.layerCount,
        jobCount: await db.jobs.where('drawingId').equals(d.id).count(),
      })),
    );
  });
}

/** Deletes a drawing with its layers, jobs, steps, logs and artifacts — all or nothing. */
export async function deleteDrawing(id: string): Promise<void> {
  await db.transaction('rw', [db.drawings, db.layers, db.jobs, db.steps, db.logs, db.artifacts], async () => {
    await deleteJobRows(await db.jobs.where('drawingId').equals(id).primaryKeys());
    await db.layers.where('drawingId').equals(id).delete();
    await db.drawings.delete(id);
  });
}
