/**
 * The ffi-overhead runner (slides 5–8): builds each runtime's harness from
 * `native/ffi/` through `ctx.build` (cached by source and toolchain version), runs it,
 * turns its JSON lines into `sample` events and ends with the table as a `result`
 * (demos/ffi-overhead/summary.ts). Runtimes run one after another, each built just
 * before it runs, so the first row fills in while later harnesses still compile.
 *
 * A runtime that cannot run does not end the run: a missing toolchain gives an error
 * event of code `toolchain-missing`, a failed build `build-failed` (with the compiler's
 * message), a crash `program-crashed` and a hang `timeout` (with the stderr tail), each
 * with `source` = the runtime id, and the next runtime starts.
 *
 * Every harness links or loads its own copy of libplusone.so, built in its own cache
 * directory (rpath $ORIGIN), so each build is self-contained and keyed by its inputs.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import manifest from '../../../demos/ffi-overhead/manifest.ts';
import { ffiRuntimeIds, ffiRuntimes, type FfiRuntimeId } from '../../../demos/ffi-overhead/runtimes.ts';
import { parseHarnessLine } from '../../../demos/ffi-overhead/sample-line.ts';
import { summarizeFfi, type FfiRowState, type FfiRunState } from '../../../demos/ffi-overhead/summary.ts';
import { median } from '../../../demos/stats/stats.ts';
import {
  defineDemoRunner,
  type BuildResult,
  type BuildSpec,
  type DemoContext,
  type ToolchainReport,
} from '../demo-context.ts';

/** FfiParams are the validated params of one run. */
export type FfiParams = { runtimes: FfiRuntimeId[]; batches: number; batchMs: number; processes: number; view: 'table' | 'ratio' };

/** HarnessCommand is how to start a built harness. */
type HarnessCommand = { cmd: string; args: string[]; env?: Record<string, string> };

/** HarnessPlan says how to build and start one runtime's harness. */
type HarnessPlan = {
  build: BuildSpec;
  /** The timed command: prints one JSON line per batch. */
  command(outDir: string, batches: number, batchMs: number): HarnessCommand;
  /** For fidelity rows: one untimed loop of `count` calls (`--fixed`). */
  fixed?(outDir: string, count: number): HarnessCommand;
};

/** Tools are the resolved commands for this machine. */
type Tools = {
  cc: string;
  cxx: string;
  rustc: string;
  go: string;
  luajit: string;
  python: string;
  node: string;
  javaHome: string | undefined;
  ffmHome: string | undefined;
  versions: Record<string, string>;
};

const rpathOrigin = '-Wl,-rpath,$ORIGIN'; // an argv element, never seen by a shell

/** fixedLoopMs is how long each standalone fidelity loop should take. */
const fixedLoopMs = 250;
/** fixedRepeats is how many externally timed loops (and start-up-only runs) per fidelity row. */
const fixedRepeats = 3;

/** harnessTimeoutMs bounds one harness process: start-up, calibration, warm-up and the batches, with room for a loaded machine. */
export function harnessTimeoutMs(batches: number, batchMs: number): number {
  return 20_000 + (batches + 6) * batchMs * 4;
}

/**
 * splitBatches spreads `batches` over `processes` fresh processes (earlier ones get the
 * remainder): [3, 3, 3] for 9 over 3, [3, 2, 2] for 7. Fresh processes matter because a
 * process's code and library layout (ASLR, alignment, JIT decisions) shifts its speed
 * as a whole; batches inside one process cannot show that.
 */
export function splitBatches(batches: number, processes: number): number[] {
  const n = Math.max(1, Math.min(batches, processes));
  return Array.from({ length: n }, (_, i) => Math.floor(batches / n) + (i < batches % n ? 1 : 0));
}

