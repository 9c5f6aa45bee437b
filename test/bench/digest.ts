/**
 * npm run bench:digest — a fingerprint of everything the pipeline writes, for speed work that must not change
 * a byte: the SHA-256 of every step artifact, of walls/bimjson and of every step's metrics, on the samples,
 * the real drawings and deterministic synthetic plans (diagonal wings included).
 *
 *   npm run bench:digest -- --write /tmp/before.json    record
 *   npm run bench:digest -- --check /tmp/before.json    compare; exit 1 and list what differs
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLayerInventory, defaultParams, detectUnits, runPipeline, suggestedLayers, type Drawing } from '../../src/core';
import { importDrawing } from '../../src/import';
import { generatePlan, WALL_LAYER } from './generator';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sha = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex').slice(0, 16);

function fileDrawing(name: string): { drawing: Drawing; layers: string[] } {
  const drawing = importDrawing(readFileSync(resolve(root, 'test/fixtures', name)), name);
  return { drawing, layers: suggestedLayers(buildLayerInventory(drawing)) };
}

const cases: [string, () => { drawing: Drawing; layers: string[] }][] = [
  ...['apartment.json', 'apartment-he-m.json', 'office-floor.json', 'rotated.json', 'campus.json', 'real/es_barcelona_pavilion_plan.dxf'].map((n) => [n, () => fileDrawing(n)] as [string, () => { drawing: Drawing; layers: string[] }]),
  ...[[2_000, 7], [5_000, 1], [20_000, 2], [50_000, 3]].map(([n, seed]) => [`synthetic ${n} seed ${seed}`, () => ({ drawing: generatePlan(n, seed).drawing, layers: [WALL_LAYER] })] as [string, () => { drawing: Drawing; layers: string[] }]),
];

function digest(): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, make] of cases) {
    const { drawing, layers } = make();
    const entry: Record<string, string> = {};
    // Hashed as each is handed over, as the worker and the CLI take them (the bytes are valid only during the call).
    const result = runPipeline({ drawing, selectedLayers: layers, units: detectUnits(drawing).units, params: defaultParams }, {
      onArtifact: (a) => {
        entry[a.name] = sha(a.bytes);
      },
    });
    entry.metrics = sha(JSON.stringify(result.steps.map((s) => [s.name, s.status, s.metrics])));
    entry.walls = sha(JSON.stringify(result.walls));
    entry.bimjson = sha(JSON.stringify(result.bimjson));
    out[name] = entry;
    console.log(`${name}: ${Object.keys(entry).length} digests`);
  }
  return out;
}

const [mode, file] = process.argv.slice(2);
if ((mode !== '--write' && mode !== '--check') || !file) {
  console.error('usage: npm run bench:digest -- --write FILE | --check FILE');
  process.exit(2);
}
const now = digest();
if (mode === '--write') {
  writeFileSync(file, `${JSON.stringify(now, null, 1)}\n`);
  console.log(`wrote ${file}`);
} else {
  const before = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
  const diffs: string[] = [];
  for (const name of new Set([...Object.keys(before), ...Object.keys(now)])) {
    for (const key of new Set([...Object.keys(before[name] ?? {}), ...Object.keys(now[name] ?? {})])) {
      if (before[name]?.[key] !== now[name]?.[key]) diffs.push(`${name}: ${key}`);
    }
  }
  console.log(diffs.length ? `DIFFERENT (${diffs.length}):\n  ${diffs.join('\n  ')}` : 'identical: every artifact, metric and model matches');
  process.exit(diffs.length ? 1 : 0);
}
