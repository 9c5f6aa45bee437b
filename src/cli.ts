#!/usr/bin/env node
// The Node CLI over the core pipeline: the same code the app runs in its worker.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ZodError } from 'zod';
import { buildLayerInventory, detectUnits, findViews, formatRegion, parseParams, parseRegion, runPipeline, suggestedLayers, type Box2, type Units } from './core';
import { openingLayers } from './core/layers';
import { DrawingImportError, importDrawingAsync } from './import';
import { writeExports } from './export';
import { MM_PER_UNIT } from './core/model';
import { createHash } from 'node:crypto';

const USAGE = `usage: npm run --silent cli -- run <drawing.json|.dxf|.dwg> [--layers "A,B"] [--units mm|cm|m|in|ft] [--params params.json] [--region minX,minY,maxX,maxY] [--out DIR]

Runs the wall pipeline (EXTRACT … WALLS, WALL_CANDIDATES) on a drawing and writes every step artifact,
job.json (steps with status, duration_ms and metrics), bimjson.json, model.ifc (IFC4), result.dxf and plan.svg into DIR (default: ./out/<name>).
  --layers   layers to search for walls (default: the suggested wall layers); door and window layers
             are always used for door/window blocks
  --units    unit of the drawing's coordinates (default: detected from the geometry)
  --params   JSON file with pipeline parameters to override (see src/core/params.ts)
  --region   only use what lies inside this rectangle (drawing units), e.g. one plan of several in model space
Exit codes: 0 success, 2 bad input (one "error:" line on stderr), 1 anything else.`;

class UsageError extends Error {}

interface RunArgs {
  file: string;
  layers?: string[];
  units?: Units;
  paramsFile?: string;
  region?: Box2;
  out?: string;
}

const UNITS: Units[] = ['mm', 'cm', 'm', 'in', 'ft'];

function parseArgs(argv: string[]): RunArgs {
  if (argv[0] !== 'run') throw new UsageError(argv.length === 0 ? 'missing command "run"' : `unknown command "${argv[0]}"`);
  const args: Partial<RunArgs> = {};
  for (let i = 1; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--layers') args.layers = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (flag === '--units') {
      const u = value();
      if (!UNITS.includes(u as Units)) throw new UsageError(`--units must be one of ${UNITS.join(', ')}, not "${u}"`);
      args.units = u as Units;
    } else if (flag === '--params') args.paramsFile = value();
    else if (flag === '--region') {
      try {
        args.region = parseRegion(value());
      } catch (e) {
        throw new UsageError(`--region: ${(e as Error).message}`);
      }
    }
    else if (flag === '--out') args.out = value();
    else if (flag.startsWith('--')) throw new UsageError(`unknown option ${flag}`);
    else if (args.file) throw new UsageError(`unexpected argument "${flag}"`);
    else args.file = flag;
  }
  if (!args.file) throw new UsageError('missing drawing file');
  return args as RunArgs;
}

function readParams(file: string | undefined) {
  if (!file) return parseParams({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read parameters from ${file}: ${(e as Error).message}`);
  }
  try {
    return parseParams(raw);
  } catch (e) {
    if (e instanceof ZodError) {
      const issue = e.issues[0];
      throw new UsageError(`${file}: parameter ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    throw e;
  }
}

async function run(args: RunArgs): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(args.file);
  } catch (e) {
    throw new UsageError(`cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const params = readParams(args.paramsFile);
  const drawing = await importDrawingAsync(bytes, basename(args.file), { units: args.units });
  for (const w of drawing.warnings) process.stderr.write(`warning: ${w}\n`);
  const inventory = buildLayerInventory(drawing);
  const known = new Set(inventory.map((l) => l.name));
  const missing = (args.layers ?? []).filter((l) => !known.has(l));
  if (missing.length) throw new UsageError(`${basename(args.file)}: no layer named ${missing.map((m) => `"${m}"`).join(', ')}`);
  const layers = args.layers ?? suggestedLayers(inventory);
  if (layers.length === 0) process.stderr.write(`warning: ${basename(args.file)}: no wall layer recognised by name; choose layers with --layers\n`);
  const detected = detectUnits(drawing);
  const units = args.units ?? detected.units;
  const openings = openingLayers(inventory);
  process.stderr.write(`layers: ${layers.join(', ')}; doors: ${openings.doors.join(', ') || '-'}; windows: ${openings.windows.join(', ') || '-'}\n`);
  process.stderr.write(`units: ${units}${args.units ? ' (given)' : ` (detected: ${detected.reason})`}\n`);
  if (args.region) process.stderr.write(`region: ${formatRegion(args.region)} (${units})\n`);
  else {
    const views = findViews(drawing, layers);
    if (views.length > 0) {
      const list = views.map((v, i) => `  view ${i + 1}: --region ${formatRegion(v.box)} (${v.wallSegments} wall lines)`).join('\n');
      process.stderr.write(`note: the drawing has ${views.length} separate views; the whole drawing is used. To use one:\n${list}\n`);
    }
  }

  const out = resolve(args.out ?? join('out', basename(args.file).replace(/\.[^.]+$/, '')));
  mkdirSync(out, { recursive: true });
  // Each artifact goes to disk as its step ends, so a large plan's artifacts are not all held in memory.
  let artifactFiles = 0;
  const result = runPipeline({ drawing, selectedLayers: layers, units, params, region: args.region }, {
    sampleMemory: () => process.memoryUsage().heapUsed,
    onArtifact: (a) => {
      writeFileSync(join(out, a.name), a.bytes);
      artifactFiles++;
    },
  });
  const job = { file: basename(args.file), layers, units, params, region: args.region ?? null, status: 'completed', steps: result.steps };
  writeFileSync(join(out, 'job.json'), JSON.stringify(job, null, 2));
  const exports = await writeExports(result.walls, {
    projectName: basename(args.file),
    guidSeed: createHash('sha256').update(bytes).digest('hex'),
    mmPerUnit: MM_PER_UNIT[units],
    wallHeight: params.wallHeight,
    storeyName: params.storeyName,
    storeyElevation: params.storeyElevation,
  });
  for (const file of exports) writeFileSync(join(out, file.name), file.data);
  const w = result.walls;
  process.stderr.write(`${w.walls.length} walls, ${w.walls.reduce((s, x) => s + x.openings.length, 0)} hosted openings; wrote ${artifactFiles + 1 + exports.length} files to ${out}\n`);
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    await run(parseArgs(argv));
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof DrawingImportError) {
      process.stderr.write(`error: ${e.message}\n`);
      if (e instanceof UsageError && /command|argument|option|missing drawing/.test(e.message)) process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`error: unexpected failure: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
