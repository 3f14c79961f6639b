/**
 * summarizeFfi turns what a run reported (run-state.ts) into its table. The runner sends
 * this as its `result` event; the widget recomputes it as samples stream in; the CLI
 * formats it. Pure (statistics come from demos/stats).
 *
 * How the figures are made (demos/stats/rounds.ts): every runtime ran once per round in
 * a fresh process; a row's figure is the median over its processes of each process's
 * median ns per call, and every "× C" is the median over rounds of the ratio within the
 * round, so a slow phase of the machine inflates both sides of a ratio alike. Each
 * harness times the machine-speed sentinel right before each batch and after the last: only
 * the batches that ran at full clock make the figures (clock-filter.ts), and a row whose conditions were
 * not those of a quiet machine is flagged (demos/stats/machine-speed.ts).
 *
 * Result JSON (the `result` event's `data`): FfiResult below. NaN never reaches JSON:
 * a figure that cannot be computed is null.
 */
import type { MachineSpeedSummary } from '../protocol.ts';
import { madPct, max, median, min, spreadPct } from '../stats/stats.ts';
import { figuresOf, medianOverRounds, medianRatio, ratiosPerRound } from '../stats/rounds.ts';
import { bestRate, checkMachineSpeed, machineFlagText, spinRateGHz, stealPct, type MachineSpeedCheck } from '../stats/machine-speed.ts';
import { clockFilterOf, fullClockView, type ClockFilter, type FullClockCount } from './clock-filter.ts';
import { ffiRuntimeIds, ffiRuntimes, type FfiRuntimeGroup, type FfiRuntimeId } from './runtimes.ts';
import type { FfiConditions, FfiProcess, FfiRowState, FfiRunState } from './run-state.ts';
import { talk2018, talk2018CgoRatio, talk2018Source } from './talk-2018.ts';

export type { FfiConditions, FfiRowState, FfiRunState } from './run-state.ts';

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
  /** Timed batches the figures are made of, over all processes (at full clock, when fullClock says so). */
  batches: number;
  /** Fresh processes (one per round) whose batches the figures are made of (null: recorded before rounds). */
  processes: number | null;
  iterationsPerBatch: number | null;
  /** Median over the processes of each process's median. */
  medianNs: number | null;
  /** Fastest and slowest single batch. */
  minNs: number | null;
  maxNs: number | null;
  /** (p90 − p10) / median × 100 over the per-process medians. */
  spreadPct: number | null;
  /** Median absolute deviation of the per-process medians, % of their median. */
  madPct: number | null;
  /** The same median by the harness's CPU clock (time descheduled left out), if it reports one. */
  cpuMedianNs: number | null;
  /** Median share of the batches' wall time the harness had the CPU, in %: well under 100 = a busy machine. */
  cpuSharePct: number | null;
  /** Median over rounds of medianNs / C via .so in the same round (the talk's baseline). */
  ratioToCSo: number | null;
  /** Median over rounds of medianNs / C direct call in the same round. */
  ratioToCDirect: number | null;
  /** The 2018 slide's figure for the same kind of call, if it had one. */
  talk2018Ns: number | null;
  /** The machine-speed check of this row's processes. */
  machine: MachineSpeedCheck;
  /** "machine slowed down: figures inflated ≈ N %" when the row is flagged, else null. */
  flag: string | null;
  /**
   * How many of the row's batches ran at full clock and make its figures (keptBatches 0:
   * none did, and the figures use them all); null when its batches carry no sentinel
   * reading of their own (recordings made before), so nothing was filtered.
   */
  fullClock: FullClockCount | null;
};

/** FfiFidelity compares a harness's in-process figure with the standalone loop's. */
export type FfiFidelity = {
  id: FfiRuntimeId;
  standaloneId: FfiRuntimeId;
  harnessNs: number | null;
  standaloneNs: number | null;
  /** Median over rounds of (harness − standalone) / standalone × 100 within the round. */
  differencePct: number | null;
};

