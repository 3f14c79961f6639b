/**
 * Which FFI batches ran at full clock, by the rule of demos/stats/full-clock.ts. The host's
 * speed wanders within a process on a ~100 ms time scale (native/ffi/README.md, "What the
 * sentinel explains"), so every harness times the sentinel right before each batch and
 * once more after the last; the runner gives each batch the reading just before it
 * (`clockGHz` on its sample) and run-state.ts keeps the closing one. A batch's clock is the
 * lower of the readings before and after it; a standalone check's loop already carries the
 * lower of its own two. The run's reference is a high quantile of every reading, or the
 * best rate of the machine's recent quiet runs when that is higher (a run the host kept
 * slow all along has no batch at full clock); a batch counts at ≥ 90 % of it. A row's
 * figures are then made of the batches that count: "ns per call while the machine ran at
 * full clock", which is steady on a host whose speed is not.
 *
 * Batches without a reading (recordings made before the sentinel moved next to each batch)
 * are never filtered: such a row reads as before, and says so (`count: null`). Pure.
 */
import { bracketedClocks, fullClockShare, isAtFullClock, referenceClockGHz } from '../stats/full-clock.ts';
import type { FfiProcess } from './run-state.ts';

/** ClockFilter is a run's reference clock and the least a batch's clock must show to count. */
export type ClockFilter = { referenceGHz: number; minGHz: number };

/** FullClockCount says how many of a row's batches (and processes) ran at full clock. */
export type FullClockCount = { keptBatches: number; batches: number; keptProcesses: number; processes: number };

/** reading is a clock reading, or null when it says nothing (NaN, none). */
const reading = (g: number): number | null => (Number.isFinite(g) && g > 0 ? g : null);

/**
 * batchClocks gives each batch of a process its clock: for a harness, the lower of the
 * reading before it and the one after it (the next batch's, or the closing sentinel's);
 * for a standalone check (`standalone`), each loop's own, already the lower of its two.
 */
export function batchClocks(p: FfiProcess, standalone: boolean): Array<number | null> {
  const before = p.clockGHz.map(reading);
  return standalone ? before : bracketedClocks(before, reading(p.closingGHz));
}

/**
 * clockFilterOf makes the run's filter from every sentinel reading next to a batch (all
 * rows) and the best rate of the machine's recent quiet runs (NaN: none known); undefined
 * when no batch has a reading.
 */
export function clockFilterOf(processes: ReadonlyArray<readonly FfiProcess[]>, recentBestGHz = NaN): ClockFilter | undefined {
  const readings = processes.flatMap((list) => list.flatMap((p) => [...p.clockGHz, p.closingGHz])).filter((g) => reading(g) !== null);
  if (readings.length === 0) return undefined;
  const runGHz = referenceClockGHz(readings);
  const referenceGHz = Number.isFinite(recentBestGHz) && recentBestGHz > runGHz ? recentBestGHz : runGHz;
  return { referenceGHz, minGHz: referenceGHz * fullClockShare };
}

/**
 * atFullClock keeps a process's batches whose clock reaches the filter's reference share
 * (every per-batch list alike); the kept batches' clockGHz are their clocks (batchClocks).
 */
export function atFullClock(p: FfiProcess, filter: ClockFilter, standalone: boolean): FfiProcess {
  const clocks = batchClocks(p, standalone);
  const keep = clocks.map((clock) => clock !== null && isAtFullClock(clock, filter.referenceGHz));
  const pick = <T>(values: readonly T[]): T[] => values.filter((_, i) => keep[i]);
  return { ...p, nsPerCall: pick(p.nsPerCall), cpuNsPerCall: pick(p.cpuNsPerCall), cpuShare: pick(p.cpuShare), clockGHz: pick(clocks).map((c) => c ?? NaN) };
}

/** hasReadings tells whether any batch of these processes has a sentinel reading next to it. */
function hasReadings(processes: readonly FfiProcess[]): boolean {
  return processes.some((p) => p.clockGHz.some((g) => reading(g) !== null));
}

/**
 * FullClockView is a row's processes as its figures use them: only their batches at full
 * clock, or, when none of the row's batches ran at full clock, all of them (a harness row)
 * or none (a standalone check must compare like with like); count null when the row's
 * batches carry no readings (nothing was filtered).
 */
export type FullClockView = { processes: FfiProcess[]; count: FullClockCount | null };

/** fullClockView filters one row's processes (see FullClockView); `standalone` for a fidelity row. */
export function fullClockView(processes: readonly FfiProcess[], filter: ClockFilter | undefined, standalone = false): FullClockView {
  if (!filter || !hasReadings(processes)) return { processes: [...processes], count: null };
  const kept = processes.map((p) => atFullClock(p, filter, standalone));
  const keptBatches = kept.reduce((n, p) => n + p.nsPerCall.length, 0);
  const count = {
    keptBatches,
    batches: processes.reduce((n, p) => n + p.nsPerCall.length, 0),
    keptProcesses: kept.filter((p) => p.nsPerCall.length > 0).length,
    processes: processes.filter((p) => p.nsPerCall.length > 0).length,
  };
  return { processes: keptBatches > 0 || standalone ? kept : [...processes], count };
}
