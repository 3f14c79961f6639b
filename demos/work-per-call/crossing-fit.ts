/**
 * The crossing N as a stable measurement. At the crossing the share (FFI − direct) ÷ FFI
 * is a small difference of two large times, so one noisy size moves a grid rule by a
 * whole step. Three things steady it, each here:
 *
 * - pairing: each FFI process's figure is divided by the direct call timed in the same
 *   process batch by batch beside it (native/work-per-call/spin_loop.c), or else by the
 *   same round's direct process, and the share at a size is the median of those
 *   per-round ratios (the process's clock speed, core and moment touch both sides of a
 *   ratio, not one side of a median);
 * - a fit: around the grid's crossing, logit(share) = ln(overhead ÷ work) is close to a
 *   straight line in ln N (slope −1 for a constant overhead), so a least-squares line
 *   through every size measured there pools them instead of reading two;
 * - a bootstrap over rounds: the same estimate on rounds drawn with replacement gives the
 *   95 % interval the slide shows.
 *
 * Pure; the random source is a parameter.
 */
import { quantile } from '../stats/stats.ts';
import { crossingPoint, type CrossingPoint, type WorkSample } from './crossing.ts';

/** fitWindow: the fit uses the sizes within this factor either side of the grid's crossing. */
export const fitWindow = 3;

/** bootstrapResamples is how many resamples of the rounds the interval is drawn from. */
export const bootstrapResamples = 400;

/** RoundIndex holds each process's figure by caller, N and round, for quick pairing. */
export type RoundIndex = { ns: Map<string, number>; inProcess: Map<string, number>; rounds: number[] };

/** indexRounds indexes samples by caller/N/round and lists the rounds measured. */
export function indexRounds(samples: readonly WorkSample[]): RoundIndex {
  const ns = new Map<string, number>();
  const inProcess = new Map<string, number>();
  for (const s of samples) {
    ns.set(`${s.caller}/${s.n}/${s.round}`, s.nsPerCall);
    if (s.directNs !== undefined) inProcess.set(`${s.caller}/${s.n}/${s.round}`, s.directNs);
  }
  const rounds = [...new Set(samples.map((s) => s.round))].sort((a, b) => a - b);
  return { ns, inProcess, rounds };
}

/**
 * pairedShares returns, for each size, the median over `rounds` (repeats count: a
 * bootstrap draw) of each round's (1 − direct ÷ FFI) × 100, the direct call being the one
 * timed in the FFI's own process when it was, else the round's direct process; null
 * where no round has both.
 */
export function pairedShares(index: RoundIndex, caller: string, sizes: readonly number[], rounds: readonly number[] = index.rounds): Array<number | null> {
  return sizes.map((n) => {
    const ratios: number[] = [];
    for (const round of rounds) {
      const ffi = index.ns.get(`${caller}/${n}/${round}`);
      const direct = index.inProcess.get(`${caller}/${n}/${round}`) ?? index.ns.get(`direct/${n}/${round}`);
      if (ffi !== undefined && direct !== undefined && ffi > 0 && direct > 0) ratios.push(direct / ffi);
    }
    return ratios.length ? (1 - quantile(ratios, 0.5)) * 100 : null;
  });
}

/**
 * fitCrossing fits logit(share) against ln N by least squares over the sizes within
 * `fitWindow` of `centreN` whose share is strictly between 0 and 100 %, and returns the
 * N where the line meets `thresholdPct`; null with fewer than 3 such sizes, a line that
 * does not fall with N, or a crossing outside the sizes fitted (no extrapolation).
 */
export function fitCrossing(sizes: readonly number[], sharesPct: ReadonlyArray<number | null>, thresholdPct: number, centreN: number): number | null {
  const points: Array<{ x: number; y: number }> = [];
  sizes.forEach((n, i) => {
    const s = sharesPct[i];
    if (s === null || s === undefined || !(s > 0 && s < 100) || n < centreN / fitWindow || n > centreN * fitWindow) return;
    points.push({ x: Math.log(n), y: Math.log(s / (100 - s)) });
  });
  if (points.length < 3) return null;
  const mx = points.reduce((a, p) => a + p.x, 0) / points.length;
  const my = points.reduce((a, p) => a + p.y, 0) / points.length;
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  if (!(sxx > 0) || !(sxy < 0)) return null;
  const slope = sxy / sxx;
  const x = mx + (Math.log(thresholdPct / (100 - thresholdPct)) - my) / slope;
  const xs = points.map((p) => p.x);
  if (x < Math.min(...xs) || x > Math.max(...xs)) return null;
  return Math.exp(x);
}

/** estimateN is the crossing from paired shares: the grid rule, refined by the fit where it holds. */
function estimateN(sizes: readonly number[], shares: ReadonlyArray<number | null>, thresholdPct: number, centreN?: number): CrossingPoint {
  const grid = crossingPoint(sizes, shares, thresholdPct);
  if (grid.kind !== 'crosses') return grid;
  const fitted = fitCrossing(sizes, shares, thresholdPct, centreN ?? grid.n);
  if (fitted === null) return grid;
  const measured = sizes.filter((_, i) => shares[i] !== null && shares[i] !== undefined);
  const above = measured.filter((n) => n <= fitted).at(-1) ?? grid.above;
  const below = measured.find((n) => n >= fitted) ?? grid.below;
  return { kind: 'crosses', n: fitted, below, above };
}

/** CrossingEstimate is the crossing with its bootstrap interval (crosses only, when the resamples allow one). */
export type CrossingEstimate = CrossingPoint & { interval?: { low: number; high: number } | null };

/**
 * estimateCrossing measures one FFI's crossing from every round's samples: paired shares,
 * the grid rule, the fit around it; then `resamples` bootstrap draws of whole rounds give
 * the 2.5 % and 97.5 % quantiles of the same estimate. A draw that never crosses counts
 * as above every size and one under the threshold everywhere as below them, so an
 * interval is only given when fewer than 2.5 % of the draws fall off either end. Nor is
 * one given that leaves out the estimate itself: with a few rounds the draws are few
 * distinct values, and "≈ 770 (95 %: 1 150–1 590)" would say nothing true.
 */
export function estimateCrossing(samples: readonly WorkSample[], caller: string, sizes: readonly number[], thresholdPct: number, random: (() => number) | null, resamples = bootstrapResamples): { crossing: CrossingEstimate; sharesPct: Array<number | null> } {
  const index = indexRounds(samples);
  const sharesPct = pairedShares(index, caller, sizes);
  const crossing: CrossingEstimate = estimateN(sizes, sharesPct, thresholdPct);
  if (crossing.kind !== 'crosses' || random === null || index.rounds.length < 2) return { crossing, sharesPct };
  const draws: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const rounds = index.rounds.map(() => index.rounds[Math.floor(random() * index.rounds.length)]!);
    const c = estimateN(sizes, pairedShares(index, caller, sizes, rounds), thresholdPct, crossing.n);
    draws.push(c.kind === 'crosses' ? c.n : c.kind === 'always' ? -Infinity : Infinity);
  }
  draws.sort((a, b) => a - b);
  const low = draws[Math.floor(0.025 * (draws.length - 1))]!;
  const high = draws[Math.ceil(0.975 * (draws.length - 1))]!;
  crossing.interval = Number.isFinite(low) && Number.isFinite(high) && low <= crossing.n && crossing.n <= high ? { low, high } : null;
  return { crossing, sharesPct };
}