/** fixedCountFor picks the fidelity loop's call count from the harness's ns per call. */
export function fixedCountFor(nsPerCall: number | undefined, fallbackNs: number): number {
  const ns = nsPerCall !== undefined && nsPerCall > 0 ? nsPerCall : fallbackNs;
  return Math.max(1000, Math.min(2_000_000_000, Math.round((fixedLoopMs * 1e6) / ns)));
}

/** jdkHome finds a JDK's home from the path toolchain detection reported (a binary or the home itself). */
function jdkHome(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    const real = realpathSync(path);
    const home = statSync(real).isDirectory() ? real : dirname(dirname(real));
    return existsSync(join(home, 'bin', 'javac')) ? home : undefined;
  } catch {
    return undefined;
  }
}

/** sibling returns `name` next to `path` when it exists there, else `name` (found on PATH). */
function sibling(path: string | undefined, name: string): string {
  if (path) {
    const candidate = join(dirname(path), name);
    if (existsSync(candidate)) return candidate;
  }
  return name;
}

function resolveTools(toolchains: ToolchainReport): Tools {
  const path = (id: string): string | undefined => (toolchains[id]?.found ? toolchains[id]?.path : undefined);
  const versions: Record<string, string> = {};
  for (const [id, info] of Object.entries(toolchains)) if (info.found) versions[id] = info.version ?? 'unknown';
  const rust = path('rust');
  const cc = path('cc') ?? 'cc';
  return {
    cc,
    cxx: sibling(path('cc'), basename(cc).includes('clang') ? 'clang++' : 'g++'),
    rustc: rust && basename(rust) === 'rustc' ? rust : sibling(rust, 'rustc'),
    go: path('go') ?? 'go',
    luajit: path('luajit') ?? 'luajit',
    python: path('python') ?? 'python3',
    node: path('node') ?? process.execPath,
    javaHome: jdkHome(path('java')),
    ffmHome: jdkHome(path('java-ffm')),
    versions,
  };
}

/** nodeIncludeDir finds the Node headers for the running node (Debian puts them in /usr/include/node). */
function nodeIncludeDir(node: string): string {
  try {
    const candidate = join(dirname(dirname(realpathSync(node))), 'include', 'node');
    if (existsSync(join(candidate, 'node_api.h'))) return candidate;
  } catch {
    // fall through to the system location
  }
  return '/usr/include/node';
}

