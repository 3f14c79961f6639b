/**
 * The work-per-call runner: builds libplusone.so (the FFI table's native/ffi/plusone.c, whose
 * spin(N) is the work) with the C and cgo callers (native/work-per-call, cached by ctx.build), then runs every caller over every work size
 * in interleaved, shuffled rounds, one fresh process per caller per round; then a second
 * pass of rounds over ten sizes per decade around each crossing the first found (the
 * crossing is a small difference of two large times: it needs many sizes and rounds there,
 * few elsewhere); and summarises (demos/work-per-call/summary.ts): ns per call against N,
 * and for each FFI the N from which its crossing costs under 10 % of the call, with its
 * 95 % interval. A caller that cannot run is a missing row with the reason; the others go on.
 */
import { join } from 'node:path';
import manifest from '../../../demos/work-per-call/manifest.ts';
import { refineSizes, workCallerIds, workCallers, workSizes, overheadThresholdPct, type WorkCallerId } from '../../../demos/work-per-call/callers.ts';
import type { WorkSample } from '../../../demos/work-per-call/crossing.ts';
import type { WorkPerCallResult } from '../../../demos/work-per-call/result.ts';
import { parseSweepLine, sweepFigures, workFiguresClock, type SweepLine } from '../../../demos/work-per-call/sweep-line.ts';
import { crossingText, summarizeWork, workHeadline } from '../../../demos/work-per-call/summary.ts';
import { createRandom, planRounds } from '../../../demos/stats/shuffled-rounds.ts';
import type { SpinReading } from '../../../demos/stats/machine-speed.ts';
import { median } from '../../../demos/stats/stats.ts';
import { cacheDirOf, defineDemoRunner, RunError, toolPath, type DemoContext } from '../demo-context.ts';
import { startMachineCheck, type RunMachineCheck } from '../machine-check.ts';

type Params = { callers: WorkCallerId[]; rounds: number; refineRounds: number; batches: number; batchMs: number; seed?: number | undefined };

/** Command starts one caller: program and the arguments before/after the sweep's own. */
type Command = { cmd: string; pre: string[]; post: string[] };

const rpathOrigin = '-Wl,-rpath,$ORIGIN'; // an argv element, never seen by a shell

/** buildCallers builds libplusone.so + the C caller, and the cgo caller when asked. */
async function buildCallers(ctx: DemoContext<Params>, callers: readonly WorkCallerId[], missing: Partial<Record<WorkCallerId, string>>): Promise<Partial<Record<WorkCallerId, Command>>> {
  const srcDir = join(ctx.rootDir, 'native', 'work-per-call');
  const ffiDir = join(ctx.rootDir, 'native', 'ffi');
  const cc = toolPath(ctx.toolchains, 'cc');
  // The FFI table's library, built the same way (server/demos/ffi-overhead/harness-plans.ts).
  const lib = { cmd: cc, args: ['-O2', '-fPIC', '-shared', '-o', '{out}/libplusone.so', join(ffiDir, 'plusone.c')] };
  const libInputs = [...['plusone.c', 'plusone.h'].map((file) => join(ffiDir, file)), join(srcDir, 'spin_loop.c')];
  // Each FFI caller's in-process direct loop, linked against the library it times.
  const loopLib = { cmd: cc, args: ['-O2', '-fPIC', '-shared', `-I${ffiDir}`, '-o', '{out}/libspinloop.so', join(srcDir, 'spin_loop.c'), '-L{out}', '-lplusone', rpathOrigin] };
  const commands: Partial<Record<WorkCallerId, Command>> = {};
  ctx.progress('building libplusone.so and the C caller', { step: 'build', source: 'direct' });
  const c = await ctx.build({
    name: 'work-per-call C',
    inputs: [...libInputs, join(srcDir, 'direct.c'), join(srcDir, 'sweep.h')],
    toolchainVersion: `cc=${ctx.toolchains.cc?.version ?? 'unknown'}`,
    srcDir,
    steps: [lib, loopLib, { cmd: cc, args: ['-O2', `-I${ffiDir}`, '-o', '{out}/direct', '{src}/direct.c', '-L{out}', '-lplusone', rpathOrigin] }],
    timeoutMs: 120_000,
  });
  if (!c.ok) throw new RunError('build-failed', 'libplusone.so or the C caller did not build', { source: 'direct', detail: c.log });
  const libPath = join(c.outDir, 'libplusone.so');
  const loopPath = join(c.outDir, 'libspinloop.so');
  commands.direct = { cmd: join(c.outDir, 'direct'), pre: [], post: [] };
  if (callers.includes('cgo') && !missing.cgo) {
    ctx.progress('building the cgo caller', { step: 'build', source: 'cgo' });
    const go = await ctx.build({
      name: 'work-per-call cgo',
      inputs: [...libInputs, join(srcDir, 'main.go')],
      toolchainVersion: `go=${ctx.toolchains.go?.version ?? 'unknown'};cc=${ctx.toolchains.cc?.version ?? 'unknown'}`,
      srcDir,
      steps: [
        lib,
        loopLib,
        // cgo's LDFLAGS say -L${SRCDIR}: the source sits next to the library it links.
        { cmd: 'cp', args: ['{src}/main.go', '{out}/'] },
        { cmd: toolPath(ctx.toolchains, 'go'), args: ['build', '-C', '{out}', '-o', 'cgo', 'main.go'], env: { CGO_ENABLED: '1', GOFLAGS: '-buildvcs=false' } },
      ],
      timeoutMs: 180_000,
    });
    if (go.ok) commands.cgo = { cmd: join(go.outDir, 'cgo'), pre: [], post: [] };
    else {
      missing.cgo = 'the cgo caller did not build';
      ctx.error('build-failed', 'cgo: the cgo caller did not build', { source: 'cgo', detail: go.log });
    }
  }
  if (callers.includes('koffi') && !missing.koffi) commands.koffi = { cmd: ctx.toolchains.node?.path ?? process.execPath, pre: [join(srcDir, 'koffi.mjs')], post: [libPath, loopPath] };
  if (callers.includes('ctypes') && !missing.ctypes) commands.ctypes = { cmd: toolPath(ctx.toolchains, 'python'), pre: [join(srcDir, 'ctypes_work.py')], post: [libPath, loopPath] };
  return commands;
}

