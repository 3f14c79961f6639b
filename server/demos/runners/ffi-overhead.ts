/**
 * The ffi-overhead runner (slides 5–8): builds each runtime's harness from `native/ffi/`
 * (server/demos/ffi-overhead/harness-plans.ts), then runs interleaved rounds: each round
 * starts every runtime once, in a fresh process, one after another (a standalone check
 * right after the harness it checks), so every runtime sees the same machine in every
 * round and ratios can be taken within a round (demos/stats/rounds.ts). Samples stream as
 * they come; the run ends with the table as a `result` (demos/ffi-overhead/summary.ts).
 * A runtime is built just before its first process, so the first row fills in while later
 * harnesses still compile.
 *
 * Each harness process also times the machine-speed sentinel through its own FFI, sized
 * to about 0.15 ms at the best rate known, right before each of its batches and once after
 * the last (the host's speed wanders within a process: the summary keeps the batches whose
 * sentinels on both sides read full clock, demos/ffi-overhead/clock-filter.ts), and the runner reads the steal time
 * from /proc/stat around it (demos/stats/machine-speed.ts). The best rate of this
 * machine's recent quiet runs comes from the cache directory's history, and a quiet run
 * adds its own.
 *
 * A runtime that cannot run does not end the run: a missing toolchain gives an error
 * event of code `toolchain-missing`, a failed build `build-failed` (with the compiler's
 * message), a crash `program-crashed` and a hang `timeout` (with the stderr tail), each
 * with `source` = the runtime id; that row is left out of later rounds.
 */
import { cpus, loadavg } from 'node:os';
import manifest from '../../../demos/ffi-overhead/manifest.ts';
import { ffiRuntimeIds, ffiRuntimes, type FfiRuntimeId } from '../../../demos/ffi-overhead/runtimes.ts';
import { addFfiSample, createFfiRunState, machineSpeedKey, type FfiRowState, type FfiRunState } from '../../../demos/ffi-overhead/run-state.ts';
import { summarizeFfi, type FfiResult } from '../../../demos/ffi-overhead/summary.ts';
import { bestRate, quietRateGHz, spinRateGHz } from '../../../demos/stats/machine-speed.ts';
import { roundRobinOrder } from '../../../demos/stats/rounds.ts';
import { median } from '../../../demos/stats/stats.ts';
import { machineKey, recentBestRate } from '../../../demos/stats/speed-history.ts';
import { loadSpeedHistory, rememberQuietRun } from '../../machine-speed/speed-history-file.ts';
import { defineDemoRunner, type BuildResult, type DemoContext } from '../demo-context.ts';
import { jdkFor, planHarness, resolveTools, rowLabel, type HarnessPlan, type Tools } from '../ffi-overhead/harness-plans.ts';
import { fixedCountFor, fixedLoopsPerRound, harnessTimeoutMs, runHarnessProcess, runStandaloneRound, type ProcessOutcome } from '../ffi-overhead/harness-process.ts';

export { fixedCountFor, harnessTimeoutMs } from '../ffi-overhead/harness-process.ts';

/** FfiParams are the validated params of one run. */
export type FfiParams = { runtimes: FfiRuntimeId[]; batchesPerProcess: number; batchUs: number; processes: number; quickProcesses: number; view: 'table' | 'ratio' };

/**
 * sentinelSpinMs is how long the sentinel timed right before each batch should last: short
 * beside a batch (the host's clock changes on a ~100 ms scale), long beside the clock reads
 * around it (≈ 1 µs).
 */
export const sentinelSpinMs = 0.15;

/** sentinelAddsFor sizes the sentinel to about sentinelSpinMs at `rateGHz` (2.6 GHz when unknown). */
export function sentinelAddsFor(rateGHz: number): number {
  const rate = Number.isFinite(rateGHz) && rateGHz > 0 ? rateGHz : 2.6;
  return Math.max(100_000, Math.round(rate * sentinelSpinMs * 1e6));
}

/**
 * quickOverheadMs: a row whose processes spend at most this long (median) outside their
 * timed batches and sentinel calls — start-up, calibration, warm-up — is quick, and runs
 * up to `quickProcesses` processes instead of `processes`. The compiled harnesses (C,
 * Rust, Go, LuaJIT) take about 20 ms; a JVM, Node.js or CPython takes 100 ms and more.
 */
export const quickOverheadMs = 60;

/**
 * tableBudgetMs: the quick rows' extra rounds run only while the whole table stays within
 * this (the default table's goal is 15 s, warm): on a slow or busy machine, fewer.
 */
export const tableBudgetMs = 13_000;

/** isQuickRow tells from its processes' overheads (ms) whether a row is quick. */
export function isQuickRow(overheadsMs: readonly number[]): boolean {
  return overheadsMs.length > 0 && median(overheadsMs) <= quickOverheadMs;
}

/**
 * extraRounds is how many more rounds the quick rows get: up to `wanted`, as many as fit in
 * what is left of the budget at `roundMs` each (the sum of the quick rows' process times).
 */
