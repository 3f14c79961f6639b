/**
 * The unit tests alone, for `npm run mutate` (StrykerJS runs them once per mutant, so the
 * integration and end-to-end projects, their builds and browsers stay out). A test file
 * that cannot be imported counts as a failed test (tests/support/unloaded-file-reporter.ts).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/unloaded-file-reporter.ts'],
    include: ['{server,demos,slides,scripts,tests/support}/**/*.test.ts'],
    exclude: ['**/*.integration.test.ts', 'node_modules/**', '.cache/**'],
    environment: 'node',
  },
});
