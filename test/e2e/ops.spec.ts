import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { uploadInput } from './locators';

// The operations side (SPEC §6, issue 8) against the production build: offline use, interrupted jobs, two tabs,
// backup/restore, quota errors, sub-path hosting. Every test gets a fresh browser context (empty IndexedDB).

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const DIST = path.resolve(process.env.E2E_OUTDIR || 'dist');
/** A `BASE_PATH=/bimbot/ vite build` to serve under /bimbot/; by default the relative build is served there. */
const SUBPATH_DIST = path.resolve(process.env.E2E_SUBPATH_OUTDIR || DIST);
const TERMINAL = /^(completed|failed|cancelled|interrupted)$/;

// ---------------------------------------------------------------- helpers

const runButton = (page: Page) => page.getByRole('button', { name: 'Run pipeline', exact: true });
const jobStatus = (page: Page) => page.getByTestId('job-status');

async function uploadAndRun(page: Page, fixture: string): Promise<string> {
  await expect(uploadInput(page)).toBeAttached();
  await uploadInput(page).setInputFiles(path.join(FIXTURES, fixture));
  await expect(runButton(page)).toBeVisible({ timeout: 60_000 });
  await runButton(page).click();
  await expect(jobStatus(page)).toBeVisible();
  return page.url();
}

async function expectJobEnds(page: Page, status: string, timeout = 120_000): Promise<void> {
  await expect(jobStatus(page)).toHaveText(TERMINAL, { timeout });
  await expect(jobStatus(page)).toHaveText(status);
}

const jobIdOf = (url: string) => url.split('/jobs/')[1]!;

/** Every IndexedDB row of the app, Blobs replaced by their sha-256, read with the raw API (not the app's code). */
function storeSnapshot(page: Page): Promise<Record<string, unknown[]>> {
  return page.evaluate(async () => {
    const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('bimbot-ai-wall');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const out: Record<string, unknown[]> = {};
    for (const name of Array.from(database.objectStoreNames)) {
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        const request = database.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      out[name] = await Promise.all(
        rows.map(async (row) =>
          Object.fromEntries(
            await Promise.all(
              Object.entries(row as object).map(async ([key, value]) => [
                key,
                value instanceof Blob ? `sha256:${hex(await crypto.subtle.digest('SHA-256', await value.arrayBuffer()))}` : value,
              ]),
            ),
          ),
        ),
      );
    }
    database.close();
    return out;
  });
}

async function downloadZip(page: Page, button: string): Promise<Record<string, Uint8Array>> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
  return unzipSync(new Uint8Array(await readFile(await download.path())));
}

async function logMessages(page: Page, jobId: string): Promise<string[]> {
  const snapshot = await storeSnapshot(page);
  return (snapshot.logs as { jobId: string; message: string }[]).filter((l) => l.jobId === jobId).map((l) => l.message);
}

async function waitForActiveServiceWorker(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active?.state)), { timeout: 60_000 })
    .toBe('activated');
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/** Waits until no open page holds a job lock (a closed page loses its locks a moment after it is gone). */
async function waitForNoJobLocks(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(async () => ((await navigator.locks.query()).held ?? []).filter((l) => l.name?.startsWith('bimbot-job:')).length))
    .toBe(0);
}

// ---------------------------------------------------------------- tests

test('offline after one online visit: open, upload, run and download all work', async ({ page, context }) => {
  await page.goto('/');
  await waitForActiveServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);

  await uploadAndRun(page, 'apartment.json');
  await expectJobEnds(page, 'completed');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download BIMJSON', exact: true }).click(),
  ]);
  const bim = JSON.parse(await readFile(await download.path(), 'utf8')) as { type: string; features: unknown[] };
  expect(bim.type).toBe('BIMJSON');
  expect(bim.features.length).toBeGreaterThan(10);
  // The exports (IFC, DXF, SVG) were written offline too.
  await expect(page.getByRole('button', { name: 'Download IFC', exact: true })).toBeEnabled();
  await context.setOffline(false);
});

