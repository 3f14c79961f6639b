import { describe, expect, it } from 'vitest';
import { checkEditedFiles, formatIssues, isJsonValue, stableStringify } from './params.ts';

describe('params helpers', () => {
  it('stableStringify ignores key order and undefined', () => {
    expect(stableStringify({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe(stableStringify({ a: [1, { d: 2 }], b: 1 }));
    expect(stableStringify({ a: 1 })).not.toBe(stableStringify({ a: '1' }));
  });
  it('formats issues with their path', () => {
    expect(formatIssues([{ path: ['n'], message: 'Too big' }, { path: [], message: 'Bad' }, { path: ['xs', 0], message: 'x' }])).toEqual(['n: Too big', 'Bad', 'xs.0: x']);
  });
  it('accepts plain file names only', () => {
    expect(checkEditedFiles({ 'main.go': 'x', 'c_part.c': '' })).toEqual([]);
    expect(checkEditedFiles({ '../x': 'y' })).toHaveLength(1);
    expect(checkEditedFiles({ '.hidden': 'y' })).toHaveLength(1);
    expect(checkEditedFiles({ 'a/b.go': 'y' })).toHaveLength(1);
    expect(checkEditedFiles({ 'a.go': 1 })).toHaveLength(1);
    expect(checkEditedFiles(['a'])).toHaveLength(1);
  });
  it('isJsonValue rejects what JSON cannot carry', () => {
    expect(isJsonValue({ a: [1, 'x', null, true] })).toBe(true);
    expect(isJsonValue({ a: Number.NaN })).toBe(false);
    expect(isJsonValue({ a: () => 1 })).toBe(false);
  });
});
