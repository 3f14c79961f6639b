/**
 * makeTempDir: a test's scratch folder that goes away with the test. Tests that make
 * their own folders with mkdtemp forget to remove them; `npm test` then fails naming them
 * (scripts/test-tmp.ts), so tests use this instead.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * makeTempDir creates `<tmp>/<prefix>XXXXXX` and removes it (with everything in it) when
 * the current test finishes, passed or failed. Call it inside a test (or a helper a test
 * calls); in beforeAll, use mkdtemp and remove the folder in afterAll.
 */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
