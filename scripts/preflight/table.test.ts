import { describe, expect, it } from 'vitest';
import { formatPreflightTable, formatSeconds, outcomeOf, type PreflightRow } from './table.ts';

const rows: PreflightRow[] = [
  { check: 'toolchains (npm run doctor)', verdict: 'go', ms: 420, detail: 'all 14 found' },
  { check: 'ffi-overhead #/ffi-table-live', verdict: 'skipped', detail: 'not run (--skip-runs)' },
  { check: 'row LuaJIT FFI', verdict: 'warn', sub: true, detail: 'luajit missing' },
];

describe('the preflight table', () => {
  it('aligns check, verdict, time and detail, sub-rows indented', () => {
    expect(formatPreflightTable(rows).split('\n')).toEqual([
      'check                          verdict  time   detail',
      'toolchains (npm run doctor)    go       0.4 s  all 14 found',
      'ffi-overhead #/ffi-table-live  skipped         not run (--skip-runs)',
      '  row LuaJIT FFI               warn            luajit missing',
    ]);
  });

  it('writes times in seconds, and minutes past one', () => {
    expect(formatSeconds(0)).toBe('0.0 s');
    expect(formatSeconds(12_345)).toBe('12.3 s');
    expect(formatSeconds(59_949)).toBe('59.9 s');
    expect(formatSeconds(125_400)).toBe('2 min 05 s');
    expect(formatSeconds(60_000)).toBe('1 min 00 s');
  });

  it('is go with warnings (exit 0), no-go naming the checks that are (exit 1)', () => {
    expect(outcomeOf(rows, 3_000)).toEqual({ go: true, exitCode: 0, summary: 'GO: every demo checked on the deck can run (1 warning, 1 skipped, 3.0 s in all)' });
    const noGo = [...rows, { check: 'stack-growth #/stack-growth-live', verdict: 'no-go', detail: 'go missing' }, { check: '  row x', verdict: 'no-go', detail: '' }] satisfies PreflightRow[];
    expect(outcomeOf(noGo, 65_000)).toEqual({ go: false, exitCode: 1, summary: 'NO-GO: stack-growth #/stack-growth-live; row x (1 warning, 1 skipped, 1 min 05 s in all)' });
    expect(outcomeOf([rows[0]!], 100).summary).toBe('GO: every demo checked on the deck can run (0.1 s in all)');
    expect(outcomeOf([rows[2]!, rows[2]!], 100).summary).toBe('GO: every demo checked on the deck can run (2 warnings, 0.1 s in all)');
    expect(formatPreflightTable([{ check: 'x', verdict: 'no-go', detail: 'y' }]).split('\n')[1]).toBe('x      NO-GO          y');
  });
});
