import { describe, expect, it } from 'vitest';
import { niceStep } from './line-chart.ts';

describe('niceStep', () => {
  it.each([
    [5, 1],
    [105, 20],
    [4.2, 1],
    [500, 100],
    [0.9, 0.2],
  ])('gives round ticks for a span of %d', (span, step) => {
    expect(niceStep(span)).toBeCloseTo(step);
  });
  it('survives an empty span', () => {
    expect(niceStep(0)).toBe(1);
  });
});