test('a page closed mid-job leaves the job interrupted; Resume, clicked in two open pages, completes it once', async ({ context }) => {
  test.setTimeout(600_000);
  const first = await context.newPage();
  await first.goto('/');
  const jobUrl = await uploadAndRun(first, 'campus.json');
  await expect(jobStatus(first)).toHaveText('running');
  await expect.poll(() => first.getByLabel('Pipeline progress').getAttribute('value'), { timeout: 120_000 }).not.toBe('0');
  await first.close();

  const [a, b] = [await context.newPage(), await context.newPage()];
  await a.goto('/');
  await waitForNoJobLocks(a);
  await a.goto(jobUrl);
  await expect(jobStatus(a)).toHaveText('interrupted');
  await b.goto(jobUrl);
  await expect(jobStatus(b)).toHaveText('interrupted');

  // Both pages ask to resume, one right after the other: page a's click lands; page b's Resume button may
  // already be gone (the job left "interrupted"), and then there is nothing left for b to click — also a pass.
  const resume = (p: Page) => p.getByRole('button', { name: 'Resume', exact: true });
  await resume(a).click({ timeout: 30_000 });
  await resume(b)
    .click({ timeout: 5_000 })
    .catch(async (error: unknown) => {
      if ((await jobStatus(b).textContent()) === 'interrupted') throw error;
    });
  await expectJobEnds(a, 'completed', 540_000);
  await expect(jobStatus(b)).toHaveText('completed');
  const started = (await logMessages(a, jobIdOf(jobUrl))).filter((m) => m.startsWith('Job started'));
  expect(started, 'the resumed job ran in one page only').toHaveLength(1);
});

test('two pages open while a job runs: the second leaves it alone and it runs once', async ({ context }) => {
  test.setTimeout(600_000);
  const runner = await context.newPage();
  await runner.goto('/');
  const jobUrl = await uploadAndRun(runner, 'campus.json');
  await expect(jobStatus(runner)).toHaveText('running');

  // A second page starting up must not take the job for abandoned: the first still holds its Web Lock.
  const watcher = await context.newPage();
  await watcher.goto(jobUrl);
  await expect(jobStatus(watcher)).toHaveText('running');
  await expectJobEnds(watcher, 'completed', 540_000);

  const messages = await logMessages(watcher, jobIdOf(jobUrl));
  expect(messages.filter((m) => m.startsWith('Job started'))).toHaveLength(1);
  expect(messages.filter((m) => m.includes('closed before it finished'))).toHaveLength(0);
});

test('backup → reset → restore gives the same drawings, jobs and artifacts (compared by hash)', async ({ page }) => {
  await page.goto('/');
  await uploadAndRun(page, 'apartment.json');
  await expectJobEnds(page, 'completed');
  const before = await storeSnapshot(page);
  expect(before.artifacts!.length).toBeGreaterThan(3);

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const [backup] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export backup', exact: true }).click(),
  ]);
  expect(backup.suggestedFilename()).toMatch(/^bimbot-backup-.*\.zip$/);
  const backupPath = await backup.path();

  const reset = page.getByRole('button', { name: 'Reset', exact: true });
  await expect(reset).toBeDisabled();
  await page.getByLabel('Type RESET to confirm').fill('RESET');
  await reset.click();
  await expect(page.getByText('Everything was deleted.')).toBeVisible();
  const empty = await storeSnapshot(page);
  for (const rows of Object.values(empty)) expect(rows).toEqual([]);

  await page.getByLabel('Restore backup').setInputFiles(backupPath);
  await expect(page.getByText(/^Restored 1 drawings, 1 jobs and \d+ artifacts/)).toBeVisible();
  expect(await storeSnapshot(page)).toEqual(before);

  // A damaged backup is refused with a reason, and changes nothing.
  const bytes = await readFile(backupPath);
  await page.getByLabel('Restore backup').setInputFiles({
    name: 'cut.zip',
    mimeType: 'application/zip',
    buffer: bytes.subarray(0, Math.floor(bytes.length / 2)),
  });
  await expect(page.getByRole('alert')).toContainText('cannot be restored and nothing was changed');
  await expect(page.getByRole('alert')).toContainText('not a readable .zip archive');
  expect(await storeSnapshot(page)).toEqual(before);
});

test('a simulated quota error during a job leaves no partial records and says what to delete', async ({ page }) => {
  // Test hook (src/app/jobs/simulatedQuotaError.ts): artifact writes fail with QuotaExceededError in this page.
  await page.goto('/?simulateQuotaError=job');
  const jobUrl = await uploadAndRun(page, 'apartment.json');
  await expectJobEnds(page, 'failed');
  await expect(page.getByText(/storage for this site is full, so nothing was saved/).first()).toBeVisible();
  await expect(page.getByText(/deleting drawings you no longer need or old jobs/).first()).toBeVisible();

  const snapshot = await storeSnapshot(page);
  const jobId = jobIdOf(jobUrl);
  expect((snapshot.artifacts as { jobId: string }[]).filter((a) => a.jobId === jobId)).toEqual([]);
  expect(snapshot.jobs).toHaveLength(1);
  expect(snapshot.drawings).toHaveLength(1);
});

