import { describe, expect, it } from 'vitest';
import { madPct, max, mean, median, min, quantile, ratio, relativeDifferencePct, spreadPct, summarize } from './stats.ts';

describe('stats', () => {
  it('median of odd and even counts, order-independent, input untouched', () => {
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('sorts as numbers, not as text (9 < 10 < 100)', () => {
    // A default (string) sort orders these 10, 100, 75, 9: every answer below would differ.
    const ns = [100, 9, 75, 10];
    expect(median(ns)).toBe(42.5);
    expect(median([10, 9, 100])).toBe(10);
    expect(min(ns)).toBe(9);
    expect(max(ns)).toBe(100);
    expect(quantile(ns, 0.25)).toBe(9.75);
    expect(median([2.364, 75.95, 18.33, 9.01, 1.81])).toBe(9.01);
    expect(ns).toEqual([100, 9, 75, 10]);
  });

  it('quantile interpolates between ranks', () => {
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4, 5], 1)).toBe(5);
    expect(quantile([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6);
    expect(quantile([1, 2], 1.5)).toBeNaN();
  });

  it('empty or non-finite input gives NaN, not an exception', () => {
    expect(median([])).toBeNaN();
    expect(min([])).toBeNaN();
    expect(max([NaN])).toBeNaN();
    expect(mean([])).toBeNaN();
    expect(spreadPct([])).toBeNaN();
    expect(median([1, NaN, 3, Infinity])).toBe(2);
  });

  it('min, max, mean', () => {
    expect(min([3, 1, 2])).toBe(1);
    expect(max([3, 1, 2])).toBe(3);
    expect(mean([1, 2, 3, 6])).toBe(3);
  });

  it('spread is (p90 - p10) / median in percent, ignoring a single outlier among ten', () => {
    expect(spreadPct([10, 10, 10])).toBe(0);
    const xs = [10, 10, 10, 10, 10, 10, 10, 10, 10, 1000];
    expect(spreadPct(xs)).toBeCloseTo(((quantile(xs, 0.9) - 10) / 10) * 100);
    expect(spreadPct([9, 10, 11])).toBeCloseTo(16);
  });

  it('MAD percent', () => {
    expect(madPct([9, 10, 11])).toBeCloseTo(10);
    expect(madPct([10, 10, 10, 50])).toBe(0);
  });

  it('ratios refuse zero, negative and missing denominators', () => {
    expect(ratio(68.77, 2.364)).toBeCloseTo(29.09, 2);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(1, NaN)).toBeNaN();
    expect(ratio(NaN, 1)).toBeNaN();
    expect(relativeDifferencePct(110, 100)).toBeCloseTo(10);
    expect(relativeDifferencePct(95, 100)).toBeCloseTo(-5);
  });

  it('summarize bundles everything', () => {
    // p10 = 1.2, p90 = 2.8: (2.8 − 1.2) / 2 = 80 %.
    const summary = summarize([3, 1, 2]);
    expect(summary).toEqual({ count: 3, median: 2, min: 1, max: 3, mean: 2, spreadPct: expect.closeTo(80, 10), madPct: 50 });
    expect(Number.isFinite(summary.spreadPct)).toBe(true);
    // Non-finite values are left out of every figure, the count included.
    expect(summarize([30, NaN, 10, Infinity, 20])).toEqual({ count: 3, median: 20, min: 10, max: 30, mean: 20, spreadPct: expect.closeTo(80, 10), madPct: 50 });
  });
});