/**
 * sentinelFromN: the direct caller's batches at N ≥ 10⁵ are the machine-speed sentinel
 * themselves (spin(N) called from C, where the call is under 0.1 % of the time).
 */
const sentinelFromN = 100_000;

/** runCaller runs one caller over `sizes` once and returns its samples. */
async function runCaller(ctx: DemoContext<Params>, id: WorkCallerId, command: Command, sizes: readonly number[], round: number, versions: Partial<Record<WorkCallerId, string>>, machine: RunMachineCheck): Promise<WorkSample[]> {
  const batches: Array<Extract<SweepLine, { kind: 'batch' }>> = [];
  let problem: string | undefined;
  const args = [...command.pre, String(ctx.params.batches), String(ctx.params.batchMs), sizes.join(','), ...command.post];
  const result = await ctx.exec(command.cmd, args, {
    source: id,
    streamOutput: false,
    timeoutMs: 60_000 + sizes.length * ctx.params.batchMs * (ctx.params.batches + 6) * 20,
    onStdoutLine(line) {
      const parsed = parseSweepLine(line);
      if (parsed.kind === 'batch') batches.push(parsed);
      else if (parsed.kind === 'version') versions[id] = parsed.version;
      else if (parsed.kind === 'invalid') problem ??= parsed.reason;
    },
  });
  if (result.cancelled) return [];
  const readings: SpinReading[] = id !== 'direct' ? [] : batches.filter((b) => b.n >= sentinelFromN).map((b) => ({ adds: b.n * b.iterations, wallNs: b.durationNs, ...(b.cpuNs === null ? {} : { cpuNs: b.cpuNs }) }));
  const shares = batches.map((b) => b.cpuSharePct).filter((share): share is number => share !== null);
  machine.addProcess(readings, shares.length ? median(shares) : null);
  if (result.exitCode !== 0 || batches.length === 0 || problem) {
    const why = result.timedOut ? 'timed out' : problem ?? `exited with ${result.exitCode ?? result.signal}`;
    ctx.error('program-crashed', `${id}: the caller ${why} in round ${round}`, { source: id, detail: result.stderr.slice(-2000) });
    return [];
  }
  return sweepFigures(batches).map((figure) => {
    const values: Record<string, number> = { nsPerCall: figure.nsPerCall, n: figure.n, round };
    if (figure.directNsPerCall !== null) values.directNs = figure.directNsPerCall;
    if (figure.cpuSharePct !== null) values.cpuSharePct = figure.cpuSharePct;
    ctx.sample(`${id}/${figure.n}`, values, workCallers[id].label);
    return { caller: id, n: figure.n, round, nsPerCall: figure.nsPerCall, cpuSharePct: figure.cpuSharePct, ...(figure.directNsPerCall === null ? {} : { directNs: figure.directNsPerCall }) };
  });
}