test('a simulated quota error while adding a drawing stores nothing and says so', async ({ page }) => {
  await page.goto('/?simulateQuotaError=import');
  await uploadInput(page).setInputFiles(path.join(FIXTURES, 'apartment.json'));
  await expect(page.getByRole('alert')).toContainText('storage for this site is full, so nothing was saved');
  const snapshot = await storeSnapshot(page);
  expect(snapshot.drawings).toEqual([]);
  expect(snapshot.layers).toEqual([]);
});

test('settings persist; the diagnostics page reports health and its self-test passes', async ({ page }) => {
  await page.goto('/#/settings');
  await page.getByLabel('Worker pool size').selectOption('2');
  await page.getByLabel('Maximum file size (MB)').fill('1');
  await page.getByRole('button', { name: 'Save settings', exact: true }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Worker pool size')).toHaveValue('2');
  await expect(page.getByLabel('Maximum file size (MB)')).toHaveValue('1');
  await expect(page.getByTestId('persistence-state')).toContainText(/Granted|Not granted|Unknown/);

  // The size limit applies to uploads: campus.json is larger than 1 MB.
  await page.goto('/');
  await uploadInput(page).setInputFiles(path.join(FIXTURES, 'campus.json'));
  await expect(page.getByRole('alert')).toContainText('1.0 MB');

  await page.goto('/#/diagnostics');
  await expect(page.getByTestId('app-version')).toHaveText(/^\d+\.\d+\.\d+/);
  await expect(page.getByTestId('idb-state')).toContainText('open, schema version 1');
  await expect(page.getByTestId('worker-pool')).toContainText('Pool size2');
  await page.getByRole('button', { name: 'Run self-test', exact: true }).click();
  await expect(page.getByTestId('self-test-result')).toHaveText(/^All \d+ checks passed\.$/);
  // Two pool workers and the tools worker answered.
  await expect(page.getByText(/worker #\d+ answers a ping/)).toHaveCount(3);
  await page.getByRole('button', { name: 'Check integrity', exact: true }).click();
  await expect(page.getByTestId('integrity-report')).toContainText('No problems');
});

test('several drawings queued on a one-worker pool run one after another, unattended', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/#/settings');
  await page.getByLabel('Worker pool size').selectOption('1');
  await page.getByRole('button', { name: 'Save settings', exact: true }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();

  const fixtures = ['office-floor.json', 'apartment.json', 'rotated.json'];
  for (const fixture of fixtures) {
    await page.getByRole('link', { name: 'Drawings', exact: true }).first().click();
    await uploadAndRun(page, fixture);
  }
  await page.goto('/#/diagnostics');
  await expect
    .poll(async () => ((await storeSnapshot(page)).jobs as { status: string }[]).map((j) => j.status).sort(), { timeout: 240_000 })
    .toEqual(['completed', 'completed', 'completed']);
  const jobs = (await storeSnapshot(page)).jobs as { startedAt: number; endedAt: number }[];
  // One worker: each job started after the one before it ended.
  const byStart = [...jobs].sort((x, y) => x.startedAt - y.startedAt);
  for (let i = 1; i < byStart.length; i++) expect(byStart[i]!.startedAt).toBeGreaterThanOrEqual(byStart[i - 1]!.endedAt);
});

test('the integrity check finds a damaged artifact and "Regenerate" replaces its job with a fresh run', async ({ page }) => {
  await page.goto('/');
  const jobUrl = await uploadAndRun(page, 'apartment.json');
  await expectJobEnds(page, 'completed');
  // Damage one stored Blob behind the app's back, as a failing disk could.
  await page.evaluate(async () => {
    const database = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open('bimbot-ai-wall');
      request.onsuccess = () => resolve(request.result);
    });
    const store = database.transaction('artifacts', 'readwrite').objectStore('artifacts');
    await new Promise<void>((resolve) => {
      store.openCursor().onsuccess = (event) => {
        const cursor = (event.target as IDBRequest<IDBCursorWithValue>).result;
        cursor.update({ ...cursor.value, blob: new Blob(['damaged']) }).onsuccess = () => resolve();
      };
    });
    database.close();
  });

  await page.getByRole('link', { name: 'Diagnostics', exact: true }).click();
  await page.getByRole('button', { name: 'Check integrity', exact: true }).click();
  await expect(page.getByTestId('integrity-report')).toContainText('1 damaged artifacts');
  await page.getByRole('button', { name: /^Regenerate job / }).click();
  await page.getByRole('link', { name: /^job [0-9a-f]{8}$/ }).first().click();
  await expectJobEnds(page, 'completed');
  expect(page.url()).not.toBe(jobUrl);

  await page.goto('/#/diagnostics');
  await page.getByRole('button', { name: 'Check integrity', exact: true }).click();
  await expect(page.getByTestId('integrity-report')).toContainText('No problems');
});

test('the debug bundle holds logs, records and environment, and drawings only when ticked', async ({ page }) => {
  await page.goto('/');
  await uploadAndRun(page, 'apartment.json');
  await expectJobEnds(page, 'completed');
  await page.getByRole('link', { name: 'Diagnostics', exact: true }).click();

  const plain = await downloadZip(page, 'Download debug bundle');
  expect(Object.keys(plain).sort()).toEqual(['artifacts.json', 'drawings.json', 'environment.json', 'jobs.json', 'logs.json', 'steps.json']);
  const environment = JSON.parse(new TextDecoder().decode(plain['environment.json'])) as Record<string, Record<string, unknown>>;
  expect(environment.versions).toMatchObject({ databaseSchema: 1 });
  expect(environment.browser!.userAgent).toContain('Chrome');
  expect(environment.storage).toHaveProperty('quota');
  expect(new TextDecoder().decode(plain['drawings.json'])).not.toContain('apartment');

  await page.getByLabel('Include drawings and results').check();
  const full = await downloadZip(page, 'Download debug bundle');
  expect(Object.keys(full).some((name) => name.startsWith('drawings/') && name.endsWith('apartment.json'))).toBe(true);
  expect(Object.keys(full).some((name) => name.endsWith('bimjson.json'))).toBe(true);
});

test('installable: the manifest lists screenshots and file handlers, and files the app is opened with are imported', async ({ page, request }) => {
  const manifest = (await (await request.get('/manifest.webmanifest')).json()) as {
    screenshots: { src: string; sizes: string; form_factor: string }[];
    file_handlers: { accept: Record<string, string[]> }[];
    icons: { purpose: string }[];
  };
  expect(manifest.screenshots.map((s) => s.form_factor).sort()).toEqual(['narrow', 'wide']);
  for (const screenshot of manifest.screenshots) {
    const image = await request.get(`/${screenshot.src}`);
    expect(image.headers()['content-type']).toBe('image/png');
  }
  expect(Object.values(manifest.file_handlers[0]!.accept).flat().sort()).toEqual(['.dwg', '.dxf', '.json']);
  expect(manifest.icons.some((icon) => icon.purpose === 'maskable')).toBe(true);

  // What Chromium does when the installed app is opened with a file: a launchQueue with file handles.
  const content = await readFile(path.join(FIXTURES, 'apartment.json'), 'utf8');
  await page.addInitScript((text) => {
    const handle = { kind: 'file', name: 'opened-from-os.json', getFile: async () => new File([text], 'opened-from-os.json') };
    // Chromium has a real (read-only) launchQueue that stays empty outside an installed app: shadow it.
    Object.defineProperty(window, 'launchQueue', {
      value: { setConsumer: (consume: (params: { files: unknown[] }) => void) => consume({ files: [handle] }) },
    });
  }, content);
  await page.goto('/');
  await expect(runButton(page)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('opened-from-os.json').first()).toBeVisible();
});

// ---------------------------------------------------------------- sub-path hosting

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A plain static host serving the build under /bimbot/ — no rewrite rules, as on GitHub Pages and the like. */
function serveUnderSubPath(prefix: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(prefix)) return void response.writeHead(404).end();
    const relative = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    const file = path.join(SUBPATH_DIST, path.normalize(relative));
    if (!file.startsWith(SUBPATH_DIST)) return void response.writeHead(403).end();
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, 'localhost', () => {
      const address = server.address();
      resolve({ server, origin: `http://localhost:${typeof address === 'object' && address ? address.port : 0}` });
    }),
  );
}

test('served from a sub-path of a plain static host, client routes survive a reload', async ({ page }) => {
  const { server, origin } = await serveUnderSubPath('/bimbot/');
  try {
    await page.goto(`${origin}/bimbot/`);
    await uploadAndRun(page, 'apartment.json');
    await expectJobEnds(page, 'completed');
    const jobUrl = page.url();
    expect(jobUrl).toContain('/bimbot/#/jobs/');
    await page.reload();
    await expect(jobStatus(page)).toHaveText('completed');
    await page.goto(`${origin}/bimbot/#/diagnostics`);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Diagnostics', level: 1 })).toBeVisible();
    await expect(page.getByTestId('offline-ready')).toContainText('yes', { timeout: 60_000 });
  } finally {
    server.close();
  }
});
