/**
 * The one statistics module: every number a demo reports about repeated measurements
 * (median, min, max, spread, ratios) is computed here, by the server for its `result`
 * event, by widgets while samples stream in, and by the CLI. Pure: no I/O, no `node:`,
 * no DOM, so both sides may import it.
 *
 * Conventions: inputs are plain arrays of finite numbers in any order (they are copied,
 * never sorted in place); an empty input yields NaN (there is no honest number to show),
 * never an exception, because a row that has not produced samples yet is normal.
 */

/** sorted returns an ascending copy of the finite values. */
function sorted(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

/**
 * quantile returns the q-quantile (0..1) with linear interpolation between closest ranks
 * (the "R-7" definition spreadsheets and NumPy use by default).
 */
export function quantile(values: readonly number[], q: number): number {
  const xs = sorted(values);
  // Stryker disable next-line ConditionalExpression: without the length test an empty list reads xs[0] as undefined, which gives NaN all the same
  if (xs.length === 0 || !(q >= 0 && q <= 1)) return NaN;
  const pos = (xs.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = xs[lo]!;
  const b = xs[hi]!;
  return a + (b - a) * (pos - lo);
}

/** median returns the middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** min returns the smallest finite value. */
export function min(values: readonly number[]): number {
  const xs = sorted(values);
  return xs.length === 0 ? NaN : xs[0]!;
}

/** max returns the largest finite value. */
export function max(values: readonly number[]): number {
  const xs = sorted(values);
  return xs.length === 0 ? NaN : xs[xs.length - 1]!;
}

/** mean returns the arithmetic mean. */
export function mean(values: readonly number[]): number {
  const xs = sorted(values);
  // Stryker disable next-line ConditionalExpression: the sum of no values over their count is 0 / 0, NaN all the same
  return xs.length === 0 ? NaN : xs.reduce((s, v) => s + v, 0) / xs.length;
}

/**
 * spreadPct is the width of the middle 80 % of the values relative to the median:
 * (p90 − p10) / median × 100. It ignores one wild batch out of ten, unlike max − min,
 * and reads like benchstat's "± x %" (about twice as wide). 0 for a single value.
 */
export function spreadPct(values: readonly number[]): number {
  const m = median(values);
  if (!(m > 0)) return NaN;
  return ((quantile(values, 0.9) - quantile(values, 0.1)) / m) * 100;
}

/** madPct is the median absolute deviation from the median, as a percentage of it. */
export function madPct(values: readonly number[]): number {
  const m = median(values);
  if (!(m > 0)) return NaN;
  return (median(values.map((v) => Math.abs(v - m))) / m) * 100;
}

/** ratio divides a by b; NaN unless both are finite and b is positive. */
export function ratio(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN;
}

/** relativeDifferencePct is (a − b) / b × 100: how far a is from the reference b. */
export function relativeDifferencePct(a: number, b: number): number {
  const r = ratio(a, b);
  return Number.isFinite(r) ? (r - 1) * 100 : NaN;
}

/** Summary describes a set of repeated measurements of one quantity. */
export interface Summary {
  count: number;
  median: number;
  min: number;
  max: number;
  mean: number;
  /** (p90 − p10) / median × 100. */
  spreadPct: number;
  /** Median absolute deviation / median × 100. */
  madPct: number;
}

/** summarize computes every statistic of Summary in one call. */
export function summarize(values: readonly number[]): Summary {
  return {
    count: sorted(values).length,
    median: median(values),
    min: min(values),
    max: max(values),
    mean: mean(values),
    spreadPct: spreadPct(values),
    madPct: madPct(values),
  };
}

/** binomialCdf is P(X ≤ k) for X ~ Binomial(n, ½). */
function binomialCdf(k: number, n: number): number {
  // P(X <= k) for X ~ Binomial(n, 1/2), summed exactly (n is a benchmark count: small).
  let sum = 0;
  let c = 1;
  for (let i = 0; i <= k; i++) {
    if (i > 0) c = (c * (n - i + 1)) / i;
    sum += c;
  }
  return sum / 2 ** n;
}

/**
 * medianInterval returns the distribution-free confidence interval for the median from
 * order statistics: with the values sorted, x(1) ≤ … ≤ x(n), the interval
 * [x(j), x(n+1−j)] holds the true median with probability 1 − 2·P(B ≤ j−1),
 * B ~ Binomial(n, ½); the narrowest one (largest j) that still reaches `confidence` is
 * returned. Undefined when even [min, max] does not (n < 6 at 95 %).
 * benchstat's `± x%` comes from this interval.
 */
export function medianInterval(values: readonly number[], confidence = 0.95): { lo: number; hi: number } | undefined {
  const xs = values.filter(Number.isFinite).slice().sort((a, b) => a - b);
  const n = xs.length;
  let best: { lo: number; hi: number } | undefined;
  for (let j = 1; j <= Math.floor(n / 2); j++) {
    const coverage = 1 - 2 * binomialCdf(j - 1, n);
    if (coverage < confidence) break;
    best = { lo: xs[j - 1]!, hi: xs[n - j]! };
  }
  return best;
}