/** FfiResult is the whole table. */
export type FfiResult = {
  unit: 'ns/call';
  rows: FfiRow[];
  /** Rounds run: the most processes any row had (null: recorded before rounds). */
  rounds: number | null;
  baselines: { cDirectNs: number | null; cSoNs: number | null };
  cgo: {
    /** Median over rounds of go-cgo / c-so: today's version of slide 8's "(29x)". */
    ratioToCSo: number | null;
    /** The per-round ratios behind it, in round order. */
    ratioToCSoByRound: number[];
    ratioToCDirect: number | null;
    talk2018Ratio: number;
    talk2018Ns: number;
  };
  fidelity: FfiFidelity[];
  talk2018: { table: string; luajitNote: string; machine: string; method: string };
  /** How busy the machine was (1-minute load average before and after): context for the spread. */
  conditions: FfiConditions | null;
  /** The run's machine-speed check (recordings carry it; see MachineSpeedSummary). */
  machineSpeed: MachineSpeedSummary;
  /** Rounds in which some process, on its own, was flagged: a slow phase the medians and per-round ratios ride out. */
  slowRounds: number[];
  /** The run's full-clock filter (clock-filter.ts) and what it kept over every row; null when no batch had a reading. */
  fullClock: (ClockFilter & { keptBatches: number; batches: number }) | null;
};

const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** RowFacts are one runtime's per-process figures, the raw material of its row. */
type RowFacts = {
  /** The processes as the figures use them (their batches at full clock, when filtered). */
  processes: FfiProcess[];
  fullClock: FullClockCount | null;
  /** round → the process's median ns per call. */
  medians: Map<number, number>;
  rates: number[];
  shares: number[];
};

/**
 * rateOf is a process's clock rate as its figures saw it: the median reading of the
 * sentinels next to the batches that count (NaN when none of its batches counts), or its
 * sentinel calls' rate when the row's batches carry no readings (recordings made before).
 */
function rateOf(p: FfiProcess, readings: boolean): number {
  return readings ? median(p.clockGHz) : spinRateGHz(p.spins);
}

/**
 * factsOf gathers a row's figures from its batches at full clock (all of them when none
 * had a reading, or, for a harness row, when none ran at full clock). A process that has no such batch (or has not
 * reported yet) gives NaN, which the statistics skip (stats.ts, rounds.ts): it counts in
 * no median, round or ratio.
 */
function factsOf(all: readonly FfiProcess[], filter: ClockFilter | undefined, standalone: boolean): RowFacts {
  const { processes, count } = fullClockView(all, filter, standalone);
  return {
    processes,
    fullClock: count,
    medians: new Map(processes.map((p) => [p.round, median(p.nsPerCall)])),
    rates: processes.map((p) => rateOf(p, count !== null)),
    shares: processes.flatMap((p) => p.cpuShare),
  };
}

/** roundTable puts every runtime's per-process medians side by side, by round. */
function roundTable(facts: ReadonlyMap<FfiRuntimeId, RowFacts>): Map<number, Partial<Record<FfiRuntimeId, number>>> {
  const table = new Map<number, Partial<Record<FfiRuntimeId, number>>>();
  for (const [id, f] of facts) {
    for (const [round, m] of f.medians) {
      const row = table.get(round) ?? {};
      row[id] = m;
      table.set(round, row);
    }
  }
  return table;
}

/** slowRoundsOf lists the rounds with a process flagged on its own (its own rate, share and steal). */
function slowRoundsOf(facts: ReadonlyMap<FfiRuntimeId, RowFacts>, best: number): number[] {
  const rounds = new Set<number>();
  for (const f of facts.values()) {
    for (const [i, p] of f.processes.entries()) {
      const check = checkMachineSpeed({ rateGHz: f.rates[i]!, bestRateGHz: best, cpuSharePct: median(p.cpuShare) * 100, stealPct: stealPct(p.steal) });
      if (check.flagged) rounds.add(p.round);
    }
  }
  return [...rounds].sort((a, b) => a - b);
}

