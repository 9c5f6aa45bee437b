import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The page may only talk to its own origin: drawings never leave the machine (SPEC §7).
 * Added to the built page only, because the dev server injects inline scripts for hot reload.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'bimbot-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

interface PackageJson {
  name: string;
  version: string;
  license?: string;
  dependencies?: Record<string, string>;
}

const readPackage = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as PackageJson;
const { version, dependencies = {} } = readPackage('./package.json');

/** The shipped (runtime) dependencies and their licences, for the About page. */
const thirdPartyLicenses = Object.keys(dependencies)
  .sort()
  .map((name) => {
    const pkg = readPackage(`./node_modules/${name}/package.json`);
    return { name, version: pkg.version, license: pkg.license ?? 'see package' };
  });

export default defineConfig({
  // Shown on the diagnostics page and written into backups and debug bundles.
  define: {
    'import.meta.env.APP_VERSION': JSON.stringify(version),
    __THIRD_PARTY_LICENSES__: JSON.stringify(thirdPartyLicenses),
  },
  // Relative by default so the built site works from any folder of any static host; BASE_PATH overrides it.
  base: process.env.BASE_PATH ?? './',
  plugins: [
    react(),
    contentSecurityPolicy(),
    VitePWA({
      registerType: 'prompt',
      // Registered from React (virtual:pwa-register/react) so the page can offer "New version available — Reload".
      injectRegister: false,
      // The glob below already takes the icons; listing them twice would duplicate precache entries.
      includeManifestIcons: false,
      manifest: {
        name: 'BimBot AI Wall',
        short_name: 'BimBot Wall',
        description: 'Turn 2D CAD floor plans into BIM walls, doors and windows, entirely in the browser.',
        theme_color: '#1e3a8a',
        background_color: '#f4f6fa',
        display: 'standalone',
        start_url: '.',
        scope: '.',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        // Taken from the real app with Chromium (test/e2e/screenshots.ts); shown by the install dialog.
        screenshots: [
          { src: 'screenshots/wide.png', sizes: '1280x800', type: 'image/png', form_factor: 'wide', label: 'A processed floor plan with its walls, steps and downloads' },
          { src: 'screenshots/narrow.png', sizes: '540x960', type: 'image/png', form_factor: 'narrow', label: 'The stored drawings' },
        ],
        // The installed app opens CAD files from the operating system; src/app/ops/LaunchedFiles.tsx imports them.
        file_handlers: [
          {
            action: './',
            accept: {
              'application/json': ['.json'],
              'image/vnd.dxf': ['.dxf'],
              'image/vnd.dwg': ['.dwg'],
            },
          },
        ],
        launch_handler: { client_mode: 'focus-existing' },
      },
      workbox: {
        // Everything the app needs offline, workers and the bundled sample drawing included.
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,ico,json,wasm}'],
        // The manifest screenshots are for the install dialog only.
        globIgnores: ['screenshots/**'],
        maximumFileSizeToCacheInBytes: 30 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  worker: { format: 'es' },
  // One page bundle (React, router, Dexie, zod: ~160 kB gzipped), precached and loaded once.
  build: { chunkSizeWarningLimit: 600 },
  preview: { port: 4173, strictPort: true },
});
