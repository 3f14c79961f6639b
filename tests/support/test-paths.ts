/**
 * Where tests keep their files, apart from the developer's own:
 *
 * - `testCacheDir` (`.cache/test/`): the build cache of integration and end-to-end tests.
 *   Kept between runs (a second `npm test` reuses every build); never `.cache/builds/`,
 *   which the speaker's server fills, and never `recordings/`.
 * - `testTmpDir` (`$TMPDIR/cgo-deck-tests-<uid>-<hash of the checkout>/`): the TMPDIR every
 *   test process gets (vitest.config.ts sets it). A folder per checkout, so two checkouts'
 *   runs never see each other's files. What os.tmpdir() hands out lands there, so the
 *   edited-code Go cache the server keeps under the temp dir is the tests' own, kept
 *   between runs like `.cache/test/`; and anything else left there after a run is a test
 *   that did not clean up (`scripts/test-tmp.ts check` names it).
 *   It is outside the project because the unprivileged user that builds edited code must
 *   be able to reach it, and a checkout may sit below a folder it cannot enter.
 */
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** projectRoot is the checkout these tests belong to. */
export const projectRoot = resolve(import.meta.dirname, '../..');

/** testCacheDir is the tests' build cache (`createEngine({cacheDir})`, `--cache`). */
export const testCacheDir = join(projectRoot, '.cache/test');

/** testTmpEnv names the variable that carries the test temp dir to child processes. */
export const testTmpEnv = 'CGO_DECK_TEST_TMP';

/**
 * testTmpDir is the test temp dir of this checkout: `$CGO_DECK_TEST_TMP` when set (so a
 * nested vitest and the tools it starts agree), else one derived from the system temp dir.
 */
export function testTmpDir(): string {
  const given = process.env[testTmpEnv];
  if (given) return given;
  const checkout = createHash('sha256').update(projectRoot).digest('hex').slice(0, 8);
  return join(tmpdir(), `cgo-deck-tests-${process.getuid?.() ?? 0}-${checkout}`);
}

/**
 * ensureTestTmpDir creates the test temp dir (mode 0755: the unprivileged user must pass
 * through it to a run's own dir) and checks it is a real folder of ours, so another local
 * user cannot plant it in the shared temp dir. Returns its path.
 */
export function ensureTestTmpDir(): string {
  const dir = testTmpDir();
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const info = lstatSync(dir);
  const uid = process.getuid?.();
  if (!info.isDirectory() || (uid !== undefined && info.uid !== uid)) {
    throw new Error(`${dir} is not a folder of this user's: remove it, or set ${testTmpEnv} to a folder of your own`);
  }
  chmodSync(dir, 0o755);
  return dir;
}
