/**
 * Which FFI batches ran at full clock. The host's speed wanders within a process on a
 * ~100 ms time scale (native/ffi/README.md, "What the sentinel explains"), so every harness
 * times the sentinel right before each batch and the runner pairs the two (`clockGHz` on
 * the batch's sample). The run's reference clock is a high percentile of all those
 * readings, or the best rate of the machine's recent quiet runs when that is higher (a run
 * the host kept slow all along has no batch at full clock); a batch counts when its own
 * reading is within 10 % of it. A row's figures are
 * then made from the batches that count: "ns per call while the machine ran at full
 * clock", which is steady on a host whose speed is not.
 *
 * Batches without a reading (recordings made before the sentinel moved next to each batch)
 * are never filtered: such a row reads as before, and says so (`fullClock: null`). Pure.
 */
import { quantile } from '../stats/stats.ts';
import type { FfiProcess } from './run-state.ts';

/** fullClockRule: the reference is this quantile of the run's readings; a batch counts at ≥ minShare of it. */
export const fullClockRule = { referenceQuantile: 0.95, minShare: 0.9 };

/** ClockFilter is a run's reference clock and the least a batch's reading must show to count. */
export type ClockFilter = { referenceGHz: number; minGHz: number };

/** FullClockCount says how many of a row's batches (and processes) ran at full clock. */
export type FullClockCount = { keptBatches: number; batches: number; keptProcesses: number; processes: number };

/**
 * clockFilterOf makes the run's filter from every batch's reading (all rows) and the best
 * rate of the machine's recent quiet runs (NaN: none known); undefined when no batch has a
 * reading.
 */
export function clockFilterOf(processes: ReadonlyArray<readonly FfiProcess[]>, recentBestGHz = NaN): ClockFilter | undefined {
  const readings = processes.flatMap((list) => list.flatMap((p) => p.clockGHz)).filter((g) => Number.isFinite(g) && g > 0);
  if (readings.length === 0) return undefined;
  const runGHz = quantile(readings, fullClockRule.referenceQuantile);
  const referenceGHz = Number.isFinite(recentBestGHz) && recentBestGHz > runGHz ? recentBestGHz : runGHz;
  return { referenceGHz, minGHz: referenceGHz * fullClockRule.minShare };
}

/** atFullClock keeps a process's batches whose reading reaches the filter's minimum (every per-batch list alike). */
export function atFullClock(p: FfiProcess, filter: ClockFilter): FfiProcess {
  const keep = p.clockGHz.map((g) => g >= filter.minGHz);
  const pick = (values: readonly number[]): number[] => values.filter((_, i) => keep[i]);
  return { ...p, nsPerCall: pick(p.nsPerCall), cpuNsPerCall: pick(p.cpuNsPerCall), cpuShare: pick(p.cpuShare), clockGHz: pick(p.clockGHz) };
}

/** hasReadings tells whether any batch of these processes has a sentinel reading next to it. */
function hasReadings(processes: readonly FfiProcess[]): boolean {
  return processes.some((p) => p.clockGHz.some((g) => Number.isFinite(g)));
}

/**
 * FullClockView is a row's processes as its figures use them: only their batches at full
 * clock, or, when none of the row's batches ran at full clock, all of them (`fallBack`) or
 * none (a standalone check must compare like with like); count null when the row's
 * batches carry no readings (nothing was filtered).
 */
export type FullClockView = { processes: FfiProcess[]; count: FullClockCount | null };

/** fullClockView filters one row's processes (see FullClockView). */
export function fullClockView(processes: readonly FfiProcess[], filter: ClockFilter | undefined, fallBack = true): FullClockView {
  if (!filter || !hasReadings(processes)) return { processes: [...processes], count: null };
  const kept = processes.map((p) => atFullClock(p, filter));
  const keptBatches = kept.reduce((n, p) => n + p.nsPerCall.length, 0);
  const count = {
    keptBatches,
    batches: processes.reduce((n, p) => n + p.nsPerCall.length, 0),
    keptProcesses: kept.filter((p) => p.nsPerCall.length > 0).length,
    processes: processes.filter((p) => p.nsPerCall.length > 0).length,
  };
  return { processes: keptBatches > 0 || !fallBack ? kept : [...processes], count };
}
