/**
 * Takes the manifest screenshots (public/screenshots/*.png) from the real app with Debian's Chromium.
 * Start a preview server first, then: npx tsx test/e2e/screenshots.ts http://localhost:4173/
 */
import { chromium } from '@playwright/test';

const baseUrl = process.argv[2] ?? 'http://localhost:4173/';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const wide = await context.newPage();
  await wide.goto(baseUrl);
  await wide.getByRole('button', { name: 'Try a sample', exact: true }).click();
  await wide.getByRole('button', { name: 'Run pipeline', exact: true }).click();
  await wide.getByTestId('job-status').filter({ hasText: 'completed' }).waitFor({ timeout: 120_000 });
  await wide.screenshot({ path: 'public/screenshots/wide.png' });

  // Same browser context: the narrow view lists the drawing stored above.
  const narrow = await context.newPage();
  await narrow.setViewportSize({ width: 540, height: 960 });
  await narrow.goto(baseUrl);
  await narrow.getByRole('link', { name: /apartment/i }).first().waitFor();
  await narrow.screenshot({ path: 'public/screenshots/narrow.png' });
} finally {
  await browser.close();
}
