import { describe, expect, it } from 'vitest';
import { backoffDelayMs, createEventSequence, parseRunEvent } from './event-sequence.ts';
import { events } from './test-fakes.ts';

describe('createEventSequence', () => {
  const run = events([
    { type: 'queued', position: 0 },
    { type: 'status', phase: 'running', message: 'go' },
    { type: 'stdout', text: 'x' },
    { type: 'end', outcome: 'ok', durationMs: 5 },
  ]);

  it('delivers each seq once even when the server replays from the start', () => {
    const seq = createEventSequence();
    const delivered = [...run.slice(0, 2), ...run, ...run].filter((e) => seq.accept(e)).map((e) => e.seq);
    expect(delivered).toEqual([1, 2, 3, 4]);
  });

  it('resumes after a given seq and stops after end', () => {
    const seq = createEventSequence(2);
    expect(run.filter((e) => seq.accept(e)).map((e) => e.seq)).toEqual([3, 4]);
    expect(seq.ended).toBe(true);
    expect(seq.accept({ type: 'stdout', text: 'late', seq: 5, tMs: 0 })).toBe(false);
  });

  it('accepts a gap rather than freezing the slide', () => {
    const seq = createEventSequence();
    expect(seq.accept(run[0]!)).toBe(true);
    expect(seq.accept(run[2]!)).toBe(true);
    expect(seq.accept(run[1]!)).toBe(false);
    expect(seq.lastSeq).toBe(3);
  });
});

describe('backoffDelayMs', () => {
  it('doubles from 250 ms up to 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => backoffDelayMs(a))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });
});

describe('parseRunEvent', () => {
  it('parses an event and rejects garbage', () => {
    expect(parseRunEvent('{"type":"stdout","text":"a","seq":3,"tMs":1}')?.seq).toBe(3);
    expect(parseRunEvent('not json')).toBeNull();
    expect(parseRunEvent('{"type":"stdout"}')).toBeNull();
    expect(parseRunEvent('null')).toBeNull();
    expect(parseRunEvent('{"type":5,"seq":3,"tMs":1}')).toBeNull();
    expect(parseRunEvent('{"type":"stdout","text":"a","seq":"3","tMs":1}')).toBeNull();
  });

  it('keeps an event\'s time, and reads a missing one as 0', () => {
    expect(parseRunEvent('{"type":"stdout","text":"a","seq":3,"tMs":17}')).toEqual({ type: 'stdout', text: 'a', seq: 3, tMs: 17 });
    expect(parseRunEvent('{"type":"stdout","text":"a","seq":3}')).toEqual({ type: 'stdout', text: 'a', seq: 3, tMs: 0 });
    expect(parseRunEvent('{"type":"stdout","text":"a","seq":3,"tMs":"soon"}')).toEqual({ type: 'stdout', text: 'a', seq: 3, tMs: 0 });
  });
});
