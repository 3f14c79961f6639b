/**
 * `npm run preflight` from the outside, on a machine made to lack one tool: a PATH of
 * links to everything detection would find (tests/support/toolchains.ts's doctor), minus
 * that tool, with CGO_DECK_PATH_ONLY=1 so the usual install places are not searched.
 * Without `go` the deck's Go demos cannot run: no-go, exit 1. Without `luajit` only the
 * FFI table's LuaJIT row is lost: a warning for that row, exit 0. And a demo really runs
 * and is judged by its result schema. Kept short with --only (and --skip-runs).
 */
import { execFile } from 'node:child_process';
import { readdir, symlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pathOnlyEnv, projectBinDir, searchPath } from '../../server/toolchains/detect.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { testCacheDir } from '../support/test-paths.ts';
import { skipIfMissing } from '../support/toolchains.ts';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** pathWithout makes a folder of links to every program detection would find, except `hidden`. */
async function pathWithout(hidden: string): Promise<string> {
  const dir = await makeTempDir(`preflight-no-${hidden}-`);
  const linked = new Set<string>();
  for (const from of searchPath().filter((d) => d !== projectBinDir)) {
    for (const name of await readdir(from).catch(() => [] as string[])) {
      if (name === hidden || linked.has(name)) continue;
      linked.add(name);
      await symlink(join(from, name), join(dir, name));
    }
  }
  return dir;
}

/** preflight runs the CLI with the tests' build cache and returns how it ended. */
async function preflight(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/preflight.ts', '--cache', testCacheDir, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 240_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** tableRow finds a row of the go / no-go table by its check's start. */
function tableRow(stdout: string, check: string): string | undefined {
  const table = stdout.slice(stdout.indexOf('== Go / no-go'));
  return table.split('\n').find((line) => line.trimStart().startsWith(check));
}

describe('npm run preflight', () => {
  it('says no-go and exits 1 when go is not on PATH', async () => {
    const path = await pathWithout('go');
    expect(await readdir(path)).not.toContain('go');
    const { code, stdout, stderr } = await preflight(['--only', 'stack-growth'], { PATH: path, [pathOnlyEnv]: '1' });
    expect(code, stderr).toBe(1);
    expect(stdout).toMatch(/^go +missing +apt-get install golang-go/m); // the doctor's table
    expect(tableRow(stdout, 'toolchains (npm run doctor)')).toMatch(/ warn .*missing: go\b/);
    expect(tableRow(stdout, 'stack-growth #/stack-growth-live')).toMatch(/ NO-GO +cannot run: go missing/);
    expect(stdout).toMatch(/^NO-GO: stack-growth #\/stack-growth-live \(/m);
  });

  it('warns for the FFI table\'s LuaJIT row and exits 0 when luajit is not on PATH', async () => {
    const path = await pathWithout('luajit');
    const { code, stdout, stderr } = await preflight(['--only', 'ffi-overhead', '--skip-runs'], { PATH: path, [pathOnlyEnv]: '1' });
    expect(code, stderr).toBe(0);
    expect(tableRow(stdout, 'row LuaJIT FFI')).toMatch(/ warn +luajit missing: the row shows "missing"/);
    expect(tableRow(stdout, 'ffi-overhead #/ffi-table-live #/ffi-ratio-live')).toMatch(/ skipped +not run \(--skip-runs\)/);
    expect(tableRow(stdout, 'row ')).toBe(tableRow(stdout, 'row LuaJIT FFI')); // no other row lost
    expect(tableRow(stdout, 'machine speed and load')).toMatch(/ (go|warn) +\d+\.\d s +(quiet|not quiet) enough to measure/);
    expect(tableRow(stdout, 'Chromium for npm run export')).toMatch(/ go +\d+\.\d s +Chromium \d+/);
    expect(stdout).toMatch(/^GO: every demo checked on the deck can run \(\d+ warnings?, 1 skipped, /m);
  });

  it('runs a demo of the deck with its slide\'s params and parses its result', async (ctx) => {
    await skipIfMissing(ctx, 'go');
    const { code, stdout, stderr } = await preflight(['--only', 'stack-growth']);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^\[1\/1\] stack-growth \{\} \(#\/stack-growth-live\)$/m);
    expect(tableRow(stdout, 'stack-growth #/stack-growth-live')).toMatch(/ go +\d+\.\d s +ran ok, result passes its schema; (1 build warm|1 built now)/);
  });

  it('refuses an --only that names no demo of the deck (exit 2)', async () => {
    const { code, stderr } = await preflight(['--only', 'no-such-demo', '--skip-runs']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--only names demos not on the deck: no-such-demo \(on the deck: .*stack-growth/);
  });

  it('takes a deck by its name, and refuses a name that is no deck (exit 2, naming the decks)', async () => {
    const { code, stderr } = await preflight(['--deck', 'no-such-deck', '--skip-runs']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^preflight: no deck named "no-such-deck" \(decks: [^)]*why-cgo-is-slow[^)]*\)$/m);
    const lightning = await preflight(['--deck', 'cgo-lightning', '--only', 'no-such-demo', '--skip-runs']);
    expect(lightning.code).toBe(2);
    // The lightning deck's demos, not the flagship's: it has no stack-growth slide.
    expect(lightning.stderr).toMatch(/\(on the deck: [^)]+\)/);
    expect(/\(on the deck: ([^)]+)\)/.exec(lightning.stderr)?.[1]).not.toMatch(/stack-growth/);
  });
});
