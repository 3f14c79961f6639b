/**
 * Builds the static site once before the end-to-end suite, so every test reads the same
 * `dist/` that `npm run build` makes for a reader with no server: the flagship at the
 * root, the other decks in `dist/<deck>/`, the list in `dist/decks/`.
 */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  execFileSync('npx', ['tsx', 'scripts/build.ts'], { stdio: 'inherit' });
}
