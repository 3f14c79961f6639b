import { describe, expect, it } from 'vitest';
import { createStreamCap, defaultMaxStageStreams, parseMaxStreams } from './stream-cap.ts';

describe('stream cap', () => {
  it('opens up to max streams, then refuses until one is released', () => {
    const cap = createStreamCap(2);
    const a = cap.tryOpen();
    const b = cap.tryOpen();
    expect(a).toBeTypeOf('function');
    expect(b).toBeTypeOf('function');
    expect(cap.open).toBe(2);
    expect(cap.tryOpen()).toBeUndefined();
    expect(cap.open).toBe(2);
    a!();
    expect(cap.open).toBe(1);
    expect(cap.tryOpen()).toBeTypeOf('function');
    expect(cap.open).toBe(2);
  });

  it('a release counts once, however often it is called', () => {
    const cap = createStreamCap(3);
    const a = cap.tryOpen()!;
    cap.tryOpen();
    a();
    a();
    expect(cap.open).toBe(1);
  });

  it('defaults to 500 and refuses a cap below 1 or fractional', () => {
    expect(defaultMaxStageStreams).toBe(500);
    expect(createStreamCap().max).toBe(500);
    expect(createStreamCap(1).max).toBe(1);
    expect(() => createStreamCap(0)).toThrow(/integer ≥ 1, got 0/);
    expect(() => createStreamCap(2.5)).toThrow(RangeError);
  });
});

describe('parseMaxStreams', () => {
  it('takes a whole number ≥ 1', () => {
    expect(parseMaxStreams('1')).toEqual({ ok: true, value: 1 });
    expect(parseMaxStreams('2000')).toEqual({ ok: true, value: 2000 });
    // A value pasted with spaces around it (a shell variable, a config line) is still that number.
    expect(parseMaxStreams(' 64 ')).toEqual({ ok: true, value: 64 });
  });

  it('says what is wrong with anything else', () => {
    for (const raw of ['0', '-3', '1.5', 'ten', '', '1e3', '99999999999999999999']) {
      const parsed = parseMaxStreams(raw);
      expect(parsed.ok, raw).toBe(false);
      expect(!parsed.ok && parsed.message).toBe(`--max-streams must be a whole number ≥ 1, got "${raw}"`);
    }
  });
});
