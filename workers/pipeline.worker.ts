/// <reference lib="webworker" />
/**
 * The pipeline worker: file import and job runs, so parsing and processing never block the page.
 * It only computes; the page records the events and results in IndexedDB (the synchronous pipeline leaves the
 * worker no chance to commit a transaction while it runs, but it can always post a message).
 */
import * as Comlink from 'comlink';
import { unzipSync } from 'fflate';
import { buildLayerInventory, detectUnits, findViews, MM_PER_UNIT, runPipeline, suggestedLayers } from '../src/core';
import type { WallsModel } from '../src/core/pipelineTypes';
import type { NewArtifact } from '../src/db/jobs';
import type { Drawing } from '../src/core/model';
import { writeExports } from '../src/export';
import { zipFiles } from '../src/export/zip';
import { DrawingImportError } from '../src/import/errors';
import { importDrawingWith } from '../src/import/readDrawing';
import { exportArtifacts, sha256Hex, storedArtifact } from './artifacts';
import { createDwgWorkerReader } from './dwgReader';
import { extractGeometry, geometryTransferables } from './geometry';
import { createJobEventHooks } from './jobEvents';
import { viewerOverlayData, viewerOverlayTransferables, viewerSceneData, viewerSceneTransferables, type ViewerArtifact } from './viewerData';
import type { DrawingGeometry } from './geometry';
import type { SceneData } from '../src/app/viewer/scene';
import { SIMULATE_DWG_CRASH_NAME, type ImportedDrawing, type JobEventSink, type JobOutput, type JobSpec, type PipelineWorkerApi, type ZipSource } from './protocol';

interface LoadedDrawing {
  contentHash: string;
  drawing: Drawing;
}

/**
 * The last drawing parsed, or being parsed, by content hash: a job usually follows the import or the preload of the
 * same file, and may arrive while the preload is still parsing it.
 */
let lastDrawing: { contentHash: string; loaded: Promise<LoadedDrawing> } | null = null;

/**
 * DWG files are read in a nested worker of their own, started with the first DWG (issue 6) and stopped after a
 * minute without DWG, which frees the memory LibreDWG took for a large file. The page names this
 * worker with SIMULATE_DWG_CRASH_NAME only when opened with `?simulateDwgCrash=once` (a test hook).
 */
const readDwg = createDwgWorkerReader(
  () => new Worker(new URL('./dwg.worker.ts', import.meta.url), { type: 'module', name: 'bimbot-dwg' }),
  { idleTimeoutMs: 60_000, simulateCrashOnce: self.name === SIMULATE_DWG_CRASH_NAME },
);

