import { describe, expect, it } from 'vitest';
import { atFullClock, batchClocks, clockFilterOf, fullClockView } from './clock-filter.ts';
import type { FfiProcess } from './run-state.ts';

/** proc makes a process of batches (ns, GHz before it); NaN GHz = no reading; closingGHz after the last. */
function proc(round: number, batches: Array<[number, number]>, closingGHz = NaN): FfiProcess {
  return {
    round,
    nsPerCall: batches.map(([ns]) => ns),
    cpuNsPerCall: batches.map(([ns]) => ns * 0.99),
    cpuShare: batches.map(() => 0.99),
    clockGHz: batches.map(([, g]) => g),
    closingGHz,
    spins: [],
    steal: [],
  };
}

describe('the full-clock filter', () => {
  it('takes the reference as the 95th percentile of every batch’s reading, over every row, and keeps ≥ 90 % of it', () => {
    const readings = Array.from({ length: 20 }, (_, i) => 2 + (i * 2) / 19); // 2.0 … 4.0 GHz
    const filter = clockFilterOf([[proc(1, readings.slice(0, 10).map((g) => [1, g]))], [proc(1, readings.slice(10).map((g) => [1, g]))]]);
    expect(filter!.referenceGHz).toBeCloseTo(2 + 0.95 * 2, 10);
    expect(filter!.minGHz).toBeCloseTo(0.9 * (2 + 0.95 * 2), 10);
    expect(clockFilterOf([[proc(1, [[1, NaN]])], []])).toBeUndefined();
  });

  it('keeps a harness’s batch, with its own CPU figures in step, only when the readings on both sides of it reach 90 %', () => {
    // Clocks: min(3.7, 2.1), min(2.1, 3.4), min(3.4, 3.5), min(3.5, closing 2.0): only the third counts.
    const p = proc(3, [[25, 3.7], [40, 2.1], [26, 3.4], [27, 3.5]], 2);
    const kept = atFullClock(p, { referenceGHz: 3.7, minGHz: 3.33 }, false);
    expect(kept).toMatchObject({ round: 3, nsPerCall: [26], clockGHz: [3.4], cpuShare: [0.99] });
    expect(kept.cpuNsPerCall.map((v) => v.toFixed(2))).toEqual(['25.74']);
    expect(batchClocks(p, false)).toEqual([2.1, 2.1, 3.4, 2]);
    // No closing reading: the last batch has only its own.
    expect(batchClocks(proc(1, [[25, 3.7], [26, NaN]]), false)).toEqual([3.7, null]);
  });

  it('keeps a standalone loop by its own clock (already the lower of its two sentinels)', () => {
    const p = proc(3, [[25, 3.7], [40, 2.1], [26, 3.4], [27, 3.5]], 2);
    expect(atFullClock(p, { referenceGHz: 3.7, minGHz: 3.33 }, true)).toMatchObject({ nsPerCall: [25, 26, 27], clockGHz: [3.7, 3.4, 3.5] });
  });

  it('counts what a row kept, falls back to every batch when none ran at full clock, and filters nothing without readings', () => {
    const filter = { referenceGHz: 3.7, minGHz: 3.33 };
    const view = fullClockView([proc(1, [[25, 3.7], [26, 3.7], [40, 2]]), proc(2, [[41, 2], [42, 2.1]])], filter);
    expect(view.count).toEqual({ keptBatches: 1, batches: 5, keptProcesses: 1, processes: 2 });
    expect(view.processes.map((p) => p.nsPerCall)).toEqual([[25], []]);
    const slow = fullClockView([proc(1, [[40, 2]])], filter);
    expect(slow.count).toMatchObject({ keptBatches: 0, batches: 1 });
    expect(slow.processes[0]!.nsPerCall).toEqual([40]);
    // A standalone check does not fall back: nothing to compare rather than unlike figures.
    expect(fullClockView([proc(1, [[40, 2]])], filter, true).processes[0]!.nsPerCall).toEqual([]);
    const old = fullClockView([proc(1, [[40, NaN]])], filter);
    expect(old).toEqual({ processes: [proc(1, [[40, NaN]])], count: null });
    expect(fullClockView([proc(1, [[40, 2]])], undefined).count).toBeNull();
  });
});

describe('a run the host kept slow all along', () => {
  it('takes the machine’s recent best as the reference when the run never came near it', () => {
    const slowRun = [[proc(1, [[40, 2.2], [41, 2.3], [40, 2.38]])]];
    expect(clockFilterOf(slowRun)!.referenceGHz).toBeCloseTo(2.372, 3);
    expect(clockFilterOf(slowRun, 3.69)).toEqual({ referenceGHz: 3.69, minGHz: 3.69 * 0.9 });
    // A run faster than the history keeps its own reference.
    expect(clockFilterOf([[proc(1, [[25, 3.8]])]], 3.69)!.referenceGHz).toBe(3.8);
  });
});
