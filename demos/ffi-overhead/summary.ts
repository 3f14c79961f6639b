/**
 * summarizeFfi turns the FFI demo's raw batches into its table: per runtime the median,
 * min, max and spread of ns per call, the ratio to both C baselines and the 2018 figure
 * beside it. The runner sends this as its `result` event; the widget recomputes it as
 * samples stream in; the CLI formats it. Pure (statistics come from demos/stats).
 *
 * Result JSON (the `result` event's `data`): FfiResult below. NaN never reaches JSON:
 * a figure that cannot be computed is null.
 */
import { median, min, max, ratio, relativeDifferencePct, spreadPct, madPct } from '../stats/stats.ts';
import { ffiRuntimeIds, ffiRuntimes, type FfiRuntimeGroup, type FfiRuntimeId } from './runtimes.ts';
import { talk2018, talk2018CgoRatio, talk2018Source } from './talk-2018.ts';

/** FfiRowState is where a runtime is: not started, building, running, done, missing, failed. */
export type FfiRowState = 'pending' | 'building' | 'running' | 'done' | 'missing' | 'error';

/** FfiRow is one line of the table. Figures are ns per call; null = not available. */
export type FfiRow = {
  id: FfiRuntimeId;
  label: string;
  measures: string;
  group: FfiRuntimeGroup;
  state: FfiRowState;
  /** Why the row is missing or failed (e.g. "missing: luajit"). */
  message: string | null;
  version: string | null;
  batches: number;
  iterationsPerBatch: number | null;
  medianNs: number | null;
  minNs: number | null;
  maxNs: number | null;
  /** (p90 − p10) / median × 100 over the batches. */
  spreadPct: number | null;
  madPct: number | null;
  /** Median ns per call by the harness's CPU clock (time descheduled left out), if it reports one. */
  cpuMedianNs: number | null;
  /** Median share of the batches' wall time the harness had the CPU, in %: well under 100 = a busy machine. */
  cpuSharePct: number | null;
  /** medianNs / C via .so median (the talk's baseline). */
  ratioToCSo: number | null;
  /** medianNs / C direct call median. */
  ratioToCDirect: number | null;
  /** The 2018 slide's figure for the same kind of call, if it had one. */
  talk2018Ns: number | null;
};

/** FfiFidelity compares a harness's in-process median with the standalone loop's. */
export type FfiFidelity = {
  id: FfiRuntimeId;
  standaloneId: FfiRuntimeId;
  harnessNs: number | null;
  standaloneNs: number | null;
  /** (harness − standalone) / standalone × 100. */
  differencePct: number | null;
};

/** FfiResult is the whole table. */
export type FfiResult = {
  unit: 'ns/call';
  rows: FfiRow[];
  baselines: { cDirectNs: number | null; cSoNs: number | null };
  cgo: {
    /** go-cgo median / c-so median: today's version of slide 8's "(29x)". */
    ratioToCSo: number | null;
    ratioToCDirect: number | null;
    talk2018Ratio: number;
    talk2018Ns: number;
  };
  fidelity: FfiFidelity[];
  talk2018: { table: string; luajitNote: string; machine: string; method: string };
  /** How busy the machine was (1-minute load average before and after): context for the spread. */
  conditions: FfiConditions | null;
};

/** FfiConditions describe the machine's load during the run. */
export type FfiConditions = { cpuCount: number; loadAvgStart: number; loadAvgEnd: number };

/** FfiRunState is what the runner (or widget) knows so far, keyed by runtime id. */
export type FfiRunState = {
  /** The runtimes this run covers, in order. */
  runtimes: readonly FfiRuntimeId[];
  /** nsPerCall of every batch so far. */
  nsPerCall: Partial<Record<FfiRuntimeId, number[]>>;
  /** cpuNs / iterations of every batch that reported CPU time. */
  cpuNsPerCall?: Partial<Record<FfiRuntimeId, number[]>>;
  /** cpuNs / durationNs of every batch that reported CPU time. */
  cpuShare?: Partial<Record<FfiRuntimeId, number[]>>;
  iterations?: Partial<Record<FfiRuntimeId, number>>;
  states?: Partial<Record<FfiRuntimeId, FfiRowState>>;
  messages?: Partial<Record<FfiRuntimeId, string>>;
  versions?: Partial<Record<FfiRuntimeId, string>>;
  conditions?: FfiConditions;
};

const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** summarizeFfi computes the table from the batches seen so far. */
export function summarizeFfi(state: FfiRunState): FfiResult {
  const medianOf = (id: FfiRuntimeId): number => median(state.nsPerCall[id] ?? []);
  const cDirect = medianOf('c-direct');
  const cSo = medianOf('c-so');
  const runtimes = ffiRuntimeIds.filter((id) => state.runtimes.includes(id));
  const rows = runtimes.map((id): FfiRow => {
    const xs = state.nsPerCall[id] ?? [];
    const m = median(xs);
    const info = ffiRuntimes[id];
    const figure = (talk2018 as Record<string, { nsPerCall: number }>)[id];
    return {
      id,
      label: info.label,
      measures: info.measures,
      group: info.group,
      state: state.states?.[id] ?? (xs.length > 0 ? 'done' : 'pending'),
      message: state.messages?.[id] ?? null,
      version: state.versions?.[id] ?? null,
      batches: xs.length,
      iterationsPerBatch: state.iterations?.[id] ?? null,
      medianNs: orNull(m),
      minNs: orNull(min(xs)),
      maxNs: orNull(max(xs)),
      spreadPct: orNull(spreadPct(xs)),
      madPct: orNull(madPct(xs)),
      cpuMedianNs: orNull(median(state.cpuNsPerCall?.[id] ?? [])),
      cpuSharePct: orNull(median(state.cpuShare?.[id] ?? []) * 100),
      ratioToCSo: orNull(ratio(m, cSo)),
      ratioToCDirect: orNull(ratio(m, cDirect)),
      talk2018Ns: figure?.nsPerCall ?? null,
    };
  });
  const fidelity = runtimes
    .filter((id) => ffiRuntimes[id].checks !== undefined)
    .map((standaloneId): FfiFidelity => {
      const id = ffiRuntimes[standaloneId].checks!;
      const harness = medianOf(id);
      const standalone = medianOf(standaloneId);
      return {
        id,
        standaloneId,
        harnessNs: orNull(harness),
        standaloneNs: orNull(standalone),
        differencePct: orNull(relativeDifferencePct(harness, standalone)),
      };
    });
  const cgo = medianOf('go-cgo');
  return {
    unit: 'ns/call',
    rows,
    baselines: { cDirectNs: orNull(cDirect), cSoNs: orNull(cSo) },
    cgo: {
      ratioToCSo: orNull(ratio(cgo, cSo)),
      ratioToCDirect: orNull(ratio(cgo, cDirect)),
      talk2018Ratio: talk2018CgoRatio,
      talk2018Ns: talk2018['go-cgo'].nsPerCall,
    },
    fidelity,
    talk2018: { ...talk2018Source },
    conditions: state.conditions ?? null,
  };
}
