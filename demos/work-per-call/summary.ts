/**
 * The work-per-call table: for each caller the median ns per call at each N, the share
 * spent crossing for each FFI (paired within rounds), and where that share falls under
 * the threshold, with its 95 % interval (crossing-fit.ts); plus the stage answer. Pure:
 * the runner builds its result with it and the widget redraws with it while samples
 * stream in.
 */
import { formatWorkSize, medianBySize, type WorkSample } from './crossing.ts';
import { estimateCrossing, type CrossingEstimate } from './crossing-fit.ts';
import { overheadThresholdPct, workCallers, type WorkCallerId } from './callers.ts';

/** WorkRow is one caller's line of the table. */
export type WorkRow = {
  id: WorkCallerId;
  label: string;
  /** Why it could not run here (then it has no figures). */
  missing: string | null;
  nsPerCall: Array<number | null>;
  /** (this − direct) ÷ this × 100 at each N, the median over rounds of each round's pair; all null for the direct row itself. */
  overheadPct: Array<number | null>;
  crossing: CrossingEstimate | null;
};

/**
 * summarizeWork builds the rows for the callers asked. With `random` (seeded by the run)
 * each crossing gets its bootstrap interval; without it (while samples stream in) none.
 */
export function summarizeWork(callers: readonly WorkCallerId[], sizes: readonly number[], samples: readonly WorkSample[], missing: Partial<Record<WorkCallerId, string>>, random: (() => number) | null = null): WorkRow[] {
  return callers.map((id) => {
    const nsPerCall = medianBySize(samples, id, sizes);
    const estimate = id === 'direct' ? null : estimateCrossing(samples, id, sizes, overheadThresholdPct, random);
    const shares = estimate?.sharesPct ?? sizes.map(() => null);
    const measured = shares.some((share) => share !== null);
    return {
      id,
      label: workCallers[id].label,
      missing: missing[id] ?? null,
      nsPerCall,
      overheadPct: shares,
      crossing: measured && estimate ? estimate.crossing : null,
    };
  });
}

/** formatInterval renders a crossing's 95 % interval: "1 500–2 200", or '' without one. */
export function formatInterval(crossing: CrossingEstimate): string {
  return crossing.kind === 'crosses' && crossing.interval ? `${formatWorkSize(crossing.interval.low)}–${formatWorkSize(crossing.interval.high)}` : '';
}

/** directNsAt is how long the direct call takes at N, interpolated on the log-log line through the measured sizes. */
export function directNsAt(rows: readonly WorkRow[], sizes: readonly number[], n: number): number | null {
  const direct = rows.find((row) => row.id === 'direct');
  if (!direct) return null;
  const points = sizes.map((size, i) => ({ size, ns: direct.nsPerCall[i] ?? null })).filter((p): p is { size: number; ns: number } => p.ns !== null && p.ns > 0);
  const upper = points.findIndex((p) => p.size >= n);
  if (upper <= 0) return points[Math.max(0, upper)]?.ns ?? null;
  const a = points[upper - 1]!;
  const b = points[upper]!;
  const t = (Math.log10(n) - Math.log10(a.size)) / (Math.log10(b.size) - Math.log10(a.size));
  return 10 ** (Math.log10(a.ns) + t * (Math.log10(b.ns) - Math.log10(a.ns)));
}

/** formatWorkNs renders the work's duration: "45 ns", "1.3 µs", "200 µs", "1.2 ms". */
export function formatWorkNs(ns: number): string {
  const two = (value: number): string => (value < 10 ? value.toFixed(1) : String(Math.round(value)));
  if (ns < 1_000) return `${Math.round(ns)} ns`;
  if (ns < 1_000_000) return `${two(ns / 1_000)} µs`;
  return `${two(ns / 1_000_000)} ms`;
}

/**
 * crossingText says where one FFI's crossing stops mattering, with the work it takes:
 * "≈ 1 200 (1 100–1 800) · 315 ns" with its 95 % interval, "N ≈ 1 200 (315 ns of work)"
 * without one.
 */
export function crossingText(row: WorkRow, rows: readonly WorkRow[], sizes: readonly number[]): string {
  const c = row.crossing;
  if (!c) return 'not measured';
  if (c.kind === 'never') return c.largestN === null ? 'not measured' : `over ${overheadThresholdPct} % even at N = ${formatWorkSize(c.largestN)}`;
  const work = directNsAt(rows, sizes, c.n);
  const of = work === null ? '' : ` (${formatWorkNs(work)} of work)`;
  if (c.kind === 'always') return `under ${overheadThresholdPct} % from N = ${formatWorkSize(c.n)}${of}`;
  const interval = formatInterval(c);
  // With an interval the line must stay short at 1280×720: "≈ 1 200 (1 100–1 800) · 315 ns".
  if (interval) return `≈ ${formatWorkSize(c.n)} (${interval})${work === null ? '' : ` · ${formatWorkNs(work)}`}`;
  return `N ≈ ${formatWorkSize(c.n)}${of}`;
}

/**
 * workHeadline is the stage answer, about cgo when it was measured: "cgo: under 10 % from
 * ≈ 1 800 adds per call (95 %: 1 500–2 200)"; without an interval, the work it takes
 * ("(450 ns of work)") instead.
 */
export function workHeadline(rows: readonly WorkRow[], sizes: readonly number[]): string | null {
  const row = rows.find((r) => r.id === 'cgo' && r.crossing) ?? rows.find((r) => r.crossing);
  if (!row?.crossing) return null;
  const name = row.id === 'cgo' ? 'cgo' : row.id;
  const c = row.crossing;
  if (c.kind === 'never') return c.largestN === null ? null : `${name}: the crossing still costs over ${overheadThresholdPct} % at ${formatWorkSize(c.largestN)} adds`;
  const interval = formatInterval(c);
  const work = directNsAt(rows, sizes, c.n);
  const after = interval ? ` (95 %: ${interval})` : work === null ? '' : ` (${formatWorkNs(work)} of work)`;
  return `${name}: under ${overheadThresholdPct} % from ≈ ${formatWorkSize(c.n)} adds per call${after}`;
}
