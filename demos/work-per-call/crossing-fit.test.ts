import { describe, expect, it } from 'vitest';
import { createRandom } from '../stats/shuffled-rounds.ts';
import { median } from '../stats/stats.ts';
import { refineSizes, workSizes } from './callers.ts';
import { crossingPoint, medianBySize, type WorkSample } from './crossing.ts';
import { estimateCrossing, fitCrossing, indexRounds, pairedShares } from './crossing-fit.ts';

const sample = (caller: string, n: number, round: number, nsPerCall: number): WorkSample => ({ caller, n, round, nsPerCall });

describe('pairedShares', () => {
  it('divides each round’s FFI process by the same round’s direct one, then takes the median', () => {
    // Round 2's cgo process was slow: unpaired medians would say 100 vs 360 (72 %).
    const samples = [sample('direct', 10, 1, 100), sample('direct', 10, 2, 100), sample('direct', 10, 3, 300), sample('cgo', 10, 1, 120), sample('cgo', 10, 2, 360), sample('cgo', 10, 3, 360)];
    const index = indexRounds(samples);
    expect(index.rounds).toEqual([1, 2, 3]);
    const [share] = pairedShares(index, 'cgo', [10]);
    expect(share).toBeCloseTo((1 - 100 / 120) * 100, 10);
  });

  it('pairs an FFI with the direct call timed in its own process when it has one', () => {
    const samples = [sample('direct', 10, 1, 100), sample('direct', 10, 2, 100), { ...sample('cgo', 10, 1, 150), directNs: 120 }, sample('cgo', 10, 2, 125)];
    // Round 1: 1 − 120/150 = 20 % (not 1 − 100/150); round 2 falls back to the direct process: 20 %.
    expect(pairedShares(indexRounds(samples), 'cgo', [10])[0]).toBeCloseTo(20, 10);
    const alone = [{ ...sample('cgo', 10, 4, 200), directNs: 150 }];
    expect(indexRounds(alone).rounds).toEqual([4]);
    expect(pairedShares(indexRounds(alone), 'cgo', [10])[0]).toBeCloseTo(25, 10);
  });

  it('skips rounds without a pair, counts a round drawn twice twice, and is null without pairs', () => {
    const samples = [sample('direct', 10, 1, 100), sample('direct', 10, 2, 100), sample('cgo', 10, 1, 200), sample('cgo', 10, 2, 125), sample('cgo', 10, 3, 101), sample('cgo', 20, 1, 50)];
    const index = indexRounds(samples);
    // Rounds 1 and 2 pair (50 %, 20 %: median 35 %); round 3 has no direct process.
    expect(pairedShares(index, 'cgo', [10])[0]).toBeCloseTo(35, 10);
    expect(pairedShares(index, 'cgo', [10], [1, 1, 2])[0]).toBeCloseTo(50, 10);
    expect(pairedShares(index, 'cgo', [20, 30])).toEqual([null, null]);
  });
});

/** shareOf is the exact share of a fake FFI whose overhead is `overheadNs` over a direct call of 0.25 ns per add. */
const shareOf = (n: number, overheadNs: number): number => (overheadNs / (0.25 * n + overheadNs)) * 100;

