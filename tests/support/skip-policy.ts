/**
 * The skip policy of `npm test`: a test may skip only because a toolchain is missing on
 * this machine (as `npm run doctor` reports it), and it says which. Every other skip
 * (`it.skip`, `it.skipIf(…)`, `it.todo`, a bare `ctx.skip()`, tests left out by an `.only`)
 * fails the run: a skipped test checks nothing, and a green run must mean it was checked.
 * Pure: the reporter (skip-policy-reporter.ts) gives it the skips and the doctor's list.
 */

/** skipNotePrefix starts the note of an allowed skip: `missing toolchain: go, cc`. */
export const skipNotePrefix = 'missing toolchain: ';

/** formatSkipNote is the note skipIfMissing gives ctx.skip for the missing ids. */
export function formatSkipNote(missing: readonly string[]): string {
  return `${skipNotePrefix}${missing.join(', ')}`;
}

/** SkippedTest is one skipped test as the reporter saw it. */
export interface SkippedTest {
  /** The test's file, relative to the project. */
  file: string;
  /** Its full name (describe blocks > test). */
  name: string;
  /** The note given to ctx.skip(note), if any. */
  note: string | undefined;
  /** How it was skipped: "skip" (a skip flag or a dynamic skip), "todo" … */
  mode: string;
}

/** SkipVerdict says whether one skip is allowed, and a line to print about it. */
export interface SkipVerdict {
  test: SkippedTest;
  allowed: boolean;
  line: string;
}

/** namedToolchains reads the ids out of an allowed skip's note, or undefined when it is not one. */
export function namedToolchains(note: string | undefined): string[] | undefined {
  if (note === undefined || !note.startsWith(skipNotePrefix)) return undefined;
  const ids = note.slice(skipNotePrefix.length).split(',').map((id) => id.trim()).filter((id) => id !== '');
  return ids.length > 0 ? ids : undefined;
}

/**
 * judgeSkip allows a skip only when its note names toolchains and the doctor reports every
 * one of them missing here (`missing` holds the ids it reports missing, `known` all ids).
 */
export function judgeSkip(test: SkippedTest, missing: ReadonlySet<string>, known: ReadonlySet<string>): SkipVerdict {
  const where = `${test.file} > ${test.name}`;
  const ids = namedToolchains(test.note);
  if (test.mode === 'todo') {
    return { test, allowed: false, line: `${where}: a todo test checks nothing; write it or delete it` };
  }
  if (ids === undefined) {
    const why = test.note ? ` ("${test.note}")` : '';
    return {
      test,
      allowed: false,
      line: `${where}: skipped${why}. Skips are allowed only for a toolchain the doctor reports missing: use skipIfMissing(ctx, 'go') from tests/support/toolchains.ts, or make the test check what its name promises`,
    };
  }
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    return { test, allowed: false, line: `${where}: skipped for ${unknown.join(', ')}, which the doctor does not know (known: ${[...known].join(', ')})` };
  }
  const present = ids.filter((id) => !missing.has(id));
  if (present.length > 0) {
    return { test, allowed: false, line: `${where}: skipped for ${present.join(', ')}, but the doctor finds ${present.length === 1 ? 'it' : 'them'} on this machine` };
  }
  return { test, allowed: true, line: `${where}: skipped, ${test.note} (npm run doctor)` };
}

/** SkipReport is the verdict over a whole run. */
export interface SkipReport {
  verdicts: SkipVerdict[];
  /** ok is false when any skip is not allowed. */
  ok: boolean;
  /** summary is the one line printed at the end: `skips: 0` or `skips: 2 (1 not allowed)`. */
  summary: string;
}

/** judgeSkips judges every skip of a run. */
export function judgeSkips(tests: readonly SkippedTest[], missing: ReadonlySet<string>, known: ReadonlySet<string>): SkipReport {
  const verdicts = tests.map((test) => judgeSkip(test, missing, known));
  const refused = verdicts.filter((verdict) => !verdict.allowed).length;
  const summary = refused === 0 ? `skips: ${verdicts.length}${verdicts.length ? ' (each for a missing toolchain)' : ''}` : `skips: ${verdicts.length} (${refused} not allowed)`;
  return { verdicts, ok: refused === 0, summary };
}
