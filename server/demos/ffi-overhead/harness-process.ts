/**
 * One process of the FFI benchmark (the ffi-overhead runner's run half): a timed harness
 * process, whose JSON lines become samples, or one round of a standalone loop, timed from
 * outside. Every failure becomes an `error` event naming the runtime (`source`), with
 * the stderr tail as detail, and an `error` outcome: the runner then drops the row and
 * goes on with the others.
 */
import { performance } from 'node:perf_hooks';
import { parseHarnessLine } from '../../../demos/ffi-overhead/sample-line.ts';
import { cpuTimesDelta, spinRateGHz, type SpinReading } from '../../../demos/stats/machine-speed.ts';
import { median } from '../../../demos/stats/stats.ts';
import { readCpuTimes } from '../../machine-speed/cpu-times.ts';
import type { DemoContext } from '../demo-context.ts';
import type { HarnessCommand } from './harness-plans.ts';

/**
 * ProcessOutcome says why a process failed, if it did; of a timed harness that ran, how
 * long it took and how much of that it spent outside its batches and sentinel calls
 * (start-up, calibration, warm-up, exit), in ms.
 */
export type ProcessOutcome = { error?: string; wallMs?: number; overheadMs?: number };

/** SampleSink receives one sample's values (the runner adds the round and emits it). */
export type SampleSink = (values: Record<string, number>) => void;

/**
 * fixedLoopMs is how long each standalone fidelity loop should take: long enough that the
 * process start-up's jitter (≈ ±0.3 ms for C, ±1 ms for Go on the 2-core VM, less in the
 * median over the loops kept) stays small beside it, short enough that the host's clock
 * often holds for all of it (it changes on a ~100 ms scale).
 */
export const fixedLoopMs = 25;

/** fixedLoopsPerRound is how many standalone loops (fresh processes) a fidelity round runs: more chances at full clock. */
export const fixedLoopsPerRound = 5;

/** harnessTimeoutMs bounds one harness process: start-up, calibration, warm-up, the sentinel and the batches, with room for a loaded machine. */
export function harnessTimeoutMs(batches: number, batchMs: number): number {
  return 20_000 + (batches + 6) * batchMs * 4;
}

/** fixedCountFor picks the fidelity loop's call count from the harness's ns per call. */
export function fixedCountFor(nsPerCall: number | undefined, fallbackNs: number): number {
  const ns = nsPerCall !== undefined && nsPerCall > 0 ? nsPerCall : fallbackNs;
  return Math.max(1000, Math.min(2_000_000_000, Math.round((fixedLoopMs * 1e6) / ns)));
}

/** tail keeps the last lines of a process's stderr for an error's detail. */
function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** HarnessProcess is one timed harness process to run. */
export interface HarnessProcess {
  id: string;
  label: string;
  command: HarnessCommand;
  batches: number;
  timeoutMs: number;
  onSample: SampleSink;
  onVersion(version: string): void;
}

/** readingOf is a parsed sentinel line as a SpinReading. */
function readingOf(line: { spinAdds: number; spinNs: number; spinCpuNs?: number }): SpinReading {
  return line.spinCpuNs === undefined ? { adds: line.spinAdds, wallNs: line.spinNs } : { adds: line.spinAdds, wallNs: line.spinNs, cpuNs: line.spinCpuNs };
}

/**
 * runHarnessProcess runs one harness process; its batch and sentinel lines become samples
 * as they arrive, and the steal time over the process one more at its end. A batch line
 * right after a sentinel line carries that sentinel's rate as `clockGHz` (the harnesses
 * time the sentinel right before each batch), which the summary filters on.
 */
