import { describe, expect, it } from 'vitest';
import { figuresOf, medianOverRounds, medianRatio, ratiosPerRound, roundRobinOrder, type RoundFigures } from './rounds.ts';
import { checkMachineSpeed } from './machine-speed.ts';
import { median } from './stats.ts';

describe('roundRobinOrder', () => {
  it('runs every key once per round, rounds one after another', () => {
    expect(roundRobinOrder(['a', 'b', 'c'], 2).map((s) => `${s.round}${s.key}`)).toEqual(['1a', '1b', '1c', '2a', '2b', '2c']);
    expect(roundRobinOrder(['a'], 0)).toEqual([]);
  });

  it('puts a follower right after the key it checks, in every round', () => {
    const order = roundRobinOrder(['a', 'b', 'c', 'b-check', 'a-check'], 2, { 'a-check': 'a', 'b-check': 'b' });
    expect(order.map((s) => `${s.round}${s.key}`)).toEqual([
      '1a', '1a-check', '1b', '1b-check', '1c',
      '2a', '2a-check', '2b', '2b-check', '2c',
    ]);
  });

  it('keeps a follower whose leader is absent in its own place', () => {
    expect(roundRobinOrder(['b', 'a-check'], 1, { 'a-check': 'a' }).map((s) => s.key)).toEqual(['b', 'a-check']);
  });
});

describe('per-round statistics', () => {
  const table = (rows: Array<Record<string, number>>): RoundFigures<string> => new Map(rows.map((row, i) => [i + 1, row]));

  it('a figure is the median of its per-process figures; a ratio the median of per-round ratios', () => {
    const t = table([{ c: 2, cgo: 30 }, { c: 2.2, cgo: 31 }, { c: 2.1 }, { c: 1.9, cgo: 28 }]);
    expect(figuresOf(t, 'cgo')).toEqual([30, 31, 28]);
    expect(medianOverRounds(t, 'c')).toBeCloseTo(2.05);
    expect(ratiosPerRound(t, 'cgo', 'c').map((r) => r.toFixed(3))).toEqual(['15.000', '14.091', '14.737']);
    expect(medianRatio(t, 'cgo', 'c')).toBeCloseTo(14.737, 3);
    expect(medianRatio(t, 'missing', 'c')).toBeNaN();
  });

  it('goes by round number, not by the order rounds were added, and skips what is not a figure', () => {
    // Rounds 10, 2 and 1 added in that order: a string sort would put 10 before 2.
    const t: RoundFigures<string> = new Map([
      [10, { c: 4, cgo: 40 }],
      [2, { c: 2, cgo: NaN }],
      [1, { c: 1, cgo: 12 }],
      [3, { c: 0, cgo: 30 }],
      [4, { cgo: 50 }],
      [5, { c: 5, cgo: Infinity }],
    ]);
    expect(figuresOf(t, 'cgo')).toEqual([12, 30, 50, 40]);
    expect(figuresOf(t, 'c')).toEqual([1, 2, 0, 5, 4]);
    // Only rounds with both figures finite and a positive base: 1 and 10.
    expect(ratiosPerRound(t, 'cgo', 'c')).toEqual([12, 10]);
    expect(ratiosPerRound(t, 'c', 'cgo')).toEqual([1 / 12, 0, 4 / 40]);
  });

  it('a fake slow phase is flagged, and does not move the ratio', () => {
    // Five rounds of C via .so (2 ns) and cgo (30 ns) with small noise; the sentinel runs
    // at 2.6 GHz. Rounds 2–4 are a slow phase: the machine runs 1.6× slower, so every
    // figure in them (and the sentinel's rate) is off by the same factor.
    const noise = [1.0, 1.01, 0.99, 1.005, 0.995];
    const slow = new Set([2, 3, 4]);
    const factor = (round: number) => (slow.has(round) ? 1.6 : 1);
    const rows = noise.map((n, i) => ({ c: 2 * n * factor(i + 1), cgo: 30 * n * factor(i + 1) }));
    const rates = noise.map((_, i) => 2.6 / factor(i + 1));
    const t = table(rows);

    // Each slow round is flagged by its own sentinel reading …
    const checks = rates.map((rate) => checkMachineSpeed({ rateGHz: rate, bestRateGHz: Math.max(...rates), cpuSharePct: 99.9, stealPct: 0 }));
    expect(checks.map((c) => c.flagged)).toEqual([false, true, true, true, false]);
    expect(checks[2]!.inflatedPct).toBeCloseTo(60.2, 0);
    // … and so is the row, whose median figure falls in the slow phase …
    const rowCheck = checkMachineSpeed({ rateGHz: median(rates), bestRateGHz: Math.max(...rates), cpuSharePct: 99.9, stealPct: 0 });
    expect(rowCheck.flagged).toBe(true);
    expect(medianOverRounds(t, 'cgo')).toBeCloseTo(30 * 1.6 * 0.99, 6);
    // … while the per-round ratio stays 15×, as on a quiet machine.
    expect(medianRatio(t, 'cgo', 'c')).toBeCloseTo(15, 10);
    // Comparing the figures as wholes (all of C, then all of cgo, at different moments)
    // would not survive: e.g. C measured before the slow phase and cgo during it.
    expect(medianOverRounds(t, 'cgo') / 2).toBeCloseTo(23.76, 6);
  });

  it('a slow phase that hits only one round moves neither the medians nor the ratio', () => {
    const rows = [1, 2, 3, 4, 5].map((round) => (round === 3 ? { c: 4, cgo: 60 } : { c: 2, cgo: 30 }));
    const t = table(rows);
    expect(medianOverRounds(t, 'c')).toBe(2);
    expect(medianOverRounds(t, 'cgo')).toBe(30);
    expect(medianRatio(t, 'cgo', 'c')).toBe(15);
  });
});
