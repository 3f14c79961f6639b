import { describe, expect, it } from 'vitest';
import { hashTarget } from './hash-target.ts';
import { parseLineList } from './step-lines.ts';

describe('parseLineList', () => {
  it('reads the compiler-written data-lines back', () => {
    expect(parseLineList('3')).toEqual(new Set([3]));
    expect(parseLineList('1-3,5')).toEqual(new Set([1, 2, 3, 5]));
    expect(parseLineList('all')).toBeNull();
  });
});

describe('hashTarget', () => {
  it('takes the slide part of a Reveal hash', () => {
    expect(hashTarget('#/cgo-cost/2')).toBe('cgo-cost');
    expect(hashTarget('#/5')).toBe('5');
    expect(hashTarget('#/')).toBe('');
    expect(hashTarget('')).toBe('');
    expect(hashTarget('#/caf%C3%A9')).toBe('café');
  });
});
