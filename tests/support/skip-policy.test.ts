import { describe, expect, it } from 'vitest';
import { formatSkipNote, judgeSkip, judgeSkips, namedToolchains, type SkippedTest } from './skip-policy.ts';

const known = new Set(['cc', 'go', 'gdb', 'bun']);
const missing = new Set(['bun', 'gdb']);
const skipped = (note: string | undefined, mode = 'skip'): SkippedTest => ({ file: 'x.test.ts', name: 'd > t', note, mode });

describe('skip policy', () => {
  it('reads the toolchain ids of a skipIfMissing note, and nothing else', () => {
    expect(formatSkipNote(['gdb', 'bun'])).toBe('missing toolchain: gdb, bun');
    expect(namedToolchains('missing toolchain: gdb, bun')).toEqual(['gdb', 'bun']);
    expect(namedToolchains('missing toolchain: ')).toBeUndefined();
    expect(namedToolchains('toolchain: gdb')).toBeUndefined();
    expect(namedToolchains(undefined)).toBeUndefined();
  });

  it('allows a skip only for toolchains the doctor reports missing', () => {
    expect(judgeSkip(skipped('missing toolchain: gdb, bun'), missing, known)).toMatchObject({ allowed: true, line: 'x.test.ts > d > t: skipped, missing toolchain: gdb, bun (npm run doctor)' });
    const present = judgeSkip(skipped('missing toolchain: gdb, go'), missing, known);
    expect(present).toMatchObject({ allowed: false, line: expect.stringContaining('skipped for go, but the doctor finds it on this machine') });
    const unknown = judgeSkip(skipped('missing toolchain: gcc'), missing, known);
    expect(unknown).toMatchObject({ allowed: false, line: expect.stringContaining('skipped for gcc, which the doctor does not know') });
  });

  it('refuses bare skips, skips with other reasons and todos, saying what to do', () => {
    const bare = judgeSkip(skipped(undefined), missing, known);
    expect(bare.allowed).toBe(false);
    expect(bare.line).toMatch(/^x\.test\.ts > d > t: skipped\. Skips are allowed only for a toolchain the doctor reports missing: use skipIfMissing\(ctx, 'go'\)/);
    expect(judgeSkip(skipped('needs root'), missing, known)).toMatchObject({ allowed: false, line: expect.stringContaining('skipped ("needs root")') });
    expect(judgeSkip(skipped(undefined, 'todo'), missing, known)).toMatchObject({ allowed: false, line: expect.stringContaining('a todo test checks nothing') });
    expect(judgeSkip(skipped('missing toolchain: bun', 'todo'), missing, known).allowed).toBe(false);
  });

  it('sums up a run: ok only when every skip is allowed', () => {
    expect(judgeSkips([], missing, known)).toEqual({ verdicts: [], ok: true, summary: 'skips: 0' });
    const allowed = judgeSkips([skipped('missing toolchain: bun')], missing, known);
    expect(allowed).toMatchObject({ ok: true, summary: 'skips: 1 (each for a missing toolchain)' });
    const mixed = judgeSkips([skipped('missing toolchain: bun'), skipped(undefined), skipped(undefined, 'todo')], missing, known);
    expect(mixed).toMatchObject({ ok: false, summary: 'skips: 3 (2 not allowed)' });
    expect(mixed.verdicts.map((verdict) => verdict.allowed)).toEqual([true, false, false]);
  });
});
