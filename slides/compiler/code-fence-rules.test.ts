/** Each rule of code fence options and steps with its exact message (code-fence.test.ts has the overview). */
import { describe, expect, it } from 'vitest';
import { formatStepLines, parseFenceInfo, parseSteps } from './code-fence.ts';

describe('fence info strings', () => {
  it('read the language in lower case, trimmed, with or without options after it', () => {
    expect(parseFenceInfo('  Go  ')).toEqual({ lang: 'go', classes: [] });
    expect(parseFenceInfo('go{numbers}')).toEqual({ lang: 'go', numbersFrom: 1, classes: [] });
    expect(parseFenceInfo('{numbers}')).toEqual({ lang: '', numbersFrom: 1, classes: [] });
    expect(parseFenceInfo('c  file="a b.c"')).toEqual({ lang: 'c', file: 'a b.c', classes: [] });
    expect(parseFenceInfo('go\n{numbers}')).toEqual({ lang: 'go', numbersFrom: 1, classes: [] });
  });

  it('name each malformed option', () => {
    expect(() => parseFenceInfo('go {numbers')).toThrow('code fence options must close with "}": {numbers');
    expect(() => parseFenceInfo('go file="x')).toThrow('code fence options have an unclosed quote: file="x');
    expect(() => parseFenceInfo('go numbers=x')).toThrow('numbers=x: expected a line number');
    expect(() => parseFenceInfo('go numbers=-1')).toThrow('numbers=-1: expected a line number');
    expect(() => parseFenceInfo('go numbers=1.5')).toThrow('numbers=1.5: expected a line number');
    expect(parseFenceInfo('go numbers=0').numbersFrom).toBe(0);
    expect(parseFenceInfo('go lines=7').numbersFrom).toBe(7);
    const unknown = 'unknown code fence option "=x" (known: file="…", numbers, steps="…", class="…")';
    expect(() => parseFenceInfo('go =x')).toThrow(unknown);
  });

  it('refuse file and steps without a value, and bare class', () => {
    expect(() => parseFenceInfo('go file=')).toThrow(/unknown code fence option "file="/);
    expect(() => parseFenceInfo('go file')).toThrow(/unknown code fence option "file"/);
    expect(() => parseFenceInfo('go steps=')).toThrow(/unknown code fence option "steps="/);
    expect(() => parseFenceInfo('go steps')).toThrow(/unknown code fence option "steps"/);
    expect(() => parseFenceInfo('go class')).toThrow(/unknown code fence option "class"/);
  });

  it('split classes on spaces and commas, dropping empty ones, across several class options', () => {
    expect(parseFenceInfo('go class="a  b,c," class=d').classes).toEqual(['a', 'b', 'c', 'd']);
    expect(parseFenceInfo('go class=').classes).toEqual([]);
  });
});

describe('steps', () => {
  it('read spaces around steps, lines and range dashes, and * for all', () => {
    expect(parseSteps(' 2 | 3 - 4 , 1 | * ', 5)).toEqual([[2], [1, 3, 4], null]);
    expect(parseSteps('10-12', 12)).toEqual([[10, 11, 12]]);
    expect(parseSteps('12', 12)).toEqual([[12]]);
    expect(parseSteps('1', 1)).toEqual([[1]]);
  });

  it('sort and de-duplicate a step’s lines numerically', () => {
    expect(parseSteps('10,9,2,9-10', 10)).toEqual([[2, 9, 10]]);
  });

  it('name the first bad part exactly', () => {
    expect(() => parseSteps('0', 5)).toThrow('steps="0": line 0 is outside the block (lines 1–5)');
    expect(() => parseSteps('0-2', 5)).toThrow('steps="0-2": line 0 is outside the block (lines 1–5)');
    expect(() => parseSteps('4-6', 5)).toThrow('steps="4-6": line 6 is outside the block (lines 1–5)');
    expect(() => parseSteps('1-6', 5)).toThrow('steps="1-6": line 6 is outside the block (lines 1–5)');
    expect(() => parseSteps('2|', 5)).toThrow('steps="2|": empty step (two "|" in a row?)');
    expect(() => parseSteps('1,,2', 5)).toThrow('steps="1,,2": "" is not a line or a range like 5-7');
    expect(() => parseSteps('1-2-3', 5)).toThrow('steps="1-2-3": "1-2-3" is not a line or a range like 5-7');
    expect(() => parseSteps('x1', 5)).toThrow('"x1" is not a line');
    expect(() => parseSteps('1x', 5)).toThrow('"1x" is not a line');
    expect(() => parseSteps('1-x', 5)).toThrow('"1-x" is not a line');
    expect(() => parseSteps('1 2', 5)).toThrow('"1 2" is not a line');
    expect(() => parseSteps('1-2x', 5)).toThrow('"1-2x" is not a line');
    expect(() => parseSteps('3-2', 5)).toThrow('steps="3-2": range 3-2 runs backwards');
  });
});

describe('formatStepLines', () => {
  it('writes runs as ranges and single lines alone', () => {
    expect(formatStepLines([4])).toBe('4');
    expect(formatStepLines([1, 2])).toBe('1-2');
    expect(formatStepLines([1, 3, 4, 5, 9])).toBe('1,3-5,9');
    expect(formatStepLines([])).toBe('');
  });
});
