import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Download, type Locator, type Page } from '@playwright/test';

// The plan viewer on a finished job (issue 5): overlays, hover picking, exports, keyboard.

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const SHOTS = process.env.VIEWER_SHOTS;

async function openApartmentJob(page: Page): Promise<void> {
  await page.goto('/');
  const input = page.getByLabel('Upload drawing', { exact: true }).and(page.locator('input[type="file"]'));
  await input.setInputFiles(path.join(FIXTURES, 'apartment.json'));
  const run = page.getByRole('button', { name: 'Run pipeline', exact: true });
  await expect(run).toBeVisible({ timeout: 60_000 });
  await run.click();
  await expect(page.getByTestId('job-status')).toHaveText('completed', { timeout: 90_000 });
  await expect(page.getByTestId('viewer-surface')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
}

/** Uploads the apartment and waits for its plan on the drawing page; returns the viewer's surface. */
async function openApartmentDrawing(page: Page): Promise<Locator> {
  await page.goto('/');
  const input = page.getByLabel('Upload drawing', { exact: true }).and(page.locator('input[type="file"]'));
  await input.setInputFiles(path.join(FIXTURES, 'apartment.json'));
  const surface = page.getByTestId('viewer-surface');
  await expect(surface).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  return surface;
}

async function savedBytes(download: Download): Promise<Buffer> {
  const file = await download.path();
  return readFile(file!);
}

/** Moves the pointer down a few columns of the plan until the tooltip shows a wall. */
async function hoverUntil(page: Page, title: RegExp): Promise<string> {
  const box = (await page.getByTestId('viewer-surface').boundingBox())!;
  for (const fx of [0.3, 0.45, 0.6, 0.75]) {
    for (let y = 4; y < box.height - 4; y += 3) {
      await page.mouse.move(box.x + box.width * fx, box.y + y);
      const tip = page.getByTestId('viewer-tooltip');
      if ((await tip.count()) > 0) {
        const text = (await tip.innerText()).trim();
        if (title.test(text)) return text;
      }
    }
  }
  throw new Error(`no ${title} found under the pointer`);
}

test('plan viewer: overlays, hover, selection, measure, exports and keyboard', async ({ page }) => {
  test.setTimeout(180_000);
  const cspErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApartmentJob(page);
  const viewer = page.getByTestId('plan-viewer');
  await viewer.scrollIntoViewIfNeeded();
  if (SHOTS) await viewer.screenshot({ path: `${SHOTS}/job-default.png` });

  // Every overlay has a labelled toggle and can be switched on and off.
  const keys = ['walls', 'logicB', 'logicC', 'logicD', 'logicE', 'logicF', 'openings', 'bridges', 'candidates', 'unjoined'];
  for (const key of keys) {
    const box = page.getByTestId(`overlay-${key}`);
    await expect(box).toBeVisible();
    const before = await box.isChecked();
    await box.click();
    await expect(box).toBeChecked({ checked: !before });
    if (SHOTS && !before) await viewer.screenshot({ path: `${SHOTS}/overlay-${key}.png` });
    await box.click();
    await expect(box).toBeChecked({ checked: before });
  }

  // Only the final walls: hover a wall and read its thickness.
  for (const key of keys) if (await page.getByTestId(`overlay-${key}`).isChecked()) await page.getByTestId(`overlay-${key}`).uncheck();
  await page.getByTestId('overlay-walls').check();
  const tip = await hoverUntil(page, /^Wall/);
  expect(tip).toMatch(/Thickness\s*\d+(\.\d)? mm/);
  if (SHOTS) await viewer.screenshot({ path: `${SHOTS}/hover-wall.png` });

  // Click selects: listed in the side panel and kept in the URL.
  await page.mouse.down();
  await page.mouse.up();
  await expect(page.getByTestId('viewer-selection')).toContainText('Thickness');
  await expect.poll(() => page.url()).toMatch(/sel=walls/);
  const linked = page.url();
  await page.reload();
  await expect(page.getByTestId('viewer-surface')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('viewer-selection')).toContainText('Wall');
  expect(page.url()).toBe(linked);

  // Keyboard only: focus the plan, zoom, pan, fit, toggle an overlay.
  const surface = page.getByTestId('viewer-surface');
  await surface.focus();
  const zoom = page.getByLabel('Zoom level');
  const z0 = await zoom.innerText();
  await page.keyboard.press('+');
  await expect(zoom).not.toHaveText(z0);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('f');
  await expect(zoom).toHaveText('100%');
  const first = page.getByTestId('overlay-walls');
  const was = await first.isChecked();
  await page.keyboard.press('1');
  await expect(first).toBeChecked({ checked: !was });
  await page.keyboard.press('1');
  if (SHOTS) {
    await page.getByTestId('overlay-logicB').check();
    await surface.focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('+');
    await viewer.screenshot({ path: `${SHOTS}/zoomed.png` });
    await page.keyboard.press('f');
    await page.getByTestId('overlay-logicB').uncheck();
  }

  // Measure between two points.
  await page.getByRole('button', { name: 'Measure' }).click();
  const box = (await surface.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.5);
  await expect(page.getByTestId('measure-distance')).toContainText('mm');
  if (SHOTS) await viewer.screenshot({ path: `${SHOTS}/measure.png` });
  await page.getByRole('button', { name: 'Measure' }).click();

  // Exports: PNG of the view, SVG of the whole plan.
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  const pngBytes = await savedBytes(png);
  expect(pngBytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(pngBytes.length).toBeGreaterThan(2000);
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).click()]);
  expect(svg.suggestedFilename()).toMatch(/\.svg$/);
  const svgText = (await savedBytes(svg)).toString('utf8');
  expect(svgText).toContain('<svg');
  expect(svgText).toContain('data-overlay="walls"');
  expect(svgText).toContain('A-WALL');
  // The built page's Content-Security-Policy (style-src 'self', no inline scripts) is never violated.
  expect(cspErrors).toEqual([]);
});