export function extraRounds(wanted: number, roundMs: number, leftMs: number): number {
  if (!(wanted > 0) || !(roundMs > 0)) return Math.max(0, wanted);
  return Math.max(0, Math.min(wanted, Math.floor(leftMs / roundMs)));
}

/** followers puts each standalone check right after the harness it checks, in every round. */
const followers: Partial<Record<FfiRuntimeId, FfiRuntimeId>> = Object.fromEntries(
  ffiRuntimeIds.flatMap((id) => (ffiRuntimes[id].checks ? [[id, ffiRuntimes[id].checks]] : [])),
);

/** missingToolchains lists what a runtime lacks on this machine (empty: it can run). */
function missingToolchains(id: FfiRuntimeId, ctx: DemoContext<FfiParams>, tools: Tools): string[] {
  if (id === 'java-jni-other') {
    return tools.otherJdk ? [] : ['a second JDK (the JDK on PATH is the newest one)'];
  }
  const missing = ffiRuntimes[id].toolchains.filter((t) => !ctx.toolchains[t]?.found);
  if (missing.length > 0) return missing;
  if (id === 'java-jni' && jdkFor(id, tools) === undefined) return ['java (a JDK with javac)'];
  if (id === 'java-ffm' && jdkFor(id, tools) === undefined) return ['java-ffm (a JDK ≥ 22 with javac)'];
  return [];
}

/** Row is a runtime ready to run (built), or out of the run. */
type Row = { plan: HarnessPlan; outDir: string } | 'out';

/** runFfiOverhead is the demo's run function (exported for tests with a hand-made context). */
export async function runFfiOverhead(ctx: DemoContext<FfiParams>): Promise<void> {
  const started = performance.now();
  const selected = ffiRuntimeIds.filter((id) => ctx.params.runtimes.includes(id));
  const tools = resolveTools(ctx.toolchains);
  const state = createFfiRunState(selected);
  const machine = machineKey(cpus()[0]?.model ?? 'unknown CPU', cpus().length);
  const history = ctx.cacheDir ? await loadSpeedHistory(ctx.cacheDir) : undefined;
  const recentBest = history ? recentBestRate(history, machine, new Date()) : NaN;
  const emit = (key: string, values: Record<string, number>, label?: string): void => {
    addFfiSample(state, key, values, label);
    ctx.sample(key, values, label);
  };
  if (Number.isFinite(recentBest)) emit(machineSpeedKey, { recentBestGHz: recentBest });
  // Other processes competing for the CPU inflate wall-clock batches; say how busy it was.
  const loadAvgStart = loadavg()[0]!;
  const setState = (id: FfiRuntimeId, s: FfiRowState, message?: string): void => {
    state.states[id] = s;
    if (message !== undefined) state.messages[id] = message;
  };
  const rows = new Map<FfiRuntimeId, Row>();
  const builds = new Map<string, Promise<BuildResult>>();

  /** prepare checks and builds a runtime the first time it comes up; undefined when it cannot run. */
  const prepare = async (id: FfiRuntimeId): Promise<Row> => {
    const known = rows.get(id);
    if (known) return known;
    const label = rowLabel(id, tools);
    state.labels[id] = label;
    const missing = missingToolchains(id, ctx, tools);
    if (missing.length > 0) {
      const message = `missing: ${missing.join(', ')}`;
      setState(id, 'missing', message);
      ctx.error('toolchain-missing', `${label}: ${message}`, { source: id });
      rows.set(id, 'out');
      return 'out';
    }
    const plan = planHarness(id, ctx.rootDir, tools);
    setState(id, 'building');
    ctx.status('building', `Building ${label}`);
    ctx.progress(`building ${label}`, { step: 'build', source: id });
    let built: BuildResult;
    try {
      let pending = builds.get(plan.build.name);
      if (!pending) builds.set(plan.build.name, (pending = ctx.build(plan.build)));
      built = await pending;
    } catch (err) {
      built = { ok: false, outDir: '', cached: false, durationMs: 0, log: err instanceof Error ? err.message : String(err) };
    }
    if (!built.ok) {
      if (!ctx.signal.aborted) {
        setState(id, 'error', 'build failed');
        ctx.error('build-failed', `${label}: build failed`, { source: id, detail: built.log });
      }
      rows.set(id, 'out');
      return 'out';
    }
    const row = { plan, outDir: built.outDir };
    rows.set(id, row);
    return row;
  };

  // Fresh processes matter because a process's code and library layout (ASLR, alignment,
  // JIT decisions) shifts its speed as a whole; batches inside one process cannot show that.
  const rounds = ctx.params.processes;
  const quickRounds = Math.max(rounds, ctx.params.quickProcesses);
  const overheads = new Map<FfiRuntimeId, number[]>();
  const startups = new Map<FfiRuntimeId, number[]>();
  const walls = new Map<FfiRuntimeId, number[]>();
  const runSlots = async (slots: ReadonlyArray<{ round: number; key: FfiRuntimeId }>, total: number): Promise<void> => {
    for (const { round, key: id } of slots) {
      if (ctx.signal.aborted) return;
      const row = await prepare(id);
      if (row === 'out' || ctx.signal.aborted) continue;
      const label = state.labels[id]!;
      setState(id, 'running');
      ctx.status('running', `Running ${label}`);
      ctx.progress(`running ${label} (round ${round} of ${total})`, { step: 'run', source: id });
      const sink = (values: Record<string, number>): void => emit(id, { round, ...values }, label);
      if (!startups.has(id)) startups.set(id, []);
      const outcome = await runOnce(ctx, state, id, row, recentBest, sink, startups.get(id)!);
      if (ctx.signal.aborted) return;
      if (outcome.overheadMs !== undefined) overheads.set(id, [...(overheads.get(id) ?? []), outcome.overheadMs]);
      if (outcome.wallMs !== undefined) walls.set(id, [...(walls.get(id) ?? []), outcome.wallMs]);
      if (outcome.error) {
        setState(id, 'error', outcome.error);
        rows.set(id, 'out');
      } else {
        setState(id, 'done');
      }
    }
  };
  // Every row runs `processes` rounds; rows whose processes start quickly (compiled
  // harnesses) then run more, where they are cheap, within the table's time budget: more
  // processes make a row's median less dependent on which kind of process (memory layout,
  // JIT timing, the core's state) a run happened to draw (native/ffi/README.md, "Rounds").
  await runSlots(roundRobinOrder(selected, rounds, followers), rounds);
  const quickIds = selected.filter((id) => ffiRuntimes[id].group !== 'fidelity' && rows.get(id) !== 'out' && isQuickRow(overheads.get(id) ?? []));
  const roundMs = quickIds.reduce((sum, id) => sum + median(walls.get(id) ?? []), 0);
  const more = extraRounds(quickRounds - rounds, roundMs, tableBudgetMs - (performance.now() - started));
  const extra = roundRobinOrder(quickIds, more).map((slot) => ({ ...slot, round: slot.round + rounds }));
  await runSlots(extra, rounds + more);
  if (ctx.signal.aborted) return;
  for (const id of selected) {
    // Standalone loops print no version line: they run the checked harness's binary.
    const checks = ffiRuntimes[id].checks;
    state.versions[id] ??= (checks && state.versions[checks]) || ctx.toolchains[ffiRuntimes[id].toolchains[0]!]?.version;
    if (state.versions[id] === undefined) delete state.versions[id];
  }
  ctx.status('finishing', 'Summarizing');
  state.conditions = { cpuCount: cpus().length, loadAvgStart, loadAvgEnd: loadavg()[0]! };
  const result = summarizeFfi(state);
  ctx.result(result);
  await rememberIfQuiet(ctx, result, machine);
}

