import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { uploadInput, runButton, storedDrawings } from './locators';

// Issue 6: DWG files are read in a Web Worker of their own (workers/dwg.worker.ts, started by the pipeline worker
// with the first DWG), for imports and job runs alike. A DWG opens through the upload page; a crash of that worker fails that import only, with one
// sentence naming the file, and the earlier drawings stay; the next DWG gets a new DWG worker.

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const EXAMPLE = path.join(FIXTURES, 'real', 'libredwg_example_2018.dwg');

async function openHome(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await expect(uploadInput(page)).toBeEnabled();
}

/** The DWG worker's script, as loaded by the page's workers (the WASM comes with the first DWG only). */
function watchDwgLoads(page: Page): { worker: string[]; wasm: string[] } {
  const seen = { worker: [] as string[], wasm: [] as string[] };
  page.on('request', (request) => {
    const url = request.url();
    if (/dwg\.worker-[\w-]+\.js$/.test(url)) seen.worker.push(url);
    if (/libredwg-web-[\w-]+\.wasm$/.test(url)) seen.wasm.push(url);
  });
  return seen;
}

test('a DWG opens through the upload page, read in a worker of its own', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
  const loads = watchDwgLoads(page);
  await openHome(page);
  await uploadInput(page).setInputFiles(path.join(FIXTURES, 'apartment.json'));
  await expect(runButton(page)).toBeVisible({ timeout: 60_000 });
  // A JSON drawing does not start the DWG worker, nor load LibreDWG's WASM.
  expect(loads.worker).toEqual([]);
  expect(loads.wasm).toEqual([]);

  await openHome(page);
  await uploadInput(page).setInputFiles(EXAMPLE);
  await expect(runButton(page)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('libredwg_example_2018.dwg');
  await expect(page.getByLabel('Select layer Tavolo 3', { exact: true })).toBeVisible();
  expect(loads.worker.length).toBe(1);

  // A job on it re-reads the file in a pool worker, whose own DWG worker starts for it.
  await page.getByRole('button', { name: 'Select all', exact: true }).click();
  await runButton(page).click();
  await expect(page.getByTestId('job-status')).toHaveText('completed', { timeout: 90_000 });
  expect(loads.worker.length).toBe(2);

  await openHome(page);
  await expect(storedDrawings(page).getByRole('link', { name: 'libredwg_example_2018.dwg', exact: true })).toBeVisible();
  await expect(storedDrawings(page).getByRole('link', { name: 'apartment.json', exact: true })).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('a crash of the DWG worker fails that import with one sentence; earlier drawings stay and the next DWG opens', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
  const loads = watchDwgLoads(page);
  await openHome(page, '?simulateDwgCrash=once');
  await uploadInput(page).setInputFiles(path.join(FIXTURES, 'apartment.json'));
  await expect(runButton(page)).toBeVisible({ timeout: 60_000 });

  await openHome(page, '?simulateDwgCrash=once');
  await uploadInput(page).setInputFiles(EXAMPLE);
  const alert = page.getByRole('alert').filter({ hasText: 'libredwg_example_2018.dwg' });
  await expect(alert).toBeVisible({ timeout: 60_000 });
  const text = (await alert.first().innerText()).trim();
  console.log(`crash message: ${JSON.stringify(text)}`);
  expect(text).toBe(
    'libredwg_example_2018.dwg: the DWG reader crashed while reading it (the file may be damaged, or too large for the memory available); nothing else was affected.',
  );
  expect(text, 'no stack trace').not.toMatch(/^\s*at\s+\S|\w*Error:|\.(ts|js):\d+/m);
  await expect(runButton(page)).toHaveCount(0);
  await expect(storedDrawings(page).getByRole('link', { name: 'apartment.json', exact: true })).toBeVisible();
  await expect(storedDrawings(page).getByRole('link', { name: 'libredwg_example_2018.dwg', exact: true })).toHaveCount(0);

  // The app goes on: the same file again gets a new DWG worker and opens.
  await uploadInput(page).setInputFiles(EXAMPLE);
  await expect(runButton(page)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByLabel('Select layer Tavolo 3', { exact: true })).toBeVisible();
  expect(loads.worker.length, 'a second DWG worker was started').toBe(2);
  await openHome(page);
  await page.reload();
  await expect(storedDrawings(page).getByRole('link', { name: 'apartment.json', exact: true })).toHaveCount(1);
  await expect(storedDrawings(page).getByRole('link', { name: 'libredwg_example_2018.dwg', exact: true })).toHaveCount(1);
  expect(pageErrors).toEqual([]);
});

test('offline: the first DWG opened without network still reads (the DWG worker and the WASM are precached)', async ({ page, context }) => {
  await openHome(page);
  const ready = await page.evaluate(() =>
    Promise.race([
      navigator.serviceWorker.ready.then((r) => (r.active ? 'active' : 'no active worker')),
      new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 45_000)),
    ]),
  );
  expect(ready, 'a service worker is registered and becomes active').toBe('active');
  // The precache lists the DWG worker's script and LibreDWG's WASM.
  const sw = await (await page.request.get('/sw.js')).text();
  expect(sw).toMatch(/assets\/dwg\.worker-[\w-]+\.js/);
  expect(sw).toMatch(/assets\/libredwg-web-[\w-]+\.wasm/);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await context.setOffline(true);
  try {
    await page.reload();
    await expect(uploadInput(page)).toBeEnabled();
    await uploadInput(page).setInputFiles(EXAMPLE);
    await expect(runButton(page)).toBeVisible({ timeout: 60_000 });
    await expect(page.getByLabel('Select layer Tavolo 3', { exact: true })).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
});