test('plan viewer on the drawing page before any job', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApartmentDrawing(page);
  const viewer = page.getByTestId('plan-viewer');
  await expect(viewer.getByLabel('Show layer A-WALL', { exact: true })).toBeChecked();
  await expect(viewer).toContainText('A-WALL-PATT');
  // The plan sits below the layer table: bring it into view before hovering it.
  await viewer.scrollIntoViewIfNeeded();
  if (SHOTS) await viewer.screenshot({ path: `${SHOTS}/drawing.png` });
  const line = await hoverUntil(page, /^(Line|Polyline segment)/);
  expect(line).toMatch(/Layer/);
  expect(line).toMatch(/Length/);
});

/**
 * The plan canvas from a screenshot, decoded in the page: the share of its pixels that differ from its background
 * (its most common colour), and the sum of all its colour values (changes when anything drawn changes colour).
 */
async function canvasPixels(page: Page): Promise<{ drawn: number; sum: number }> {
  const png = (await page.getByTestId('viewer-canvas').screenshot()).toString('base64');
  return page.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
    const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    const counts = new Map<number, number>();
    for (let i = 0; i < data.length; i += 4) {
      const rgb = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
    }
    const background = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const [br, bg, bb] = [background >> 16, (background >> 8) & 255, background & 255];
    let drawn = 0, sum = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.max(Math.abs(data[i] - br), Math.abs(data[i + 1] - bg), Math.abs(data[i + 2] - bb)) > 24) drawn++;
      sum += data[i] + data[i + 1] + data[i + 2];
    }
    return { drawn: drawn / (data.length / 4), sum };
  }, png);
}

