import { describe, expect, it } from 'vitest';
import { expectedRunToRunPct, rangePct, seededRandom, spreadParts } from './spread-parts.ts';
import { median } from './stats.ts';

const medianOfMedians = (perProcess: readonly number[]): number => median(perProcess);

describe('rangePct', () => {
  it('is (max − min) / median in %, NaN below two values', () => {
    expect(rangePct([1, 1.1, 1.2])).toBeCloseTo(((1.2 - 1) / 1.1) * 100, 10);
    expect(rangePct([2, 2])).toBe(0);
    expect(rangePct([5])).toBeNaN();
    expect(rangePct([])).toBeNaN();
    expect(rangePct([0, 0])).toBeNaN();
  });
});

describe('seededRandom', () => {
  it('repeats for a seed, differs between seeds, stays in [0, 1)', () => {
    const a = Array.from({ length: 5 }, seededRandom(7));
    expect(Array.from({ length: 5 }, seededRandom(7))).toEqual(a);
    expect(Array.from({ length: 5 }, seededRandom(8))).not.toEqual(a);
    const many = Array.from({ length: 2000 }, seededRandom(3));
    expect(Math.min(...many)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...many)).toBeLessThan(1);
    expect(median(many)).toBeGreaterThan(0.45);
    expect(median(many)).toBeLessThan(0.55);
  });
});

describe('expectedRunToRunPct', () => {
  it('is 0 when every process reads the same, and NaN without two runs or any process', () => {
    expect(expectedRunToRunPct([[2, 2, 2], [2, 2, 2]], medianOfMedians)).toBe(0);
    expect(expectedRunToRunPct([[2, 2, 2]], medianOfMedians)).toBeNaN();
    expect(expectedRunToRunPct([[], []], medianOfMedians)).toBeNaN();
  });

  it('grows with the process noise, shrinks with more processes per run, and leaves a shift between runs out', () => {
    // Processes fall into two modes, 1.0 and 1.3 (a Bun- or Go-like row), 2 or 3 of 5 slow.
    const twoModes = [[1, 1.3, 1, 1.3, 1], [1.3, 1, 1.3, 1, 1.3], [1, 1, 1.3, 1.3, 1]];
    const five = expectedRunToRunPct(twoModes, medianOfMedians);
    // The median of 5 lands in either mode: often 30 % apart.
    expect(five).toBeGreaterThan(10);
    expect(expectedRunToRunPct(twoModes, medianOfMedians, { processes: 25 })).toBeLessThan(five);
    const tight = [[1, 1.01, 0.99, 1, 1], [1, 1.01, 0.99, 1, 1.002], [1.001, 1.01, 0.99, 1, 1]];
    expect(expectedRunToRunPct(tight, medianOfMedians)).toBeLessThan(1);
    // The same tight processes, the last run all 20 % slower: the machine, not the processes.
    const shifted = [tight[0]!, tight[1]!, tight[2]!.map((v) => v * 1.2)];
    expect(expectedRunToRunPct(shifted, medianOfMedians)).toBeLessThan(1);
    expect(expectedRunToRunPct(twoModes, medianOfMedians, { seed: 5 })).not.toBe(five);
  });
});

describe('spreadParts', () => {
  it('tells within-process, between-process and run-to-run spread apart', () => {
    // Three runs of three processes; batches within a process differ by 2 %, processes by
    // 10 %; the third run is 20 % slower as a whole.
    const run = (scale: number) => [
      [1.0, 1.02, 1.01].map((v) => v * scale),
      [1.1, 1.12, 1.11].map((v) => v * scale),
      [1.05, 1.07, 1.06].map((v) => v * scale),
    ];
    const parts = spreadParts([run(1), run(1), run(1.2)], medianOfMedians);
    expect(parts.withinPct).toBeCloseTo((0.02 / 1.06) * 100, 5);
    expect(parts.betweenPct).toBeCloseTo((0.1 / 1.06) * 100, 5);
    expect(parts.processes).toBe(3);
    expect(parts.measuredPct).toBeCloseTo(((1.06 * 0.2) / 1.06) * 100, 5);
    // Resampled processes alone explain far less than the 20 % measured: the machine moved.
    expect(parts.expectedPct).toBeGreaterThan(0);
    expect(parts.expectedPct).toBeLessThan(12);
  });

  it('leaves out processes that reported no batches', () => {
    const parts = spreadParts([[[1, 1], []], [[1, 1], [1.1]]], medianOfMedians);
    expect(parts.processes).toBe(1.5);
    expect(parts.betweenPct).toBeCloseTo((0.1 / 1.05) * 100, 5);
  });
});
