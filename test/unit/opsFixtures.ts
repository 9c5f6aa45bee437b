/** A small store for the ops tests: drawings with completed jobs, steps, logs and artifacts, written the app's way. */
import { defaultParams } from '../../src/core/params';
import { STEP_NAMES, type StepRecord } from '../../src/core/pipelineTypes';
import { addDrawing, appendLogs, createJob, db, finishJob, markJobRunning, setSetting } from '../../src/db';
import { blobSha256 } from '../../src/db/blobHash';
import { sha256Hex, storedArtifacts } from '../../workers/artifacts';

export async function seedDrawing(name: string, content: string) {
  const bytes = new TextEncoder().encode(content);
  const { id } = await addDrawing({
    name,
    file: new Blob([bytes], { type: 'application/json' }),
    contentHash: await sha256Hex(bytes),
    detectedUnits: 'mm',
    unitsReason: 'test',
    declaredUnits: null,
    suggestedLayers: ['A-WALL'],
    warnings: [],
    views: [],
    inventory: [
      { name: 'A-WALL', lines: 4, polylines: 0, blocks: 0, otherCounts: [], skipped: 0, bbox: { minX: 0, minY: 0, maxX: 1, maxY: 1 }, layerClass: 'wall' },
    ],
  });
  return id;
}

export function completedSteps(): StepRecord[] {
  return STEP_NAMES.map((name) => ({ name, status: 'completed', startedAt: 1, endedAt: 2, duration_ms: 1, metrics: { n: 1 } }) as StepRecord);
}

export async function seedCompletedJob(drawingId: string, label: string) {
  const jobId = await createJob({ drawingId, selectedLayers: ['A-WALL'], units: 'mm', params: defaultParams });
  await markJobRunning(jobId);
  await appendLogs(jobId, [{ level: 'error', message: `${label} went wrong once`, step: 'EXTRACT', time: 5 }]);
  const artifacts = await storedArtifacts([
    { step: 'EXTRACT', name: 'extract.json', mime: 'application/json', bytes: new TextEncoder().encode(JSON.stringify({ label })) },
    { step: 'WALLS', name: 'bimjson.json', mime: 'application/json', bytes: new TextEncoder().encode(JSON.stringify({ type: 'BIMJSON', label })) },
  ]);
  await finishJob(jobId, completedSteps(), artifacts);
  return jobId;
}

/** Two drawings, three completed jobs, a setting. */
export async function seedStore() {
  const a = await seedDrawing('a.json', '{"Layers":[1]}');
  const b = await seedDrawing('b.json', '{"Layers":[2]}');
  await seedCompletedJob(a, 'a1');
  await seedCompletedJob(a, 'a2');
  await seedCompletedJob(b, 'b1');
  await setSetting('workerPoolSize', 2);
}

/** Every row of every table, Blobs replaced by their sha-256: equal snapshots mean equal stores. */
export async function snapshot() {
  const hashBlobs = async (row: object) =>
    Object.fromEntries(
      await Promise.all(Object.entries(row).map(async ([k, v]) => [k, v instanceof Blob ? await blobSha256(v) : v])),
    );
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) out[table.name] = await Promise.all((await table.toArray()).map((r) => hashBlobs(r as object)));
  return out;
}