describe('fitCrossing', () => {
  it('finds where a constant overhead is 10 % of the call: the work is 9 × the overhead', () => {
    // 45 ns of overhead: 10 % where 0.25 N = 405 ns, N = 1 620; logit(share) is a line in ln N.
    const sizes = [300, 600, 1000, 1600, 2500, 4000, 6300];
    const shares = sizes.map((n) => shareOf(n, 45));
    expect(fitCrossing(sizes, shares, 10, 1500)).toBeCloseTo(1620, 6);
  });

  it('fits only the sizes within 3× of the centre and with a share strictly between 0 and 100 %', () => {
    const sizes = [10, 500, 1000, 1600, 2500, 4000, 100_000];
    const shares = sizes.map((n) => shareOf(n, 45));
    shares[0] = 1; // far below the window: would pull the line if it counted
    shares[6] = 60;
    expect(fitCrossing(sizes, shares, 10, 1600)).toBeCloseTo(1620, 6);
    shares[2] = -3; // a negative share has no logit: left out, the others still fit
    expect(fitCrossing(sizes, shares, 10, 1600)).toBeCloseTo(1620, 6);
  });

  it('gives up with fewer than 3 sizes, a line that does not fall, or a crossing outside the sizes fitted', () => {
    expect(fitCrossing([1000, 2000], [15, 8], 10, 1500)).toBeNull();
    expect(fitCrossing([1000, 1500, 2000], [8, 10, 15], 10, 1500)).toBeNull();
    expect(fitCrossing([1000, 1500, 2000], [30, 25, 20], 10, 1500)).toBeNull();
    expect(fitCrossing([1000, 1500, 2000], [12, 11, 10.5], 10, 1500)).toBeNull();
  });
});

/**
 * A fake machine in the shape measured here: direct 1.5 ns + 0.245 ns per add; cgo's
 * overhead 21 ns at small N growing to 45 ns. Each process is off by its own factor
 * (σ 1.5 %: its clock, its moment), which touches the direct call timed inside an FFI
 * process too; each figure by another (σ 1 %); one figure in 30 is 20 % slow (every
 * batch of it was disturbed).
 */
const directNs = (n: number): number => 1.5 + 0.245 * n;
const cgoNs = (n: number): number => directNs(n) + 21 + (24 * n) / (n + 300);

function trueCrossing(): number {
  let lo = 100;
  let hi = 100_000;
  for (let i = 0; i < 100; i++) {
    const mid = Math.sqrt(lo * hi);
    if ((1 - directNs(mid) / cgoNs(mid)) * 100 > 10) lo = mid;
    else hi = mid;
  }
  return lo;
}

