/**
 * Reasons 1–2 against the real toolchain, through the real engine (no HTTP): each test
 * runs one demo and asserts what proves it real — the files cgo generated, the frames
 * gdb saw, the morestack call, the address that changed, the memory a thread costs.
 * A test skips when this machine lacks the demo's toolchain (the doctor says which), as the
 * demo itself would say "unavailable". Builds go to the tests' own cache, `.cache/test/`.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { resolve } from 'node:path';
import type { RunEvent } from '../../demos/protocol.ts';
import { createEngine, EngineError, type AnyDemo, type Engine } from '../../server/engine/engine.ts';
import { runDemoToEnd } from '../../server/engine/run-to-end.ts';
import { detectToolchains } from '../../server/toolchains/detect.ts';
import goBuildWork from '../../server/demos/runners/go-build-work.ts';
import cgocallSource from '../../server/demos/runners/cgocall-source.ts';
import trampolineGdb from '../../server/demos/runners/trampoline-gdb.ts';
import cgoBenchstat from '../../server/demos/runners/cgo-benchstat.ts';
import preambleDisasm from '../../server/demos/runners/preamble-disasm.ts';
import stackGrowth from '../../server/demos/runners/stack-growth.ts';
import goroutinesVsThreads from '../../server/demos/runners/goroutines-vs-threads.ts';
import { median } from '../../demos/stats/stats.ts';
import { skipIfMissing } from '../support/toolchains.ts';
import { testCacheDir } from '../support/test-paths.ts';

const rootDir = resolve(import.meta.dirname, '../..');
const found = new Set((await detectToolchains()).filter((t) => t.found).map((t) => t.id));

let engine: Engine;
/** slowStackGrowth is stack-growth with a 2-second budget, to see a hung demo stopped. */
const slowStackGrowth: AnyDemo = { ...stackGrowth, manifest: { ...stackGrowth.manifest, id: 'stack-growth-short-timeout', timeoutMs: 2_000 } };

beforeAll(() => {
  engine = createEngine({
    demos: [goBuildWork, cgocallSource, trampolineGdb, cgoBenchstat, preambleDisasm, stackGrowth, goroutinesVsThreads, slowStackGrowth],
    rootDir,
    cacheDir: testCacheDir,
    log: () => undefined,
  });
});
afterAll(async () => {
  await engine.close();
});

function resultOf(events: RunEvent[]): Record<string, unknown> {
  const result = events.find((e) => e.type === 'result');
  if (!result || result.type !== 'result') {
    const errors = events.filter((e) => e.type === 'error').map((e) => JSON.stringify(e));
    throw new Error(`no result event; errors: ${errors.join('\n')}`);
  }
  return result.data as Record<string, unknown>;
}

