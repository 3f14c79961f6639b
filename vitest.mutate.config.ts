/**
 * The unit tests alone, for `npm run mutate` (StrykerJS runs them once per mutant, so the
 * integration and end-to-end projects, their builds and browsers stay out).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{server,demos,slides,scripts,tests/support}/**/*.test.ts'],
    exclude: ['**/*.integration.test.ts', 'node_modules/**', '.cache/**'],
    environment: 'node',
  },
});
