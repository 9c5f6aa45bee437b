import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { drawingJson } from '../../support/drawingJson';
import { longTasksSince, observeLongTasks } from '../../support/longTasks';
import { generatePlan } from '../generator';

// Issue 3 in the browser: a 100k-segment plan runs in the worker while the page stays responsive, and
// Cancel stops a running job quickly without leaving artifacts behind. BENCH_BROWSER_SEGMENTS=500000 runs the
// first test on a bigger plan (a whole building).

const SEGMENTS = Number(process.env.BENCH_BROWSER_SEGMENTS ?? 100_000);

async function upload(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.goto('/');
  // Playwright passes at most 50 MB as a buffer; a bigger drawing goes through a file.
  const path = join(tmpdir(), name);
  writeFileSync(path, buffer);
  await page.getByLabel('Upload drawing', { exact: true }).and(page.locator('input[type="file"]')).setInputFiles(path);
  await expect(page.getByRole('button', { name: 'Run pipeline', exact: true })).toBeVisible({ timeout: 120_000 });
}

/** Times in the last job's records (IndexedDB), in ms from the job's start: its steps, the export log line, its end. */
async function jobPhases(page: Page): Promise<{ stepsStart: number; stepsEnd: number; exported: number; ended: number }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('bimbot-ai-wall');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['jobs', 'steps', 'logs'], 'readonly');
          const all = (store: string) => new Promise<any[]>((done) => (tx.objectStore(store).getAll().onsuccess = (e) => done((e.target as IDBRequest).result)));
          Promise.all([all('jobs'), all('steps'), all('logs')]).then(([jobs, steps, logs]) => {
            const job = jobs.sort((a, b) => b.createdAt - a.createdAt)[0];
            const own = steps.filter((s) => s.jobId === job.id);
            const exported = logs.find((l) => l.jobId === job.id && l.message.startsWith('Exported'));
            resolve({
              stepsStart: Math.min(...own.map((s) => s.startedAt)) - job.startedAt,
              stepsEnd: Math.max(...own.map((s) => s.endedAt)) - job.startedAt,
              exported: exported ? exported.time - job.startedAt : NaN,
              ended: job.endedAt - job.startedAt,
            });
          }, reject);
        };
      }),
  );
}

test(`a ${SEGMENTS / 1000}k-segment job runs, and its result is shown, with no main-thread task over 100 ms`, async ({ page }) => {
  test.setTimeout(900_000);
  const plan = generatePlan(SEGMENTS, 7);
  await observeLongTasks(page);
  await upload(page, `plan-${SEGMENTS / 1000}k.json`, drawingJson(plan.drawing));
  const runStart = await page.evaluate(() => performance.now());
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Run pipeline', exact: true }).click();
  await expect(page.getByTestId('job-status')).toHaveText('completed', { timeout: 540_000 });
  const runMs = Date.now() - t0;
  const doneAt = (await page.evaluate(() => performance.now())) - runStart;
  // What follows completion counts too: the job page shows the artifacts and the plan viewer draws the result.
  await expect(page.getByTestId('overlay-walls')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('viewer-surface')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.waitForTimeout(1000);
  const settledAt = (await page.evaluate(() => performance.now())) - runStart;
  const tasks = await longTasksSince(page, runStart);
  const max = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
  console.log(`${SEGMENTS / 1000}k plan (${plan.wallSegments} wall segments): run→completed ${runMs} ms (seen at +${Math.round(doneAt)} ms, result drawn and settled by +${Math.round(settledAt)} ms); ${tasks.length} long tasks, max ${Math.round(max)} ms`);
  console.log(`long tasks (start after run, duration): ${JSON.stringify(tasks.map((t) => [Math.round(t.start - runStart), Math.round(t.duration)]))}`);
  // The plan opens with its first overlays; the steps' overlays are built after (useViewerData's marks).
  await expect(page.getByTestId('later-overlays')).toHaveCount(0, { timeout: 300_000 });
  const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.includes(':done')).map((m) => [m.name.split(' ')[0], m.startTime])));
  console.log(`plan viewer after completion: opened with walls and openings in ${Math.round(marks['viewer:ready'] - marks['viewer:load'])} ms, all overlays in ${Math.round(marks['viewer:overlays'] - marks['viewer:load'])} ms`);
  const phases = await jobPhases(page);
  console.log(`where the job's time went (ms from its start): steps ${phases.stepsStart}–${phases.stepsEnd}, exports written by ${phases.exported}, completed at ${phases.ended}`);
  expect(tasks.filter((t) => t.duration > 100).map((t) => Math.round(t.duration)), 'main-thread tasks over 100 ms').toEqual([]);
});

