/**
 * Reading the go-releases benchmark's stdout (native/go-releases/main.go), one JSON
 * object per line:
 *
 *   {"version":"go1.10.8","variants":["cgo","callback"]}          first: what the build has
 *   {"sentinel":"before","adds":A,"wallNs":T,"cpuNs":C}           spin(A) through cgo, before
 *   {"variant":"cgo","iterations":N,"durationNs":T,"cpuNs":C,"threadNs":H,"clockAdds":K,"clockNs":S}
 *                                                                  one timed batch, spin(K) took S
 *                                                                  ns of CPU just before it
 *   {"sentinel":"after",…}                                         and after the batches
 *
 * Batch lines are the FFI harnesses' format plus `variant` and `threadNs`, and are checked
 * by the same parser. A batch's ns per call is the calling thread's CPU time (`threadNs`)
 * over its calls when the line has it: on a quiet machine that is the wall time, and on a
 * busy one it leaves out the moments the thread waited for a core, which made the wall
 * times of one release's processes differ by tens of percent (the wall figure is kept as
 * `wallNsPerCall`, `cpuSharePct` still says how much of the wall the process ran). A
 * batch's clock is the sentinel read next to it (demos/stats/full-clock.ts): one process's
 * figure for a variant is the median of its batches at full clock, or of all of them when
 * there is no reference to judge by. Pure.
 */
import { parseHarnessLine } from '../ffi-overhead/sample-line.ts';
import { median } from '../stats/stats.ts';
import { spinRateGHz, type FigureClock, type SpinReading } from '../stats/machine-speed.ts';
import { bracketedClocks, clockGHzOf, isAtFullClock } from '../stats/full-clock.ts';
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
  | { kind: 'batch'; variant: ReleaseVariant; nsPerCall: number; wallNsPerCall: number; cpuSharePct: number | null; clockGHz: number | null }
  | { kind: 'sentinel'; when: string; reading: SpinReading }
  | { kind: 'ignored' }
  | { kind: 'invalid'; reason: string };

/** parseReleaseBenchLine classifies one stdout line. */
export function parseReleaseBenchLine(line: string): ReleaseBenchLine {
  const harness = parseHarnessLine(line);
  if (harness.kind === 'invalid') return harness;
  if (harness.kind === 'fixed' || harness.kind === 'spin') return { kind: 'ignored' };
  if (harness.kind === 'ignored') return parseSentinel(line);
  const obj = JSON.parse(line.trim()) as { variants?: unknown; variant?: unknown; threadNs?: unknown; clockAdds?: unknown; clockNs?: unknown };
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
  const { threadNs, clockAdds, clockNs } = obj;
  let clockGHz: number | null = null;
  if (clockAdds !== undefined || clockNs !== undefined) {
    clockGHz = clockGHzOf(typeof clockAdds === 'number' ? clockAdds : NaN, typeof clockNs === 'number' ? clockNs : NaN);
    if (clockGHz === null) return { kind: 'invalid', reason: `clockAdds and clockNs must be positive numbers: ${line.trim().slice(0, 80)}` };
  }
  if (threadNs === undefined) return { kind: 'batch', variant, nsPerCall: harness.nsPerCall, wallNsPerCall: harness.nsPerCall, cpuSharePct, clockGHz };
  if (typeof threadNs !== 'number' || !(threadNs > 0) || !Number.isFinite(threadNs)) return { kind: 'invalid', reason: `threadNs must be a positive number: ${line.trim().slice(0, 80)}` };
  return { kind: 'batch', variant, nsPerCall: threadNs / harness.iterations, wallNsPerCall: harness.nsPerCall, cpuSharePct, clockGHz };
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
  return { kind: 'sentinel', when: obj.sentinel, reading: typeof cpuNs === 'number' && cpuNs >= 0 ? { adds, wallNs, cpuNs } : { adds, wallNs } };
}

/** ReleaseBatch is one parsed batch line. */
export type ReleaseBatch = Extract<ReleaseBenchLine, { kind: 'batch' }>;

/** ClockedBatch is a batch with the clock that brackets it: the lower of the readings before and after it. */
export type ClockedBatch = ReleaseBatch & { bracketGHz: number | null };

/**
 * bracketBatches gives one process's batches (in the order they ran) their bracketing
 * clock: the next batch's reading closes each batch, the process's closing sentinel (its
 * "after" reading, when it has one) the last.
 */
export function bracketBatches(batches: readonly ReleaseBatch[], closing: SpinReading | undefined): ClockedBatch[] {
  const closingGHz = closing ? spinRateGHz([closing]) : NaN;
  const brackets = bracketedClocks(batches.map((b) => b.clockGHz), Number.isFinite(closingGHz) ? closingGHz : null);
  return batches.map((batch, i) => ({ ...batch, bracketGHz: brackets[i]! }));
}

/**
 * ProcessFigure is one process's result for one variant: medians of its batches at full
 * clock (`batches` of `allBatches`; `clockGHz` their median clock, null when unknown).
 */
export type ProcessFigure = { variant: ReleaseVariant; nsPerCall: number; wallNsPerCall: number; batches: number; allBatches: number; clockGHz: number | null; cpuSharePct: number | null };

/**
 * processFigures reduces one process's batches to a figure per variant (medians of the
 * batches at full clock against `referenceGHz`; all of them when it is NaN), in first-seen
 * order. A variant none of whose batches ran at full clock has no figure from this process.
 */
export function processFigures(batches: readonly ClockedBatch[], referenceGHz = NaN): ProcessFigure[] {
  const variants = [...new Set(batches.map((b) => b.variant))];
  const figures: ProcessFigure[] = [];
  for (const variant of variants) {
    const all = batches.filter((b) => b.variant === variant);
    const mine = all.filter((b) => isAtFullClock(b.bracketGHz, referenceGHz));
    if (mine.length === 0) continue;
    const shares = mine.map((b) => b.cpuSharePct).filter((s): s is number => s !== null);
    const clocks = mine.map((b) => b.bracketGHz).filter((c): c is number => c !== null);
    figures.push({
      variant,
      nsPerCall: median(mine.map((b) => b.nsPerCall)),
      wallNsPerCall: median(mine.map((b) => b.wallNsPerCall)),
      batches: mine.length,
      allBatches: all.length,
      clockGHz: clocks.length ? median(clocks) : null,
      cpuSharePct: shares.length ? median(shares) : null,
    });
  }
  return figures;
}

/**
 * ProcessEvidence is what the machine-speed check learns from one process: the clock
 * readings its figures were taken at, and the CPU share of the batches that counted.
 */
export type ProcessEvidence = { readings: SpinReading[]; cpuSharePct: number | null };

/**
 * processEvidence: with a reference clock, the bracketing clocks of the batches at full
 * clock (the conditions the figures were taken in); without one, the process's own
 * sentinels around its batches and the share over all of them.
 */
export function processEvidence(batches: readonly ClockedBatch[], sentinels: readonly SpinReading[], referenceGHz: number): ProcessEvidence {
  const counted = batches.filter((b) => isAtFullClock(b.bracketGHz, referenceGHz));
  const shares = counted.map((b) => b.cpuSharePct).filter((s): s is number => s !== null);
  const cpuSharePct = shares.length ? median(shares) : null;
  if (!Number.isFinite(referenceGHz)) return { readings: [...sentinels], cpuSharePct };
  // A rate is all a reading carries here: 1 µs at that rate.
  const readings = counted.flatMap((b) => (b.bracketGHz === null ? [] : [{ adds: b.bracketGHz * 1000, wallNs: 1000, cpuNs: 1000 }]));
  return { readings, cpuSharePct };
}
