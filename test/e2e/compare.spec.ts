import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { uploadInput, runButton } from './locators';

// Issue 4: per-job parameters (reset, changed values shown) and comparing two runs of one drawing.

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const TERMINAL = /^(completed|failed|cancelled|interrupted)$/;
const MAX_THICKNESS = 'Maximum wall thickness (mm)';

async function runAndWait(page: Page): Promise<string> {
  await runButton(page).click();
  const status = page.getByTestId('job-status');
  await expect(status).toHaveText(TERMINAL, { timeout: 90_000 });
  expect(await status.textContent()).toBe('completed');
  return page.url();
}

async function backToDrawing(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link', { name: 'apartment.json' }).click();
  await expect(runButton(page)).toBeVisible();
}

/** The cells of the row whose first cell is exactly `label`. */
function rowCells(table: Locator, label: string): Locator {
  return table
    .getByRole('row')
    .filter({ has: table.page().getByRole('cell', { name: label, exact: true }) })
    .getByRole('cell');
}

test('re-run with a changed parameter, reset the form, and compare the two jobs side by side', async ({ page }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto('/');
  await uploadInput(page).setInputFiles(path.join(FIXTURES, 'apartment.json'));
  await expect(runButton(page)).toBeVisible({ timeout: 60_000 });

  // Run 1: defaults. The job page lists every parameter, none changed.
  const jobA = await runAndWait(page);
  const paramsA = page.getByRole('table', { name: 'Job parameters' });
  await expect(rowCells(paramsA, MAX_THICKNESS).nth(1)).toHaveText('450');
  await expect(paramsA.getByText('changed', { exact: true })).toHaveCount(0);
  expect(await paramsA.getByRole('row').count()).toBeGreaterThan(15);

  // Run 2: maximum wall thickness 200 mm. The form marks the changed field; "Reset to defaults" restores it.
  await backToDrawing(page);
  await page.getByText('Pipeline parameters').click();
  const field = page.getByLabel(MAX_THICKNESS, { exact: true });
  await expect(field).toHaveValue('450');
  await field.fill('200');
  await page.getByLabel('Parallel tolerance (°)', { exact: true }).fill('3');
  await expect(page.getByText('2 changed', { exact: true })).toBeVisible();
  await expect(page.getByText('changed · default 450')).toBeVisible();
  await page.getByRole('button', { name: 'Reset to defaults', exact: true }).click();
  await expect(field).toHaveValue('450');
  await expect(page.getByLabel('Parallel tolerance (°)', { exact: true })).toHaveValue('2');
  await expect(page.getByText('(defaults)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reset to defaults', exact: true })).toBeDisabled();

  await field.fill('200');
  await expect(page.getByText('1 changed', { exact: true })).toBeVisible();
  const jobB = await runAndWait(page);
  expect(jobB).not.toBe(jobA);
  const paramsB = page.getByRole('table', { name: 'Job parameters' });
  const changedRow = paramsB.getByRole('row').filter({ hasText: MAX_THICKNESS });
  await expect(changedRow).toHaveClass(/changed/);
  await expect(changedRow.getByRole('cell').nth(1)).toHaveText('200');
  await expect(paramsB.locator('tr.changed')).toHaveCount(1);

  // Pick the two jobs on the drawing page and compare them.
  await backToDrawing(page);
  const compare = page.getByRole('button', { name: 'Compare', exact: true });
  const boxes = page.getByRole('checkbox', { name: /^Compare job / });
  await expect(boxes).toHaveCount(2);
  await expect(compare).toBeDisabled();
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await compare.click();

  await expect(page).toHaveURL(/#\/compare\?a=[^&]+&b=[^&]+/);
  const idA = decodeURIComponent(jobA.split('/jobs/')[1]!);
  const idB = decodeURIComponent(jobB.split('/jobs/')[1]!);
  const url = new URL(page.url().replace('#/', ''));
  expect(url.searchParams.get('a')?.replace(/"/g, '')).toBe(idA);
  expect(url.searchParams.get('b')?.replace(/"/g, '')).toBe(idB);

  // Both jobs are shown, with links to their pages.
  await expect(page.getByRole('link', { name: /^Job A \(/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Job B \(/ })).toBeVisible();

  // The changed parameter: 450 → 200.
  const params = page.getByRole('table', { name: 'Parameters that differ' });
  await expect(params.getByRole('row')).toHaveCount(2);
  const paramCells = rowCells(params, MAX_THICKNESS);
  await expect(paramCells.nth(1)).toHaveText('450');
  await expect(paramCells.nth(2)).toHaveText('200');

  // The final WALLS counts differ.
  const counts = page.getByRole('table', { name: 'Final counts' });
  const walls = rowCells(counts, 'Walls');
  await expect(walls.nth(1)).toHaveText(/^\d+$/);
  await expect(walls.nth(2)).toHaveText(/^\d+$/);
  const [wallsA, wallsB] = [Number(await walls.nth(1).textContent()), Number(await walls.nth(2).textContent())];
  console.log(`compare: walls A=${wallsA} B=${wallsB}`);
  expect(wallsA).toBeGreaterThan(0);
  expect(wallsB).not.toBe(wallsA);
  await expect(counts.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Walls', exact: true }) })).toHaveClass(/differs/);
  for (const label of ['Hosted doors', 'Hosted windows', 'Unjoined ends', 'Total wall length (mm)']) {
    await expect(rowCells(counts, label).nth(1), label).toHaveText(/^[\d,.\s\u00a0\u202f]+$/);
  }

  // Per-step metrics and durations, layers and units.
  const metrics = page.getByRole('table', { name: 'Step metrics' });
  await expect(metrics.getByRole('row').filter({ hasText: 'LOGIC_B' }).first()).toBeVisible();
  await expect(metrics.locator('tr.differs').first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Durations' }).getByRole('cell', { name: 'Whole job' })).toBeVisible();
  const layers = page.getByRole('table', { name: 'Layers and units' });
  await expect(rowCells(layers, 'A-WALL').nth(1)).toHaveText('selected');
  await expect(rowCells(layers, 'Units').nth(1)).toHaveText('mm');

  // A reload shows the same comparison (the URL carries both job ids).
  await page.reload();
  await expect(rowCells(page.getByRole('table', { name: 'Final counts' }), 'Walls').nth(2)).toHaveText(String(wallsB));
  expect(errors).toEqual([]);
});
