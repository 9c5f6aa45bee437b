import type { Locator, Page } from '@playwright/test';

// The app's controls as the e2e specs find them: by their accessible names, as a user would.

export function uploadInput(page: Page): Locator {
  return page.getByLabel('Upload drawing', { exact: true }).and(page.locator('input[type="file"]'));
}

export function runButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Run pipeline', exact: true });
}

export function storedDrawings(page: Page): Locator {
  return page.getByRole('region', { name: 'Stored drawings' });
}