test('Cancel stops a running job within 200 ms, marks it cancelled and stores no artifacts', async ({ page }) => {
  test.setTimeout(300_000);
  const plan = generatePlan(100_000, 3);
  await upload(page, 'plan-cancel.json', drawingJson(plan.drawing));
  await page.getByRole('button', { name: 'Run pipeline', exact: true }).click();
  await expect(page.getByTestId('job-status')).toHaveText('running', { timeout: 60_000 });
  // Let it get into the heavy steps.
  await expect(page.getByText(/Running LOGIC_/)).toBeVisible({ timeout: 120_000 });
  const jobId = page.url().split('/jobs/')[1]!;
  // When the click event reaches the page (reported beside the figure the test checks).
  await page.evaluate(() => {
    document.addEventListener('click', () => ((window as unknown as { __clickAt: number }).__clickAt = performance.now()), { capture: true, once: true });
  });
  // Resolves with the time of the animation frame that first sees it.
  const cancelled = page.waitForFunction(
    () => document.querySelector('[data-testid="job-status"]')?.textContent?.trim() === 'cancelled' && performance.now(),
    null,
    { polling: 'raf' },
  );
  const t0 = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  const shownAt = (await (await cancelled).jsonValue()) as number;
  const elapsed = (await page.evaluate(() => performance.now())) - t0;
  const clickAt = await page.evaluate(() => (window as unknown as { __clickAt: number }).__clickAt);
  // When the stored job record reads cancelled, straight from IndexedDB, polled every animation frame from here on
  // (not earlier: polling slows Playwright's click down): an upper bound when it is already there at the first read.
  const stored = await page.evaluate(
    (id) =>
      new Promise<{ at: number; first: boolean }>((resolve, reject) => {
        const request = indexedDB.open('bimbot-ai-wall');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          let first = true;
          const poll = () => {
            const get = db.transaction('jobs').objectStore('jobs').get(id);
            get.onerror = () => reject(get.error);
            get.onsuccess = () => {
              if ((get.result as { status?: string } | undefined)?.status === 'cancelled') {
                db.close();
                resolve({ at: performance.now(), first });
              } else {
                first = false;
                requestAnimationFrame(poll);
              }
            };
          };
          poll();
        };
      }),
    jobId,
  );
  console.log(
    `cancel → "cancelled" shown after ${Math.round(elapsed)} ms (click event → shown ${Math.round(shownAt - clickAt)} ms); ` +
      `stored as cancelled ${stored.first ? '≤ ' : ''}${Math.round(stored.at - clickAt)} ms after the click event`,
  );
  // The user's wait runs from the click event: the Playwright-side figure adds its own round trips and the
  // actionability checks it makes before it clicks (under load they alone took 250 ms while the page showed
  // "cancelled" 17 ms after the click event). The worker is terminated on the click, before "cancelled" shows.
  expect(shownAt - clickAt).toBeLessThan(200);
  await page.reload();
  await expect(page.getByTestId('job-status')).toHaveText('cancelled');
  await expect(page.getByText('Artifacts appear here when the job completes.')).toBeVisible();
});
