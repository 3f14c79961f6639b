/**
 * Full clock: which timed batches ran while the machine ran at its full speed.
 *
 * Why: on a shared or power-managed host the speed wanders within one process on a scale
 * of ~100 ms. Measured on the 2-core VM this deck is built on, quiet (load ~1): spin timed
 * right next to 0.6 ms slices of cgo calls read 1.4 to 3.7 adds per ns, about a quarter of
 * the slices within 10 % of the best; the slices at full clock took 25.4–33.7 ns per call
 * (5th–95th percentile, median 26.4) where all slices took 25.7–44.9 (median 38.2). A
 * sentinel before and after a whole process (~1 s apart) cannot see this; one timed right
 * next to each batch can.
 *
 * So a benchmark times the sentinel (spin, adds per ns of the thread's CPU time) just
 * before each batch, and a batch's clock is the lower of the reading before it and the
 * one after it (the next batch's, or the process's closing sentinel): a batch during
 * which the machine slowed down has a slow reading on one side. The run's reference clock
 * is a high quantile of every reading, not the maximum, so that one lucky reading does
 * not set the bar; a batch counts at full clock when its clock is at least
 * `fullClockShare` of the reference. On a steady machine every batch counts. Pure.
 */
import { quantile } from './stats.ts';

/** fullClockShare: a batch counts when its clock is at least this share of the reference. */
export const fullClockShare = 0.9;

/** referenceQuantile: the reference clock is this quantile of a run's clock readings. */
export const referenceQuantile = 0.95;

/** clockGHzOf is a sentinel reading (finite numbers, as JSON gives) as a clock rate: adds per ns, or null when it says nothing. */
export function clockGHzOf(adds: number, ns: number): number | null {
  return adds > 0 && ns > 0 ? adds / ns : null;
}

/**
 * bracketedClocks gives each batch of one process (in the order they ran) the lower of
 * the clock read before it and the one read after it: the next batch's, or `closingGHz`
 * for the last batch. A batch without a reading on either side gets the other side's; with
 * none at all, null.
 */
export function bracketedClocks(before: ReadonlyArray<number | null>, closingGHz: number | null): Array<number | null> {
  return before.map((own, i) => {
    const after = i + 1 < before.length ? before[i + 1]! : closingGHz;
    if (own === null) return after;
    return after === null ? own : Math.min(own, after);
  });
}

/** referenceClockGHz is the reference of a run's clock readings (NaN when there are none). */
export function referenceClockGHz(clocks: ReadonlyArray<number | null>): number {
  return quantile(clocks.map((c) => c ?? NaN), referenceQuantile);
}

/**
 * isAtFullClock says whether a batch with this clock counts. With no reference (a benchmark
 * that reads no clock, an old recording) every batch counts: there is nothing to judge by.
 * With a reference, a batch without a clock does not count: it cannot show it ran at full speed.
 */
export function isAtFullClock(clockGHz: number | null, referenceGHz: number): boolean {
  if (!Number.isFinite(referenceGHz)) return true;
  return (clockGHz ?? NaN) >= fullClockShare * referenceGHz;
}

/** FullClockTally says how much of a run counted: the reference, the bar, and batches kept of all. */
export type FullClockTally = { referenceGHz: number; thresholdGHz: number; kept: number; total: number };

/** tallyFullClock counts the batches at full clock among a run's batch clocks. */
export function tallyFullClock(clocks: ReadonlyArray<number | null>, referenceGHz: number): FullClockTally {
  return {
    referenceGHz,
    thresholdGHz: fullClockShare * referenceGHz,
    kept: clocks.filter((clock) => isAtFullClock(clock, referenceGHz)).length,
    total: clocks.length,
  };
}
