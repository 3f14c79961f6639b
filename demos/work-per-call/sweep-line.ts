/**
 * Reading the work-per-call callers' stdout (native/work-per-call/sweep.h describes it):
 *
 *   {"version":"Go go1.26.8, cgo"}                               first
 *   {"n":100,"iterations":K,"durationNs":T,"cpuNs":C}            one timed batch at N = 100
 *
 * Batch lines are the FFI harnesses' format plus `n`, checked by the same parser. Pure.
 */
import { parseHarnessLine } from '../ffi-overhead/sample-line.ts';
import { median } from '../stats/stats.ts';

/** SweepLine is one parsed line. */
export type SweepLine =
  | { kind: 'version'; version: string }
  | { kind: 'batch'; n: number; iterations: number; durationNs: number; cpuNs: number | null; nsPerCall: number; cpuSharePct: number | null }
  | { kind: 'ignored' }
  | { kind: 'invalid'; reason: string };

/** parseSweepLine classifies one stdout line. */
export function parseSweepLine(line: string): SweepLine {
  const harness = parseHarnessLine(line);
  if (harness.kind === 'invalid' || harness.kind === 'version') return harness;
  if (harness.kind !== 'batch') return { kind: 'ignored' };
  const n = (JSON.parse(line.trim()) as { n?: unknown }).n;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return { kind: 'invalid', reason: `a batch needs a positive integer "n": ${line.trim().slice(0, 80)}` };
  const cpuNs = harness.cpuNs ?? null;
  return { kind: 'batch', n, iterations: harness.iterations, durationNs: harness.durationNs, cpuNs, nsPerCall: harness.nsPerCall, cpuSharePct: cpuNs === null ? null : (cpuNs / harness.durationNs) * 100 };
}

/**
 * sweepFigures reduces one process's batches to one figure per N, in first-seen order: the
 * fastest batch, because the work is deterministic and CPU-bound, so every slower batch
 * was slowed by something else (another process on the core, an interrupt), and at large
 * N one descheduling would otherwise move the crossing point by a decade. The rounds'
 * median then deals with a whole process having been slow.
 */
export function sweepFigures(batches: ReadonlyArray<Extract<SweepLine, { kind: 'batch' }>>): Array<{ n: number; nsPerCall: number; cpuSharePct: number | null }> {
  return [...new Set(batches.map((b) => b.n))].map((n) => {
    const mine = batches.filter((b) => b.n === n);
    const shares = mine.map((b) => b.cpuSharePct).filter((s): s is number => s !== null);
    return { n, nsPerCall: Math.min(...mine.map((b) => b.nsPerCall)), cpuSharePct: shares.length ? median(shares) : null };
  });
}