/** planHarness describes the build and the command line of one runtime's harness. */
function planHarness(id: FfiRuntimeId, rootDir: string, tools: Tools): HarnessPlan {
  const src = join(rootDir, 'native', 'ffi');
  const lib = { cmd: tools.cc, args: ['-O2', '-fPIC', '-shared', '-o', '{out}/libplusone.so', '{src}/plusone.c'] };
  const libInputs = [join(src, 'plusone.c'), join(src, 'plusone.h')];
  const version = (...ids: string[]): string => ids.map((t) => `${t}=${tools.versions[t] ?? 'unknown'}`).join(';');
  const spec = (name: string, inputs: string[], toolchainVersion: string, steps: BuildSpec['steps'], keyExtra: string[] = []): BuildSpec => ({
    name,
    inputs: [...libInputs, ...inputs],
    toolchainVersion,
    keyExtra,
    steps,
    srcDir: src,
    timeoutMs: 120_000,
  });
  // harness makes a timed command line: `<cmd> [pre…] <batches> <batchMs> [post…]`.
  const harness = (cmd: (out: string) => string, pre: string[] = [], post: (out: string) => string[] = () => []) =>
    (out: string, batches: number, batchMs: number): HarnessCommand => ({ cmd: cmd(out), args: [...pre, String(batches), String(batchMs), ...post(out)] });
  const inOut = (name: string) => (out: string): string => join(out, name);
  const goSpec = (variant: 'plain' | 'noescape'): BuildSpec => {
    const file = `cgo_${variant}.go`;
    const binary = variant === 'plain' ? 'go-cgo' : 'go-cgo-noescape';
    return spec(`${binary} harness`, [join(src, 'go', 'main.go'), join(src, 'go', file)], version('go', 'cc'), [
      lib,
      // cgo's LDFLAGS say -L${SRCDIR}: the sources sit next to the library they link.
      { cmd: 'cp', args: ['{src}/go/main.go', `{src}/go/${file}`, '{out}/'] },
      { cmd: tools.go, args: ['build', '-C', '{out}', '-o', binary, 'main.go', file], env: { CGO_ENABLED: '1' } },
    ], [tools.go]);
  };

  switch (id) {
    case 'c-direct':
      return {
        build: spec('c-direct harness', [join(src, 'c', 'direct.c'), join(src, 'c', 'bench.h')], version('cc'), [
          { cmd: tools.cc, args: ['-O2', '-o', '{out}/c-direct', '{src}/c/direct.c'] },
        ]),
        command: harness(inOut('c-direct')),
      };
    case 'c-so':
    case 'c-so-loop':
      return {
        build: spec('c-so harness', [join(src, 'c', 'so.c'), join(src, 'c', 'bench.h')], version('cc'), [
          lib,
          { cmd: tools.cc, args: ['-O2', '-o', '{out}/c-so', '{src}/c/so.c', '-L{out}', '-lplusone', rpathOrigin] },
        ]),
        command: harness(inOut('c-so')),
        fixed: (out, count) => ({ cmd: join(out, 'c-so'), args: ['--fixed', String(count)] }),
      };
    case 'rust':
      return {
        build: spec('rust harness', [join(src, 'rust', 'ffi.rs')], version('rust', 'cc'), [
          lib,
          { cmd: tools.rustc, args: ['-O', '--edition', '2021', '-L', '{out}', '-C', `link-arg=${rpathOrigin}`, '-o', '{out}/rust-ffi', '{src}/rust/ffi.rs'] },
        ], [tools.rustc]),
        command: harness(inOut('rust-ffi')),
      };
    case 'luajit':
      return {
        build: spec('libplusone.so', [], version('cc'), [lib]),
        command: harness(() => tools.luajit, [join(src, 'luajit', 'ffi.lua')], (out) => [join(out, 'libplusone.so')]),
      };
    case 'python-ctypes':
      return {
        build: spec('libplusone.so', [], version('cc'), [lib]),
        command: harness(() => tools.python, [join(src, 'python', 'ctypes_ffi.py')], (out) => [join(out, 'libplusone.so')]),
      };
    case 'node-koffi':
      return {
        build: spec('libplusone.so', [], version('cc'), [lib]),
        command: harness(() => tools.node, [join(src, 'node', 'koffi.mjs')], (out) => [join(out, 'libplusone.so')]),
      };
    case 'node-napi': {
      const addonApi = join(rootDir, 'node_modules', 'node-addon-api');
      const include = nodeIncludeDir(tools.node);
      return {
        build: spec('node-napi harness', [join(src, 'node', 'napi.cc'), join(addonApi, 'napi.h'), join(addonApi, 'napi-inl.h')], version('node', 'cc'), [
          lib,
          {
            cmd: tools.cxx,
            args: ['-O2', '-shared', '-fPIC', '-DNAPI_DISABLE_CPP_EXCEPTIONS', `-I${include}`, `-I${addonApi}`,
              '-o', '{out}/plusone_napi.node', '{src}/node/napi.cc', '-L{out}', '-lplusone', rpathOrigin],
          },
        ], [include, tools.cxx]),
        command: harness(() => tools.node, [join(src, 'node', 'napi.mjs')], (out) => [join(out, 'plusone_napi.node')]),
      };
    }
    case 'java-jni': {
      const home = tools.javaHome ?? '/usr/lib/jvm/default-java';
      return {
        build: spec('java-jni harness', [join(src, 'java', 'FfiJni.java'), join(src, 'java', 'ffi_jni.c')], version('java', 'cc'), [
          lib,
          { cmd: join(home, 'bin', 'javac'), args: ['-d', '{out}', '{src}/java/FfiJni.java'] },
          {
            cmd: tools.cc,
            args: ['-O2', '-shared', '-fPIC', `-I${home}/include`, `-I${home}/include/linux`,
              '-o', '{out}/libffijni.so', '{src}/java/ffi_jni.c', '-L{out}', '-lplusone', rpathOrigin],
          },
        ], [home]),
        command: (out, b, ms) => ({
          cmd: join(home, 'bin', 'java'),
          args: [`-Djava.library.path=${out}`, '-cp', out, 'FfiJni', String(b), String(ms)],
        }),
      };
    }
    case 'java-ffm': {
      const home = tools.ffmHome ?? '/nonexistent-jdk';
      return {
        build: spec('java-ffm harness', [join(src, 'java', 'FfiFfm.java')], version('java-ffm', 'cc'), [
          lib,
          { cmd: join(home, 'bin', 'javac'), args: ['-d', '{out}', '{src}/java/FfiFfm.java'] },
        ], [home]),
        command: (out, b, ms) => ({
          cmd: join(home, 'bin', 'java'),
          args: ['--enable-native-access=ALL-UNNAMED', '-cp', out, 'FfiFfm', String(b), String(ms), join(out, 'libplusone.so')],
        }),
      };
    }
    case 'go':
      return { build: goSpec('plain'), command: harness(inOut('go-cgo'), [], () => ['go']) };
    case 'go-cgo':
    case 'go-cgo-loop':
      return {
        build: goSpec('plain'),
        command: harness(inOut('go-cgo'), [], () => ['cgo']),
        fixed: (out, count) => ({ cmd: join(out, 'go-cgo'), args: ['--fixed', String(count)] }),
      };
    case 'go-cgo-noescape':
      return { build: goSpec('noescape'), command: harness(inOut('go-cgo-noescape'), [], () => ['cgo']) };
  }
}

