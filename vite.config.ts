/**
 * `npx vite` and `npx vite build` on their own: the flagship deck into `dist/`. The
 * project's commands are `npm run dev [-- --deck NAME]` and `npm run build` (every deck,
 * scripts/build.ts); both use the same settings, slides/compiler/deck-vite-config.ts.
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { deckViteConfig } from './slides/compiler/deck-vite-config.ts';
import { flagshipDeck } from './slides/compiler/deck-folders.ts';

const rootDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(deckViteConfig({ rootDir, deckDir: `slides/${flagshipDeck}`, outDir: 'dist' }));