test('one WebGL canvas goes from viewer to viewer, and each page draws its plan and overlays on it', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  const surface = await openApartmentDrawing(page);
  await expect(surface).toHaveAttribute('data-renderer', 'webgl2');
  await page.getByTestId('plan-viewer').scrollIntoViewIfNeeded();
  const first = (await canvasPixels(page)).drawn;
  // Away and back (client-side): the plan's scene is kept on the page, and its layer buffers on the canvas.
  const drawingUrl = page.url();
  await page.getByRole('link', { name: 'Drawings', exact: true }).first().click();
  await expect(surface).toHaveCount(0);
  await page.getByRole('link', { name: 'apartment.json' }).first().click();
  await expect(page).toHaveURL(drawingUrl);
  await expect(surface).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.getByTestId('plan-viewer').scrollIntoViewIfNeeded();
  const again = (await canvasPixels(page)).drawn;
  // The job's page: the same canvas, the plan with the job's result on it.
  await page.getByRole('button', { name: 'Run pipeline', exact: true }).click();
  await expect(page.getByTestId('job-status')).toHaveText('completed', { timeout: 90_000 });
  await expect(surface).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('later-overlays')).toHaveCount(0, { timeout: 30_000 });
  await page.getByTestId('plan-viewer').scrollIntoViewIfNeeded();
  const jobPixels = await canvasPixels(page);
  const job = jobPixels.drawn;
  // An overlay built after the plan opened (LOGIC_B's pairs, see FIRST_OVERLAYS) is drawn when ticked.
  await page.getByTestId('overlay-logicB').check();
  await expect.poll(async () => Math.abs((await canvasPixels(page)).sum - jobPixels.sum) / jobPixels.sum, { timeout: 10_000 }).toBeGreaterThan(0.001);
  console.log(`plan canvas, share of pixels drawn: drawing page ${first.toFixed(4)}, again ${again.toFixed(4)}, job page ${job.toFixed(4)}`);
  expect(first).toBeGreaterThan(0.02);
  expect(Math.abs(again - first)).toBeLessThan(first * 0.02);
  expect(job).toBeGreaterThan(first);
  expect(await page.locator('canvas[data-testid="viewer-canvas"]').count()).toBe(1);
  // Drawn by the render worker (OffscreenCanvas), not on the page.
  expect(page.workers().some((w) => w.url().includes('render.worker'))).toBe(true);
});

test('without OffscreenCanvas the plan is drawn on the page, and without WebGL2 with Canvas 2D', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  // A browser without OffscreenCanvas: the render worker is not started and the viewer draws on the page.
  await page.addInitScript(() => {
    delete (HTMLCanvasElement.prototype as { transferControlToOffscreen?: unknown }).transferControlToOffscreen;
  });
  const surface = await openApartmentDrawing(page);
  await expect(surface).toHaveAttribute('data-renderer', 'webgl2');
  await page.getByTestId('plan-viewer').scrollIntoViewIfNeeded();
  const onPage = (await canvasPixels(page)).drawn;
  expect(page.workers().some((w) => w.url().includes('render.worker'))).toBe(false);
  // And one without WebGL2 at all.
  await page.addInitScript(() => {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
      return type === 'webgl2' ? null : getContext.call(this, type as '2d', ...(rest as []));
    } as typeof getContext;
  });
  await page.reload();
  await expect(surface).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(surface).toHaveAttribute('data-renderer', 'canvas2d');
  await page.getByTestId('plan-viewer').scrollIntoViewIfNeeded();
  const canvas2d = (await canvasPixels(page)).drawn;
  console.log(`plan canvas, share of pixels drawn: WebGL2 on the page ${onPage.toFixed(4)}, Canvas 2D ${canvas2d.toFixed(4)}`);
  expect(onPage).toBeGreaterThan(0.02);
  expect(canvas2d).toBeGreaterThan(0.02);
});

test('when the render worker fails after it has drawn, the viewer draws on the page and keeps its view', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  const surface = await openApartmentDrawing(page);
  await page.getByTestId('plan-viewer').scrollIntoViewIfNeeded();
  await page.getByRole('button', { name: 'Zoom in', exact: true }).click();
  const zoom = page.getByLabel('Zoom level');
  await expect(zoom).toHaveText('125%');
  const renderWorker = page.workers().find((w) => w.url().includes('render.worker'));
  expect(renderWorker, 'the render worker draws the plan').toBeDefined();
  // An uncaught error in the worker, as a crash would raise; the page terminates the worker.
  const closed = renderWorker!.waitForEvent('close');
  await renderWorker!.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated render worker crash');
    });
  });
  await closed;
  await expect(zoom).toHaveText('125%');
  await expect(surface).toHaveAttribute('data-renderer', 'webgl2');
  await expect(page.locator('canvas[data-testid="viewer-canvas"]')).toHaveCount(1);
  await expect.poll(async () => (await canvasPixels(page)).drawn, { timeout: 10_000 }).toBeGreaterThan(0.02);
  // New frames are drawn: zooming changes the picture.
  const before = await canvasPixels(page);
  await page.getByRole('button', { name: 'Zoom in', exact: true }).click();
  await expect(zoom).toHaveText('156%');
  await expect.poll(async () => Math.abs((await canvasPixels(page)).sum - before.sum) / before.sum, { timeout: 10_000 }).toBeGreaterThan(0.001);
});
