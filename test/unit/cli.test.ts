import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, [join(root, 'src', 'cli.ts'), ...args], { cwd: root, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

interface BadCase {
  file: string;
  outcome: 'rejected' | 'imported' | 'imported-with-warnings';
  message?: string;
  maxBytes?: number;
}

const corpus = JSON.parse(readFileSync(join(root, 'test/fixtures/bad/expected.json'), 'utf8')) as { cases: BadCase[] };

describe('CLI', () => {
  it('runs the apartment sample and writes every artifact, job.json and bimjson.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bimbot-cli-'));
    const r = await cli('run', join(root, 'test/fixtures/apartment.json'), '--out', out);
    expect(r.code).toBe(0);
    for (const name of ['canvas_data.json', 'logic_b_pairs.json', 'logic_c_pairs.json', 'logic_d_rectangles.json', 'logic_e_rectangles.json', 'logic_f_rectangles.json', 'door_rectangle_assignments.json', 'door_bridges.json', 'walls.json', 'bimjson.json', 'wall_candidate_pairs.json', 'job.json']) {
      expect(existsSync(join(out, name)), name).toBe(true);
    }
    const job = JSON.parse(readFileSync(join(out, 'job.json'), 'utf8'));
    expect(job.steps.map((s: { status: string }) => s.status)).toEqual(Array(13).fill('completed'));
    const bim = JSON.parse(readFileSync(join(out, 'bimjson.json'), 'utf8'));
    expect(bim.type).toBe('BIMJSON');
    expect(bim.features.filter((f: { geometry: { type: string } }) => f.geometry.type === 'LineString').length).toBe(10);
  });

  it('names the IFC storey and sets its elevation from the job parameters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bimbot-storey-'));
    const params = join(dir, 'params.json');
    writeFileSync(params, JSON.stringify({ storeyName: 'Floor 6', storeyElevation: 18000 }));
    const r = await cli('run', join(root, 'test/fixtures/apartment.json'), '--params', params, '--out', join(dir, 'out'));
    expect(r.code).toBe(0);
    const storey = readFileSync(join(dir, 'out', 'model.ifc'), 'utf8').split('\n').find((l) => l.includes('IFCBUILDINGSTOREY('));
    expect(storey).toMatch(/'Floor 6'.*,18000\.\);$/);
  });

  it('limits the job to --region and records it in job.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bimbot-region-'));
    // The apartment spans x 125000…142500 mm: the region keeps its left 5 m.
    const r = await cli('run', join(root, 'test/fixtures/apartment.json'), '--region', '124000,-1000,130000,12000', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('region: 124000,-1000,130000,12000 (mm)');
    const job = JSON.parse(readFileSync(join(out, 'job.json'), 'utf8'));
    expect(job.region).toEqual({ minX: 124000, minY: -1000, maxX: 130000, maxY: 12000 });
    const walls = JSON.parse(readFileSync(join(out, 'walls.json'), 'utf8')).walls as { p1: { x: number }; p2: { x: number } }[];
    expect(walls.length).toBeGreaterThan(0);
    for (const w of walls) expect(Math.max(w.p1.x, w.p2.x)).toBeLessThanOrEqual(130000);
  });

  it('says what is wrong with its arguments in one line and exits 2', async () => {
    for (const args of [[], ['frobnicate'], ['run'], ['run', 'x.json', '--units', 'furlong'], ['run', 'x.json', '--region', '1,2,3'], ['run', join(root, 'test/fixtures/apartment.json'), '--layers', 'NOPE']]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0]).toMatch(/^error: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('reports a missing file without a stack trace', async () => {
    const r = await cli('run', join(root, 'test/fixtures/does-not-exist.json'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`error: cannot read ${join(root, 'test/fixtures/does-not-exist.json')}: no such file`);
  });

  // The bad-input corpus of issue 9, through the CLI: rejected files exit 2 with one error line,
  // the others exit 0 (warnings on stderr). Cases that need a smaller size limit are importer-only.
  for (const c of corpus.cases.filter((k) => k.maxBytes === undefined)) {
    it(`handles bad input ${c.file} (${c.outcome})`, async () => {
      const out = mkdtempSync(join(tmpdir(), 'bimbot-bad-'));
      const r = await cli('run', join(root, 'test/fixtures/bad', c.file), '--out', out);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      if (c.outcome === 'rejected') {
        expect(r.code).toBe(2);
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^error: /);
        if (c.message) expect(lines[0]).toContain(c.message);
      } else {
        expect(r.code).toBe(0);
        if (c.outcome === 'imported-with-warnings' && c.message) expect(r.stderr).toContain(c.message);
      }
    });
  }
});