function fakeRun(seed: number, rounds: number, refineRounds: number): { samples: WorkSample[]; refined: number[] } {
  const random = createRandom(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const samples: WorkSample[] = [];
  const processRun = (caller: 'direct' | 'cgo', sizes: readonly number[], round: number): void => {
    const processFactor = Math.exp(0.015 * normal());
    const noisy = (ns: number): number => ns * processFactor * Math.exp(0.01 * normal()) * (random() < 1 / 30 ? 1.2 : 1);
    for (const n of sizes) {
      if (caller === 'direct') samples.push(sample(caller, n, round, noisy(directNs(n))));
      else samples.push({ ...sample(caller, n, round, noisy(cgoNs(n))), directNs: noisy(directNs(n)) });
    }
  };
  for (let r = 1; r <= rounds; r++) for (const caller of ['direct', 'cgo'] as const) processRun(caller, workSizes, r);
  const first = estimateCrossing(samples, 'cgo', workSizes, 10, null).crossing;
  const refined = first.kind === 'crosses' ? refineSizes(first.n) : [];
  for (let r = rounds + 1; r <= rounds + refineRounds; r++) for (const caller of ['direct', 'cgo'] as const) processRun(caller, refined, r);
  return { samples, refined };
}

describe('estimateCrossing on fake noisy runs', () => {
  const truth = trueCrossing();
  const runs = Array.from({ length: 20 }, (_, i) => fakeRun(1000 + i, 5, 8));
  const estimates = runs.map(({ samples, refined }, i) => {
    const sizes = [...new Set([...workSizes, ...refined])].sort((a, b) => a - b);
    return estimateCrossing(samples, 'cgo', sizes, 10, createRandom(7 + i), 200).crossing;
  });

  it('lands within ±10 % of the true crossing in every run, and its 95 % interval holds the truth in most', () => {
    expect(truth).toBeGreaterThan(1400);
    expect(truth).toBeLessThan(2000);
    for (const e of estimates) {
      expect(e.kind).toBe('crosses');
      if (e.kind !== 'crosses') continue;
      expect(Math.abs(e.n / truth - 1), `crossing ${e.n.toFixed(0)} vs ${truth.toFixed(0)}`).toBeLessThan(0.1);
      expect(e.above).toBeLessThanOrEqual(e.n);
      expect(e.below).toBeGreaterThanOrEqual(e.n);
    }
    const covered = estimates.filter((e) => e.kind === 'crosses' && e.interval && e.interval.low <= truth && truth <= e.interval.high).length;
    expect(covered).toBeGreaterThanOrEqual(17);
    // The interval says how sure: tight enough to be worth showing, never a point.
    const widths = estimates.map((e) => {
      if (e.kind !== 'crosses' || !e.interval) throw new Error('no interval');
      expect(e.interval.low).toBeLessThan(e.n);
      expect(e.interval.high).toBeGreaterThan(e.n);
      return e.interval.high / e.interval.low;
    });
    expect(Math.max(...widths)).toBeLessThan(2);
    expect(median(widths)).toBeLessThan(1.25);
  });

  it('spreads far less than the old rule (medians of each caller’s processes, grid only)', () => {
    const spread = (ns: number[]): number => (Math.max(...ns) - Math.min(...ns)) / median(ns);
    const oldRule = runs.map(({ samples }) => {
      const direct = medianBySize(samples, 'direct', workSizes);
      const shares = medianBySize(samples, 'cgo', workSizes).map((ns, i) => (ns === null || direct[i] === null ? null : (1 - direct[i]! / ns) * 100));
      const c = crossingPoint(workSizes, shares, 10);
      return c.kind === 'crosses' ? c.n : NaN;
    });
    const newSpread = spread(estimates.map((e) => (e.kind === 'crosses' ? e.n : NaN)));
    expect(newSpread).toBeLessThan(0.15);
    expect(newSpread).toBeLessThan(spread(oldRule) / 4);
  });

  it('gives no interval that leaves out its own estimate (three rounds: few distinct draws)', () => {
    // Seed 99, two rounds and one refining round: the draws' 2.5–97.5 % range is ≈ 1 150–1 590 while the estimate is ≈ 770.
    const { samples, refined } = fakeRun(99, 2, 1);
    const sizes = [...new Set([...workSizes, ...refined])].sort((a, b) => a - b);
    const { crossing } = estimateCrossing(samples, 'cgo', sizes, 10, createRandom(99));
    if (crossing.kind !== 'crosses') throw new Error('seed 99 should cross');
    expect(crossing.n).toBeLessThan(1000);
    expect(crossing).toHaveProperty('interval', null);
    // Another seed of the same size of run keeps its interval, which holds its estimate.
    const other = fakeRun(1, 2, 1);
    const kept = estimateCrossing(other.samples, 'cgo', [...new Set([...workSizes, ...other.refined])].sort((a, b) => a - b), 10, createRandom(1)).crossing;
    if (kept.kind !== 'crosses' || !kept.interval) throw new Error('seed 1 should keep its interval');
    expect(kept.interval.low).toBeLessThanOrEqual(kept.n);
    expect(kept.interval.high).toBeGreaterThanOrEqual(kept.n);
  });

  it('gives no interval without rounds to resample, nor for a crossing that is not one', () => {
    const { samples } = fakeRun(5, 1, 0);
    expect(estimateCrossing(samples, 'cgo', workSizes, 10, createRandom(1)).crossing).not.toHaveProperty('interval');
    const flat = workSizes.flatMap((n) => [1, 2, 3].flatMap((r) => [sample('direct', n, r, 100), sample('cgo', n, r, 101)]));
    expect(estimateCrossing(flat, 'cgo', workSizes, 10, createRandom(1)).crossing).toEqual({ kind: 'always', n: 1 });
  });
});