/** runMachineSpeed sums up the rows' checks for the whole run. */
function runMachineSpeed(rows: readonly FfiRow[], facts: ReadonlyMap<FfiRuntimeId, RowFacts>, best: number, conditions: FfiConditions | undefined): MachineSpeedSummary {
  const all = [...facts.values()];
  const rate = median(all.flatMap((f) => f.rates));
  const overall = checkMachineSpeed({
    rateGHz: rate,
    bestRateGHz: best,
    cpuSharePct: median(all.flatMap((f) => f.shares)) * 100,
    stealPct: stealPct(all.flatMap((f) => f.processes.flatMap((p) => p.steal))),
  });
  const measured = rows.filter((r) => (r.processes ?? 0) > 0);
  const flagged = measured.filter((r) => r.machine.flagged);
  const worst = flagged.reduce<FfiRow | undefined>((a, r) => (a === undefined || (r.machine.inflatedPct ?? 0) > (a.machine.inflatedPct ?? 0) ? r : a), undefined);
  const reasons: string[] = [];
  if (worst) reasons.push(`${flagged.length} of ${measured.length} rows flagged; worst ${worst.label}: ${worst.machine.reasons.join(', ')}`);
  const loadAvg = conditions ? Math.max(conditions.loadAvgStart, conditions.loadAvgEnd) : NaN;
  if (conditions && loadAvg > conditions.cpuCount) reasons.push(`load average ${loadAvg.toFixed(1)} on ${conditions.cpuCount} CPUs`);
  const inflated = max(flagged.map((r) => r.machine.inflatedPct ?? NaN));
  return {
    rateGHz: overall.rateGHz,
    bestRateGHz: overall.bestRateGHz,
    slowdownPct: overall.slowdownPct,
    cpuSharePct: overall.cpuSharePct,
    stealPct: overall.stealPct,
    inflatedPct: orNull(inflated),
    loadAvg: orNull(loadAvg),
    cpuCount: conditions?.cpuCount ?? null,
    flagged: reasons.length > 0,
    reasons,
  };
}

/**
 * processSpan says how many fresh processes the measured rows ran: "5", or "5–11" when
 * quick rows ran more (whether or not each had a batch at full clock); null when no row
 * has reported a process (or it was recorded before rounds).
 */
export function processSpan(rows: readonly FfiRow[]): string | null {
  const counts = rows.filter((r) => r.group !== 'fidelity').map((r) => r.fullClock?.processes ?? r.processes ?? 0).filter((n) => n > 0);
  if (counts.length === 0) return null;
  const [lo, hi] = [Math.min(...counts), Math.max(...counts)];
  return lo === hi ? `${lo}` : `${lo}–${hi}`;
}

/**
 * ratioTo is key ÷ base: the median of the per-round ratios, or, when no round has both at
 * full clock (a busy host keeps few batches, in different processes), the ratio of the two
 * rows' medians: their batches all ran at full clock, which is what pairing by round was for.
 */
function ratioTo(table: ReturnType<typeof roundTable>, key: FfiRuntimeId, base: FfiRuntimeId): number {
  const paired = medianRatio(table, key, base);
  return Number.isFinite(paired) ? paired : median(figuresOf(table, key)) / median(figuresOf(table, base));
}

