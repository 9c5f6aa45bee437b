// Runs a TypeScript benchmark the way the app ships its code: bundled by esbuild without tsx's keepNames
// (tsx wraps every function and closure in a __name() call, a cost the production build does not have).
// Usage: node test/bench/runBundled.mjs test/bench/pipeline.ts [node flags…]
// The bundle goes to bench/.build/, at the same depth as test/bench/, so paths made from import.meta.url still hold.
import { spawnSync } from 'node:child_process';
import { basename, resolve } from 'node:path';
import { build } from 'esbuild';

const [entry, ...nodeFlags] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node test/bench/runBundled.mjs <entry.ts> [node flags…]');
  process.exit(2);
}
const outfile = resolve('bench/.build', `${basename(entry, '.ts')}.mjs`);
await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
const run = spawnSync(process.execPath, [...nodeFlags, outfile], { stdio: 'inherit' });
process.exit(run.status ?? 1);
