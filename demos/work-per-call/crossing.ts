/**
 * When does the crossing stop mattering? For each FFI and each work size N, the share of
 * the call spent crossing: (FFI ns − direct ns) ÷ FFI ns (paired within rounds:
 * crossing-fit.ts). The grid's crossing point is the N from which that share is under the
 * threshold (10 %) at two measured sizes in a row, interpolated on the log scale between
 * the two measured sizes around it; crossing-fit.ts refines it. Pure.
 */
import { median } from '../stats/stats.ts';

/** CrossingPoint says from which N the share stays under the threshold. */
export type CrossingPoint =
  /** Under the threshold from the smallest N measured on. */
  | { kind: 'always'; n: number }
  /** Crosses between two measured sizes; `n` is interpolated on the log scale. */
  | { kind: 'crosses'; n: number; below: number; above: number }
  /** Still above the threshold at the largest N measured (or no data). */
  | { kind: 'never'; largestN: number | null };

/**
 * crossingPoint finds the smallest measured N whose share is under `thresholdPct` and
 * whose next measured N is under it too (the last N may stand alone): one noisy point —
 * a dip at small N, or a slow batch at large N, where the difference of two large times
 * is mostly noise — neither makes nor unmakes the crossing. log N is interpolated
 * linearly in the share between that size and the one before it.
 */
export function crossingPoint(sizes: readonly number[], sharesPct: ReadonlyArray<number | null>, thresholdPct: number): CrossingPoint {
  const points = sizes.map((n, i) => ({ n, share: sharesPct[i] ?? null })).filter((p): p is { n: number; share: number } => p.share !== null);
  if (points.length === 0) return { kind: 'never', largestN: null };
  const under = (i: number): boolean => points[i]!.share < thresholdPct;
  const first = points.findIndex((_, i) => under(i) && (i === points.length - 1 || under(i + 1)));
  if (first === -1) return { kind: 'never', largestN: points[points.length - 1]!.n };
  if (first === 0) return { kind: 'always', n: points[0]!.n };
  const above = points[first - 1]!;
  const below = points[first]!;
  const t = (above.share - thresholdPct) / (above.share - below.share);
  const logN = Math.log10(above.n) + t * (Math.log10(below.n) - Math.log10(above.n));
  return { kind: 'crosses', n: 10 ** logN, below: below.n, above: above.n };
}

/**
 * WorkSample is one process's figure for one caller at one N (its fastest batch); an FFI
 * caller's `directNs` is the direct call timed in the same process beside it.
 */
export type WorkSample = { caller: string; n: number; round: number; nsPerCall: number; cpuSharePct?: number | null; directNs?: number };

/** medianBySize returns, for each size, the median ns per call of `caller` over rounds (null without samples). */
export function medianBySize(samples: readonly WorkSample[], caller: string, sizes: readonly number[]): Array<number | null> {
  return sizes.map((n) => {
    const values = samples.filter((s) => s.caller === caller && s.n === n).map((s) => s.nsPerCall);
    return values.length ? median(values) : null;
  });
}

/** formatWorkSize renders N for a slide: "1", "300", "3 000", "1 000 000" (thin spaces). */
export function formatWorkSize(n: number): string {
  const rounded = n >= 100 ? Math.round(n / 10 ** (Math.floor(Math.log10(n)) - 1)) * 10 ** (Math.floor(Math.log10(n)) - 1) : Math.round(n);
  return rounded.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}