export async function runHarnessProcess(ctx: DemoContext<unknown>, p: HarnessProcess): Promise<ProcessOutcome> {
  let seen = 0;
  let measuredNs = 0;
  let stderr = '';
  let adjacent: SpinReading | undefined;
  const before = await readCpuTimes();
  try {
    const result = await ctx.exec(p.command.cmd, p.command.args, {
      source: p.id,
      env: p.command.env,
      timeoutMs: p.timeoutMs,
      streamOutput: false,
      onStdoutLine: (line) => {
        const parsed = parseHarnessLine(line);
        if (parsed.kind === 'batch') {
          seen += 1;
          const { iterations, durationNs, nsPerCall, cpuNs } = parsed;
          measuredNs += durationNs;
          const values: Record<string, number> = { iterations, durationNs, nsPerCall };
          if (cpuNs !== undefined) values.cpuNs = cpuNs;
          const clockGHz = adjacent ? spinRateGHz([adjacent]) : NaN;
          if (Number.isFinite(clockGHz)) values.clockGHz = clockGHz;
          adjacent = undefined;
          p.onSample(values);
        } else if (parsed.kind === 'spin') {
          const { spinAdds, spinNs, spinCpuNs } = parsed;
          measuredNs += spinNs;
          adjacent = readingOf(parsed);
          p.onSample(spinCpuNs === undefined ? { spinAdds, spinNs } : { spinAdds, spinNs, spinCpuNs });
        } else if (parsed.kind === 'version') {
          p.onVersion(parsed.version);
        } else if (parsed.kind === 'invalid') {
          ctx.stderr(`${parsed.reason}\n`, p.id);
        }
      },
      onStderrLine: (line) => {
        stderr += `${line}\n`;
        ctx.stderr(`${line}\n`, p.id);
      },
    });
    const after = await readCpuTimes();
    if (before && after) {
      const delta = cpuTimesDelta(before, after);
      if (delta.totalTicks > 0) p.onSample({ stealTicks: delta.stealTicks, cpuTicks: delta.totalTicks });
    }
    if (result.cancelled) return { error: 'cancelled' };
    const detail = tail(stderr || result.stderr);
    if (result.timedOut) {
      ctx.error('timeout', `${p.label}: no result within ${Math.round(p.timeoutMs / 1000)} s`, { source: p.id, detail });
      return { error: 'timeout' };
    }
    if (result.exitCode !== 0) {
      const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
      ctx.error('program-crashed', `${p.label}: harness ${how}`, { source: p.id, detail });
      return { error: `harness ${how}` };
    }
    if (seen < p.batches) {
      ctx.error('program-crashed', `${p.label}: harness printed ${seen} of ${p.batches} batches`, { source: p.id, detail });
      return { error: 'too few batches' };
    }
    return { wallMs: result.durationMs, overheadMs: Math.max(0, result.durationMs - measuredNs / 1e6) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.error('program-crashed', `${p.label}: harness could not start`, { source: p.id, detail: message });
    return { error: 'could not start' };
  }
}

/** StandaloneRound is one round of a fidelity row. */
export interface StandaloneRound {
  id: string;
  label: string;
  /** The `--fixed <count> <spinAdds>` command of the checked harness. */
  fixed(count: number, spinAdds: number): HarnessCommand;
  count: number;
  /** Adds per sentinel call, timed by the harness right before and right after its loop. */
  spinAdds: number;
  /** Standalone loops (fresh processes) in this round. */
  loops: number;
  /**
   * The start-up times (ns) of this row's earlier zero-count runs; this round's is added.
   * Their median is subtracted: one start-up varies by milliseconds (a Go runtime's more
   * than a C program's), and the loops' own start-ups are draws from the same spread.
   */
  startups: number[];
  onSample: SampleSink;
}

/** FixedRun is one `--fixed` process timed from outside, less the sentinel calls it made (which it reports). */
type FixedRun = { elapsedNs: number; spins: SpinReading[] };

/**
 * runStandaloneRound is one round of the fidelity check: the harness's own loop function
 * run for a fixed count in fresh processes (`loops` of them), each timed from outside; a
 * zero-count run just before them measures the process start-up, whose median over the
 * row's rounds so far is subtracted, as are the sentinel calls each process reports. Each loop's sample carries as `clockGHz`
 * the slower of its two sentinels (right before and right after the loop), so the summary
 * keeps a loop only if the clock held for all of it, as it keeps a harness's batches.
 */
export async function runStandaloneRound(ctx: DemoContext<unknown>, r: StandaloneRound): Promise<ProcessOutcome> {
  const once = async (n: number): Promise<FixedRun | string> => {
    const command = r.fixed(n, r.spinAdds);
    const start = performance.now();
    try {
      const result = await ctx.exec(command.cmd, command.args, { source: r.id, timeoutMs: 60_000, streamOutput: false });
      const elapsedNs = (performance.now() - start) * 1e6;
      if (result.cancelled) return 'cancelled';
      if (result.timedOut || result.exitCode !== 0) return tail(result.stderr) || `exit ${result.exitCode ?? result.signal}`;
      const lines = result.stdout.trim().split('\n').map(parseHarnessLine);
      const fixed = lines.find((l) => l.kind === 'fixed');
      if (!fixed || fixed.kind !== 'fixed' || fixed.x !== n) return `standalone loop printed ${result.stdout.trim().slice(0, 80)}`;
      const spins = lines.flatMap((l) => (l.kind === 'spin' ? [readingOf(l)] : []));
      return { elapsedNs: elapsedNs - spins.reduce((sum, s) => sum + s.wallNs, 0), spins };
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };
  const fail = (detail: string): ProcessOutcome => {
    if (!ctx.signal.aborted) ctx.error('program-crashed', `${r.label}: standalone loop failed`, { source: r.id, detail });
    return { error: 'standalone loop failed' };
  };
  const startup = await once(0);
  if (typeof startup === 'string') return fail(startup);
  r.startups.push(startup.elapsedNs);
  const startupNs = median(r.startups);
  for (let i = 0; i < r.loops; i++) {
    if (ctx.signal.aborted) return { error: 'cancelled' };
    const loop = await once(r.count);
    if (typeof loop === 'string') return fail(loop);
    const durationNs = Math.max(1, loop.elapsedNs - startupNs);
    const values: Record<string, number> = { iterations: r.count, durationNs, nsPerCall: durationNs / r.count };
    // The slower of the two readings: the loop counts only if the clock held from start to end.
    const clockGHz = loop.spins.length === 2 ? Math.min(...loop.spins.map((s) => spinRateGHz([s]))) : NaN;
    if (Number.isFinite(clockGHz)) values.clockGHz = clockGHz;
    r.onSample(values);
  }
  return {};
}
