/**
 * fakeRunState builds an FfiRunState from a few figures per round, through the same
 * addFfiSample the runner and widget use, for the summary's and the reports' tests.
 */
import { addFfiSample, createFfiRunState, type FfiRunState } from './run-state.ts';
import type { FfiRuntimeId } from './runtimes.ts';

/** FakeRow is one runtime's processes: ns per call of each batch, per round (index 0 = round 1). */
export type FakeRow = {
  rounds: number[][];
  /** CPU share of every batch (default: none reported). */
  cpuShare?: number;
  /** Sentinel rate per round, GHz (default: none reported). */
  rateGHz?: number[];
  /** Steal per round, % (default: none reported). */
  stealPct?: number[];
  /** The rate of the sentinel right before each batch, GHz, per round like `rounds` (default: none reported). */
  clockGHz?: number[][];
  /** The rate of the closing sentinel after each round's batches, GHz (default: none reported). */
  closingGHz?: number[];
};

/** fakeRunState feeds the rows' samples into a fresh state, round by round. */
export function fakeRunState(runtimes: FfiRuntimeId[], rows: Partial<Record<FfiRuntimeId, FakeRow>>, recentBestGHz?: number): FfiRunState {
  const state = createFfiRunState(runtimes);
  if (recentBestGHz !== undefined) addFfiSample(state, 'machine-speed', { recentBestGHz });
  for (const [id, row] of Object.entries(rows) as Array<[FfiRuntimeId, FakeRow]>) {
    row.rounds.forEach((batches, i) => {
      const round = i + 1;
      const rate = row.rateGHz?.[i];
      if (rate !== undefined) addFfiSample(state, id, { round, spinAdds: rate * 1e7, spinNs: 1e7, spinCpuNs: 1e7 });
      batches.forEach((ns, b) => {
        const durationNs = ns * 1e6;
        const values: Record<string, number> = { round, iterations: 1e6, durationNs, nsPerCall: ns };
        if (row.cpuShare !== undefined) values.cpuNs = durationNs * row.cpuShare;
        const clock = row.clockGHz?.[i]?.[b];
        if (clock !== undefined) values.clockGHz = clock;
        addFfiSample(state, id, values);
      });
      const closing = row.closingGHz?.[i];
      if (closing !== undefined) addFfiSample(state, id, { round, spinAdds: closing * 1e5, spinNs: 1e5, spinCpuNs: 1e5 });
      const steal = row.stealPct?.[i];
      if (steal !== undefined) addFfiSample(state, id, { round, stealTicks: steal, cpuTicks: 100 });
    });
  }
  return state;
}
