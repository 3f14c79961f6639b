/**
 * deckViteConfig: the Vite settings of one deck, shared by `npm run build` (every deck),
 * `npm run dev` (one deck) and `vite.config.ts` (the flagship, for a bare `npx vite`).
 *
 * The root is the deck's folder and `base: './'` makes every URL relative, so a built
 * deck works from any static server path (the flagship at `/`, another deck at
 * `/<deck>/`) and from the demo server. In dev, `/api` goes to a demo server on
 * `apiPort` (default 8000), so a second checkout's dev deck can talk to its own server.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UserConfig } from 'vite';
import { deckPlugin } from './vite-plugin.ts';

/** projectDir is this checkout: a deck folder elsewhere still imports its runtime and demos. */
const projectDir = fileURLToPath(new URL('../../', import.meta.url));

/** defaultApiPort is the demo server's default port (`server/main.ts --port`). */
export const defaultApiPort = 8000;

/** DeckViteOptions locate one deck and its output. */
export interface DeckViteOptions {
  /** The project root (errors name files relative to it). */
  rootDir: string;
  /** The deck folder, absolute or relative to `rootDir`. */
  deckDir: string;
  /** Where the build writes; emptied first. */
  outDir: string;
  /** Folder of demo folders; default `<rootDir>/demos`. */
  demosDir?: string;
  /** Folder of recordings to publish; default `<rootDir>/recordings`. */
  recordingsDir?: string;
  /** The demo server's port the dev server's `/api` proxy talks to. */
  apiPort?: number;
}

/** deckViteConfig is the Vite config of a deck (see the module header); pass `configFile: false` beside it to `build()`. */
export function deckViteConfig(options: DeckViteOptions): UserConfig {
  const rootDir = resolve(options.rootDir);
  const deckDir = resolve(rootDir, options.deckDir);
  return {
    root: deckDir,
    base: './',
    publicDir: false,
    plugins: [
      deckPlugin({
        rootDir,
        deckDir,
        ...(options.demosDir ? { demosDir: options.demosDir } : {}),
        ...(options.recordingsDir ? { recordingsDir: options.recordingsDir } : {}),
      }),
    ],
    build: {
      outDir: resolve(rootDir, options.outDir),
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
      // The deck's folder is the root; the runtime, demos and node_modules are beside it.
      fs: { allow: [rootDir, projectDir, deckDir] },
      proxy: { '/api': { target: `http://127.0.0.1:${options.apiPort ?? defaultApiPort}`, changeOrigin: false } },
    },
    preview: { host: '127.0.0.1' },
  };
}