async function parse(bytes: Uint8Array, fileName: string, maxBytes: number): Promise<Drawing> {
  try {
    return await importDrawingWith(readDwg, bytes, fileName, { maxBytes });
  } catch (error) {
    // A fresh Error carries only the sentence across; the page never shows a stack.
    if (error instanceof DrawingImportError) throw new Error(error.message);
    throw new Error(`"${fileName}" could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function load(file: Blob, fileName: string, maxBytes: number, knownHash?: string): Promise<LoadedDrawing> {
  if (knownHash !== undefined && lastDrawing?.contentHash === knownHash) return lastDrawing.loaded;
  const loaded = (async () => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const contentHash = knownHash ?? (await sha256Hex(bytes));
    return { contentHash, drawing: await parse(bytes, fileName, maxBytes) };
  })();
  if (knownHash !== undefined) lastDrawing = { contentHash: knownHash, loaded };
  loaded.then(
    (result) => {
      if (knownHash === undefined) lastDrawing = { contentHash: result.contentHash, loaded };
    },
    // A drawing that failed to parse is not kept: the next call tries again, and says why itself.
    () => {
      if (lastDrawing?.loaded === loaded) lastDrawing = null;
    },
  );
  return loaded;
}

/** IFC, DXF and SVG of the result. */
function exportFiles(walls: WallsModel, spec: JobSpec) {
  const files = writeExports(walls, {
    projectName: spec.fileName,
    guidSeed: spec.contentHash,
    mmPerUnit: MM_PER_UNIT[spec.units],
    wallHeight: spec.params.wallHeight,
    storeyName: spec.params.storeyName,
    storeyElevation: spec.params.storeyElevation,
  });
  return exportArtifacts(files);
}

const api: PipelineWorkerApi = {
  async importFile(file: Blob, fileName: string, maxBytes: number): Promise<ImportedDrawing> {
    const { drawing, contentHash } = await load(file, fileName, maxBytes);
    const inventory = buildLayerInventory(drawing);
    const { units, reason } = detectUnits(drawing);
    const suggested = suggestedLayers(inventory);
    return {
      contentHash,
      declaredUnits: drawing.declaredUnits,
      detectedUnits: units,
      unitsReason: reason,
      inventory,
      suggestedLayers: suggested,
      warnings: drawing.warnings,
      views: findViews(drawing, suggested),
    };
  },

  async run(spec: JobSpec, onEvents: JobEventSink): Promise<JobOutput> {
    // The file passed the size limit when it was imported; a job never rejects it for its size.
    const { drawing } = await load(spec.file, spec.fileName, Number.POSITIVE_INFINITY, spec.contentHash);
    const events = createJobEventHooks(onEvents);
    const artifacts: Promise<NewArtifact>[] = [];
    try {
      const result = runPipeline(
        { drawing, selectedLayers: spec.selectedLayers, units: spec.units, params: spec.params, region: spec.region },
        { ...events.hooks, onArtifact: (a) => artifacts.push(storedArtifact(a)) },
      );
      const exports = await exportFiles(result.walls, spec);
      events.hooks.onLog?.('info', `Exported ${exports.map((e) => e.name).join(', ')}`, 'WALLS');
      return { steps: result.steps, artifacts: [...(await Promise.all(artifacts)), ...exports] };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(events.currentStep ? `${events.currentStep}: ${message}` : message);
    } finally {
      events.end();
    }
  },

  async preload(file: Blob, fileName: string, contentHash: string): Promise<void> {
    await load(file, fileName, Number.POSITIVE_INFINITY, contentHash);
  },

  async ping() {
    return 'pong' as const;
  },

  async zip(files: ZipSource[]): Promise<Blob> {
    const entries = await Promise.all(
      files.map(async (file) => ({ name: file.name, data: new Uint8Array(await file.blob.arrayBuffer()) })),
    );
    // fflate writes into a plain ArrayBuffer, never a shared one.
    return new Blob([zipFiles(entries) as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
  },

  async unzip(archive: Blob): Promise<Record<string, Uint8Array>> {
    const files = unzipSync(new Uint8Array(await archive.arrayBuffer()));
    return Comlink.transfer(files, Object.values(files).map((bytes) => bytes.buffer));
  },

  async geometry(file: Blob, fileName: string, contentHash: string, mmPerUnit: number): Promise<DrawingGeometry> {
    const { drawing } = await load(file, fileName, Number.POSITIVE_INFINITY, contentHash);
    const geometry = extractGeometry(drawing, mmPerUnit);
    return Comlink.transfer(geometry, geometryTransferables(geometry));
  },

  async viewerScene(source, artifacts: ViewerArtifact[]): Promise<SceneData> {
    const geometry: DrawingGeometry = source
      ? extractGeometry((await load(source.file, source.fileName, Number.POSITIVE_INFINITY, source.contentHash)).drawing, source.mmPerUnit)
      : { layers: [], segmentCount: 0, bounds: null };
    const data = await viewerSceneData(geometry, artifacts);
    return Comlink.transfer(data, viewerSceneTransferables(data));
  },

  async viewerOverlays(artifacts: ViewerArtifact[], origin, keys) {
    const list = await viewerOverlayData(artifacts, origin, keys);
    return Comlink.transfer(list, viewerOverlayTransferables(list));
  },
};

Comlink.expose(api);
