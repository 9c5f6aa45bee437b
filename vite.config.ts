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

export default defineConfig({
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
      },
      workbox: {
        // Everything the app needs offline, workers and the bundled sample drawing included.
        globPatterns: ['**/*.{js,mjs,css,html,svg,png,ico,json,wasm}'],
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
