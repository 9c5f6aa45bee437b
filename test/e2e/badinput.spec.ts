import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { uploadInput, runButton, storedDrawings } from './locators';

// Issue 9 "Done when": every file of the bad-input corpus (test/fixtures/bad/expected.json) goes through the
// upload page with the expected outcome and message, and a rejected file never loses the stored drawing.

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const BAD = path.join(FIXTURES, 'bad');

interface Case {
  file: string;
  outcome: 'rejected' | 'imported' | 'imported-with-warnings';
  message?: string;
  maxBytes?: number;
}

const corpus = JSON.parse(readFileSync(path.join(BAD, 'expected.json'), 'utf8')) as { cases: Case[] };

function expectNoStackTrace(text: string): void {
  expect(text, 'no stack frame lines').not.toMatch(/^\s*at\s+\S/m);
  expect(text, 'no raw "Error:" text').not.toMatch(/\w*Error:/);
  expect(text, 'no source locations').not.toMatch(/\.(ts|tsx|js|mjs):\d+/);
}

/** The app's size limit (setting "maxFileBytes"), written straight into its IndexedDB; null removes it. */
async function setMaxFileBytes(page: Page, value: number | null): Promise<void> {
  await page.evaluate(
    (max) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('bimbot-ai-wall');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const idb = open.result;
          const tx = idb.transaction('settings', 'readwrite');
          const store = tx.objectStore('settings');
          if (max === null) store.delete('maxFileBytes');
          else store.put({ key: 'maxFileBytes', value: max });
          tx.oncomplete = () => {
            idb.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    value,
  );
}

async function openHome(page: Page): Promise<void> {
  await page.goto('/');
  await expect(uploadInput(page)).toBeAttached();
  await expect(uploadInput(page)).toBeEnabled();
}

test('the bad-input corpus: each file is rejected or imported as expected, and the stored drawing stays', async ({ page }) => {
  test.setTimeout(300_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));

  // A drawing stored before the corpus: no rejection may change or lose it.
  await openHome(page);
  await uploadInput(page).setInputFiles(path.join(FIXTURES, 'apartment.json'));
  await expect(runButton(page)).toBeVisible({ timeout: 60_000 });

  const failures: string[] = [];
  const imported: string[] = [];
  for (const c of corpus.cases) {
    await test.step(`${c.file}: ${c.outcome}`, async () => {
      await openHome(page);
      if (c.maxBytes !== undefined) await setMaxFileBytes(page, c.maxBytes);
      try {
        await uploadInput(page).setInputFiles(path.join(BAD, c.file));
        if (c.outcome === 'rejected') {
          const alert = page.getByRole('alert').filter({ hasText: c.file });
          await expect(alert, `an alert naming ${c.file}`).toBeVisible();
          const text = (await alert.first().innerText()).trim();
          console.log(`${c.file}: ${JSON.stringify(text)}`);
          if (!text.includes(c.message ?? '')) failures.push(`${c.file}: alert ${JSON.stringify(text)} lacks ${JSON.stringify(c.message)}`);
          expectNoStackTrace(text);
          await expect(runButton(page)).toHaveCount(0);
          // Nothing was stored for it, and the earlier drawing is still listed.
          await expect(storedDrawings(page).getByRole('link', { name: 'apartment.json', exact: true })).toBeVisible();
          await expect(storedDrawings(page).getByRole('link', { name: c.file, exact: true })).toHaveCount(0);
        } else {
          // The drawing page opens (no alert on the way).
          const opened = await runButton(page)
            .waitFor({ timeout: 30_000 })
            .then(() => true)
            .catch(() => false);
          if (!opened) {
            const alert = await page.getByRole('alert').allInnerTexts();
            failures.push(`${c.file}: expected ${c.outcome}, the drawing page did not open (alerts: ${JSON.stringify(alert)})`);
            return;
          }
          imported.push(c.file);
          await expect(page.getByRole('heading', { level: 1 })).toHaveText(c.file);
          const warnings = page.locator('.alert.warning li');
          if (c.outcome === 'imported-with-warnings') {
            // The import warnings are listed, visible, on the drawing page.
            const match = warnings.filter({ hasText: c.message ?? '' });
            const visible = await match
              .first()
              .waitFor({ timeout: 10_000 })
              .then(() => true)
              .catch(() => false);
            if (!visible) failures.push(`${c.file}: no visible warning containing ${JSON.stringify(c.message)}; warnings: ${JSON.stringify(await warnings.allInnerTexts())}`);
            else console.log(`${c.file}: warning ${JSON.stringify(await match.first().innerText())}`);
          } else {
            const shown = await warnings.allInnerTexts();
            if (shown.length > 0) failures.push(`${c.file}: expected no warnings, got ${JSON.stringify(shown)}`);
          }
        }
      } finally {
        if (c.maxBytes !== undefined) await setMaxFileBytes(page, null);
      }
    });
  }

  // Isolation: after the whole corpus (and a reload), the first drawing and every imported one are listed, once.
  await openHome(page);
  await page.reload();
  const list = storedDrawings(page);
  await expect(list.getByRole('link', { name: 'apartment.json', exact: true })).toHaveCount(1);
  await expect(list.getByRole('row')).toHaveCount(1 + 1 + imported.length); // header + apartment + imported
  // Untrusted names stayed text: nothing was injected into the page or the prototype chain.
  expect(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length)).toBe(0);
  expect(await page.evaluate(() => [...Object.keys(Object.prototype), ...Object.keys(Array.prototype)])).toEqual([]);
  expect(pageErrors).toEqual([]);
  expect(failures, `${failures.length} corpus case(s) with an unexpected outcome`).toEqual([]);
});
