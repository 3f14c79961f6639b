/** Tests of recording keys: which file a run's recording goes to, and which a slide replays. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineDemo } from './define-demo.ts';
import { demoOfRecordingKey, displayParamsOf, isValidRecordingKey, recordingKey, selectorFor } from './recording-key.ts';

const demo = defineDemo({
  id: 'threads',
  title: 'T',
  params: z.object({
    n: z.number().int().default(100),
    variant: z.enum(['compare', 'max-threads']).default('compare'),
    maxThreads: z.number().int().default(50),
    cgocheck2: z.boolean().default(false),
    label: z.string().default('x'),
    runtimes: z.array(z.string()).default(['a', 'b']),
    view: z.enum(['table', 'ratio']).default('table'),
  }),
  result: z.object({}),
  displayParams: ['view'],
  requires: [],
  timeoutMs: 1,
});

describe('recordingKey', () => {
  it('is the demo id when every key param is at its default, written or not', () => {
    expect(recordingKey(demo, {})).toBe('threads');
    expect(recordingKey(demo, { n: 100, variant: 'compare' })).toBe('threads');
  });
  it('adds one part per non-default key param, sorted by name', () => {
    expect(recordingKey(demo, { variant: 'max-threads' })).toBe('threads--variant-max-threads');
    expect(recordingKey(demo, { variant: 'max-threads', n: 200, maxThreads: 60, cgocheck2: true })).toBe(
      'threads--cgocheck2-true--max-threads-60--n-200--variant-max-threads',
    );
  });
  it('leaves display-only params out, so a slide’s view never picks another recording', () => {
    expect(recordingKey(demo, { view: 'ratio' })).toBe('threads');
    expect(selectorFor(demo, { view: 'ratio', n: 3 })?.match).toEqual({ cgocheck2: false, label: 'x', maxThreads: 50, n: 3, runtimes: ['a', 'b'], variant: 'compare' });
  });
  it('hashes values that are not simple, so different values never share a file', () => {
    const a = recordingKey(demo, { label: 'Go To/C' });
    const b = recordingKey(demo, { label: 'go to c' });
    expect(a).toMatch(/^threads--label-h[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(recordingKey(demo, { runtimes: ['a'] })).toMatch(/^threads--runtimes-h[0-9a-f]{8}$/);
    expect(isValidRecordingKey(a)).toBe(true);
  });
  it('has no selector for params the schema refuses', () => {
    expect(selectorFor(demo, { n: 'many' })).toBeUndefined();
    expect(recordingKey(demo, { n: 'many' })).toBe('threads');
  });
});

describe('keys and names', () => {
  it('finds the demo of a key and refuses keys that could leave the folder', () => {
    expect(demoOfRecordingKey('threads-in-c--variant-max-threads')).toBe('threads-in-c');
    expect(demoOfRecordingKey('ffi-overhead')).toBe('ffi-overhead');
    expect(isValidRecordingKey('../x')).toBe(false);
    expect(isValidRecordingKey('a---b')).toBe(false);
  });
  it('picks the display params out of a slide’s params', () => {
    expect(displayParamsOf(demo, { view: 'ratio', n: 1 })).toEqual({ view: 'ratio' });
  });
});
