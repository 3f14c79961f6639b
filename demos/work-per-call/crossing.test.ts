import { describe, expect, it } from 'vitest';
import { crossingPoint, formatWorkSize, medianBySize } from './crossing.ts';

const sizes = [1, 10, 100, 1000, 10000];

describe('crossingPoint', () => {
  it('interpolates log N between the sizes around the threshold', () => {
    // 50 % at N = 100, 0 % at N = 1000: 10 % is 4/5 of the way in log N → 10^2.8.
    const point = crossingPoint(sizes, [95, 90, 50, 0, 0], 10);
    expect(point.kind).toBe('crosses');
    if (point.kind === 'crosses') {
      expect(point.n).toBeCloseTo(10 ** 2.8, 6);
      expect([point.above, point.below]).toEqual([100, 1000]);
    }
  });

  it('ignores one noisy point: a dip at small N, a slow batch at large N', () => {
    expect(crossingPoint(sizes, [95, 8, 50, 9, 2], 10)).toMatchObject({ kind: 'crosses', above: 100, below: 1000 });
    expect(crossingPoint(sizes, [95, 50, 5, 4, 30], 10)).toMatchObject({ kind: 'crosses', above: 10, below: 100 });
  });

  it('says always or never at the ends, and skips sizes without data', () => {
    expect(crossingPoint(sizes, [5, 4, 3, 1, 0], 10)).toEqual({ kind: 'always', n: 1 });
    expect(crossingPoint(sizes, [99, 98, 97, 96, 50], 10)).toEqual({ kind: 'never', largestN: 10000 });
    expect(crossingPoint(sizes, [99, 98, 97, 96, 5], 10)).toMatchObject({ kind: 'crosses', above: 1000, below: 10000 });
    expect(crossingPoint(sizes, [null, null, null, null, null], 10)).toEqual({ kind: 'never', largestN: null });
    expect(crossingPoint(sizes, [95, null, 50, null, 0], 10)).toMatchObject({ kind: 'crosses', above: 100, below: 10000 });
  });
});

describe('medianBySize', () => {
  it('takes each size’s median over rounds', () => {
    const samples = [
      { caller: 'cgo', n: 1, round: 1, nsPerCall: 30 },
      { caller: 'cgo', n: 1, round: 2, nsPerCall: 34 },
      { caller: 'cgo', n: 1, round: 3, nsPerCall: 31 },
      { caller: 'direct', n: 1, round: 1, nsPerCall: 2 },
    ];
    expect(medianBySize(samples, 'cgo', [1, 10])).toEqual([31, null]);
  });
});

describe('formatWorkSize', () => {
  it('keeps two significant digits with thin spaces', () => {
    expect(formatWorkSize(1)).toBe('1');
    expect(formatWorkSize(631)).toBe('630');
    expect(formatWorkSize(1234567)).toBe('1\u202f200\u202f000');
  });
});
