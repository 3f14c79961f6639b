/**
 * Where a benchmark figure's run-to-run spread comes from. A row's figure is made from
 * several fresh processes per run, each timing a few batches; between two runs it can
 * move because
 *   - batches inside a process differ (timer ticks, a slow first batch): "within";
 *   - processes differ as a whole (memory layout, JIT decisions, which core): "between";
 *     with n processes per run, the figure inherits about 1.25 σ / √n of it (a median),
 *     more when the processes fall into two modes;
 *   - the machine differs from one run to the next (clock, host load): what is left when
 *     the measured spread is wider than the processes alone explain.
 * spreadParts puts numbers on the first two and on what the processes alone predict for
 * the run-to-run spread, by redrawing each run from its own processes (a bootstrap: it
 * copes with two modes, where a formula for normal noise would not). A measured spread
 * well above that prediction came from the machine between runs. Pure; a seeded
 * generator keeps it reproducible.
 */
import { max, mean, median, min } from './stats.ts';

/** ProcessFigures is what one process reported: its batches' figures (e.g. ns per call). */
export type ProcessFigures = readonly number[];

/** RunProcesses is one run of a row: its processes, in the order they ran. */
export type RunProcesses = readonly ProcessFigures[];

/** RowEstimator turns a run's per-process figures into the row's figure. */
export type RowEstimator = (perProcess: readonly number[]) => number;

/** SpreadParts says where a row's spread comes from; every figure is in % (NaN: too few data). */
export interface SpreadParts {
  /** Median over all processes of the spread of their batches, (max − min) / median. */
  withinPct: number;
  /** Median over runs of the spread of the per-process figures (each a process's median batch), (max − min) / median. */
  betweenPct: number;
  /** Processes per run (the median count). */
  processes: number;
  /** The run-to-run spread the runs' own process noise predicts (expectedRunToRunPct). */
  expectedPct: number;
  /** The measured run-to-run spread of the row's figure, (max − min) / median. */
  measuredPct: number;
}

/** rangePct is (max − min) / median × 100: the spread measure every part uses. */
export function rangePct(values: readonly number[]): number {
  const m = median(values);
  return values.length >= 2 && m > 0 ? ((max(values) - min(values)) / m) * 100 : NaN;
}

/** seededRandom is a small deterministic generator (mulberry32) in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * expectedRunToRunPct is the run-to-run spread each run's own process noise predicts: a
 * bootstrap that, `trials` times, redraws every run from its own processes (`processes`
 * of them, with replacement; default the run's count), applies the estimator, divides by
 * the run's actual figure, and takes (max − min) / median over the runs; the mean over
 * trials. Dividing by each run's own figure leaves a shift of the whole machine between
 * runs out: what is left is what the draw of processes alone does.
 */
export function expectedRunToRunPct(
  runs: readonly (readonly number[])[],
  estimator: RowEstimator,
  options: { processes?: number; trials?: number; seed?: number } = {},
): number {
  const usable = runs
    .map((perProcess) => perProcess.filter(Number.isFinite))
    .map((values) => ({ values, figure: estimator(values) }))
    .filter((run) => run.values.length > 0 && run.figure > 0);
  if (usable.length < 2) return NaN;
  const random = seededRandom(options.seed ?? 1);
  const redraw = (values: readonly number[]): number[] =>
    Array.from({ length: options.processes ?? values.length }, () => values[Math.floor(random() * values.length)]!);
  const trials = options.trials ?? 400;
  const spreads = Array.from({ length: trials }, () => rangePct(usable.map((run) => estimator(redraw(run.values)) / run.figure)));
  return mean(spreads);
}

/** spreadParts decomposes a row's spread over several runs (see the module comment). */
export function spreadParts(runs: readonly RunProcesses[], estimator: RowEstimator): SpreadParts {
  const perProcess = runs.map((run) => run.filter((batches) => batches.length > 0).map((batches) => median(batches)));
  return {
    withinPct: median(runs.flatMap((run) => run.map(rangePct))),
    betweenPct: median(perProcess.map(rangePct)),
    processes: median(perProcess.map((p) => p.length)),
    expectedPct: expectedRunToRunPct(perProcess, estimator),
    measuredPct: rangePct(perProcess.map(estimator)),
  };
}
