/**
 * What a run of the FFI demo knows so far, built from its `sample` events — by the runner
 * as it emits them and by the widget as it receives them (live or replayed), so both
 * summarize the same thing (summary.ts). Pure.
 *
 * Sample values, by shape (key = runtime id unless said otherwise):
 *   { round, iterations, durationNs, nsPerCall, cpuNs?, clockGHz? }
 *                                                          one timed batch of the process
 *                                                          of `round` (standalone loops:
 *                                                          one per loop, without cpuNs);
 *                                                          clockGHz = the rate of the
 *                                                          sentinel timed right next to it
 *                                                          (runs before it had none)
 *   { round, spinAdds, spinNs, spinCpuNs? }                one call of the machine-speed
 *                                                          sentinel in that process
 *   { round, stealTicks, cpuTicks }                        /proc/stat over that process
 *   key "machine-speed": { recentBestGHz }                 the best rate of this machine's
 *                                                          recent quiet runs (run start)
 * A batch without `round` (recordings made before rounds) counts as round 1.
 */
import { spinRateGHz, type CpuTimesDelta, type SpinReading } from '../stats/machine-speed.ts';
import { isFfiRuntimeId, type FfiRuntimeId } from './runtimes.ts';

/** FfiRowState is where a runtime is: not started, building, running, done, missing, failed. */
export type FfiRowState = 'pending' | 'building' | 'running' | 'done' | 'missing' | 'error';

/** FfiProcess is what one fresh harness process (one round of one runtime) reported. */
export type FfiProcess = {
  round: number;
  /** ns per call of each batch. */
  nsPerCall: number[];
  /** cpuNs ÷ iterations of each batch (NaN when it reported no CPU time), in the order of nsPerCall. */
  cpuNsPerCall: number[];
  /** cpuNs ÷ durationNs of each batch (NaN when it reported no CPU time), in the order of nsPerCall. */
  cpuShare: number[];
  /** The clock rate (GHz) of the sentinel timed right before each batch (NaN: none), in the order of nsPerCall. */
  clockGHz: number[];
  /** The rate of the sentinel timed after the last batch so far (NaN: none yet): the other side of that batch. */
  closingGHz: number;
  spins: SpinReading[];
  steal: CpuTimesDelta[];
};

/** FfiConditions describe the machine's load during the run. */
export type FfiConditions = { cpuCount: number; loadAvgStart: number; loadAvgEnd: number };

/** FfiRunState is what the runner (or widget) knows so far, keyed by runtime id. */
export type FfiRunState = {
  /** The runtimes this run covers, in order. */
  runtimes: readonly FfiRuntimeId[];
  processes: Partial<Record<FfiRuntimeId, FfiProcess[]>>;
  iterations: Partial<Record<FfiRuntimeId, number>>;
  states: Partial<Record<FfiRuntimeId, FfiRowState>>;
  messages: Partial<Record<FfiRuntimeId, string>>;
  versions: Partial<Record<FfiRuntimeId, string>>;
  /** Row labels that depend on the runtime's version (the samples' labels). */
  labels: Partial<Record<FfiRuntimeId, string>>;
  /** The best sentinel rate of this machine's recent quiet runs, GHz. */
  recentBestGHz?: number;
  conditions?: FfiConditions;
};

/** machineSpeedKey is the sample key of the run-level machine-speed facts. */
export const machineSpeedKey = 'machine-speed';

/** createFfiRunState starts an empty state for these runtimes. */
export function createFfiRunState(runtimes: readonly FfiRuntimeId[]): FfiRunState {
  return { runtimes, processes: {}, iterations: {}, states: {}, messages: {}, versions: {}, labels: {} };
}

/** processOf finds (or adds) the record of a runtime's process in a round. */
function processOf(state: FfiRunState, id: FfiRuntimeId, round: number): FfiProcess {
  const list = (state.processes[id] ??= []);
  let found = list.find((p) => p.round === round);
  if (!found) {
    found = { round, nsPerCall: [], cpuNsPerCall: [], cpuShare: [], clockGHz: [], closingGHz: NaN, spins: [], steal: [] };
    list.push(found);
    list.sort((a, b) => a.round - b.round);
  }
  return found;
}

const positive = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && v > 0;

/** addFfiSample applies one sample event; false when it is not one of this demo's shapes. */
export function addFfiSample(state: FfiRunState, key: string, values: Readonly<Record<string, number>>, label?: string): boolean {
  if (key === machineSpeedKey) {
    if (!positive(values.recentBestGHz)) return false;
    state.recentBestGHz = values.recentBestGHz;
    return true;
  }
  if (!isFfiRuntimeId(key)) return false;
  const round = Number.isInteger(values.round) && values.round! >= 1 ? values.round! : 1;
  if (positive(values.spinAdds) && positive(values.spinNs)) {
    const reading: SpinReading = { adds: values.spinAdds, wallNs: values.spinNs };
    if (values.spinCpuNs !== undefined && Number.isFinite(values.spinCpuNs)) reading.cpuNs = values.spinCpuNs;
    const process = processOf(state, key, round);
    process.spins.push(reading);
    // Until a batch follows it, this reading is the one after the process's last batch.
    process.closingGHz = spinRateGHz([reading]);
    return true;
  }
  if (positive(values.cpuTicks) && values.stealTicks !== undefined && values.stealTicks >= 0) {
    processOf(state, key, round).steal.push({ totalTicks: values.cpuTicks, stealTicks: values.stealTicks });
    return true;
  }
  const { iterations, durationNs, cpuNs } = values;
  const ns = values.nsPerCall ?? (positive(durationNs) && positive(iterations) ? durationNs / iterations : NaN);
  if (!positive(ns)) return false;
  const process = processOf(state, key, round);
  process.nsPerCall.push(ns);
  if (positive(iterations)) state.iterations[key] = iterations;
  // The per-batch lists stay aligned with nsPerCall, so a batch can be kept or left out whole.
  const timedByCpu = cpuNs !== undefined && Number.isFinite(cpuNs) && positive(durationNs) && positive(iterations);
  process.cpuNsPerCall.push(timedByCpu ? cpuNs / iterations : NaN);
  process.cpuShare.push(timedByCpu ? cpuNs / durationNs : NaN);
  process.clockGHz.push(positive(values.clockGHz) ? values.clockGHz : NaN);
  process.closingGHz = NaN;
  if (label) state.labels[key] = label;
  return true;
}