/** tail keeps the last lines of a process's stderr for an error's detail. */
function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** runFfiOverhead is the demo's run function (exported for tests with a hand-made context). */
export async function runFfiOverhead(ctx: DemoContext<FfiParams>): Promise<void> {
  const selected = ffiRuntimeIds.filter((id) => ctx.params.runtimes.includes(id));
  const tools = resolveTools(ctx.toolchains);
  const state: FfiRunState & Required<Pick<FfiRunState, 'iterations' | 'states' | 'messages' | 'versions' | 'cpuNsPerCall' | 'cpuShare'>> = {
    runtimes: selected,
    nsPerCall: {},
    cpuNsPerCall: {},
    cpuShare: {},
    iterations: {},
    states: {},
    messages: {},
    versions: {},
  };
  const builds = new Map<string, Promise<BuildResult>>();
  // Other processes competing for the CPU inflate wall-clock batches; say how busy it was.
  const loadAvgStart = loadavg()[0]!;
  const setState = (id: FfiRuntimeId, s: FfiRowState, message?: string): void => {
    state.states[id] = s;
    if (message !== undefined) state.messages[id] = message;
  };
  const addBatch = (id: FfiRuntimeId, iterations: number, durationNs: number, cpuNs?: number): void => {
    const nsPerCall = durationNs / iterations;
    (state.nsPerCall[id] ??= []).push(nsPerCall);
    state.iterations[id] = iterations;
    if (cpuNs === undefined) {
      ctx.sample(id, { iterations, durationNs, nsPerCall }, ffiRuntimes[id].label);
    } else {
      (state.cpuNsPerCall[id] ??= []).push(cpuNs / iterations);
      (state.cpuShare[id] ??= []).push(cpuNs / durationNs);
      ctx.sample(id, { iterations, durationNs, nsPerCall, cpuNs }, ffiRuntimes[id].label);
    }
  };

  for (const id of selected) {
    if (ctx.signal.aborted) break;
    const info = ffiRuntimes[id];
    const missing = info.toolchains.filter((t) => !ctx.toolchains[t]?.found);
    const plan = planHarness(id, ctx.rootDir, tools);
    if (id === 'java-jni' && missing.length === 0 && tools.javaHome === undefined) missing.push('java (a JDK with javac)');
    if (id === 'java-ffm' && missing.length === 0 && tools.ffmHome === undefined) missing.push('java-ffm (a JDK ≥ 22 with javac)');
    if (missing.length > 0) {
      const message = `missing: ${missing.join(', ')}`;
      setState(id, 'missing', message);
      ctx.error('toolchain-missing', `${info.label}: ${message}`, { source: id });
      continue;
    }

    setState(id, 'building');
    ctx.status('building', `Building ${info.label}`);
    ctx.progress(`building ${info.label}`, { step: 'build', source: id });
    let built: BuildResult;
    try {
      let pending = builds.get(plan.build.name);
      if (!pending) builds.set(plan.build.name, (pending = ctx.build(plan.build)));
      built = await pending;
    } catch (err) {
      if (ctx.signal.aborted) break;
      built = { ok: false, outDir: '', cached: false, durationMs: 0, log: err instanceof Error ? err.message : String(err) };
    }
    if (!built.ok) {
      if (ctx.signal.aborted) break;
      setState(id, 'error', 'build failed');
      ctx.error('build-failed', `${info.label}: build failed`, { source: id, detail: built.log });
      continue;
    }

    setState(id, 'running');
    ctx.status('running', `Running ${info.label}`);
    ctx.progress(`running ${info.label}`, { step: 'run', source: id });
    const ok = info.group === 'fidelity'
      ? await runStandalone(ctx, id, plan, built.outDir, state.nsPerCall[info.checks!], addBatch)
      : await runHarness(ctx, id, plan, built.outDir, (version) => (state.versions[id] = version), addBatch);
    if (ctx.signal.aborted) break;
    if (ok.error) setState(id, 'error', ok.error);
    else setState(id, 'done');
    if (!state.versions[id]) {
      // Standalone loops print no version line: they run the checked harness's binary.
      const v = (info.checks && state.versions[info.checks]) || ctx.toolchains[info.toolchains[0]!]?.version;
      if (v) state.versions[id] = v;
    }
  }
  if (ctx.signal.aborted) return;
  ctx.status('finishing', 'Summarizing');
  ctx.result(summarizeFfi({ ...state, conditions: { cpuCount: cpus().length, loadAvgStart, loadAvgEnd: loadavg()[0]! } }));
}

