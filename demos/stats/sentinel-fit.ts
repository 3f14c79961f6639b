/**
 * Does the machine-speed sentinel explain a row's spread? Each harness process times the
 * sentinel `spin(n)` (machine-speed.ts) and reports an effective clock rate beside its ns
 * per call. If processes differed only by the clock, ns × GHz (cycles per call by the
 * sentinel's clock) would be steady where ns is not, and the log–log slope of ns on
 * 1 / GHz over the processes would be 1. A slope near 0 says the row's ns does not follow
 * the sentinel at all: then cycles per call would be less steady than ns, not more, and
 * must not be shown as a machine-independent figure.
 *
 * Measured on the 2-core EPYC VM (native/ffi/README.md, "What the sentinel explains"):
 * the call-bound rows (C, Rust, LuaJIT, Deno) follow the sentinel with a slope of about
 * 0.2, so the sentinel's rate is not the clock those loops see. Pure.
 */
import { median } from './stats.ts';
import { rangePct } from './spread-parts.ts';

/** ProcessSpeed is one process's figure (its median ns per call) and its sentinel rate. */
export type ProcessSpeed = { ns: number; rateGHz: number };

/** SentinelFit says how far a row's processes follow the sentinel; every figure NaN when too few data. */
export interface SentinelFit {
  /**
   * Least-squares slope of ln(ns) on ln(1 / GHz) over every process of every run: 1 = cycles
   * constant, 0 = unrelated; NaN unless the rates span at least `minRateSpan` (a slope over a
   * steady sentinel is noise: on a quiet machine it reads anything from −4 to +3).
   */
  slope: number;
  /** Median over runs of the spread of ns × GHz between the run's processes, (max − min) / median, %. */
  cyclesBetweenPct: number;
  /** Spread over runs of the median ns × GHz of each run's processes, (max − min) / median, %. */
  cyclesRunToRunPct: number;
}

/** minRateSpan: the slope needs the slowest process's rate at least 10 % below the fastest's (max ÷ min ≥ 1.1). */
export const minRateSpan = 1.1;

const usable = (p: ProcessSpeed): boolean => Number.isFinite(p.ns) && p.ns > 0 && Number.isFinite(p.rateGHz) && p.rateGHz > 0;

/**
 * logSlope is the least-squares slope of ln(y) on ln(x) over the pairs whose values are
 * both finite and positive: the elasticity of y in x. NaN with fewer than 3 such pairs or
 * when x does not vary.
 */
export function logSlope(pairs: ReadonlyArray<readonly [x: number, y: number]>): number {
  const logs = pairs.filter(([x, y]) => Number.isFinite(x) && x > 0 && Number.isFinite(y) && y > 0).map(([x, y]) => [Math.log(x), Math.log(y)] as const);
  if (logs.length < 3) return NaN;
  const mx = logs.reduce((s, [x]) => s + x, 0) / logs.length;
  const my = logs.reduce((s, [, y]) => s + y, 0) / logs.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of logs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  // A rate that never moved explains nothing either way (and 1e-12 keeps rounding noise out).
  return sxx > 1e-12 ? sxy / sxx : NaN;
}

/** sentinelFit fits a row's processes, given run by run, against their sentinel rates. */
export function sentinelFit(runs: ReadonlyArray<readonly ProcessSpeed[]>): SentinelFit {
  const perRun = runs.map((run) => run.filter(usable));
  const cycles = perRun.map((run) => run.map((p) => p.ns * p.rateGHz));
  const rates = perRun.flat().map((p) => p.rateGHz);
  const spans = rates.length > 0 && Math.max(...rates) >= minRateSpan * Math.min(...rates);
  return {
    slope: spans ? logSlope(perRun.flat().map((p) => [1 / p.rateGHz, p.ns] as const)) : NaN,
    cyclesBetweenPct: median(cycles.map(rangePct)),
    cyclesRunToRunPct: rangePct(cycles.filter((c) => c.length > 0).map(median)),
  };
}
