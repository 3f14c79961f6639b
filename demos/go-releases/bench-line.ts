/**
 * Reading the go-releases benchmark's stdout (native/go-releases/main.go), one JSON
 * object per line:
 *
 *   {"version":"go1.10.8","variants":["cgo","callback"]}          first: what the build has
 *   {"sentinel":"before","adds":A,"wallNs":T,"cpuNs":C}           spin(A) through cgo, before
 *   {"variant":"cgo","iterations":N,"durationNs":T,"cpuNs":C,"threadNs":H}   one timed batch
 *   {"sentinel":"after",…}                                         and after the batches
 *
 * Batch lines are the FFI harnesses' format plus `variant` and `threadNs`, and are checked
 * by the same parser. A batch's ns per call is the calling thread's CPU time (`threadNs`)
 * over its calls when the line has it: on a quiet machine that is the wall time, and on a
 * busy one it leaves out the moments the thread waited for a core, which made the wall
 * times of one release's processes differ by tens of percent (the wall figure is kept as
 * `wallNsPerCall`, `cpuSharePct` still says how much of the wall the process ran). One
 * process's figure for a variant is the median of its batches. Pure.
 */
import { parseHarnessLine } from '../ffi-overhead/sample-line.ts';
import { median } from '../stats/stats.ts';
import type { FigureClock, SpinReading } from '../stats/machine-speed.ts';
import { isReleaseVariant, type ReleaseVariant } from './variants.ts';

/**
 * releaseFiguresClock: the sweep's figures are the calling thread's CPU time (`threadNs`,
 * above), so its machine-speed check counts only a slower clock as inflation; a process
 * that waited for a core is flagged as busy, its figures are not inflated by it.
 */
export const releaseFiguresClock: FigureClock = 'cpu';

/** ReleaseBenchLine is one parsed line. */
export type ReleaseBenchLine =
  | { kind: 'header'; version: string; variants: ReleaseVariant[] }
  | { kind: 'batch'; variant: ReleaseVariant; nsPerCall: number; wallNsPerCall: number; cpuSharePct: number | null }
  | { kind: 'sentinel'; reading: SpinReading }
  | { kind: 'ignored' }
  | { kind: 'invalid'; reason: string };

/** parseReleaseBenchLine classifies one stdout line. */
export function parseReleaseBenchLine(line: string): ReleaseBenchLine {
  const harness = parseHarnessLine(line);
  if (harness.kind === 'invalid') return harness;
  if (harness.kind === 'fixed' || harness.kind === 'spin') return { kind: 'ignored' };
  if (harness.kind === 'ignored') return parseSentinel(line);
  const obj = JSON.parse(line.trim()) as { variants?: unknown; variant?: unknown; threadNs?: unknown };
  if (harness.kind === 'version') {
    const variants: ReleaseVariant[] = [];
    for (const variant of Array.isArray(obj.variants) ? (obj.variants as unknown[]) : []) {
      if (!isReleaseVariant(variant)) return { kind: 'invalid', reason: `unknown variant ${JSON.stringify(variant)}` };
      variants.push(variant);
    }
    return { kind: 'header', version: harness.version, variants };
  }
  const variant = obj.variant;
  if (!isReleaseVariant(variant)) return { kind: 'invalid', reason: `a batch needs a known "variant": ${line.trim().slice(0, 80)}` };
  const cpuSharePct = harness.cpuNs === undefined ? null : (harness.cpuNs / harness.durationNs) * 100;
  const { threadNs } = obj;
  if (threadNs === undefined) return { kind: 'batch', variant, nsPerCall: harness.nsPerCall, wallNsPerCall: harness.nsPerCall, cpuSharePct };
  if (typeof threadNs !== 'number' || !(threadNs > 0) || !Number.isFinite(threadNs)) return { kind: 'invalid', reason: `threadNs must be a positive number: ${line.trim().slice(0, 80)}` };
  return { kind: 'batch', variant, nsPerCall: threadNs / harness.iterations, wallNsPerCall: harness.nsPerCall, cpuSharePct };
}

/** parseSentinel reads a sentinel line (spin timed through the FFI), or ignores the line. */
function parseSentinel(line: string): ReleaseBenchLine {
  let obj: { sentinel?: unknown; adds?: unknown; wallNs?: unknown; cpuNs?: unknown } | null;
  try {
    obj = JSON.parse(line.trim()) as typeof obj;
  } catch {
    return { kind: 'ignored' };
  }
  // Any JSON that is not an object with a string `sentinel` (a number, null, an array) is chatter.
  if (typeof obj?.sentinel !== 'string') return { kind: 'ignored' };
  const { adds, wallNs, cpuNs } = obj;
  if (typeof adds !== 'number' || !(adds > 0) || typeof wallNs !== 'number' || !(wallNs > 0)) return { kind: 'invalid', reason: `a sentinel needs positive adds and wallNs: ${line.trim().slice(0, 80)}` };
  return { kind: 'sentinel', reading: typeof cpuNs === 'number' && cpuNs >= 0 ? { adds, wallNs, cpuNs } : { adds, wallNs } };
}

/** ProcessFigure is one process's result for one variant (medians of its batches). */
export type ProcessFigure = { variant: ReleaseVariant; nsPerCall: number; wallNsPerCall: number; batches: number; cpuSharePct: number | null };

/** processFigures reduces one process's batches to a figure per variant (medians), in first-seen order. */
export function processFigures(batches: ReadonlyArray<Extract<ReleaseBenchLine, { kind: 'batch' }>>): ProcessFigure[] {
  const variants = [...new Set(batches.map((b) => b.variant))];
  return variants.map((variant) => {
    const mine = batches.filter((b) => b.variant === variant);
    const shares = mine.map((b) => b.cpuSharePct).filter((s): s is number => s !== null);
    return { variant, nsPerCall: median(mine.map((b) => b.nsPerCall)), wallNsPerCall: median(mine.map((b) => b.wallNsPerCall)), batches: mine.length, cpuSharePct: shares.length ? median(shares) : null };
  });
}