/** runOnce runs one process of a runtime: a timed harness, or a round of its standalone check. */
async function runOnce(
  ctx: DemoContext<FfiParams>,
  state: FfiRunState,
  id: FfiRuntimeId,
  row: { plan: HarnessPlan; outDir: string },
  recentBest: number,
  sink: (values: Record<string, number>) => void,
  /** A standalone row's start-up times over its rounds so far (runStandaloneRound adds this round's). */
  startups: number[],
): Promise<ProcessOutcome> {
  const label = state.labels[id]!;
  const checks = ffiRuntimes[id].checks;
  // Size the sentinel from the fastest rate known so far.
  const known = Object.values(state.processes).flatMap((list) => list?.map((p) => spinRateGHz(p.spins)) ?? []);
  const spinAdds = sentinelAddsFor(bestRate([recentBest, ...known]));
  if (checks) {
    const harnessNs = median((state.processes[checks] ?? []).filter((p) => p.nsPerCall.length > 0).map((p) => median(p.nsPerCall)));
    return runStandaloneRound(ctx, {
      id,
      label,
      fixed: (count, adds) => row.plan.fixed!(row.outDir, count, adds),
      count: fixedCountFor(Number.isFinite(harnessNs) ? harnessNs : undefined, id === 'go-cgo-loop' ? 50 : 3),
      spinAdds,
      loops: fixedLoopsPerRound,
      startups,
      onSample: sink,
    });
  }
  const { batchesPerProcess: batches, batchUs } = ctx.params;
  return runHarnessProcess(ctx, {
    id,
    label,
    command: row.plan.command(row.outDir, batches, batchUs / 1000, spinAdds),
    batches,
    timeoutMs: harnessTimeoutMs(batches, batchUs / 1000),
    onSample: sink,
    onVersion: (version) => (state.versions[id] = version),
  });
}

/** rememberIfQuiet adds the run's best quiet rate to the machine's speed history. */
async function rememberIfQuiet(ctx: DemoContext<FfiParams>, result: FfiResult, machine: string): Promise<void> {
  const rate = quietRateGHz(result.rows.map((r) => r.machine));
  if (!ctx.cacheDir || !Number.isFinite(rate)) return;
  try {
    await rememberQuietRun(ctx.cacheDir, { at: new Date().toISOString(), machine, rateGHz: rate });
  } catch (err) {
    // The history only sharpens later checks; a read-only cache must not fail the run.
    ctx.stderr(`machine-speed history not saved: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

export default defineDemoRunner({
  manifest,
  run: runFfiOverhead,
});
