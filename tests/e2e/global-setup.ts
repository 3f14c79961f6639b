/**
 * Builds the static deck once before the end-to-end suite, so every test reads the same
 * `dist/` that `npm run build` makes for a reader with no server.
 */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
