/**
 * What may stay in the test temp dir between runs (tests/support/test-paths.ts), and what
 * is a leftover: a file or folder some test made and did not remove. Pure.
 */

/**
 * keptBetweenRuns are the entries kept on purpose, each holding a cache that would
 * otherwise be rebuilt on every run: the server's temp root `cgo-deck-<uid>`
 * (server/sandbox/temp-root.ts: the sandbox's Go build cache for edited code, whose first
 * build compiles Go's runtime; each server process sweeps its own folder in it) and tsx's
 * compile cache of the servers tests start.
 */
export const keptBetweenRuns: readonly RegExp[] = [/^cgo-deck-\d+$/, /^tsx-\d+$/];

/** leftovers returns the entry names that are neither kept on purpose nor expected. */
export function leftovers(names: readonly string[], kept: readonly RegExp[] = keptBetweenRuns): string[] {
  return names.filter((name) => !kept.some((pattern) => pattern.test(name))).sort();
}

/** describeLeftovers is the failure message for leftovers, naming where they came from. */
export function describeLeftovers(dir: string, names: readonly string[]): string {
  return [
    `npm test left ${names.length} file${names.length === 1 ? '' : 's'} in its temp dir ${dir}:`,
    ...names.map((name) => `  ${name}`),
    'A test made these and did not remove them: find the prefix in the tests (mkdtemp) and use makeTempDir() from',
    'tests/support/temp-dir.ts inside a test, or remove the folder in afterAll. (The next npm test removes them first.)',
  ].join('\n');
}
