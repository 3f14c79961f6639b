/**
 * Three test projects: `unit` (pure and fake-clock tests next to the code),
 * `integration` (real toolchains, real builds; tests skip what this machine lacks),
 * `e2e` (the built deck in Debian's headless Chromium, via playwright-core).
 *
 * Every run: test processes get the checkout's test temp dir as TMPDIR, so what tests
 * leave there is found (tests/support/test-paths.ts); and the skip-policy reporter prints
 * every skip and fails the run on any that is not for a missing toolchain.
 */
import { defineConfig } from 'vitest/config';
import { ensureTestTmpDir, testTmpEnv } from './tests/support/test-paths.ts';

// Set before any worker starts: workers and the servers tests start inherit it.
process.env.TMPDIR = ensureTestTmpDir();
process.env[testTmpEnv] = process.env.TMPDIR;

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/skip-policy-reporter.ts'],
    allowOnly: false,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{server,demos,slides,scripts,tests/support}/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{server,demos,native}/**/*.integration.test.ts', 'tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          globalSetup: ['tests/e2e/global-setup.ts'],
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
