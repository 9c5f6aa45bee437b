/**
 * npm run bench:dwg — the DWG import benchmark of issue 6, in Node (the browser one is
 * test/bench/browser/dwg.spec.ts). Writes the ≈2 MB, ≈8k-entity plan DWG (test/bench/dwgPlan.ts), imports it
 * with the CLI's importer (LibreDWG WASM in this thread) and prints file size, entity counts and times: the first
 * import also loads the WASM, the next ones do not.
 *
 * Environment: BENCH_DWG_OUT=path also writes the DWG there (to open it in a CAD program or the app);
 * BENCH_REPEAT=n warm imports (default 3, the fastest is reported).
 */
import { writeFileSync } from 'node:fs';
import { buildLayerInventory } from '../../src/core';
import { importDrawingAsync } from '../../src/import';
import { TWO_MB_PLAN, writePlanDwg } from './dwgPlan';

const started = performance.now();
const plan = writePlanDwg(TWO_MB_PLAN);
const writeMs = performance.now() - started;
if (process.env.BENCH_DWG_OUT) writeFileSync(process.env.BENCH_DWG_OUT, plan.bytes);

async function timedImport() {
  const t0 = performance.now();
  const drawing = await importDrawingAsync(plan.bytes.slice(), plan.fileName);
  return { drawing, ms: performance.now() - t0 };
}

const cold = await timedImport();
const warm: number[] = [];
for (let i = 0; i < Number(process.env.BENCH_REPEAT ?? 3); i++) warm.push((await timedImport()).ms);
const inventory = buildLayerInventory(cold.drawing);
const count = (l: (typeof inventory)[number]) => l.lines + l.polylines + l.blocks + l.otherCounts.reduce((n, [, c]) => n + c, 0) + l.skipped;
const entities = inventory.reduce((n, l) => n + count(l), 0);

console.log(`DWG ${plan.fileName}: ${plan.bytes.length} bytes (${(plan.bytes.length / 1024 / 1024).toFixed(2)} MiB), written in ${writeMs.toFixed(0)} ms`);
console.log(`model-space entities imported: ${entities} (${plan.addedEntities} written + the template's own)`);
for (const l of inventory) console.log(`  ${l.name}: ${l.lines} lines, ${l.polylines} polylines, ${l.blocks} blocks, other ${JSON.stringify(l.otherCounts)}`);
console.log(`warnings: ${JSON.stringify(cold.drawing.warnings)}`);
console.log(`Node ${process.version}: import ${cold.ms.toFixed(0)} ms the first time (loads the WASM), ${Math.min(...warm).toFixed(0)} ms warm (min of ${warm.map((m) => m.toFixed(0)).join(', ')})`);