/** runHarness runs the timed harness in `processes` fresh processes, reporting each batch; `error` says why it failed, if it did. */
async function runHarness(
  ctx: DemoContext<FfiParams>,
  id: FfiRuntimeId,
  plan: HarnessPlan,
  outDir: string,
  onVersion: (version: string) => void,
  addBatch: (id: FfiRuntimeId, iterations: number, durationNs: number, cpuNs?: number) => void,
): Promise<{ error?: string }> {
  for (const batches of splitBatches(ctx.params.batches, ctx.params.processes)) {
    const outcome = await runHarnessProcess(ctx, id, plan, outDir, batches, onVersion, addBatch);
    if (outcome.error || ctx.signal.aborted) return outcome;
  }
  return {};
}

/** runHarnessProcess runs one harness process for `batches` batches. */
async function runHarnessProcess(
  ctx: DemoContext<FfiParams>,
  id: FfiRuntimeId,
  plan: HarnessPlan,
  outDir: string,
  batches: number,
  onVersion: (version: string) => void,
  addBatch: (id: FfiRuntimeId, iterations: number, durationNs: number, cpuNs?: number) => void,
): Promise<{ error?: string }> {
  const { batchMs } = ctx.params;
  const label = ffiRuntimes[id].label;
  const command = plan.command(outDir, batches, batchMs);
  const timeoutMs = harnessTimeoutMs(batches, batchMs);
  let seen = 0;
  let stderr = '';
  try {
    const result = await ctx.exec(command.cmd, command.args, {
      source: id,
      env: command.env,
      timeoutMs,
      streamOutput: false,
      onStdoutLine: (line) => {
        const parsed = parseHarnessLine(line);
        if (parsed.kind === 'batch') {
          seen += 1;
          addBatch(id, parsed.iterations, parsed.durationNs, parsed.cpuNs);
        } else if (parsed.kind === 'version') {
          onVersion(parsed.version);
        } else if (parsed.kind === 'invalid') {
          ctx.stderr(`${parsed.reason}\n`, id);
        }
      },
      onStderrLine: (line) => {
        stderr += `${line}\n`;
        ctx.stderr(`${line}\n`, id);
      },
    });
    if (result.cancelled) return { error: 'cancelled' };
    const detail = tail(stderr || result.stderr);
    if (result.timedOut) {
      ctx.error('timeout', `${label}: no result within ${Math.round(timeoutMs / 1000)} s`, { source: id, detail });
      return { error: 'timeout' };
    }
    if (result.exitCode !== 0) {
      const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
      ctx.error('program-crashed', `${label}: harness ${how}`, { source: id, detail });
      return { error: `harness ${how}` };
    }
    if (seen < batches) {
      ctx.error('program-crashed', `${label}: harness printed ${seen} of ${batches} batches`, { source: id, detail });
      return { error: 'too few batches' };
    }
    return {};
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.error('program-crashed', `${label}: harness could not start`, { source: id, detail: message });
    return { error: 'could not start' };
  }
}

