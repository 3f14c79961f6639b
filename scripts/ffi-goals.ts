/**
 * The FFI benchmark's goals (issue "truthful FFI numbers"), judged from measured runs:
 * pure arithmetic over the runs' results and event times, so the verdicts can be tested
 * on fake runs. scripts/bench-ffi.ts measures and prints them.
 *
 *   fidelity       C via .so and cgo within 5 % of their standalone loops, in every run
 *   stability      run-to-run spread of every row's median ≤ 3 % (worst row named); a
 *                  figure of a quiet machine, so runs the sentinel flagged are said so
 *   cgo ÷ C        run-to-run spread of the cgo ÷ C via .so ratio ≤ 3 %
 *   whole table    the default table (≥ 16 rows) ≤ 15 s with warm builds, per-row times
 *   first sample   ≤ 1 s from Run to the first sample
 *
 * spreadPartsLines says, per row, where the run-to-run spread comes from (batches within
 * a process, processes within a run, or the machine between runs: demos/stats/spread-parts.ts),
 * and whether the machine-speed sentinel explains it (cycles per call by the sentinel's
 * clock and the slope of ns on 1 / GHz: demos/stats/sentinel-fit.ts).
 */
import type { RunEvent } from '../demos/protocol.ts';
import type { FfiResult } from '../demos/ffi-overhead/summary.ts';
import { addFfiSample, createFfiRunState, type FfiProcess, type FfiRunState } from '../demos/ffi-overhead/run-state.ts';
import { clockFilterOf, fullClockView } from '../demos/ffi-overhead/clock-filter.ts';
import { ffiRuntimes, isFfiRuntimeId } from '../demos/ffi-overhead/runtimes.ts';
import { spreadParts, type SpreadParts } from '../demos/stats/spread-parts.ts';
import { sentinelFit, type SentinelFit } from '../demos/stats/sentinel-fit.ts';
import { spinRateGHz } from '../demos/stats/machine-speed.ts';
import { max, median, min } from '../demos/stats/stats.ts';

/** Goal is one line of the goals table; ok null = not judged (context, or nothing measured). */
export type Goal = { goal: string; target: string; measured: string; ok: boolean | null; detail?: string };

/** MeasuredRun is one warm run as the bench saw it. */
export type MeasuredRun = { wallMs: number; firstSampleMs: number | null; result: FfiResult | null; events: RunEvent[] };

/** goalLimits are the targets. */
export const goalLimits = { fidelityPct: 5, spreadPct: 3, tableMs: 15_000, minRows: 16, firstSampleMs: 1_000 };

/** runToRunSpreadPct is (max − min) / median × 100 of one figure over the runs. */
export function runToRunSpreadPct(values: readonly number[]): number {
  return values.length < 2 ? NaN : ((max(values) - min(values)) / median(values)) * 100;
}

/**
 * rowTimesMs attributes a run's time to its rows: from each `progress` event that starts a
 * row's process (step "run") to the next row's start (or the result), summed per row.
 */
export function rowTimesMs(events: readonly RunEvent[]): Map<string, number> {
  const marks = events.filter((e) => (e.type === 'progress' && (e.step === 'run' || e.step === 'build') && e.source) || e.type === 'result');
  const times = new Map<string, number>();
  marks.forEach((mark, i) => {
    const next = marks[i + 1];
    if (mark.type !== 'progress' || !mark.source || !next) return;
    times.set(mark.source, (times.get(mark.source) ?? 0) + (next.tMs - mark.tMs));
  });
  return times;
}

const pct = (v: number): string => `${v.toFixed(1)} %`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const signed = (v: number): string => `${v >= 0 ? '+' : ''}${v.toFixed(1)}`;

/** quietNote says how many runs the sentinel flagged: the spread goals assume a quiet machine. */
function quietNote(runs: readonly MeasuredRun[]): string {
  const flagged = runs.filter((r) => r.result?.machineSpeed.flagged).length;
  return flagged === 0 ? 'all runs quiet' : `machine not quiet in ${flagged} of ${runs.length} runs (flagged by the sentinel): a quiet machine's goal`;
}

/** keptText says how many of a row's batches (or loops) each run kept at full clock: "40/200, 38/200"; '' without readings. */
export function keptText(runs: readonly MeasuredRun[], id: string): string {
  const counts = runs.map((r) => r.result?.rows.find((row) => row.id === id)?.fullClock).filter((c) => c !== undefined && c !== null);
  return counts.map((c) => `${c.keptBatches}/${c.batches}`).join(', ');
}

