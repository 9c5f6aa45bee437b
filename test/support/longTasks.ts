import type { Page } from '@playwright/test';

// Main-thread long tasks (> 50 ms) as Chromium reports them, for the responsiveness checks of issue 3.

export interface LongTask {
  start: number;
  duration: number;
}

interface LongTaskWindow {
  __longTasks: LongTask[];
}

/** Records every long task of the page from its first script on; call before the first navigation. */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as LongTaskWindow;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks that started at or after `since` (page time, ms). */
export async function longTasksSince(page: Page, since: number): Promise<LongTask[]> {
  return (await page.evaluate(() => (window as unknown as LongTaskWindow).__longTasks)).filter((t) => t.start >= since);
}
