/**
 * Reading the work-per-call callers' stdout (native/work-per-call/sweep.h describes it):
 *
 *   {"version":"Go go1.26.8, cgo"}                               first
 *   {"n":100,"iterations":K,"durationNs":T,"cpuNs":C}            one timed batch at N = 100
 *   {…, "directNs":D,"directCpuNs":E}                            an FFI caller's batch, with the
 *                                     same count of direct calls timed right after it in its own
 *                                     process (native/work-per-call/spin_loop.c)
 *
 * Batch lines are the FFI harnesses' format plus `n`, checked by the same parser. Pure.
 */
import { parseHarnessLine } from '../ffi-overhead/sample-line.ts';
import type { FigureClock } from '../stats/machine-speed.ts';
import { median } from '../stats/stats.ts';

/**
 * workFiguresClock: each figure is a batch's running time (runningNs, below), the CPU time
 * of the calling thread (C, Python) or process (Go, Node) whenever that is below the wall
 * time, so its machine-speed check counts only a slower clock as inflation; a caller that
 * waited for a core is flagged as busy, its figures are not inflated by it.
 */
export const workFiguresClock: FigureClock = 'cpu';

/** SweepLine is one parsed line. */
export type SweepLine =
  | { kind: 'version'; version: string }
  | { kind: 'batch'; n: number; iterations: number; durationNs: number; cpuNs: number | null; nsPerCall: number; cpuSharePct: number | null; direct: { durationNs: number; cpuNs: number | null } | null }
  | { kind: 'ignored' }
  | { kind: 'invalid'; reason: string };

/** parseSweepLine classifies one stdout line. */
export function parseSweepLine(line: string): SweepLine {
  const harness = parseHarnessLine(line);
  if (harness.kind === 'invalid' || harness.kind === 'version') return harness;
  if (harness.kind !== 'batch') return { kind: 'ignored' };
  const { n, directNs, directCpuNs } = JSON.parse(line.trim()) as { n?: unknown; directNs?: unknown; directCpuNs?: unknown };
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return { kind: 'invalid', reason: `a batch needs a positive integer "n": ${line.trim().slice(0, 80)}` };
  if (directNs !== undefined && (typeof directNs !== 'number' || !(directNs > 0))) return { kind: 'invalid', reason: `directNs must be a positive number: ${line.trim().slice(0, 80)}` };
  if (directCpuNs !== undefined && (typeof directCpuNs !== 'number' || !(directCpuNs >= 0))) return { kind: 'invalid', reason: `directCpuNs must be a non-negative number: ${line.trim().slice(0, 80)}` };
  const cpuNs = harness.cpuNs ?? null;
  const direct = directNs === undefined ? null : { durationNs: directNs, cpuNs: directCpuNs ?? null };
  return { kind: 'batch', n, iterations: harness.iterations, durationNs: harness.durationNs, cpuNs, nsPerCall: harness.nsPerCall, cpuSharePct: cpuNs === null ? null : (cpuNs / harness.durationNs) * 100, direct };
}

/**
 * runningNs is the time a batch really ran: its wall time, or its CPU time when that is
 * less (the process was descheduled for the difference: on a busy machine nearly every
 * batch of a few ms is, and the wall time then measures the neighbours). CPU time above
 * the wall time is other threads of the process (Go's sysmon), so the wall time stands.
 */
export function runningNs(batch: { durationNs: number; cpuNs: number | null }): number {
  return batch.cpuNs !== null && batch.cpuNs > 0 && batch.cpuNs < batch.durationNs ? batch.cpuNs : batch.durationNs;
}

/**
 * sweepFigures reduces one process's batches to one figure per N, in first-seen order: the
 * fastest batch by its running time, because the work is deterministic and CPU-bound, so
 * every slower batch was slowed by something else (another process on the core, an
 * interrupt), and at large N one descheduling would otherwise move the crossing point by
 * a decade. The rounds' median then deals with a whole process having been slow. The
 * in-process direct calls, when the caller timed them, are reduced the same way.
 */
export function sweepFigures(batches: ReadonlyArray<Extract<SweepLine, { kind: 'batch' }>>): Array<{ n: number; nsPerCall: number; cpuSharePct: number | null; directNsPerCall: number | null }> {
  return [...new Set(batches.map((b) => b.n))].map((n) => {
    const mine = batches.filter((b) => b.n === n);
    const shares = mine.map((b) => b.cpuSharePct).filter((s): s is number => s !== null);
    const direct = mine.flatMap((b) => (b.direct ? [runningNs(b.direct) / b.iterations] : []));
    return { n, nsPerCall: Math.min(...mine.map((b) => runningNs(b) / b.iterations)), cpuSharePct: shares.length ? median(shares) : null, directNsPerCall: direct.length ? Math.min(...direct) : null };
  });
}
