import { describe, expect, it } from 'vitest';
import { logSlope, sentinelFit, type ProcessSpeed } from './sentinel-fit.ts';

describe('logSlope', () => {
  it('is the exponent of a power law, whatever the scale', () => {
    expect(logSlope([[1, 3], [2, 6], [4, 12]])).toBeCloseTo(1, 10);
    expect(logSlope([[1, 5], [2, 5 * 2 ** 0.2], [3, 5 * 3 ** 0.2], [8, 5 * 8 ** 0.2]])).toBeCloseTo(0.2, 10);
    expect(logSlope([[1, 2], [2, 1], [4, 0.5]])).toBeCloseTo(-1, 10);
    expect(logSlope([[1, 7], [2, 7], [3, 7]])).toBe(0);
  });

  it('is the least-squares fit over scattered pairs', () => {
    // ln x = 0, ln 2, ln 4 with ln y off the line by +e, −2e, +e: the slope stays 1.
    const e = 0.01;
    expect(logSlope([[1, Math.exp(e)], [2, 2 * Math.exp(-2 * e)], [4, 4 * Math.exp(e)]])).toBeCloseTo(1, 10);
  });

  it('is NaN with fewer than 3 usable pairs or when x does not vary, and skips unusable pairs', () => {
    expect(logSlope([[1, 1], [2, 2]])).toBeNaN();
    expect(logSlope([[2, 1], [2, 2], [2, 3]])).toBeNaN();
    expect(logSlope([[1, 1], [2, 2], [0, 5], [4, -1], [NaN, 3]])).toBeNaN();
    expect(logSlope([[1, 1], [2, 2], [4, 4], [0, 5], [8, NaN]])).toBeCloseTo(1, 10);
  });
});

describe('sentinelFit', () => {
  const p = (ns: number, rateGHz: number): ProcessSpeed => ({ ns, rateGHz });

  it('finds cycles steady when the processes differ only by the sentinel’s clock', () => {
    // 7 cycles per call at 4.0, 3.5 and 2.0 GHz.
    const fit = sentinelFit([[p(7 / 4, 4), p(7 / 3.5, 3.5)], [p(7 / 2, 2), p(7 / 4, 4)]]);
    expect(fit.slope).toBeCloseTo(1, 10);
    expect(fit.cyclesBetweenPct).toBeCloseTo(0, 10);
    expect(fit.cyclesRunToRunPct).toBeCloseTo(0, 10);
  });

  it('finds cycles less steady than ns when ns does not follow the sentinel', () => {
    // ns steady at 2.5 while the sentinel reads 2.0–3.6 GHz (a busy SMT sibling slows the adds, not the calls).
    const fit = sentinelFit([[p(2.5, 3.6), p(2.5, 2.0)], [p(2.5, 2.0), p(2.5, 2.0)]]);
    expect(fit.slope).toBe(0);
    // Run 1: 9 and 5 cycles, (9 − 5) / 7 = 57.1 %; run 2: 0 %; median 28.6 %.
    expect(fit.cyclesBetweenPct).toBeCloseTo(((9 - 5) / 7) * 50, 6);
    // Run medians 7 and 5: (7 − 5) / 6 = 33.3 %.
    expect(fit.cyclesRunToRunPct).toBeCloseTo((2 / 6) * 100, 6);
  });

  it('gives no slope when the sentinel stayed within 10 %', () => {
    const steady = sentinelFit([[p(1.7, 4.1), p(1.22, 4.0)], [p(1.7, 4.05), p(1.7, 3.8)]]);
    expect(steady.slope).toBeNaN();
    expect(steady.cyclesBetweenPct).toBeGreaterThan(20);
    expect(sentinelFit([[p(1.7, 4.1), p(1.22, 4.0)], [p(1.7, 4.05), p(1.7 * 1.1, 4.1 / 1.1)]]).slope).not.toBeNaN();
  });

  it('leaves out processes without a figure or a sentinel rate, and empty runs', () => {
    const fit = sentinelFit([[p(2, 4), p(NaN, 3), p(2.5, NaN)], [], [p(4, 2), p(8 / 3, 3)]]);
    expect(fit.slope).toBeCloseTo(1, 10);
    expect(fit.cyclesRunToRunPct).toBeCloseTo(0, 10);
    expect(sentinelFit([[p(2, NaN)], []])).toEqual({ slope: NaN, cyclesBetweenPct: NaN, cyclesRunToRunPct: NaN });
  });
});
