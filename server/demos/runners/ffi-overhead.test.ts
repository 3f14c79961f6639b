/**
 * Unit tests of the ffi-overhead runner with a fake context: no compiler runs, builds
 * and processes are scripted, so the rounds and the error paths (missing toolchain,
 * failed build, crash, timeout) are checked without a slow or flaky machine.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEventBody } from '../../../demos/protocol.ts';
import type { BuildResult, BuildSpec, DemoContext, ExecOptions, ExecResult, ToolchainReport } from '../demo-context.ts';
import runner, { extraRounds, fixedCountFor, harnessTimeoutMs, isQuickRow, runFfiOverhead, sentinelAddsFor, type FfiParams } from './ffi-overhead.ts';
import type { FfiResult } from '../../../demos/ffi-overhead/summary.ts';

type Script = (cmd: string, args: string[], options: ExecOptions) => Partial<ExecResult> & { lines?: string[] };

const allFound: ToolchainReport = Object.fromEntries(
  ['cc', 'go', 'rust', 'java', 'java-ffm', 'luajit', 'node', 'python', 'bun', 'deno'].map((id) => [id, { found: true, version: '1.0', path: `/usr/bin/${id}` }]),
);

function fakeContext(params: Partial<FfiParams>, opts: { toolchains?: ToolchainReport; build?: (spec: BuildSpec) => BuildResult; exec?: Script }) {
  const events: RunEventBody[] = [];
  const builds: BuildSpec[] = [];
  const execs: Array<{ cmd: string; args: string[] }> = [];
  const controller = new AbortController();
  // One process per runtime unless a test says otherwise: the fake prints all batches at once.
  const parsed = runner.manifest.params.parse({ processes: 1, quickProcesses: 1, ...params }) as FfiParams;
  const ctx: DemoContext<FfiParams> = {
    runId: 'r1',
    params: parsed,
    files: undefined,
    signal: controller.signal,
    toolchains: opts.toolchains ?? allFound,
    rootDir: '/repo',
    status: (phase, message) => events.push({ type: 'status', phase, message }),
    progress: (message, extra = {}) => events.push({ type: 'progress', message, ...extra }),
    sample: (key, values, label) => events.push({ type: 'sample', key, values, ...(label ? { label } : {}) }),
    result: (data) => events.push({ type: 'result', data }),
    error: (code, message, extra = {}) => events.push({ type: 'error', code, message, ...extra }),
    stdout: (text, source) => events.push({ type: 'stdout', text, source }),
    stderr: (text, source) => events.push({ type: 'stderr', text, source }),
    build: async (spec) => {
      builds.push(spec);
      return opts.build?.(spec) ?? { ok: true, outDir: `/cache/${spec.name.replaceAll(' ', '-')}`, cached: true, durationMs: 1, log: '' };
    },
    exec: async (cmd, args, options = {}) => {
      execs.push({ cmd, args });
      const scripted = opts.exec?.(cmd, args, options) ?? {};
      const fixed = args[0] === '--fixed';
      const lines = scripted.lines ?? (fixed ? [`{"x":${args[1]}}`] : ['{"version":"v9"}', ...Array.from({ length: batchesArg(args) }, () => '{"iterations":1000,"durationNs":2000}')]);
      for (const line of lines) options.onStdoutLine?.(line);
      return { exitCode: 0, signal: null, timedOut: false, cancelled: false, truncated: false, stdout: lines.join('\n'), stderr: '', durationMs: 1, ...scripted };
    },
    tempDir: async () => '/tmp/x',
  };
  return { ctx, events, builds, execs, abort: () => controller.abort() };
}

/** batchesArg finds <batches> in a timed command line: the first of the three numbers <batches> <batchMs> <spinAdds>. */
function batchesArg(args: string[]): number {
  const i = args.findIndex((a, k) => /^\d+$/.test(a) && /^\d+(\.\d+)?$/.test(args[k + 1] ?? '') && /^\d+$/.test(args[k + 2] ?? ''));
  return i < 0 ? 0 : Number(args[i]);
}

