/**
 * Extra rounds for the cells whose 95 % interval is still wide. After the sweep's planned
 * rounds, every release that has a variant wider than the target (± 3 % by default, or
 * with too few samples for an interval) runs again, one fresh process each, in another
 * shuffled round of just those releases, until every interval is narrow, a release has
 * had the most rounds allowed, or the next round would not fit in the run's time budget.
 * A wide cell left at the end says which of the two stopped it.
 *
 * Stopping once an interval is narrow makes it a little less than 95 % sure (the rounds
 * depend on the samples seen); the cap keeps that small, and the planned rounds come
 * first whatever they show. Pure: the runner passes the clock and the timings.
 */
import type { ReleaseRow } from './summary.ts';
import { releaseVariants, type ReleaseVariant } from './variants.ts';

/** RoundLimits bound a sweep's extra rounds. */
export type RoundLimits = {
  /** The widest ± (in % of the median) an interval may have. */
  targetPct: number;
  /** Most processes (rounds) one release may run, planned ones included. */
  maxRounds: number;
  /** Wall time the rounds may take in all, from the first one, ms. */
  budgetMs: number;
};

/** budgetPerReleaseMs is the default time budget per release measured: 12 s (a full sweep of 10 releases, 120 s). */
export const budgetPerReleaseMs = 12_000;

/** maxBudgetMs caps the default budget, so a full sweep stays within its 3 minutes with builds checked. */
export const maxBudgetMs = 150_000;

/** defaultBudgetMs is the rounds' time budget for a sweep of `releases` releases. */
export function defaultBudgetMs(releases: number): number {
  return Math.min(maxBudgetMs, budgetPerReleaseMs * Math.max(1, releases));
}

/** WideCell is one release's variant whose interval is wider than the target. */
export type WideCell = {
  release: string;
  variant: ReleaseVariant;
  /** null: too few samples for a 95 % interval. */
  plusMinusPct: number | null;
  samples: number;
};

/** wideCells lists the measured cells wider than `targetPct`, widest first (no interval at all counts as widest). */
export function wideCells(rows: readonly ReleaseRow[], targetPct: number): WideCell[] {
  const cells: WideCell[] = [];
  for (const row of rows) {
    if (row.missing) continue;
    for (const variant of releaseVariants) {
      const stats = row.variants[variant];
      if (!stats) continue;
      if (stats.plusMinusPct === null || stats.plusMinusPct > targetPct) cells.push({ release: row.version, variant, plusMinusPct: stats.plusMinusPct, samples: stats.samples });
    }
  }
  return cells.sort((a, b) => (b.plusMinusPct ?? Infinity) - (a.plusMinusPct ?? Infinity));
}

/** StopReason says why the extra rounds ended. */
export type StopReason = 'narrow' | 'round-cap' | 'time-budget';

/** ExtraRound is the next step: run these releases once more each, or stop. */
export type ExtraRound = { kind: 'run'; releases: string[] } | { kind: 'stop'; reason: StopReason };

/** ExtraRoundInput is what the decision needs to know about the run so far. */
export type ExtraRoundInput = {
  wide: readonly WideCell[];
  /** Processes each release has run so far. */
  roundsRun: ReadonlyMap<string, number>;
  /** A typical process's wall time for each release, ms (its median so far). */
  processMs: ReadonlyMap<string, number>;
  /** Wall time since the first round started, ms. */
  elapsedMs: number;
  limits: RoundLimits;
};

/**
 * planExtraRound picks the releases of the next extra round: each release with a wide
 * cell and rounds left, widest first, as many as fit in the time left (a release with no
 * timing yet is assumed as slow as the slowest known). It stops when nothing is wide
 * ("narrow"), when every wide release has had its rounds ("round-cap"), or when not even
 * the widest one's process fits ("time-budget").
 */
export function planExtraRound(input: ExtraRoundInput): ExtraRound {
  const { wide, roundsRun, processMs, elapsedMs, limits } = input;
  if (wide.length === 0) return { kind: 'stop', reason: 'narrow' };
  const releases = [...new Set(wide.map((cell) => cell.release))];
  const open = releases.filter((release) => (roundsRun.get(release) ?? 0) < limits.maxRounds);
  if (open.length === 0) return { kind: 'stop', reason: 'round-cap' };
  const slowest = Math.max(0, ...processMs.values());
  let left = limits.budgetMs - elapsedMs;
  const chosen: string[] = [];
  for (const release of open) {
    const cost = processMs.get(release) ?? slowest;
    if (cost > left) continue;
    chosen.push(release);
    left -= cost;
  }
  return chosen.length ? { kind: 'run', releases: chosen } : { kind: 'stop', reason: 'time-budget' };
}

/** WideCellReport is a cell still wide when the rounds ended, with why they ended for it. */
export type WideCellReport = WideCell & { rounds: number; reason: Exclude<StopReason, 'narrow'> };

/** reportWide says, for each cell still wide at the end, whether its release hit the round cap or the budget ran out. */
export function reportWide(wide: readonly WideCell[], roundsRun: ReadonlyMap<string, number>, limits: RoundLimits): WideCellReport[] {
  return wide.map((cell) => {
    const rounds = roundsRun.get(cell.release) ?? 0;
    return { ...cell, rounds, reason: rounds >= limits.maxRounds ? 'round-cap' : 'time-budget' };
  });
}

/**
 * describeWide is the line the slide and the terminal print about the cells still wide,
 * short enough for the slide: the widest one, with its rounds and what stopped them, and
 * how many more there are (the result lists them all); null when all are narrow.
 */
export function describeWide(report: readonly WideCellReport[], limits: RoundLimits): string | null {
  const widest = report[0];
  if (!widest) return null;
  const width = widest.plusMinusPct === null ? 'no interval' : `±${widest.plusMinusPct.toFixed(1)} %`;
  const why = widest.reason === 'round-cap' ? `the cap of ${limits.maxRounds} rounds` : 'the time budget ran out';
  const more = report.length > 1 ? ` (${report.length - 1} more)` : '';
  return `Wider than ±${limits.targetPct} %: ${widest.release} ${widest.variant} ${width} after ${widest.rounds} rounds, ${why}${more}.`;
}
