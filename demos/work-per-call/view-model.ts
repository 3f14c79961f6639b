/**
 * The work-per-call widget's state, apart from its drawing: events in, what to draw out
 * (the headline, one line per caller, the crossing per FFI). Pure. While samples stream
 * in, the rows are recomputed with the summary the runner uses; the result (parsed by the
 * widget shell) is then taken as it is.
 */
import type { RunEventBody } from '../protocol.ts';
import { isWorkCallerId, overheadThresholdPct, workCallerIds, workCallers, workSizes, type WorkCallerId } from './callers.ts';
import type { WorkSample } from './crossing.ts';
import type { WorkPerCallResult } from './result.ts';
import { workFiguresClock } from './sweep-line.ts';
import { crossingText, summarizeWork, workHeadline } from './summary.ts';
import { machineLine } from '../stats/machine-line.ts';

/** WorkViewState accumulates one run's events. */
export type WorkViewState = {
  samples: WorkSample[];
  missing: Partial<Record<WorkCallerId, string>>;
  result: WorkPerCallResult | null;
};

/** createWorkViewState starts empty. */
export function createWorkViewState(): WorkViewState {
  return { samples: [], missing: {}, result: null };
}

/** applyWorkEvent folds one event into the state (in place, returning it). */
export function applyWorkEvent(state: WorkViewState, event: RunEventBody): WorkViewState {
  if (event.type === 'sample') {
    const [caller, size] = event.key.split('/');
    const nsPerCall = event.values.nsPerCall;
    const directNs = event.values.directNs;
    if (caller && isWorkCallerId(caller) && nsPerCall !== undefined) state.samples.push({ caller, n: Number(size), round: event.values.round ?? 0, nsPerCall, cpuSharePct: event.values.cpuSharePct ?? null, ...(directNs === undefined ? {} : { directNs }) });
  } else if (event.type === 'error' && event.source && isWorkCallerId(event.source) && event.code !== 'program-crashed') {
    state.missing[event.source] = event.message.replace(`${event.source}: `, '');
  }
  return state;
}

/** setWorkResult takes the run's result (parsed by the widget shell with the manifest's schema) as it is. */
export function setWorkResult(state: WorkViewState, result: WorkPerCallResult): WorkViewState {
  state.result = result;
  return state;
}

/** WorkView is what the widget draws. */
export type WorkView = { headline: string | null; sizes: number[]; rows: WorkPerCallResult['rows']; thresholdPct: number; machine: { line: string; flagged: boolean } | null };

/** workView turns the state into what to draw. */
export function workView(state: WorkViewState): WorkView {
  if (state.result) return { headline: state.result.headline, sizes: state.result.sizes, rows: state.result.rows, thresholdPct: state.result.thresholdPct, machine: machineLine(state.result.machineSpeed, [], workFiguresClock) };
  const seen = workCallerIds.filter((id) => state.samples.some((s) => s.caller === id) || state.missing[id]);
  // The second pass adds sizes around the crossings to the grid's.
  const sizes = [...new Set([...workSizes, ...state.samples.map((s) => s.n)])].sort((a, b) => a - b);
  const rows = summarizeWork(seen, sizes, state.samples, state.missing);
  return {
    headline: workHeadline(rows, sizes),
    sizes,
    rows: rows.map((row) => ({ ...row, label: workCallers[row.id].label, version: null, crossingText: row.id === 'direct' ? 'the baseline' : crossingText(row, rows, sizes) })),
    thresholdPct: overheadThresholdPct,
    machine: machineLine(null, state.samples.map((s) => s.cpuSharePct), workFiguresClock),
  };
}
