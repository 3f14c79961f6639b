/**
 * Unit tests of the ffi-overhead runner with a fake context: no compiler runs, builds
 * and processes are scripted, so the error paths (missing toolchain, failed build,
 * crash, timeout) are checked without a slow or flaky machine.
 */
import { describe, expect, it } from 'vitest';
import type { RunEventBody } from '../../../demos/protocol.ts';
import type { BuildResult, BuildSpec, DemoContext, ExecOptions, ExecResult, ToolchainReport } from '../demo-context.ts';
import runner, { fixedCountFor, harnessTimeoutMs, runFfiOverhead, splitBatches, type FfiParams } from './ffi-overhead.ts';
import type { FfiResult } from '../../../demos/ffi-overhead/summary.ts';

type Script = (cmd: string, args: string[], options: ExecOptions) => Partial<ExecResult> & { lines?: string[] };

const allFound: ToolchainReport = Object.fromEntries(
  ['cc', 'go', 'rust', 'java', 'java-ffm', 'luajit', 'node', 'python'].map((id) => [id, { found: true, version: '1.0', path: `/usr/bin/${id}` }]),
);

function fakeContext(params: Partial<FfiParams>, opts: { toolchains?: ToolchainReport; build?: (spec: BuildSpec) => BuildResult; exec?: Script }) {
  const events: RunEventBody[] = [];
  const builds: BuildSpec[] = [];
  const execs: Array<{ cmd: string; args: string[] }> = [];
  const controller = new AbortController();
  // One process per runtime unless a test says otherwise: the fake prints all batches at once.
  const parsed = runner.manifest.params.parse({ processes: 1, ...params }) as FfiParams;
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
      const lines = scripted.lines ?? (fixed ? [`{"x":${args[1]}}`] : ['{"version":"v9"}', ...Array.from({ length: parsed.batches }, () => '{"iterations":1000,"durationNs":2000}')]);
      for (const line of lines) options.onStdoutLine?.(line);
      return { exitCode: 0, signal: null, timedOut: false, cancelled: false, truncated: false, stdout: lines.join('\n'), stderr: '', durationMs: 1, ...scripted };
    },
    tempDir: async () => '/tmp/x',
  };
  return { ctx, events, builds, execs, abort: () => controller.abort() };
}

const errors = (events: RunEventBody[]) => events.filter((e) => e.type === 'error');
const result = (events: RunEventBody[]) => (events.find((e) => e.type === 'result') as { data: FfiResult } | undefined)?.data;