const errors = (events: RunEventBody[]) => events.filter((e) => e.type === 'error');
/** batches are the batch samples (the runner also samples the steal time it read around each process). */
const batches = (events: RunEventBody[]) => events.filter((e) => e.type === 'sample' && 'nsPerCall' in e.values);
const result = (events: RunEventBody[]) => (events.find((e) => e.type === 'result') as { data: FfiResult } | undefined)?.data;

/** spin is a sentinel line at 3.7 GHz (555,000 adds in 0.15 ms). */
const spin = '{"spinAdds":555000,"spinNs":150000,"spinCpuNs":150000}';
/** slowSpin is one at 1.85 GHz. */
const slowSpin = '{"spinAdds":555000,"spinNs":300000,"spinCpuNs":300000}';

describe('ffi-overhead runner', () => {
  it('samples every batch with ns per call and its round, and ends with the table', async () => {
    const { ctx, events } = fakeContext({ runtimes: ['c-direct', 'c-so', 'go-cgo'], batchesPerProcess: 3 }, {
      exec: (cmd) => ({
        lines: ['{"version":"v9"}', ...Array.from({ length: 3 }, () => `{"iterations":1000,"durationNs":${cmd.endsWith('go-cgo') ? 40000 : cmd.endsWith('c-so') ? 2000 : 1000}}`)],
      }),
    });
    await runFfiOverhead(ctx);
    const samples = batches(events);
    expect(samples).toHaveLength(9);
    expect(samples[0]).toEqual({ type: 'sample', key: 'c-direct', values: { round: 1, iterations: 1000, durationNs: 1000, nsPerCall: 1 }, label: 'C, direct call (same binary)' });
    const data = result(events)!;
    expect(data.rows.map((r) => [r.id, r.medianNs, r.ratioToCSo, r.version])).toEqual([
      ['c-direct', 1, 0.5, 'v9'],
      ['c-so', 2, 1, 'v9'],
      ['go-cgo', 40, 20, 'v9'],
    ]);
    expect(errors(events)).toEqual([]);
    expect(events.at(-1)?.type).toBe('result');
  });

  it('runs interleaved rounds: every runtime once per round, a fresh process each, the standalone check right after its harness', async () => {
    const { ctx, execs } = fakeContext({ runtimes: ['c-so', 'go-cgo', 'c-so-loop'], batchesPerProcess: 2, processes: 2 }, {});
    await runFfiOverhead(ctx);
    const who = execs.map((e) => `${e.cmd.split('/').at(-1)}${e.args[0] === '--fixed' ? ` --fixed ${e.args[1] === '0' ? '0' : 'N'}` : ''}`);
    expect(who).toEqual([
      'c-so', 'c-so --fixed 0', ...Array(5).fill('c-so --fixed N'), 'go-cgo',
      'c-so', 'c-so --fixed 0', ...Array(5).fill('c-so --fixed N'), 'go-cgo',
    ]);
  });

  it('passes the sentinel through, sized to about 0.15 ms, and flags a harness that shared its CPU', async () => {
    const { ctx, events, execs } = fakeContext({ runtimes: ['c-so', 'go-cgo'], batchesPerProcess: 1, processes: 2 }, {
      exec: (cmd) => ({
        lines: [spin, '{"iterations":100,"durationNs":400,"cpuNs":' + (cmd.endsWith('go-cgo') ? 200 : 400) + '}'],
      }),
    });
    await runFfiOverhead(ctx);
    const spins = events.filter((e) => e.type === 'sample' && 'spinAdds' in e.values);
    expect(spins).toHaveLength(4);
    expect(spins[0]).toMatchObject({ key: 'c-so', values: { round: 1, spinAdds: 555_000, spinNs: 150_000, spinCpuNs: 150_000 } });
    // No history: the first process gets the default size; later ones are sized from the rate seen (3.7 GHz × 0.15 ms).
    expect(execs.map((e) => e.args[2])).toEqual(['390000', '555000', '555000', '555000']);
    expect(sentinelAddsFor(NaN)).toBe(390_000);
    expect(sentinelAddsFor(0.1)).toBe(100_000);
    const data = result(events)!;
    expect(data.rows.map((r) => [r.id, r.machine.rateGHz, r.flag])).toEqual([
      ['c-so', 3.7, null],
      ['go-cgo', 3.7, 'machine slowed down: figures inflated ≈ 100 %'],
    ]);
    expect(data.machineSpeed).toMatchObject({ flagged: true, bestRateGHz: 3.7 });
  });

  it('marks a missing toolchain as a sample-less error with the runtime as source, and goes on', async () => {
    const toolchains = { ...allFound, luajit: { found: false } };
    const { ctx, events, builds } = fakeContext({ runtimes: ['luajit', 'c-so'], batchesPerProcess: 2 }, { toolchains });
    await runFfiOverhead(ctx);
    expect(errors(events)).toEqual([{ type: 'error', code: 'toolchain-missing', message: 'LuaJIT FFI: missing: luajit', source: 'luajit' }]);
    expect(builds.map((b) => b.name)).toEqual(['c-so harness']);
    const rows = result(events)!.rows;
    expect(rows.find((r) => r.id === 'luajit')).toMatchObject({ state: 'missing', message: 'missing: luajit', medianNs: null });
    expect(rows.find((r) => r.id === 'c-so')).toMatchObject({ state: 'done', batches: 2 });
  });

  it('runs Bun and Deno from their own binaries, and marks them missing when their npm package did not install', async () => {
    const { ctx, execs } = fakeContext({ runtimes: ['bun-ffi', 'deno-ffi'], batchesPerProcess: 1 }, {});
    await runFfiOverhead(ctx);
    expect(execs.map((e) => [e.cmd, e.args.filter((a) => !/^\d+$/.test(a)).map((a) => a.replace(/^\/repo\//, '').replace(/^\/cache\/[^/]+\//, 'OUT/'))])).toEqual([
      ['/usr/bin/bun', ['native/ffi/bun/bun-ffi.mjs', 'OUT/libplusone.so']],
      ['/usr/bin/deno', ['run', '--no-config', '--no-lock', '--allow-ffi', 'native/ffi/deno/deno-ffi.mjs', 'OUT/libplusone.so']],
    ]);
    const missing = fakeContext({ runtimes: ['bun-ffi', 'deno-ffi'], batchesPerProcess: 1 }, { toolchains: { ...allFound, bun: { found: false }, deno: { found: false } } });
    await runFfiOverhead(missing.ctx);
    expect(errors(missing.events).map((e) => e.type === 'error' && e.message)).toEqual(['Bun bun:ffi: missing: bun', 'Deno Deno.dlopen: missing: deno']);
    expect(result(missing.events)!.rows.map((r) => r.state)).toEqual(['missing', 'missing']);
  });

  it('runs JNI and FFM on the newest JDK, naming it, and the other JDK only as the extra row', async () => {
    const jdks = await mkdtemp(join(tmpdir(), 'ffi-jdks-'));
    try {
      for (const home of ['jdk17', 'jdk25']) {
        await mkdir(join(jdks, home, 'bin'), { recursive: true });
        for (const tool of ['java', 'javac']) await writeFile(join(jdks, home, 'bin', tool), '');
      }
      const toolchains = {
        ...allFound,
        java: { found: true, version: '17.0.15', path: join(jdks, 'jdk17', 'bin', 'java') },
        'java-ffm': { found: true, version: '25.0.3', path: join(jdks, 'jdk25') },
      };
      const { ctx, events, execs, builds } = fakeContext({ runtimes: ['java-jni', 'java-ffm', 'java-jni-other'], batchesPerProcess: 1 }, { toolchains });
      await runFfiOverhead(ctx);
      expect(result(events)!.rows.map((r) => r.label)).toEqual(['Java 25 JNI wrapper + call', 'Java 25 FFM downcall', 'Java 17 JNI wrapper + call (other JDK)']);
      expect(execs.map((e) => e.cmd.slice(jdks.length))).toEqual(['/jdk25/bin/java', '/jdk25/bin/java', '/jdk17/bin/java']);
      expect(builds.map((b) => b.steps[1]!.cmd.slice(jdks.length))).toEqual(['/jdk25/bin/javac', '/jdk25/bin/javac', '/jdk17/bin/javac']);
      // One JDK only: no extra row, said so.
      const one = fakeContext({ runtimes: ['java-jni-other'], batchesPerProcess: 1 }, { toolchains: { ...toolchains, 'java-ffm': { found: false } } });
      await runFfiOverhead(one.ctx);
      expect(errors(one.events).map((e) => e.type === 'error' && e.message)).toEqual(['Java JNI, other JDK: missing: a second JDK (the JDK on PATH is the newest one)']);
    } finally {
      await rm(jdks, { recursive: true, force: true });
    }
  });

  it('reports a failed build with the compiler message and continues with the next runtime', async () => {
    const { ctx, events } = fakeContext({ runtimes: ['rust', 'c-so'], batchesPerProcess: 1 }, {
      build: (spec) => spec.name === 'rust harness'
        ? { ok: false, outDir: '', cached: false, durationMs: 5, log: 'error[E0425]: cannot find value `y`' }
        : { ok: true, outDir: '/cache/c', cached: false, durationMs: 5, log: '' },
    });
    await runFfiOverhead(ctx);
    expect(errors(events)).toEqual([{ type: 'error', code: 'build-failed', message: 'Rust extern "C" (GOT-indirect): build failed', source: 'rust', detail: 'error[E0425]: cannot find value `y`' }]);
    expect(result(events)!.rows.map((r) => r.state)).toEqual(['done', 'error']);
  });

  it('names the runtime and its stderr tail when a harness crashes or hangs, and leaves it out of later rounds', async () => {
    const { ctx, events, execs } = fakeContext({ runtimes: ['c-direct', 'c-so', 'rust'], batchesPerProcess: 2, processes: 2 }, {
      exec: (cmd, _args, options) => {
        if (cmd.endsWith('c-direct')) {
          options.onStderrLine?.('Segmentation fault');
          return { exitCode: null, signal: 'SIGSEGV', lines: ['{"iterations":10,"durationNs":20}'] };
        }
        if (cmd.endsWith('rust-ffi')) return { exitCode: null, signal: 'SIGKILL', timedOut: true, lines: [], stderr: 'stuck' };
        return {};
      },
    });
    await runFfiOverhead(ctx);
    expect(errors(events)).toEqual([
      { type: 'error', code: 'program-crashed', message: 'C, direct call (same binary): harness was killed by SIGSEGV', source: 'c-direct', detail: 'Segmentation fault' },
      { type: 'error', code: 'timeout', message: expect.stringMatching(/^Rust extern "C" \(GOT-indirect\): no result within \d+ s$/), source: 'rust', detail: 'stuck' },
    ]);
    expect(execs.map((e) => e.cmd.split('/').at(-1))).toEqual(['c-direct', 'c-so', 'rust-ffi', 'c-so']);
    // The batch printed before the crash still counts; c-so ran normally in both rounds.
    expect(result(events)!.rows.map((r) => [r.id, r.state, r.batches])).toEqual([['c-direct', 'error', 1], ['c-so', 'done', 4], ['rust', 'error', 0]]);
  });

  it('reports a harness that cannot start or prints too few batches', async () => {
    const { ctx, events } = fakeContext({ runtimes: ['c-so', 'python-ctypes'], batchesPerProcess: 3 }, {
      exec: (cmd) => {
        if (cmd.endsWith('c-so')) throw new Error('spawn ENOENT');
        return { lines: ['{"iterations":10,"durationNs":20}'] };
      },
    });
    await runFfiOverhead(ctx);
    expect(errors(events).map((e) => e.type === 'error' && [e.code, e.source, e.message])).toEqual([
      ['program-crashed', 'c-so', 'C via libplusone.so (PLT): harness could not start'],
      ['program-crashed', 'python-ctypes', 'Python ctypes: harness printed 1 of 3 batches'],
    ]);
  });

  it('builds a shared harness once (cgo and pure Go use one binary), and each cgo variant its own', async () => {
    const { ctx, builds, execs } = fakeContext({ runtimes: ['go', 'go-cgo', 'go-cgo-noescape', 'go-cgo-nocallback'], batchesPerProcess: 1 }, {});
    await runFfiOverhead(ctx);
    expect(builds.map((b) => b.name)).toEqual(['go-cgo harness', 'go-cgo-noescape harness', 'go-cgo-nocallback harness']);
    expect(execs.map((e) => e.args.at(-1))).toEqual(['go', 'cgo', 'cgo', 'cgo']);
  });

  it('builds the C rows with and without the PLT from one source', async () => {
    const { ctx, builds } = fakeContext({ runtimes: ['c-so', 'c-so-noplt'], batchesPerProcess: 1 }, {});
    await runFfiOverhead(ctx);
    expect(builds.map((b) => [b.name, b.steps[1]!.args.slice(0, 2)])).toEqual([['c-so harness', ['-O2', '-o']], ['c-so-noplt harness', ['-O2', '-fno-plt']]]);
  });

  it('times the standalone loop from outside, minus process start-up, sized from the harness, five loops per round', async () => {
    const { ctx, events, execs } = fakeContext({ runtimes: ['c-so', 'c-so-loop'], batchesPerProcess: 2, processes: 3 }, {});
    await runFfiOverhead(ctx);
    const fixed = execs.filter((e) => e.args[0] === '--fixed').map((e) => e.args[1]);
    // Each round: a start-up run, then five loops of 25 ms worth of 2 ns calls.
    const round = ['0', ...Array(5).fill('12500000')];
    expect(fixed).toEqual([...round, ...round, ...round]);
    const loopSamples = events.filter((e) => e.type === 'sample' && e.key === 'c-so-loop');
    expect(loopSamples.map((e) => e.type === 'sample' && e.values.round)).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3]);
    expect(result(events)!.fidelity[0]).toMatchObject({ id: 'c-so', standaloneId: 'c-so-loop', harnessNs: 2 });
  });

  it('gives each batch the rate of the sentinel timed right before it, and a standalone loop the slower of its two', async () => {
    const { ctx, events, execs } = fakeContext({ runtimes: ['c-so', 'c-so-loop'], batchesPerProcess: 3, processes: 1 }, {
      exec: (_cmd, args) =>
        args[0] === '--fixed'
          ? { lines: [spin, slowSpin, `{"x":${args[1]}}`] }
          : { lines: [spin, '{"iterations":1000,"durationNs":2000}', slowSpin, '{"iterations":1000,"durationNs":4000}', '{"iterations":1000,"durationNs":2000}'] },
    });
    await runFfiOverhead(ctx);
    const harness = batches(events).filter((e) => e.type === 'sample' && e.key === 'c-so').map((e) => e.type === 'sample' && e.values.clockGHz);
    // The third batch had no sentinel of its own (the one before belongs to the second).
    expect(harness).toEqual([3.7, 1.85, undefined]);
    // Sized from the harness's rate: (2 × 555,000 adds) ÷ 0.45 ms ≈ 2.47 GHz.
    expect(execs.filter((e) => e.args[0] === '--fixed').map((e) => e.args[2])).toEqual(Array(6).fill('370000'));
    const loops = batches(events).filter((e) => e.type === 'sample' && e.key === 'c-so-loop');
    expect(loops).toHaveLength(5);
    for (const loop of loops) expect(loop.type === 'sample' && loop.values.clockGHz).toBe(1.85);
  });

  it('stops when cancelled, without a result', async () => {
    const fake = fakeContext({ runtimes: ['c-direct', 'c-so'], batchesPerProcess: 1 }, {
      exec: () => {
        fake.abort();
        return { cancelled: true, exitCode: null, signal: 'SIGTERM', lines: [] };
      },
    });
    await runFfiOverhead(fake.ctx);
    expect(fake.execs).toHaveLength(1);
    expect(result(fake.events)).toBeUndefined();
  });

  it('keeps every build self-contained and free of absolute output paths', async () => {
    const { ctx, builds } = fakeContext({}, {});
    await runFfiOverhead(ctx);
    expect(builds.length).toBeGreaterThan(8);
    for (const spec of builds) {
      expect(spec.inputs.every((p) => p.startsWith('/'))).toBe(true);
      // Every harness builds its own libplusone.so next to itself (the sentinel lives there too).
      expect(spec.steps[0]!.args).toContain('{out}/libplusone.so');
      expect(JSON.stringify(spec.steps)).not.toContain('/cache/');
    }
  });

  it('runs batchesPerProcess batches of batchUs in each fresh process', async () => {
    const { ctx, events, execs } = fakeContext({ runtimes: ['c-so'], batchesPerProcess: 2, batchUs: 1500, processes: 3 }, {});
    await runFfiOverhead(ctx);
    expect(execs.map((e) => e.args)).toEqual([['2', '1.5', '390000'], ['2', '1.5', '390000'], ['2', '1.5', '390000']]);
    expect(batches(events)).toHaveLength(6);
    expect(result(events)!.rows[0]).toMatchObject({ state: 'done', batches: 6, processes: 3 });
  });

  it('gives rows whose processes start quickly more rounds, after the rounds every row runs', async () => {
    // python-ctypes spends 200 ms outside its batches and sentinel (an interpreter's start-up),
    // the compiled harnesses 5 ms: only they run rounds 3 and 4; the standalone check stays at 2.
    const { ctx, events, execs } = fakeContext({ runtimes: ['c-so', 'go-cgo', 'python-ctypes', 'c-so-loop'], batchesPerProcess: 2, processes: 2, quickProcesses: 4 }, {
      exec: (_cmd, args) =>
        args[0] === '--fixed'
          ? {}
          : {
            lines: [spin, '{"iterations":1000,"durationNs":2000000}', spin, '{"iterations":1000,"durationNs":2000000}'],
            // 2 × 0.15 ms of sentinel, 2 × 2 ms of batches, and the rest.
            durationMs: 4.3 + (args.some((a) => a.endsWith('ctypes_ffi.py')) ? 200 : 5),
          },
    });
    await runFfiOverhead(ctx);
    const who = execs.map((e) => (e.args[0] === '--fixed' ? 'check' : (e.args.find((a) => a.endsWith('.py')) ? 'python' : e.cmd.split('/').at(-1))));
    expect(who).toEqual([
      'c-so', ...Array(6).fill('check'), 'go-cgo', 'python',
      'c-so', ...Array(6).fill('check'), 'go-cgo', 'python',
      'c-so', 'go-cgo',
      'c-so', 'go-cgo',
    ]);
    const rounds = batches(events).filter((e) => e.type === 'sample' && e.key === 'go-cgo').map((e) => e.type === 'sample' && e.values.round);
    expect(rounds).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
    const data = result(events)!;
    expect(data.rows.map((r) => [r.id, r.processes])).toEqual([['c-so', 4], ['go-cgo', 4], ['python-ctypes', 2], ['c-so-loop', 2]]);
    expect(data.cgo.ratioToCSoByRound).toHaveLength(4);
    expect(events.filter((e) => e.type === 'progress' && e.step === 'run').map((e) => e.type === 'progress' && e.message).at(-1)).toBe('running cgo (round 4 of 4)');
    expect(isQuickRow([5, 70, 60])).toBe(true);
    expect(isQuickRow([5, 70, 60.5])).toBe(false);
    expect(isQuickRow([61, 70, 5])).toBe(false);
    expect(isQuickRow([])).toBe(false);
  });

  it('runs only the extra rounds that fit in the table’s time budget', () => {
    expect(extraRounds(6, 700, 13_000 - 9_500)).toBe(5);
    expect(extraRounds(6, 700, 13_000 - 8_000)).toBe(6);
    expect(extraRounds(6, 700, 699)).toBe(0);
    expect(extraRounds(6, 700, -2_000)).toBe(0);
    // Nothing measured to go by (no quick row): the count asked for, none when none asked.
    expect(extraRounds(3, 0, 100)).toBe(3);
    expect(extraRounds(0, 700, 10_000)).toBe(0);
  });

  it('sizes timeouts and fixed loops sensibly', () => {
    expect(harnessTimeoutMs(7, 50)).toBeGreaterThan(7 * 50 * 3);
    expect(fixedCountFor(2, 3)).toBe(12_500_000);
    expect(fixedCountFor(undefined, 50)).toBe(500_000);
    expect(fixedCountFor(0.001, 1)).toBe(2_000_000_000);
    expect(fixedCountFor(1e9, 1)).toBe(1000);
  });
});
