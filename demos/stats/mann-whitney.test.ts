import { describe, expect, it } from 'vitest';
import { mannWhitney } from './mann-whitney.ts';

// Reference p-values from SciPy 1.x: scipy.stats.mannwhitneyu(a, b, alternative='two-sided',
// method='exact' for tie-free samples, 'asymptotic' with use_continuity=True otherwise).
describe('mannWhitney', () => {
  it('gives the exact p-value of fully separated samples', () => {
    expect(mannWhitney([1, 2, 3], [4, 5, 6])).toMatchObject({ p: 0.1, method: 'exact', u: 9 });
    // Six interleaved runs per release, every 1.26 run faster than every 1.25 run: benchstat's p = 0.002.
    const old = [33.1, 33.4, 32.9, 33.0, 33.8, 33.2];
    const now = [28.0, 28.3, 27.9, 28.1, 28.6, 28.2];
    expect(mannWhitney(old, now)!.p).toBeCloseTo(0.0021645021645021645, 12);
  });

  it('matches SciPy on overlapping samples without ties', () => {
    expect(mannWhitney([1, 2, 4], [3, 5, 6])!.p).toBeCloseTo(0.2, 12);
    const a = [10.1, 10.4, 9.9, 10.3, 10.0, 10.2, 10.6];
    const b = [10.25, 10.5, 10.05, 10.35, 10.45, 10.7, 10.15, 10.8];
    expect(mannWhitney(a, b)).toMatchObject({ method: 'exact' });
    expect(mannWhitney(a, b)!.p).toBeCloseTo(0.1892773892773893, 10);
    // The test is symmetric in its two samples.
    expect(mannWhitney(b, a)!.p).toBeCloseTo(mannWhitney(a, b)!.p, 12);
  });

  it('uses the normal approximation with tie and continuity corrections when values tie', () => {
    const tied = mannWhitney([1, 2, 2, 3, 4], [2, 3, 3, 5, 6, 7]);
    expect(tied?.method).toBe('normal');
    expect(tied!.p).toBeCloseTo(0.11390314458853068, 6);
    expect(mannWhitney([5, 5, 6, 7], [5, 6, 6, 8, 9])!.p).toBeCloseTo(0.37485714268334, 6);
  });

  it('uses the normal approximation for large samples', () => {
    const a = Array.from({ length: 60 }, (_, i) => 30 + ((i * 37) % 101) / 50);
    const b = Array.from({ length: 55 }, (_, i) => 30.2 + ((i * 53) % 97) / 50);
    const result = mannWhitney(a, b);
    expect(result?.method).toBe('normal');
    expect(result!.p).toBeCloseTo(0.22222770538302417, 6);
  });

  it('has no answer for empty or all-equal samples', () => {
    expect(mannWhitney([], [1, 2])).toBeUndefined();
    expect(mannWhitney([3, 3], [3, 3, 3])).toBeUndefined();
    expect(mannWhitney([1, Number.NaN], [Number.NaN])).toBeUndefined();
  });

  it('has no answer when the second sample is empty, whatever the first holds', () => {
    expect(mannWhitney([1, 2], [])).toBeUndefined();
    expect(mannWhitney([1, 2], [Number.NaN, Number.POSITIVE_INFINITY])).toBeUndefined();
  });

  it('leaves non-finite values out of both samples', () => {
    expect(mannWhitney([1, Number.NaN, 3], [4, Number.POSITIVE_INFINITY, 5, 6])).toEqual(mannWhitney([1, 3], [4, 5, 6]));
    expect(mannWhitney([1, 3], [4, 5, 6])).toMatchObject({ n1: 2, n2: 3, u: 6, method: 'exact' });
  });

  it('is exact up to 50 values a side without ties, normal beyond', () => {
    const spread = (n: number, from: number) => Array.from({ length: n }, (_, i) => from + i * 2);
    expect(mannWhitney(spread(50, 0), spread(3, 1))?.method).toBe('exact');
    expect(mannWhitney(spread(3, 1), spread(50, 0))?.method).toBe('exact');
    expect(mannWhitney(spread(51, 0), spread(3, 1))?.method).toBe('normal');
    expect(mannWhitney(spread(3, 1), spread(51, 0))?.method).toBe('normal');
  });

  it('says p = 1 for two samples with the same ranks (the continuity correction passes the mean)', () => {
    const same = mannWhitney([1, 2, 3, 3], [1, 2, 3, 3]);
    expect(same?.method).toBe('normal');
    expect(same?.p).toBe(1);
    expect(mannWhitney([1, 2, 3], [1.5, 2.5])?.p).toBe(1);
  });
});

