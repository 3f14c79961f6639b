import { describe, expect, it } from 'vitest';
import { checkEditedFiles, isJsonValue, stableStringify } from './params.ts';

describe('params helpers', () => {
  it('stableStringify ignores key order and undefined', () => {
    expect(stableStringify({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe(stableStringify({ a: [1, { d: 2 }], b: 1 }));
    expect(stableStringify({ a: 1 })).not.toBe(stableStringify({ a: '1' }));
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

describe('params helpers, exactly', () => {
  it('stableStringify writes sorted-key JSON, leaving out undefined members', () => {
    expect(stableStringify({ b: 1, a: 'x', c: undefined })).toBe('{"a":"x","b":1}');
    expect(stableStringify({ b: [3, { z: null, y: true }], a: {} })).toBe('{"a":{},"b":[3,{"y":true,"z":null}]}');
    // Keys compare as code units, not by locale: "B" sorts before "a".
    expect(stableStringify({ a: 1, B: 2, aa: 3 })).toBe('{"B":2,"a":1,"aa":3}');
    expect(stableStringify(undefined)).toBe('null');
    expect(stableStringify(null)).toBe('null');
    expect(stableStringify('s')).toBe('"s"');
    expect(stableStringify([undefined])).toBe('[null]');
    // Equal keys cannot happen in an object; the comparator's equal case still keeps both sides stable.
    expect(stableStringify({ x: 1, y: 2 })).toBe(stableStringify({ y: 2, x: 1 }));
  });

  it('checkEditedFiles names each problem', () => {
    expect(checkEditedFiles(null)).toEqual(['files: expected an object of file name → content']);
    expect(checkEditedFiles('main.go')).toEqual(['files: expected an object of file name → content']);
    expect(checkEditedFiles(['a'])).toEqual(['files: expected an object of file name → content']);
    expect(checkEditedFiles({ 'a/b': 'x', 'c.go': 2 })).toEqual(['files.a/b: not a plain file name', 'files.c.go: content must be a string']);
    const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`f${i}.go`, '']));
    expect(checkEditedFiles(sixteen)).toEqual([]);
    expect(checkEditedFiles({ ...sixteen, 'g.go': '' })).toEqual(['files: at most 16 files']);
    expect(checkEditedFiles({ ['a'.repeat(100)]: '' })).toEqual([]);
    expect(checkEditedFiles({ ['a'.repeat(101)]: '' })).toHaveLength(1);
  });

  it('isJsonValue checks every member of arrays and objects', () => {
    expect(isJsonValue([1, 2, undefined])).toBe(false);
    expect(isJsonValue([Number.NaN, 1])).toBe(false);
    expect(isJsonValue({ a: 1, b: undefined })).toBe(false);
    expect(isJsonValue({ a: Number.POSITIVE_INFINITY, b: 1 })).toBe(false);
    expect(isJsonValue([])).toBe(true);
    expect(isJsonValue('x')).toBe(true);
    expect(isJsonValue(false)).toBe(true);
    expect(isJsonValue(undefined)).toBe(false);
    expect(isJsonValue(10n)).toBe(false);
  });
});
