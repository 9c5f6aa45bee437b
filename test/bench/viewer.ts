/**
 * npm run bench:viewer — the plan viewer benchmark of issue 5.
 *
 * Serves test/bench/viewer/ with Vite, opens it in Debian's Chromium through Playwright (software GL), loads a
 * synthetic plan of about 200k segments (test/bench/generator.ts) into the real <PlanViewer/>, and prints as
 * its last line one JSON object: {"segments", "first_frame_ms", "median_frame_ms", "pick_ms"}.
 *
 * Environment: VIEWER_BENCH_SEGMENTS (wall segments given to the generator, default 200000),
 * VIEWER_BENCH_RENDERER=canvas to measure the Canvas 2D fallback, VIEWER_BENCH_PORT (default 4287; the next free one is taken if busy).
 */
import { chromium } from '@playwright/test';
import { createServer } from 'vite';

const SEGMENTS = Number(process.env.VIEWER_BENCH_SEGMENTS ?? 200_000);
const PORT = Number(process.env.VIEWER_BENCH_PORT ?? 4287);
const RENDERER = process.env.VIEWER_BENCH_RENDERER ?? '';

const server = await createServer({ server: { port: PORT, strictPort: false, hmr: false }, logLevel: 'error', optimizeDeps: { include: ['react', 'react-dom/client', 'flatbush'] } });
await server.listen();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    // No GPU here: WebGL runs on SwiftShader, and the page is composited in software, as Chromium does on
    // machines without a usable GPU (compositing through SwiftShader as well only adds a round trip per frame).
    '--disable-gpu-compositing',
    '--disable-renderer-backgrounding',
    '--disable-background-timer-throttling',
    ...(process.env.VIEWER_BENCH_FLAGS ? process.env.VIEWER_BENCH_FLAGS.split(' ') : []),
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  const base = (server.resolvedUrls?.local[0] ?? `http://localhost:${PORT}/`).replace(/\/$/, '');
  const url = `${base}/test/bench/viewer/index.html?segments=${SEGMENTS}${RENDERER ? `&renderer=${RENDERER}` : ''}`;
  await page.goto(url);
  await page.waitForFunction(() => window.__bench !== undefined, null, { timeout: 300_000 });
  const result = await page.evaluate(() => window.__bench!);
  const gl = await page.evaluate(() => {
    const c = document.createElement('canvas').getContext('webgl2');
    const ext = c?.getExtension('WEBGL_debug_renderer_info');
    return c ? String(ext ? c.getParameter(ext.UNMASKED_RENDERER_WEBGL) : c.getParameter(c.RENDERER)) : 'no WebGL2';
  });
  if (process.env.VIEWER_BENCH_SHOT) await page.screenshot({ path: process.env.VIEWER_BENCH_SHOT });
  const { details, ...line } = result;
  console.log(`details: ${JSON.stringify({ ...details, gl })}`);
  const ok = line.first_frame_ms < 1500 && line.median_frame_ms <= 33 && line.pick_ms < 5;
  console.log(ok ? 'targets met: first frame < 1500 ms, median frame ≤ 33 ms, pick < 5 ms' : 'TARGETS MISSED');
  console.log(JSON.stringify(line));
  process.exitCode = ok ? 0 : 1;
} finally {
  await browser.close();
  await server.close();
}
