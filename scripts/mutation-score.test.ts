import { describe, expect, it } from 'vitest';
import { disableCommentsIn, formatTable, rowMet, scoreReport, survivorsOf, type MutationReport, type TableRow } from './mutation-score.ts';

const mutant = (status: string, line = 1, mutatorName = 'EqualityOperator', replacement = 'a <= b') =>
  ({ status, location: { start: { line } }, mutatorName, replacement }) as MutationReport['files'][string]['mutants'][number];

const report: MutationReport = {
  files: {
    'b.ts': { mutants: [mutant('Killed'), mutant('Survived', 9, 'BlockStatement', '{}'), mutant('Timeout'), mutant('Ignored')] },
    'a.ts': { mutants: [mutant('Killed'), mutant('Killed'), mutant('NoCoverage', 3), mutant('CompileError'), mutant('RuntimeError'), mutant('Killed')] },
  },
};

describe('mutation score', () => {
  it('counts detected over detected plus undetected; invalid and disabled mutants count for neither', () => {
    const score = scoreReport(report);
    expect(score).toEqual({ killed: 4, timeout: 1, survived: 1, noCoverage: 1, invalid: 2, ignored: 1, scorePct: (5 / 7) * 100 });
    expect(scoreReport({ files: {} }).scorePct).toBeNaN();
    expect(scoreReport({ files: { 'x.ts': { mutants: [mutant('Ignored')] } } }).scorePct).toBeNaN();
  });

  it('lists the undetected mutants by file and line', () => {
    expect(survivorsOf(report)).toEqual([
      { file: 'a.ts', line: 3, mutator: 'EqualityOperator', replacement: 'a <= b' },
      { file: 'b.ts', line: 9, mutator: 'BlockStatement', replacement: '{}' },
    ]);
  });

  it('finds disable comments with their reasons, and those without', () => {
    const source = [
      'const a = 1;',
      '// Stryker disable next-line EqualityOperator: q > 1 and q >= 1 agree at q = 1 (both return the last value)',
      'if (q > 1) return NaN;',
      '/* Stryker disable all */',
      '// Stryker restore all',
      '  // Stryker disable next-line all:   ',
    ].join('\n');
    expect(disableCommentsIn(source)).toEqual([
      { line: 2, reason: 'q > 1 and q >= 1 agree at q = 1 (both return the last value)' },
      { line: 4, reason: '' },
      { line: 6, reason: '' },
    ]);
    expect(disableCommentsIn('// stryker is a tool\nconst disable = 1;')).toEqual([]);
  });

  it('prints one aligned row per module with its verdict', () => {
    const rows: TableRow[] = [
      { module: 'statistics', goalPct: 90, score: { ...scoreReport(report), scorePct: 95.25 }, disabled: 2, disabledWithoutReason: 0, note: '2026-01-01 10:00' },
      { module: 'access', goalPct: 95, score: scoreReport(report), disabled: 1, disabledWithoutReason: 1, note: '' },
      { module: 'sandbox-pure', goalPct: 95, score: undefined, disabled: 0, disabledWithoutReason: 0, note: 'not on main yet' },
    ];
    const lines = formatTable(rows).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^module\s+score\s+goal\s+killed\s+timeout\s+survived\s+no cov\s+disabled\s+met\s+note$/);
    expect(lines[1]).toMatch(/^statistics\s+95\.3 %\s+90 %\s+4\s+1\s+1\s+1\s+2\s+met\s+2026-01-01 10:00$/);
    expect(lines[2]).toMatch(/^access\s+71\.4 %\s+95 %\s+4\s+1\s+1\s+1\s+1 \(1 no reason\)\s+NOT MET$/);
    expect(lines[3]).toMatch(/^sandbox-pure\s+–\s+95 %\s+0\s+not on main yet$/);
    // Numbers are right-aligned under their header.
    const goalEnd = lines[0]!.indexOf('goal') + 'goal'.length;
    expect(lines.slice(1).map((line) => line.slice(goalEnd - 4, goalEnd))).toEqual(['90 %', '95 %', '95 %']);
  });

  it('a module meets its goal only with a score at or above it and every disable explained', () => {
    const row = (scorePct: number, disabledWithoutReason = 0): TableRow => ({ module: 'm', goalPct: 90, score: { ...scoreReport(report), scorePct }, disabled: 1, disabledWithoutReason, note: '' });
    expect(rowMet(row(90))).toBe(true);
    expect(rowMet(row(89.99))).toBe(false);
    expect(rowMet(row(100, 1))).toBe(false);
    expect(rowMet({ ...row(100), score: undefined })).toBe(false);
  });
});
