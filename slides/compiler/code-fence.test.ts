import { describe, expect, it } from 'vitest';
import { formatStepLines, parseFenceInfo, parseSteps } from './code-fence.ts';

describe('parseSteps', () => {
  it('reads lines, ranges, lists and all', () => {
    expect(parseSteps('3|5-7|all|1,4-5', 8)).toEqual([[3], [5, 6, 7], null, [1, 4, 5]]);
  });

  it('rejects lines outside the block, backwards ranges and junk', () => {
    expect(() => parseSteps('3|9', 8)).toThrow(/line 9 is outside the block \(lines 1–8\)/);
    expect(() => parseSteps('7-5', 8)).toThrow(/runs backwards/);
    expect(() => parseSteps('x', 8)).toThrow(/"x" is not a line/);
    expect(() => parseSteps('1||2', 8)).toThrow(/empty step/);
  });

  it('writes steps back compactly', () => {
    expect(formatStepLines([1, 2, 3, 5, 7, 8])).toBe('1-3,5,7-8');
    expect(formatStepLines(null)).toBe('all');
  });
});

describe('parseFenceInfo', () => {
  it('reads the language and options in braces or bare', () => {
    expect(parseFenceInfo('go {file="x.cgo1.go" steps="3|5-7" numbers}')).toEqual({
      lang: 'go',
      file: 'x.cgo1.go',
      steps: '3|5-7',
      numbersFrom: 1,
      classes: [],
    });
    expect(parseFenceInfo('c numbers=12 class=dense')).toEqual({ lang: 'c', numbersFrom: 12, classes: ['dense'] });
    expect(parseFenceInfo('')).toEqual({ lang: '', classes: [] });
  });

  it('rejects unknown options', () => {
    expect(() => parseFenceInfo('go {highlight=3}')).toThrow(/unknown code fence option "highlight=3"/);
  });
});