describe('go-build-work', () => {
  it('streams every tool step and shows the files cgo generated', async (ctx) => {
    await skipIfMissing(ctx, 'go', 'cc');
    const { events, end } = await runDemoToEnd(engine, 'go-build-work', {});
    expect(end.outcome).toBe('ok');
    const steps = new Set(events.flatMap((e) => (e.type === 'progress' && e.step ? [e.step] : [])));
    for (const step of ['cgo', 'gcc', 'compile', 'link']) expect(steps).toContain(step);
    const data = resultOf(events);
    // pack runs inside the go command ("# internal"): counted, streamed only with showInternal.
    expect((data.commands as Record<string, number>).pack).toBeGreaterThanOrEqual(1);
    // The demo's own package runs cgo twice (-objdir, then -dynimport); a cold Go cache
    // also builds runtime/cgo, whose cgo steps count too, so look at b001's own steps.
    const cgoSteps = events.flatMap((e) => (e.type === 'progress' && e.step === 'cgo' ? [e.message] : []));
    expect(cgoSteps.filter((m) => m.includes('-objdir $WORK/b001/'))).toHaveLength(1);
    expect(cgoSteps.filter((m) => m.includes('-dynimport $WORK/b001/_cgo_.o'))).toHaveLength(1);
    expect((data.commands as Record<string, number>).cgo).toBeGreaterThanOrEqual(2);
    const names = (data.files as Array<{ name: string }>).map((f) => f.name);
    for (const name of ['_cgo_gotypes.go', 'add.cgo1.go', 'add.cgo2.c', '_cgo_export.c', '_cgo_export.h', '_cgo_main.c', '_cgo_import.go', '_cgo_.o']) {
      expect(names).toContain(name);
    }
    const key = Object.fromEntries((data.keyFiles as Array<{ name: string; content: string; focus: Array<{ from: number; to: number; label: string }> }>).map((f) => [f.name, f]));
    const lineOf = (name: string, n: number): string => key[name]!.content.split('\n')[n - 1] ?? '';
    // The rewritten call, found in the real file at the line the runner focused.
    expect(lineOf('add.cgo1.go', key['add.cgo1.go']!.focus[0]!.from)).toMatch(/_Cfunc_add\b/);
    expect(key['_cgo_gotypes.go']!.content).toMatch(/func _Cfunc_add\(p0 _Ctype_int, p1 _Ctype_int\)/);
    const cgocallLine = key['_cgo_gotypes.go']!.focus.find((f) => /runtime\.cgocall\(/.test(f.label))!;
    expect(lineOf('_cgo_gotypes.go', cgocallLine.from)).toMatch(/_cgo_runtime_cgocall\(_cgo_[0-9a-f]+_Cfunc_add, uintptr\(unsafe\.Pointer\(&p0\)\)\)/);
    expect(key['_cgo_gotypes.go']!.content).toMatch(/go:linkname _cgo_runtime_cgocall runtime\.cgocall/);
    const trampoline = key['add.cgo2.c']!;
    expect(lineOf('add.cgo2.c', trampoline.focus[0]!.from)).toMatch(/^_cgo_[0-9a-f]+_Cfunc_add\(void \*v\)/);
    expect(trampoline.content).toMatch(/_cgo_r = add\(_cgo_a->p0, _cgo_a->p1\);/);
    expect(data.programOutput).toBe('add(1, 2) = 3');
    // Commands say $WORK, never this run's temp path.
    expect(events.some((e) => e.type === 'progress' && /\$WORK\/b001/.test(e.message))).toBe(true);
  });
});

describe('cgocall-source', () => {
  it('cuts runtime.cgocall and asmcgocall out of this GOROOT', async (ctx) => {
    await skipIfMissing(ctx, 'go');
    const { events, end } = await runDemoToEnd(engine, 'cgocall-source', { callback: true });
    expect(end.outcome).toBe('ok');
    const data = resultOf(events);
    expect(data.goVersion).toMatch(/^go1\.\d+/);
    const excerpts = data.excerpts as Array<{ symbol: string; code: string; focus: unknown[] }>;
    const cgocall = excerpts.find((x) => x.symbol === 'runtime.cgocall')!;
    expect(cgocall.code).toMatch(/^func cgocall\(fn, arg unsafe\.Pointer\) int32 \{/m);
    expect(cgocall.code).toMatch(/entersyscall\(\)[\s\S]*asmcgocall\(fn, arg\)[\s\S]*exitsyscall\(\)/);
    expect(cgocall.focus).toHaveLength(3);
    const asm = excerpts.find((x) => x.symbol === 'runtime.asmcgocall')!;
    expect(asm.code).toMatch(/^TEXT ·asmcgocall\(SB\)/m);
    expect(asm.focus.length).toBeGreaterThanOrEqual(3);
    expect(excerpts.some((x) => x.symbol === 'runtime.cgocallbackg')).toBe(true);
  });
});

describe('trampoline-gdb', () => {
  it('go-to-c: stops in cfunc and sees every frame down from main.main', async (ctx) => {
    await skipIfMissing(ctx, 'go', 'cc', 'gdb');
    const { events, end } = await runDemoToEnd(engine, 'trampoline-gdb', { direction: 'go-to-c' });
    expect(end.outcome).toBe('ok');
    const streamed = events.flatMap((e) => (e.type === 'progress' && e.source?.startsWith('go-to-c ') ? [e.message] : []));
    expect(streamed.length).toBeGreaterThanOrEqual(6);
    const runs = resultOf(events).runs as Array<Record<string, unknown>>;
    expect(runs).toHaveLength(1);
    const data = runs[0]!;
    const fns = (data.frames as Array<{ function: string }>).map((f) => f.function);
    expect(fns[0]).toBe('cfunc');
    expect(fns.some((f) => /^_cgo_[0-9a-f]+_Cfunc_cfunc$/.test(f))).toBe(true);
    for (const fn of ['runtime.asmcgocall', 'runtime.cgocall', 'main._Cfunc_cfunc', 'main.main']) expect(fns).toContain(fn);
    // The argument frame is on the goroutine's stack; the C code runs on the thread's.
    expect(data.argFrameOn).toBe('goroutine stack');
    expect(data.spOn).toBe('thread (g0) stack');
  });

  it('c-to-go: crosscall2 and runtime.cgocallback lead back into Go', async (ctx) => {
    await skipIfMissing(ctx, 'go', 'cc', 'gdb');
    const { events, end } = await runDemoToEnd(engine, 'trampoline-gdb', { direction: 'c-to-go' });
    expect(end.outcome).toBe('ok');
    const data = (resultOf(events).runs as Array<Record<string, unknown>>)[0]!;
    expect(data.direction).toBe('c-to-go');
    const fns = (data.frames as Array<{ function: string }>).map((f) => f.function);
    for (const fn of ['crosscall2', 'call_go', 'runtime.asmcgocall', 'main.goCallback', 'runtime.cgocallback', 'runtime.cgocallbackg', 'runtime.cgocall', 'main.main']) {
      expect(fns).toContain(fn);
    }
    // Back in Go, the callback runs on the goroutine's stack; its argument frame was built by C on the thread's.
    expect(data.spOn).toBe('goroutine stack');
    expect(data.argFrameOn).toBe('thread (g0) stack');
  });
});

describe('preamble-disasm', () => {
  it('finds the stack check and the morestack call in Go, none in C', async (ctx) => {
    await skipIfMissing(ctx, 'go', 'cc');
    const { events, end } = await runDemoToEnd(engine, 'preamble-disasm', {});
    expect(end.outcome).toBe('ok');
    const data = resultOf(events);
    const goFns = data.goFunctions as Array<{ name: string; instructions: Array<{ text: string }>; preamble: { compare: number; morestackCall: number; compares: string } | null }>;
    const depth = goFns.find((f) => f.name === 'main.depth')!;
    expect(depth.preamble).not.toBeNull();
    expect(depth.instructions[depth.preamble!.compare]!.text).toBe('CMPQ SP, 0x10(R14)');
    expect(depth.instructions[depth.preamble!.morestackCall]!.text).toMatch(/^CALL runtime\.morestack_noctxt/);
    const big = goFns.find((f) => f.name === 'main.bigFrame')!;
    expect(big.preamble?.compares).toMatch(/^SP-\d+$/);
    const cFns = data.cFunctions as Array<{ name: string; instructions: unknown[]; stackChecks: number[] }>;
    expect(cFns.find((f) => f.name === 'depth')!.instructions.length).toBeGreaterThan(3);
    expect(cFns.find((f) => f.name === 'depth')!.stackChecks).toEqual([]);
  });
});

describe('stack-growth', () => {
  it('the outer local moves when the stack is copied; the heap object does not', async (ctx) => {
    await skipIfMissing(ctx, 'go');
    const { events, end } = await runDemoToEnd(engine, 'stack-growth', { depth: 20_000, samples: 40, pauseMs: 0 });
    expect(end.outcome).toBe('ok');
    const anchors = new Set(events.flatMap((e) => (e.type === 'sample' && e.key === 'depth' ? [e.values.anchorAddr] : [])));
    expect(anchors.size).toBeGreaterThan(1);
    const data = resultOf(events);
    expect(Number(data.moveCount)).toBeGreaterThanOrEqual(5);
    expect(data.heapAddrStable).toBe(true);
    const moves = data.moves as Array<{ fromAddr: string; toAddr: string; inUseBytes: number }>;
    for (const m of moves) expect(m.toAddr).not.toBe(m.fromAddr);
    // Each copy happens when the stack in use is about twice what it was at the previous one.
    const last = moves.at(-1)!;
    const before = moves.at(-2)!;
    expect(last.inUseBytes / before.inUseBytes).toBeGreaterThan(1.5);
    expect(last.inUseBytes / before.inUseBytes).toBeLessThan(2.5);
  });

  it('a demo that runs past its time limit is stopped and says so', async (ctx) => {
    await skipIfMissing(ctx, 'go');
    const { events, end } = await runDemoToEnd(engine, 'stack-growth-short-timeout', { depth: 200_000, samples: 400, pauseMs: 100 });
    expect(end.outcome).toBe('timeout');
    const error = events.find((e) => e.type === 'error');
    expect(error?.type === 'error' && error.code).toBe('timeout');
    expect(events.some((e) => e.type === 'result')).toBe(false);
  });
});

describe('goroutines-vs-threads', () => {
  it('a goroutine costs far less memory than a thread', async (ctx) => {
    await skipIfMissing(ctx, 'go', 'cc');
    const { events, end } = await runDemoToEnd(engine, 'goroutines-vs-threads', { n: 2000 });
    expect(end.outcome).toBe('ok');
    const gSamples = events.filter((e) => e.type === 'sample' && e.key === 'goroutines');
    const tSamples = events.filter((e) => e.type === 'sample' && e.key === 'threads');
    expect(gSamples.length).toBe(21);
    expect(tSamples.length).toBe(21);
    const data = resultOf(events);
    const g = data.goroutines as { rssPerUnitBytes: number; vmPerUnitBytes: number; threadsAtEnd: number };
    const t = data.threads as { rssPerUnitBytes: number; vmPerUnitBytes: number; threadsAtEnd: number; stackBytes: number };
    expect(t.rssPerUnitBytes).toBeGreaterThan(2 * g.rssPerUnitBytes);
    expect(t.vmPerUnitBytes).toBeGreaterThan(1024 * 1024);
    expect(g.vmPerUnitBytes).toBeLessThan(64 * 1024);
    expect(t.threadsAtEnd).toBeGreaterThan(2000);
    expect(g.threadsAtEnd).toBeLessThan(50);
  });
});

describe('cgo-benchstat', () => {
  it('benchmarks Go, cgo, noescape/nocallback and callback calls', async (ctx) => {
    await skipIfMissing(ctx, 'go', 'cc');
    const { events, end } = await runDemoToEnd(engine, 'cgo-benchstat', { count: 6, benchtimeMs: 50 });
    expect(end.outcome).toBe('ok');
    const data = resultOf(events);
    const rows = data.rows as Array<{ name: string; medianNs: number; samples: number; lowNs: number | null; highNs: number | null; plusMinusPct: number | null }>;
    expect(rows.map((r) => r.name).sort()).toEqual(['CgoCall', 'CgoCallNoescapeNocallback', 'CgoCallback', 'GoCall']);
    // Each benchmark checks that its calls really happened (each one adds 1, the
    // callback's in Go: native/cgo-bench/bench_test.go), so an ok run timed real calls.
    // How fast each kind is depends on the machine and its load: no order is asserted
    // here; the committed recording and the preflight hold the figures.
    for (const row of rows) {
      const streamed = events.flatMap((e) => (e.type === 'sample' && e.key === row.name ? [Number(e.values.nsPerOp)] : []));
      expect(streamed, row.name).toHaveLength(6);
      for (const ns of streamed) expect(ns, row.name).toBeGreaterThan(0);
      // The row is the benchstat summary of exactly the samples the run streamed.
      expect(row, row.name).toMatchObject({ samples: 6, medianNs: median(streamed) });
      expect(row.lowNs!, row.name).toBeLessThanOrEqual(row.medianNs);
      expect(row.highNs!, row.name).toBeGreaterThanOrEqual(row.medianNs);
      expect(row.plusMinusPct, row.name).toBeCloseTo((Math.max(row.medianNs - row.lowNs!, row.highNs! - row.medianNs) / row.medianNs) * 100, 9);
    }
    if (found.has('benchstat')) {
      expect(data.statsBy).toBe('benchstat');
      // benchstat's own table, from the same output, prints the same medians (to its 4 digits).
      const table = String(data.benchstat);
      for (const row of rows) {
        const printed = new RegExp(`^${row.name}-\\d+\\s+([\\d.]+)([nµm]?) ± +(\\d+%|∞)`, 'm').exec(table);
        expect(printed, `${row.name} in benchstat's table:\n${table}`).not.toBeNull();
        const ns = Number(printed![1]) * { '': 1, n: 1, µ: 1e3, m: 1e6 }[printed![2] as '' | 'n' | 'µ' | 'm'];
        expect(Math.abs(ns / row.medianNs - 1), `${row.name}: benchstat ${printed![0]}, deck ${row.medianNs} ns`).toBeLessThan(0.001);
      }
    } else {
      expect(data.statsBy).toBe('demos/stats');
    }
  });
});

describe('a machine without gdb', () => {
  it('says the demo is unavailable instead of failing in it', async () => {
    const noGdb = createEngine({
      demos: [trampolineGdb],
      rootDir,
      cacheDir: testCacheDir,
      log: () => undefined,
      detectToolchains: async () => (await detectToolchains()).map((t) => (t.id === 'gdb' ? { ...t, found: false } : t)),
    });
    try {
      const { events, end } = await runDemoToEnd(noGdb, 'trampoline-gdb', {});
      expect(end.outcome).toBe('error');
      const error = events.find((e) => e.type === 'error');
      expect(error?.type === 'error' && error.code).toBe('toolchain-missing');
      expect(error?.type === 'error' && error.message).toMatch(/gdb/);
      expect(events.some((e) => e.type === 'status' && e.phase === 'building')).toBe(false);
    } finally {
      await noGdb.close();
    }
  });
});

describe('bad params', () => {
  it('are refused with a message, before anything runs', () => {
    const refused = (demo: string, params: Record<string, unknown>): EngineError => {
      try {
        engine.start({ demo, params: params as never });
      } catch (error) {
        return error as EngineError;
      }
      throw new Error(`${demo} accepted ${JSON.stringify(params)}`);
    };
    expect(refused('goroutines-vs-threads', { n: 1_000_000 }).message).toMatch(/n/);
    expect(refused('stack-growth', { depth: 10_000_000 }).code).toBe('bad-params');
    expect(refused('trampoline-gdb', { direction: 'sideways' }).code).toBe('bad-params');
    expect(refused('go-build-work', { showInternal: 'yes' }).code).toBe('bad-params');
    expect(refused('cgo-benchstat', { count: 500 }).code).toBe('bad-params');
  });
});