/** summarizeFfi computes the table from what the run reported so far. */
export function summarizeFfi(state: FfiRunState): FfiResult {
  const runtimes = ffiRuntimeIds.filter((id) => state.runtimes.includes(id));
  const filter = clockFilterOf(runtimes.map((id) => state.processes[id] ?? []), state.recentBestGHz);
  // A standalone check's loops each carry the lower of their own two sentinels, and it never
  // falls back to loops the clock did not hold for: its check would compare unlike figures.
  const facts = new Map(runtimes.map((id) => [id, factsOf(state.processes[id] ?? [], filter, ffiRuntimes[id].group === 'fidelity')] as const));
  const table = roundTable(facts);
  const rowRate = (id: FfiRuntimeId): number => median(facts.get(id)!.rates);
  const best = bestRate([state.recentBestGHz ?? NaN, ...runtimes.map(rowRate)]);
  const rows = runtimes.map((id): FfiRow => {
    const f = facts.get(id)!;
    const info = ffiRuntimes[id];
    const perProcess = figuresOf(table, id);
    const allBatches = f.processes.flatMap((p) => p.nsPerCall);
    const cpuMedians = f.processes.map((p) => median(p.cpuNsPerCall));
    const figure = (talk2018 as Record<string, { nsPerCall: number }>)[id];
    const machine = checkMachineSpeed({
      rateGHz: rowRate(id),
      bestRateGHz: best,
      cpuSharePct: median(f.shares) * 100,
      stealPct: stealPct(f.processes.flatMap((p) => p.steal)),
    });
    return {
      id,
      label: state.labels[id] ?? info.label,
      measures: info.measures,
      group: info.group,
      state: state.states[id] ?? (allBatches.length > 0 ? 'done' : 'pending'),
      message: state.messages[id] ?? null,
      version: state.versions[id] ?? null,
      batches: allBatches.length,
      processes: perProcess.length,
      iterationsPerBatch: state.iterations[id] ?? null,
      medianNs: orNull(median(perProcess)),
      minNs: orNull(min(allBatches)),
      maxNs: orNull(max(allBatches)),
      spreadPct: orNull(spreadPct(perProcess)),
      madPct: orNull(madPct(perProcess)),
      cpuMedianNs: orNull(median(cpuMedians)),
      cpuSharePct: orNull(median(f.shares) * 100),
      ratioToCSo: orNull(ratioTo(table, id, 'c-so')),
      ratioToCDirect: orNull(ratioTo(table, id, 'c-direct')),
      talk2018Ns: figure?.nsPerCall ?? null,
      machine,
      flag: machineFlagText(machine) ?? null,
      fullClock: f.fullClock,
    };
  });
  const fidelity = runtimes
    .filter((id) => ffiRuntimes[id].checks !== undefined)
    .map((standaloneId): FfiFidelity => {
      const id = ffiRuntimes[standaloneId].checks!;
      return {
        id,
        standaloneId,
        harnessNs: orNull(medianOverRounds(table, id)),
        standaloneNs: orNull(medianOverRounds(table, standaloneId)),
        differencePct: orNull((medianRatio(table, id, standaloneId) - 1) * 100),
      };
    });
  return {
    unit: 'ns/call',
    rows,
    rounds: roundsRun(state, runtimes),
    baselines: { cDirectNs: orNull(medianOverRounds(table, 'c-direct')), cSoNs: orNull(medianOverRounds(table, 'c-so')) },
    cgo: {
      ratioToCSo: orNull(ratioTo(table, 'go-cgo', 'c-so')),
      ratioToCSoByRound: ratiosPerRound(table, 'go-cgo', 'c-so'),
      ratioToCDirect: orNull(ratioTo(table, 'go-cgo', 'c-direct')),
      talk2018Ratio: talk2018CgoRatio,
      talk2018Ns: talk2018['go-cgo'].nsPerCall,
    },
    fidelity,
    talk2018: { ...talk2018Source },
    conditions: state.conditions ?? null,
    machineSpeed: runMachineSpeed(rows, facts, best, state.conditions),
    slowRounds: slowRoundsOf(facts, best),
    fullClock: filter ? { ...filter, ...keptOverall(rows) } : null,
  };
}

/** roundsRun is the last round any row reported batches in (a process without batches at full clock still ran). */
function roundsRun(state: FfiRunState, runtimes: readonly FfiRuntimeId[]): number {
  return Math.max(0, ...runtimes.flatMap((id) => (state.processes[id] ?? []).filter((p) => p.nsPerCall.length > 0).map((p) => p.round)));
}

/** keptOverall adds up the rows' full-clock counts. */
function keptOverall(rows: readonly FfiRow[]): { keptBatches: number; batches: number } {
  const counts = rows.flatMap((r) => (r.fullClock ? [r.fullClock] : []));
  return { keptBatches: counts.reduce((n, c) => n + c.keptBatches, 0), batches: counts.reduce((n, c) => n + c.batches, 0) };
}
