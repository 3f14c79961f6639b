/** Tests of recordingKey: which file a variant's recording goes to. */
import { describe, expect, it } from 'vitest';
import { demoOfRecordingKey, recordingKey } from './define-demo.ts';

describe('recordingKey', () => {
  it('is undefined for a demo without recording variants', () => {
    expect(recordingKey('ffi-overhead', { runtimes: ['c-so'] })).toBeUndefined();
  });
  it('appends the variant params’ values, made safe for a file name', () => {
    expect(recordingKey('threads-in-c', { variant: 'max-threads', n: 100 }, ['variant'])).toBe('threads-in-c--max-threads');
    expect(recordingKey('x', { a: 'Go To/C', b: 3 }, ['a', 'b'])).toBe('x--go-to-c--3');
  });
  it('refuses values that leave nothing of a name', () => {
    expect(recordingKey('x', { a: '../' }, ['a'])).toBeUndefined();
  });
});

describe('demoOfRecordingKey', () => {
  it('strips the variant values', () => {
    expect(demoOfRecordingKey('threads-in-c--max-threads')).toBe('threads-in-c');
    expect(demoOfRecordingKey('ffi-overhead')).toBe('ffi-overhead');
  });
});
