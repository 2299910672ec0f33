/**
 * The web workspace: root web/, built into dist/web/ (served by the express app at /).
 * `node:crypto` is aliased to a SHA-256 shim so that the scoring core (src/core) runs in
 * the browser unchanged: the live preview is computed by the code that scores runs.
 * The page is served with CSP script-src 'self': no inline script, no eval.
 */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [vue()],
  resolve: {
    alias: [{ find: /^node:crypto$/, replacement: here('./src/shims/node-crypto.ts') }],
  },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    // Vite's module preload polyfill is an inline-free script already; keep it, but no inline assets in index.html.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('/src/core/') || id.includes('/node_modules/zod/') || id.includes('@noble/hashes')) return 'core';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
