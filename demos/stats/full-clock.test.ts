import { describe, expect, it } from 'vitest';
import { bracketedClocks, clockGHzOf, fullClockShare, isAtFullClock, referenceClockGHz, referenceQuantile, tallyFullClock } from './full-clock.ts';

describe('clockGHzOf', () => {
  it('is adds per ns', () => {
    expect(clockGHzOf(1_000_000, 250_000)).toBe(4);
    expect(clockGHzOf(3, 2)).toBe(1.5);
  });

  it('is null for a reading that says nothing', () => {
    expect(clockGHzOf(0, 100)).toBeNull();
    expect(clockGHzOf(100, 0)).toBeNull();
    expect(clockGHzOf(-5, 100)).toBeNull();
    expect(clockGHzOf(100, -5)).toBeNull();
    expect(clockGHzOf(NaN, 100)).toBeNull();
    expect(clockGHzOf(100, NaN)).toBeNull();
  });
});

describe('bracketedClocks', () => {
  it('takes the lower of the readings before and after each batch, the last batch bracketed by the closing reading', () => {
    expect(bracketedClocks([3.6, 3.5, 2.0, 3.6], 3.4)).toEqual([3.5, 2.0, 2.0, 3.4]);
  });

  it('uses the one side there is when the other is missing, null when neither', () => {
    expect(bracketedClocks([null, 3.5, null], null)).toEqual([3.5, 3.5, null]);
    expect(bracketedClocks([3.6], null)).toEqual([3.6]);
    expect(bracketedClocks([null], 2.5)).toEqual([2.5]);
    expect(bracketedClocks([], 3)).toEqual([]);
  });
});

describe('referenceClockGHz', () => {
  it('is a high quantile of the readings, not the maximum: one lucky reading does not set the bar', () => {
    const clocks = [...Array.from({ length: 99 }, (_, i) => 2 + i / 100), 9];
    expect(referenceQuantile).toBe(0.95);
    // R-7 quantile 0.95 of 100 values: position 94.05 → 2.94 + 0.05 × 0.01.
    expect(referenceClockGHz(clocks)).toBeCloseTo(2.9405, 10);
  });

  it('skips missing readings and is NaN with none', () => {
    expect(referenceClockGHz([null, 3, null])).toBe(3);
    expect(referenceClockGHz([null])).toBeNaN();
    expect(referenceClockGHz([])).toBeNaN();
  });
});

describe('isAtFullClock', () => {
  it('keeps a batch at or above the share of the reference', () => {
    expect(fullClockShare).toBe(0.9);
    expect(isAtFullClock(3.6, 4)).toBe(true);
    expect(isAtFullClock(3.59, 4)).toBe(false);
    expect(isAtFullClock(4.5, 4)).toBe(true);
  });

  it('keeps everything without a reference, and nothing without a clock when there is one', () => {
    expect(isAtFullClock(null, NaN)).toBe(true);
    expect(isAtFullClock(0.1, NaN)).toBe(true);
    expect(isAtFullClock(null, 4)).toBe(false);
  });
});

describe('tallyFullClock', () => {
  it('counts what was kept of all, with the reference and the bar', () => {
    expect(tallyFullClock([3.6, 2.0, null, 3.9, 3.5], 4)).toEqual({ referenceGHz: 4, thresholdGHz: 3.6, kept: 2, total: 5 });
  });

  it('keeps all without a reference', () => {
    expect(tallyFullClock([1, null], NaN)).toMatchObject({ kept: 2, total: 2 });
  });
});
