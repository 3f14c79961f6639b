// StrykerJS settings for `npm run mutate` (scripts/mutate.ts runs it once per core module,
// passing --mutate). Mutation testing is CPU-heavy and the machine is a shared 2-core box:
// two test processes at most, unit tests only, those related to the mutated file.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: true },
  coverageAnalysis: 'perTest',
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 2),
  reporters: ['json', 'progress'],
  jsonReporter: { fileName: process.env.MUTATE_REPORT ?? '.cache/mutate/mutation.json' },
  tempDirName: '.cache/stryker-tmp',
  // Build output and caches: the unit tests never read them (native/ and recordings/ they do).
  // zz-new-demo-*: the demos the new-demo integration test writes and removes while it runs
  // (a copy taken meanwhile would fail on a file that is gone).
  ignorePatterns: ['dist', '.cache', 'test-results', '*.log', 'zz-new-demo-*'],
  timeoutMS: 10_000,
  cleanTempDir: true,
};
