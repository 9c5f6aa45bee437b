import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

// Issue 6, "several views in one model space": the apartment beside a copy of itself (a second view 27 m to
// the right); a rectangle drawn on the plan around one copy limits the job to it.

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const SHIFT_X = 27_000; // mm; the apartment is 17.5 m wide, so the copies are 9.5 m apart

interface XYZ { X: number; Y: number; Z: number }
type Raw = { FileName: string; Layers: { LayerName: string; Lines: { Start: XYZ; End: XYZ }[]; Polylines: { Vertices: XYZ[] }[]; Blocks: { Position: XYZ; BoundingBox?: { MinPoint: XYZ; MaxPoint: XYZ } }[] }[] };

function twoViews(): Buffer {
  const single = JSON.parse(readFileSync(`${FIXTURES}apartment.json`, 'utf8')) as Raw;
  const copy = JSON.parse(readFileSync(`${FIXTURES}apartment.json`, 'utf8')) as Raw;
  const move = (p: XYZ) => (p.X += SHIFT_X);
  for (const l of copy.Layers) {
    l.Lines.forEach((x) => [x.Start, x.End].forEach(move));
    l.Polylines.forEach((x) => x.Vertices.forEach(move));
    l.Blocks.forEach((b) => [b.Position, b.BoundingBox?.MinPoint, b.BoundingBox?.MaxPoint].forEach((p) => p && move(p)));
  }
  single.Layers.forEach((l, i) => {
    l.Lines.push(...copy.Layers[i].Lines);
    l.Polylines.push(...copy.Layers[i].Polylines);
    l.Blocks.push(...copy.Layers[i].Blocks);
  });
  single.FileName = 'two-views.dwg';
  return Buffer.from(JSON.stringify(single));
}

test('a region drawn on the plan limits the job to one view', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto('/');
  await page.getByLabel('Upload drawing', { exact: true }).and(page.locator('input[type="file"]')).setInputFiles({ name: 'two-views.json', mimeType: 'application/json', buffer: twoViews() });
  const run = page.getByRole('button', { name: 'Run pipeline', exact: true });
  await expect(run).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('job-region')).toContainText('the whole drawing');

  const surface = page.getByTestId('viewer-surface');
  await expect(surface).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  // The drawing is fitted to the view: the left copy lies in the left 40 % of it, the gap in the middle.
  const dragLeftHalf = async () => {
    await page.getByRole('button', { name: 'Draw region', exact: true }).click();
    await surface.scrollIntoViewIfNeeded();
    const box = (await surface.boundingBox())!;
    await page.mouse.move(box.x + 4, box.y + 4);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height - 4, { steps: 5 });
    await page.mouse.up();
    await expect(page.getByRole('button', { name: 'Draw region', exact: true })).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId('job-region')).toContainText(/^Region: x .* mm \(/);
  };
  await dragLeftHalf();
  await page.getByRole('button', { name: 'Use the whole drawing', exact: true }).click();
  await expect(page.getByTestId('job-region')).toContainText('the whole drawing');
  await dragLeftHalf();
  if (process.env.VIEWER_SHOTS) await page.getByTestId('plan-viewer').screenshot({ path: `${process.env.VIEWER_SHOTS}/region.png` });

  await run.click();
  await expect(page.getByTestId('job-status')).toHaveText('completed', { timeout: 90_000 });
  await expect(page.getByTestId('summary-region')).toContainText(/^x .* mm/);
  // One copy: the apartment's 10 walls, not 20; every wall left of the gap.
  const bim = await downloadText(page, 'Download BIMJSON');
  const walls = (JSON.parse(bim).features as { geometry: { type: string; coordinates: number[][] } }[]).filter((f) => f.geometry.type === 'LineString');
  expect(walls.length).toBe(10);
  for (const w of walls) for (const [x] of w.geometry.coordinates) expect(x).toBeLessThan(125_000 + 17_500 + 100);

  // Back on the drawing (a new visit) the region starts empty. The import found the two views: picking the
  // second gives the other copy.
  await page.getByRole('link', { name: 'two-views.json' }).first().click();
  await expect(page.getByTestId('job-region')).toContainText('the whole drawing');
  await expect(page.getByText('This drawing has 2 separate views:')).toBeVisible();
  const views = page.getByRole('button', { name: /^View \d \(132 wall lines\)$/ });
  await expect(views).toHaveCount(2);
  await views.nth(1).click();
  await expect(views.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Run pipeline', exact: true }).click();
  await expect(page.getByTestId('job-status')).toHaveText('completed', { timeout: 90_000 });
  const other = JSON.parse(await downloadText(page, 'Download BIMJSON')).features.filter((f: { geometry: { type: string } }) => f.geometry.type === 'LineString');
  expect(other.length).toBe(10);
  const xs = (fs: typeof walls) => fs.flatMap((f) => f.geometry.coordinates.map(([x]) => x));
  expect(Math.min(...xs(other)) > Math.max(...xs(walls)) || Math.max(...xs(other)) < Math.min(...xs(walls)), 'the other copy').toBe(true);

  // Whole drawing again: both copies.
  await page.getByRole('link', { name: 'two-views.json' }).first().click();
  await expect(page.getByTestId('job-region')).toContainText('the whole drawing');
  await page.getByRole('button', { name: 'Run pipeline', exact: true }).click();
  await expect(page.getByTestId('job-status')).toHaveText('completed', { timeout: 90_000 });
  await expect(page.getByTestId('summary-region')).toHaveText('the whole drawing');
  const all = JSON.parse(await downloadText(page, 'Download BIMJSON')).features.filter((f: { geometry: { type: string } }) => f.geometry.type === 'LineString');
  expect(all.length).toBe(20);
});

async function downloadText(page: Page, buttonName: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: buttonName, exact: true }).first().click()]);
  return readFileSync((await download.path())!, 'utf8');
}