export default defineDemoRunner({
  manifest,
  async run(ctx) {
    const params = ctx.params;
    // The direct call is the baseline every share is computed against: always measured.
    const callers = workCallerIds.filter((id) => id === 'direct' || params.callers.includes(id));
    const missing: Partial<Record<WorkCallerId, string>> = {};
    for (const id of callers) {
      const absent = workCallers[id].toolchains.filter((t) => !ctx.toolchains[t]?.found);
      if (absent.length === 0) continue;
      missing[id] = `${absent.join(', ')} not found on this machine`;
      ctx.error('toolchain-missing', `${id}: ${missing[id]}`, { source: id });
    }
    ctx.status('building', 'libplusone.so and the callers');
    const commands = await buildCallers(ctx, callers, missing);
    const runnable = callers.filter((id) => commands[id] && !missing[id]);

    const seed = params.seed ?? Math.floor(Math.random() * 2 ** 31);
    const random = createRandom(seed);
    const plan: Array<Array<{ id: WorkCallerId; sizes: readonly number[] }>> = planRounds(runnable, params.rounds, random).map((round) => round.map((id) => ({ id, sizes: workSizes })));
    ctx.status('running', `${plan.length} interleaved rounds over ${runnable.join(', ')}, N = 1 … 10⁶ (seed ${seed})`);
    const samples: WorkSample[] = [];
    const versions: Partial<Record<WorkCallerId, string>> = {};
    const machine = await startMachineCheck(cacheDirOf(ctx), workFiguresClock);
    // Planned: the first pass, plus as many processes again for the second (a guess until it is planned).
    let total = plan.length * runnable.length * (params.refineRounds > 0 ? 1 + params.refineRounds / params.rounds : 1);
    let done = 0;
    const runPlan = async (rounds: typeof plan, firstRound: number): Promise<boolean> => {
      for (const [index, round] of rounds.entries()) {
        for (const { id, sizes } of round) {
          if (ctx.signal.aborted) return false;
          ctx.progress(`round ${firstRound + index} of ${firstRound + rounds.length - 1}: ${id}`, { step: 'run', source: id, fraction: Math.min(1, done / total) });
          samples.push(...(await runCaller(ctx, id, commands[id]!, sizes, firstRound + index, versions, machine)));
          done += 1;
        }
      }
      return true;
    };
    if (!(await runPlan(plan, 1))) return;

    // The second pass: ten sizes per decade around each crossing the first pass found,
    // each FFI over its own, the direct caller over all of them (its pair in each round).
    const firstRows = summarizeWork(callers, workSizes, samples, missing);
    const refine = new Map<WorkCallerId, number[]>();
    for (const row of firstRows) if (row.crossing?.kind === 'crosses' && runnable.includes(row.id)) refine.set(row.id, refineSizes(row.crossing.n));
    const refineUnion = [...new Set([...refine.values()].flat())].sort((a, b) => a - b);
    const refineCallers = refine.size > 0 ? runnable.filter((id) => id === 'direct' || refine.has(id)) : [];
    const second = planRounds(refineCallers, refineCallers.length > 1 ? params.refineRounds : 0, random).map((round) => round.map((id) => ({ id, sizes: id === 'direct' ? refineUnion : refine.get(id)! })));
    total = done + second.length * refineCallers.length;
    if (second.length) ctx.status('running', `${second.length} more rounds around the crossings: ${[...refine].map(([id, sizes]) => `${id} N = ${sizes[0]} … ${sizes.at(-1)}`).join(', ')}`);
    if (!(await runPlan(second, plan.length + 1))) return;

    const sizes = [...new Set([...workSizes, ...refineUnion])].sort((a, b) => a - b);
    const rows = summarizeWork(callers, sizes, samples, missing, createRandom(seed ^ 0x5eed));
    const result: WorkPerCallResult = {
      sizes,
      thresholdPct: overheadThresholdPct,
      rows: rows.map((row) => ({ ...row, version: versions[row.id] ?? null, crossingText: row.id === 'direct' ? 'the baseline' : crossingText(row, rows, sizes) })),
      headline: workHeadline(rows, sizes),
      rounds: plan.length,
      refineRounds: second.length,
      batchMs: params.batchMs,
      seed,
      machineSpeed: await machine.finish(),
      work: 'spin(N): N dependent integer adds in libplusone.so (about one per clock cycle), called in a loop; ns per call is the median over rounds of each process’s fastest batch; the crossing share pairs each round’s FFI process with that round’s direct one, fitted over the sizes around the crossing, with a bootstrap 95 % interval over rounds',
    };
    ctx.result(result);
  },
});