/**
 * runStandalone is the fidelity check: the same call in a plain loop of a fixed count,
 * one process per loop, timed from outside the process. Process start-up is measured
 * with a zero-count run and subtracted. Each loop is one sample.
 */
async function runStandalone(
  ctx: DemoContext<FfiParams>,
  id: FfiRuntimeId,
  plan: HarnessPlan,
  outDir: string,
  harnessNs: number[] | undefined,
  addBatch: (id: FfiRuntimeId, iterations: number, durationNs: number) => void,
): Promise<{ error?: string }> {
  const label = ffiRuntimes[id].label;
  const fallbackNs = id === 'go-cgo-loop' ? 50 : 3;
  const count = fixedCountFor(harnessNs && harnessNs.length > 0 ? median(harnessNs) : undefined, fallbackNs);
  const once = async (n: number): Promise<number | string> => {
    const command = plan.fixed!(outDir, n);
    const start = performance.now();
    try {
      const result = await ctx.exec(command.cmd, command.args, { source: id, timeoutMs: 60_000, streamOutput: false });
      const elapsedNs = (performance.now() - start) * 1e6;
      if (result.cancelled) return 'cancelled';
      if (result.timedOut || result.exitCode !== 0) return tail(result.stderr) || `exit ${result.exitCode ?? result.signal}`;
      const line = result.stdout.trim().split('\n').map(parseHarnessLine).find((l) => l.kind === 'fixed');
      if (!line || line.kind !== 'fixed' || line.x !== n) return `standalone loop printed ${result.stdout.trim().slice(0, 80)}`;
      return elapsedNs;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };
  const startupNs: number[] = [];
  for (let i = 0; i < fixedRepeats; i++) {
    const t = await once(0);
    if (typeof t === 'string') {
      if (!ctx.signal.aborted) ctx.error('program-crashed', `${label}: standalone loop failed`, { source: id, detail: t });
      return { error: 'standalone loop failed' };
    }
    startupNs.push(t);
  }
  const startup = median(startupNs);
  for (let i = 0; i < fixedRepeats; i++) {
    const t = await once(count);
    if (typeof t === 'string') {
      if (!ctx.signal.aborted) ctx.error('program-crashed', `${label}: standalone loop failed`, { source: id, detail: t });
      return { error: 'standalone loop failed' };
    }
    addBatch(id, count, Math.max(1, t - startup));
  }
  return {};
}

export default defineDemoRunner({
  manifest,
  run: runFfiOverhead,
});
