import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { beforeEach, expect, it } from 'vitest';
import { buildLayerInventory, detectUnits, runPipeline, suggestedLayers } from '../../src/core';
import { defaultParams } from '../../src/core/params';
import { importDrawing } from '../../src/import';
import { createJobRecorder } from '../../src/app/jobs/jobRecorder';
import { addDrawing, createJob, db, finishJob, getJob, listArtifacts, listLogs, listSteps, markJobRunning } from '../../src/db';
import { sha256Hex, storedArtifacts } from '../../workers/artifacts';
import { createJobEventHooks } from '../../workers/jobEvents';

beforeEach(async () => {
  await db.delete();
  await db.open();
});

/** The worker's run and the page's recording, without the Comlink hop in between. */
it('records a whole pipeline run of the apartment sample', async () => {
  const bytes = new Uint8Array(readFileSync('test/fixtures/apartment.json'));
  const drawing = importDrawing(bytes, 'apartment.json');
  const inventory = buildLayerInventory(drawing);
  const detected = detectUnits(drawing);
  const { id: drawingId } = await addDrawing({
    name: 'apartment.json',
    file: new Blob([bytes]),
    contentHash: await sha256Hex(bytes),
    detectedUnits: detected.units,
    unitsReason: detected.reason,
    declaredUnits: drawing.declaredUnits,
    suggestedLayers: suggestedLayers(inventory),
    warnings: drawing.warnings,
    inventory,
    views: [],
  });
  const selectedLayers = suggestedLayers(inventory);
  const jobId = await createJob({ drawingId, selectedLayers, units: detected.units, params: defaultParams });
  await markJobRunning(jobId);

  const recorder = createJobRecorder(jobId);
  const events = createJobEventHooks(recorder.receive, 0);
  const result = runPipeline({ drawing, selectedLayers, units: detected.units, params: defaultParams }, events.hooks);
  events.end();
  await recorder.drained;
  expect((await getJob(jobId))!.progress).toBe(1);
  await finishJob(jobId, result.steps, await storedArtifacts(result.artifacts));

  expect((await getJob(jobId))!.status).toBe('completed');
  const steps = await listSteps(jobId);
  expect(steps.every((s) => s.status === 'completed' && s.duration_ms !== null)).toBe(true);
  expect(steps.find((s) => s.name === 'LOGIC_B')!.metrics).toEqual(result.steps[4]!.metrics);
  expect((await listLogs(jobId)).length).toBeGreaterThan(0);

  const artifacts = await listArtifacts(jobId);
  expect(artifacts.map((a) => a.name)).toEqual(result.artifacts.map((a) => a.name));
  const bimjson = artifacts.find((a) => a.name === 'bimjson.json')!;
  const text = await bimjson.blob.text();
  expect(JSON.parse(text)).toMatchObject({ type: 'BIMJSON', units: 'mm' });
  expect(bimjson.size).toBe(new TextEncoder().encode(text).byteLength);
  expect(bimjson.sha256).toBe(await sha256Hex(new TextEncoder().encode(text)));
});