/** fidelityGoals: each checked harness against its standalone loop, in every run. */
export function fidelityGoals(runs: readonly MeasuredRun[]): Goal[] {
  return (['c-so', 'go-cgo'] as const).map((id) => {
    const diffs = runs.map((r) => r.result?.fidelity.find((f) => f.id === id)?.differencePct).filter((v): v is number => typeof v === 'number');
    const standalone = runs[0]?.result?.fidelity.find((f) => f.id === id)?.standaloneId;
    const kept = standalone ? keptText(runs, standalone) : '';
    const loops = kept ? `; loops at full clock ${kept}` : '';
    return {
      goal: `fidelity ${id}: batches vs standalone loop (same run)`,
      target: `≤ ${goalLimits.fidelityPct} % every run`,
      measured: diffs.length ? `worst ${pct(max(diffs.map(Math.abs)))} (runs: ${diffs.map(signed).join(', ')} %)${loops}` : `not measured${loops}`,
      ok: diffs.length === runs.length && diffs.length > 0 ? diffs.every((d) => Math.abs(d) <= goalLimits.fidelityPct) : null,
    };
  });
}

/** stabilityGoals: run-to-run spread of every row's median, and of cgo ÷ C via .so. */
export function stabilityGoals(runs: readonly MeasuredRun[]): Goal[] {
  const rowIds = runs[0]?.result?.rows.filter((r) => r.group !== 'fidelity').map((r) => r.id) ?? [];
  const spreads = rowIds
    .map((id) => {
      const medians = runs.map((w) => w.result?.rows.find((r) => r.id === id)?.medianNs).filter((v): v is number => typeof v === 'number');
      return { id, spread: medians.length === runs.length ? runToRunSpreadPct(medians) : NaN, medians };
    })
    .filter((s) => Number.isFinite(s.spread));
  const worst = spreads.reduce<(typeof spreads)[number] | undefined>((a, b) => (a === undefined || b.spread > a.spread ? b : a), undefined);
  const within = spreads.filter((s) => s.spread <= goalLimits.spreadPct).length;
  const ratios = runs.map((r) => r.result?.cgo.ratioToCSo).filter((v): v is number => typeof v === 'number');
  const ratioSpread = ratios.length === runs.length ? runToRunSpreadPct(ratios) : NaN;
  const note = quietNote(runs);
  return [
    {
      goal: `run-to-run spread of every row's median (${runs.length} runs)`,
      target: `≤ ${goalLimits.spreadPct} %`,
      measured: worst ? `worst ${worst.id} ${pct(worst.spread)}; ${within}/${spreads.length} rows within; ${note}` : 'not measured',
      ok: worst ? worst.spread <= goalLimits.spreadPct : null,
      detail: spreads.map((s) => `${s.id} ${pct(s.spread)} [${s.medians.map((m) => m.toFixed(2)).join(', ')}]${keptText(runs, s.id) ? ` kept ${keptText(runs, s.id)}` : ''}`).join('; '),
    },
    {
      goal: `run-to-run spread of cgo ÷ C via .so (${runs.length} runs)`,
      target: `≤ ${goalLimits.spreadPct} %`,
      measured: Number.isFinite(ratioSpread) ? `${pct(ratioSpread)} (${ratios.map((r) => `${r.toFixed(2)}×`).join(', ')}); ${note}` : 'not measured',
      ok: Number.isFinite(ratioSpread) ? ratioSpread <= goalLimits.spreadPct : null,
    },
  ];
}

/** speedGoals: the whole default table's wall time (with per-row times) and the first sample. */
export function speedGoals(runs: readonly MeasuredRun[]): Goal[] {
  const walls = runs.map((w) => w.wallMs);
  const rowCount = runs[0]?.result?.rows.filter((r) => r.group !== 'fidelity').length ?? 0;
  const perRow = new Map<string, number[]>();
  for (const run of runs) for (const [id, ms] of rowTimesMs(run.events)) perRow.set(id, [...(perRow.get(id) ?? []), ms]);
  const firsts = runs.map((w) => w.firstSampleMs).filter((v): v is number => v !== null);
  return [
    {
      goal: `whole default table, warm builds (${rowCount} rows + standalone checks)`,
      target: `≤ ${seconds(goalLimits.tableMs)}, ≥ ${goalLimits.minRows} rows`,
      measured: walls.length ? `${seconds(median(walls))} median (${seconds(min(walls))}–${seconds(max(walls))}), ${rowCount} rows` : 'not measured',
      ok: walls.length ? max(walls) <= goalLimits.tableMs && rowCount >= goalLimits.minRows : null,
      detail: [...perRow].map(([id, ms]) => `${id} ${seconds(median(ms))}`).join(', '),
    },
    {
      goal: 'Run → first sample (warm)',
      target: `≤ ${seconds(goalLimits.firstSampleMs)}`,
      measured: firsts.length ? `${Math.round(median(firsts))} ms median (max ${Math.round(max(firsts))} ms)` : 'no sample',
      ok: firsts.length === runs.length && firsts.length > 0 ? max(firsts) <= goalLimits.firstSampleMs : null,
    },
  ];
}

