/**
 * Builds the flagship deck: root is its folder, output is `<repo>/dist`, and `base: './'`
 * makes every URL relative so `dist/` works from any static server path (or the demo
 * server). The deck plugin compiles `slides/why-cgo-is-slow` into index.html and
 * publishes `recordings/`. In dev, `/api` goes to a demo server on port 8000.
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { deckPlugin } from './slides/compiler/vite-plugin.ts';

const rootDir = fileURLToPath(new URL('.', import.meta.url));
const deckDir = process.env.DECK_DIR ?? 'slides/why-cgo-is-slow';

export default defineConfig({
  root: resolve(rootDir, deckDir),
  base: './',
  publicDir: false,
  plugins: [deckPlugin({ rootDir, deckDir })],
  build: {
    outDir: process.env.DECK_OUT_DIR ?? `${rootDir}dist`,
    emptyOutDir: true,
    target: 'es2022',
    // Fonts and pictures stay files (cacheable, not base64 in the JS); tiny icons may inline.
    assetsInlineLimit: 2048,
    reportCompressedSize: false,
    // Monaco's chunk is megabytes by nature and loads lazily; warn only past that.
    chunkSizeWarningLimit: 4096,
    // The slide compiler runs shiki over every code block by design; a timing report on
    // every build would bury real warnings.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  worker: { format: 'es' },
  server: {
    host: '127.0.0.1',
    fs: { allow: [rootDir] },
    proxy: { '/api': { target: 'http://127.0.0.1:8000', changeOrigin: false } },
  },
  preview: { host: '127.0.0.1' },
});
