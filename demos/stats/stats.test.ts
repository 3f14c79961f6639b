import { describe, expect, it } from 'vitest';
import { madPct, max, mean, median, medianInterval, min, quantile, ratio, relativeDifferencePct, spreadPct, summarize } from './stats.ts';

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

describe('stats edges (what the mutation report asked for)', () => {
  it('quantile refuses q outside 0..1 or NaN even for a single value, and an empty input', () => {
    expect(quantile([5], 1.5)).toBeNaN();
    expect(quantile([5], -0.5)).toBeNaN();
    expect(quantile([5], Number.NaN)).toBeNaN();
    expect(quantile([5], 0)).toBe(5);
    expect(quantile([5], 1)).toBe(5);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('spread and MAD have no answer around a zero or negative median', () => {
    expect(spreadPct([0, 0, 0])).toBeNaN();
    expect(spreadPct([-3, -2, -1])).toBeNaN();
    expect(madPct([0, 0, 0])).toBeNaN();
    expect(madPct([-3, -2, -1])).toBeNaN();
    expect(madPct([])).toBeNaN();
    // A zero median with spread: no percentage of zero (not Infinity).
    expect(spreadPct([-1, 0, 1])).toBeNaN();
    expect(madPct([-1, 0, 1])).toBeNaN();
    // A tiny positive median still has one.
    expect(spreadPct([0.5, 0.5])).toBe(0);
    expect(madPct([0.5, 0.5])).toBe(0);
  });

  it('ratio needs both sides finite', () => {
    expect(ratio(Number.POSITIVE_INFINITY, 2)).toBeNaN();
    expect(ratio(2, Number.POSITIVE_INFINITY)).toBeNaN();
    expect(ratio(3, -1)).toBeNaN();
    expect(ratio(0, 4)).toBe(0);
    expect(relativeDifferencePct(1, 0)).toBeNaN();
  });

  it('medianInterval: the narrowest order-statistic interval reaching the confidence', () => {
    const xs = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    // n = 10: [x(2), x(9)] covers 97.9 %, [x(3), x(8)] only 89.1 %.
    expect(medianInterval(xs)).toEqual({ lo: 2, hi: 9 });
    expect(medianInterval(xs, 0.97)).toEqual({ lo: 2, hi: 9 });
    expect(medianInterval(xs, 0.98)).toEqual({ lo: 1, hi: 10 });
    expect(medianInterval(xs, 0.89)).toEqual({ lo: 3, hi: 8 });
    // n = 6 reaches 95 % only with [min, max] (96.9 %); n = 5 never does (93.8 %).
    expect(medianInterval([6, 5, 4, 3, 2, 1])).toEqual({ lo: 1, hi: 6 });
    expect(medianInterval([5, 4, 3, 2, 1])).toBeUndefined();
    expect(medianInterval([])).toBeUndefined();
    // Non-finite values are left out (six finite ones remain), and multi-digit values sort as numbers.
    expect(medianInterval([100, NaN, 20, 3, 40, Infinity, 5, 60])).toEqual({ lo: 3, hi: 100 });
    // Five finite values and a NaN are five values: still too few for 95 %.
    expect(medianInterval([5, 4, 3, 2, 1, NaN])).toBeUndefined();
    // n = 20 at 95 %: [x(6), x(15)] (95.9 %); x(7)..x(14) covers only 88.5 %.
    const twenty = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(medianInterval(twenty)).toEqual({ lo: 6, hi: 15 });
    // Infinite values are not measurements either.
    expect(medianInterval([1, 2, 3, Number.NEGATIVE_INFINITY, 4, 5, 6, Number.POSITIVE_INFINITY])).toEqual({ lo: 1, hi: 6 });
    // A confidence met exactly counts: n = 6, [min, max] covers 1 − 2/64 = 96.875 %.
    expect(medianInterval([1, 2, 3, 4, 5, 6], 0.96875)).toEqual({ lo: 1, hi: 6 });
    // A low confidence narrows to the middle pair and never past it.
    expect(medianInterval([1, 2], 0.4)).toEqual({ lo: 1, hi: 2 });
    expect(medianInterval([4, 3, 2, 1], 0)).toEqual({ lo: 2, hi: 3 });
    expect(medianInterval([4, 3, 2, 1], -1)).toEqual({ lo: 2, hi: 3 });
  });
});