describe('ffi-overhead runner', () => {
  it('samples every batch with ns per call and ends with the table', async () => {
    const { ctx, events } = fakeContext({ runtimes: ['c-direct', 'c-so', 'go-cgo'], batches: 3 }, {
      exec: (cmd, args) => ({
        lines: ['{"version":"v9"}', ...Array.from({ length: 3 }, () => `{"iterations":1000,"durationNs":${cmd.endsWith('go-cgo') ? 40000 : cmd.endsWith('c-so') ? 2000 : 1000}}`)],
      }),
    });
    await runFfiOverhead(ctx);
    const samples = events.filter((e) => e.type === 'sample');
    expect(samples).toHaveLength(9);
    expect(samples[0]).toEqual({ type: 'sample', key: 'c-direct', values: { iterations: 1000, durationNs: 1000, nsPerCall: 1 }, label: 'C, direct call (same binary)' });
    const data = result(events)!;
    expect(data.rows.map((r) => [r.id, r.medianNs, r.ratioToCSo, r.version])).toEqual([
      ['c-direct', 1, 0.5, 'v9'],
      ['c-so', 2, 1, 'v9'],
      ['go-cgo', 40, 20, 'v9'],
    ]);
    expect(errors(events)).toEqual([]);
    expect(events.at(-1)?.type).toBe('result');
  });

  it('marks a missing toolchain as a sample-less error with the runtime as source, and goes on', async () => {
    const toolchains = { ...allFound, luajit: { found: false } };
    const { ctx, events, builds } = fakeContext({ runtimes: ['luajit', 'c-so'], batches: 2 }, { toolchains });
    await runFfiOverhead(ctx);
    expect(errors(events)).toEqual([{ type: 'error', code: 'toolchain-missing', message: 'LuaJIT FFI: missing: luajit', source: 'luajit' }]);
    expect(builds.map((b) => b.name)).toEqual(['c-so harness']);
    const rows = result(events)!.rows;
    expect(rows.find((r) => r.id === 'luajit')).toMatchObject({ state: 'missing', message: 'missing: luajit', medianNs: null });
    expect(rows.find((r) => r.id === 'c-so')).toMatchObject({ state: 'done', batches: 2 });
  });

  it('passes the harness CPU time through and summarizes it', async () => {
    const { ctx, events } = fakeContext({ runtimes: ['c-so'], batches: 2 }, {
      exec: () => ({ lines: ['{"iterations":100,"durationNs":400,"cpuNs":200}', '{"iterations":100,"durationNs":400,"cpuNs":300}'] }),
    });
    await runFfiOverhead(ctx);
    expect(events.filter((e) => e.type === 'sample').map((e) => e.type === 'sample' && e.values)).toEqual([
      { iterations: 100, durationNs: 400, nsPerCall: 4, cpuNs: 200 },
      { iterations: 100, durationNs: 400, nsPerCall: 4, cpuNs: 300 },
    ]);
    const data = result(events)!;
    expect(data.rows[0]).toMatchObject({ medianNs: 4, cpuMedianNs: 2.5, cpuSharePct: 62.5 });
    expect(data.conditions).toMatchObject({ cpuCount: expect.any(Number), loadAvgStart: expect.any(Number) });
  });

  it('reports a failed build with the compiler message and continues with the next runtime', async () => {
    const { ctx, events } = fakeContext({ runtimes: ['rust', 'c-so'], batches: 1 }, {
      build: (spec) => spec.name === 'rust harness'
        ? { ok: false, outDir: '', cached: false, durationMs: 5, log: 'error[E0425]: cannot find value `y`' }
        : { ok: true, outDir: '/cache/c', cached: false, durationMs: 5, log: '' },
    });
    await runFfiOverhead(ctx);
    expect(errors(events)).toEqual([{ type: 'error', code: 'build-failed', message: 'Rust extern "C": build failed', source: 'rust', detail: 'error[E0425]: cannot find value `y`' }]);
    expect(result(events)!.rows.map((r) => r.state)).toEqual(['done', 'error']);
  });

  it('names the runtime and its stderr tail when a harness crashes or hangs', async () => {
    const { ctx, events } = fakeContext({ runtimes: ['c-direct', 'c-so', 'rust'], batches: 2 }, {
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
      { type: 'error', code: 'timeout', message: expect.stringMatching(/^Rust extern "C": no result within \d+ s$/), source: 'rust', detail: 'stuck' },
    ]);
    // The batch printed before the crash still counts; c-so ran normally in between.
    expect(result(events)!.rows.map((r) => [r.id, r.state, r.batches])).toEqual([['c-direct', 'error', 1], ['c-so', 'done', 2], ['rust', 'error', 0]]);
  });

  it('reports a harness that cannot start or prints too few batches', async () => {
    const { ctx, events } = fakeContext({ runtimes: ['c-so', 'python-ctypes'], batches: 3 }, {
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

  it('builds a shared harness once (cgo and pure Go use one binary)', async () => {
    const { ctx, builds, execs } = fakeContext({ runtimes: ['go', 'go-cgo'], batches: 1 }, {});
    await runFfiOverhead(ctx);
    expect(builds.map((b) => b.name)).toEqual(['go-cgo harness']);
    expect(execs.map((e) => e.args.at(-1))).toEqual(['go', 'cgo']);
  });

  it('times the standalone loop from outside, minus process start-up, sized from the harness', async () => {
    const { ctx, events, execs } = fakeContext({ runtimes: ['c-so', 'c-so-loop'], batches: 2 }, {});
    await runFfiOverhead(ctx);
    const fixed = execs.filter((e) => e.args[0] === '--fixed').map((e) => e.args[1]);
    // 3 start-up runs, then 3 loops of 250 ms worth of 2 ns calls.
    expect(fixed).toEqual(['0', '0', '0', '125000000', '125000000', '125000000']);
    const loopSamples = events.filter((e) => e.type === 'sample' && e.key === 'c-so-loop');
    expect(loopSamples).toHaveLength(3);
    expect(result(events)!.fidelity[0]).toMatchObject({ id: 'c-so', standaloneId: 'c-so-loop', harnessNs: 2 });
  });

  it('stops when cancelled, without a result', async () => {
    const fake = fakeContext({ runtimes: ['c-direct', 'c-so'], batches: 1 }, {
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
    for (const spec of builds) {
      expect(spec.inputs.every((p) => p.startsWith('/'))).toBe(true);
      // Every harness but the direct call builds its own libplusone.so next to itself.
      if (spec.name !== 'c-direct harness') expect(spec.steps[0]!.args).toContain('{out}/libplusone.so');
      expect(JSON.stringify(spec.steps)).not.toContain('/cache/');
    }
  });

  it('spreads the batches over fresh processes', async () => {
    const { ctx, events, execs } = fakeContext({ runtimes: ['c-so'], batches: 7, processes: 3 }, {
      exec: (_cmd, args) => ({ lines: Array.from({ length: Number(args[0]) }, () => '{"iterations":10,"durationNs":20}') }),
    });
    await runFfiOverhead(ctx);
    expect(execs.map((e) => e.args)).toEqual([['3', '30'], ['2', '30'], ['2', '30']]);
    expect(events.filter((e) => e.type === 'sample')).toHaveLength(7);
    expect(result(events)!.rows[0]).toMatchObject({ state: 'done', batches: 7 });
    expect(splitBatches(9, 3)).toEqual([3, 3, 3]);
    expect(splitBatches(2, 3)).toEqual([1, 1]);
    expect(splitBatches(5, 1)).toEqual([5]);
  });

  it('sizes timeouts and fixed loops sensibly', () => {
    expect(harnessTimeoutMs(7, 50)).toBeGreaterThan(7 * 50 * 3);
    expect(fixedCountFor(2, 3)).toBe(125_000_000);
    expect(fixedCountFor(undefined, 50)).toBe(5_000_000);
    expect(fixedCountFor(0.001, 1)).toBe(2_000_000_000);
    expect(fixedCountFor(1e9, 1)).toBe(1000);
  });
});
