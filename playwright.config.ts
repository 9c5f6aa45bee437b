import { defineConfig } from '@playwright/test';

// End-to-end tests run against the PRODUCTION build (`vite build` -> dist/) served by
// `vite preview`. The browser is Debian's Chromium (package `chromium`): Playwright's own
// browser download is not used.
// E2E_PORT / E2E_OUTDIR only exist to run the suite beside another preview server or build.
const PORT = Number(process.env.E2E_PORT || 4173);
const OUT_DIR = process.env.E2E_OUTDIR ? ` --outDir ${JSON.stringify(process.env.E2E_OUTDIR)}` : '';
const BASE_URL = `http://localhost:${PORT}`;
const CI = !!process.env.CI;

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  retries: 0,
  workers: 1,
  fullyParallel: false,
  forbidOnly: CI,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  outputDir: 'test-results/e2e-output',
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    acceptDownloads: true,
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort${OUT_DIR}`,
    url: BASE_URL,
    reuseExistingServer: !CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