/** processesOf rebuilds a run's processes (batches per round, per row) from its sample events. */
export function processesOf(events: readonly RunEvent[]): FfiRunState['processes'] {
  const state = createFfiRunState([]);
  for (const event of events) if (event.type === 'sample') addFfiSample(state, event.key, event.values);
  return state.processes;
}

const partPct = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} %` : '–');

/**
 * fullClockProcessesOf is a run's processes as its figures use them: each row's batches at
 * full clock (clock-filter.ts, with the run's own reference clock), all of them when a row
 * had none or its batches carry no readings.
 */
export function fullClockProcessesOf(byId: FfiRunState['processes'], recentBestGHz = NaN): FfiRunState['processes'] {
  const filter = clockFilterOf(Object.values(byId).filter((list): list is FfiProcess[] => list !== undefined), recentBestGHz);
  return Object.fromEntries(
    Object.entries(byId).map(([id, list]) => [id, fullClockView(list ?? [], filter, isFfiRuntimeId(id) && ffiRuntimes[id].group === 'fidelity').processes]),
  );
}

/** batchSpeeds are a process list's batches as points for the sentinel fit: ns beside the reading right before it (or the process's rate). */
function batchSpeeds(list: readonly FfiProcess[]): Array<{ ns: number; rateGHz: number }> {
  return list.flatMap((proc) => proc.nsPerCall.map((ns, i) => ({ ns, rateGHz: Number.isFinite(proc.clockGHz[i]) ? proc.clockGHz[i]! : spinRateGHz(proc.spins) })));
}

/**
 * spreadPartsLines is the table of where each row's run-to-run spread comes from, over the
 * runs, counting the batches its figures are made of (at full clock): within a process
 * (its batches), between processes (their medians, within a run), what the runs' own
 * processes predict for the run-to-run spread, and what it measured; then, over every
 * batch (kept or not), the spreads of ns × GHz (cycles per call by the sentinel timed
 * right before the batch) between batches and run to run, and the slope of ns on 1 / GHz,
 * which say how far the sentinel explains the batches' spread (slope 1, cycles steadier)
 * or not (slope near 0). The last line does the same for cgo ÷ C via .so, whose
 * "processes" are its rounds.
 */
export function spreadPartsLines(runs: readonly MeasuredRun[]): string[] {
  const rowIds = runs[0]?.result?.rows.filter((r) => r.group !== 'fidelity').map((r) => r.id) ?? [];
  const perRun = runs.map((r) => processesOf(r.events));
  const kept = perRun.map((byId, i) => fullClockProcessesOf(byId, runs[i]!.result?.fullClock?.referenceGHz));
  const parts: Array<[string, string, SpreadParts, SentinelFit | undefined]> = rowIds.map((id) => {
    const p = spreadParts(kept.map((byId) => (byId[id] ?? []).filter((proc) => proc.nsPerCall.length > 0).map((proc) => proc.nsPerCall)), median);
    const fit = sentinelFit(perRun.map((byId) => batchSpeeds(byId[id] ?? [])));
    return [id, `${p.processes}`, p, fit];
  });
  const ratios = runs.map((r) => (r.result?.cgo.ratioToCSoByRound ?? []).map((v) => [v]));
  const ratio = spreadParts(ratios, median);
  parts.push(['cgo ÷ C via .so', `${ratio.processes} rounds`, ratio, undefined]);
  const slope = (v: number | undefined): string => (v !== undefined && Number.isFinite(v) ? v.toFixed(2) : '–');
  const table = [
    ['row', 'processes', 'within a process', 'between processes', 'expected run to run', 'measured run to run', 'ns×GHz between batches', 'ns×GHz run to run', 'slope'],
    ...parts.map(([id, n, p, fit]) => [
      id, n, partPct(p.withinPct), partPct(p.betweenPct), partPct(p.expectedPct), partPct(p.measuredPct),
      partPct(fit?.cyclesBetweenPct ?? NaN), partPct(fit?.cyclesRunToRunPct ?? NaN), slope(fit?.slope),
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return [
    `where the run-to-run spread comes from (${runs.length} runs, batches at full clock; every figure (max − min) / median):`,
    ...table.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')),
    'within a process: its batches; between processes: their medians, within a run; expected: what redrawing each',
    'run’s own processes predicts between runs; measured well above expected = the machine changed between runs.',
    'ns×GHz: cycles per call by the sentinel timed right before each batch, over every batch; slope: of ln ns on',
    'ln (1 / that GHz) over the batches (– when the sentinel moved < 10 %): 1 = it explains the spread, near 0 = it does not.',
  ];
}
