/**
 * skipIfMissing: the one allowed way for a test to skip (see skip-policy.ts). It asks the
 * same detection `npm run doctor` uses, and skips naming what is missing.
 */
import type { TestContext } from 'vitest';
import { detectToolchains } from '../../server/toolchains/detect.ts';
import { formatSkipNote } from './skip-policy.ts';

/** missingToolchains returns the ids among `ids` that the doctor reports missing here. */
export async function missingToolchains(...ids: string[]): Promise<string[]> {
  const list = await detectToolchains();
  const known = new Set(list.map((item) => item.id));
  const unknown = ids.filter((id) => !known.has(id));
  // A misspelt id would otherwise read as "missing" and skip the test forever.
  if (unknown.length > 0) throw new Error(`skipIfMissing: no toolchain named ${unknown.join(', ')} (the doctor knows ${[...known].join(', ')})`);
  const found = new Set(list.filter((item) => item.found).map((item) => item.id));
  return ids.filter((id) => !found.has(id));
}

/**
 * skipIfMissing skips the current test when the doctor reports any of `ids` missing,
 * with the note `missing toolchain: <ids>` that the skip policy accepts. Call it first in
 * the test, or in a beforeEach for a whole describe block: `beforeEach((ctx) => skipIfMissing(ctx, 'go'))`.
 */
export async function skipIfMissing(ctx: Pick<TestContext, 'skip'>, ...ids: string[]): Promise<void> {
  const missing = await missingToolchains(...ids);
  if (missing.length > 0) ctx.skip(formatSkipNote(missing));
}
