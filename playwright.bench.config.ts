import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Browser benchmarks (issue 3): a 100k-segment job's main-thread long tasks and the time Cancel takes.
// They measure time, so they print numbers and run on demand (`npm run bench:browser`), not in `npm test`.
export default defineConfig({
  ...base,
  testDir: 'test/bench/browser',
  reporter: 'list',
  outputDir: 'test-results/bench-output',
});
