import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DemoManifest } from '../../demos/define-demo.ts';
import type { Recording, RunEvent, ToolchainInfo } from '../../demos/protocol.ts';
import ffiManifest from '../../demos/ffi-overhead/manifest.ts';
import stackManifest from '../../demos/stack-growth/manifest.ts';
import { toolchainCatalog } from '../../server/toolchains/catalog.ts';
import { buildSummary, demoRows } from './demo-rows.ts';
import { z } from 'zod';

const rootDir = resolve(import.meta.dirname, '../..');
const recording = (name: string): Recording => JSON.parse(readFileSync(join(rootDir, 'recordings', `${name}.json`), 'utf8')) as Recording;
const toolchains = (...missing: string[]): ToolchainInfo[] =>
  toolchainCatalog.map((spec) => ({ id: spec.id, name: spec.name, found: !missing.includes(spec.id), installHint: spec.installHint, ...(missing.includes(spec.id) ? {} : { version: '1.0', path: `/usr/bin/${spec.id}` }) }));
const stack = stackManifest as unknown as DemoManifest;
const ffi = ffiManifest as unknown as DemoManifest;

/** withResult replaces a run's result data (and keeps everything else). */
function withResult(events: readonly RunEvent[], change: (data: Record<string, unknown>) => Record<string, unknown>): RunEvent[] {
  return events.map((event) => (event.type === 'result' ? { ...event, data: change(event.data) as typeof event.data } : event));
}

describe('demoRows', () => {
  const stackRun = recording('stack-growth').events;

  it('is go for a run that ended ok with a result passing the schema, and counts its builds', () => {
    const rows = demoRows({ check: 'stack-growth #/x', manifest: stack, params: {}, toolchains: toolchains(), run: { events: stackRun, ms: 1234 } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ check: 'stack-growth #/x', verdict: 'go', ms: 1234 });
    expect(rows[0]!.detail).toMatch(/^ran ok, result passes its schema; /);
  });

  it('is no-go when a required toolchain is missing, naming it and its install hint, without running', () => {
    const rows = demoRows({ check: 'stack-growth', manifest: stack, params: {}, toolchains: toolchains('go'), run: { events: stackRun, ms: 1 } });
    expect(rows).toEqual([{ check: 'stack-growth', verdict: 'no-go', detail: expect.stringMatching(/^cannot run: go missing \(install: apt-get install golang-go/) }]);
  });

  it('is no-go for a run that did not end ok, with its last error', () => {
    const failed: RunEvent[] = [
      ...stackRun.filter((e) => e.type !== 'end' && e.type !== 'result'),
      { seq: 900, tMs: 5, type: 'error', code: 'build-failed', message: 'go build of stack-growth failed' },
      { seq: 901, tMs: 6, type: 'end', outcome: 'error', durationMs: 6 },
    ];
    const [row] = demoRows({ check: 's', manifest: stack, params: {}, toolchains: toolchains(), run: { events: failed, ms: 6 } });
    expect(row).toMatchObject({ verdict: 'no-go', detail: 'the run ended error: go build of stack-growth failed' });
  });

  it('is no-go when the result does not pass the schema, or there is none', () => {
    const broken = withResult(stackRun, (data) => ({ ...data, moveCount: 'many' }));
    const [row] = demoRows({ check: 's', manifest: stack, params: {}, toolchains: toolchains(), run: { events: broken, ms: 1 } });
    expect(row!.verdict).toBe('no-go');
    expect(row!.detail).toMatch(/^its result does not pass the demo's result schema: moveCount: /);
    const none = stackRun.filter((e) => e.type !== 'result');
    expect(demoRows({ check: 's', manifest: stack, params: {}, toolchains: toolchains(), run: { events: none, ms: 1 } })[0]).toMatchObject({ verdict: 'no-go', detail: 'the run gave 0 results, not one' });
  });

  it('is no-go for params the demo refuses, and for a start the engine refused', () => {
    expect(demoRows({ check: 's', manifest: stack, params: { depth: 'deep' }, toolchains: toolchains() })[0]).toMatchObject({ verdict: 'no-go', detail: expect.stringMatching(/^the slide's params are refused: depth: /) });
    expect(demoRows({ check: 's', manifest: stack, params: {}, toolchains: toolchains(), refused: 'queue full' })[0]).toMatchObject({ verdict: 'no-go', detail: 'refused: queue full' });
  });

  it('warns, under the demo, for each optional row whose toolchain is missing; the demo itself stays as judged', () => {
    const rows = demoRows({ check: 'ffi', manifest: ffi, params: {}, toolchains: toolchains('luajit'), notRun: { verdict: 'skipped', reason: 'not run (--skip-runs)' } });
    expect(rows).toEqual([
      { check: 'ffi', verdict: 'skipped', detail: 'not run (--skip-runs); what it needs is here: cc found' },
      { check: 'row LuaJIT FFI', verdict: 'warn', sub: true, detail: 'luajit missing: the row shows "missing" (install: apt-get install luajit libluajit-5.1-dev)' },
    ]);
    // A row the slide does not show is not warned about.
    expect(demoRows({ check: 'ffi', manifest: ffi, params: { runtimes: ['c-so', 'go-cgo'] }, toolchains: toolchains('luajit') })).toHaveLength(1);
  });

  it('judges a timing demo by its machine-speed check: flagged figures are a warning', () => {
    const events = recording('ffi-overhead').events;
    const quiet = withResult(events, (data) => ({ ...data, machineSpeed: { ...(data.machineSpeed as object), flagged: false, reasons: [], loadAvg: 0.5, slowdownPct: 1 } }));
    expect(demoRows({ check: 'ffi', manifest: ffi, params: {}, toolchains: toolchains(), run: { events: quiet, ms: 1 } })[0]).toMatchObject({ verdict: 'go', detail: expect.stringMatching(/; figures vouched for by the machine-speed check$/) });
    const busy = withResult(events, (data) => ({ ...data, machineSpeed: { ...(data.machineSpeed as object), flagged: true, reasons: ['had the CPU 60 % of the time'], loadAvg: 0.5 } }));
    expect(demoRows({ check: 'ffi', manifest: ffi, params: {}, toolchains: toolchains(), run: { events: busy, ms: 1 } })[0]).toMatchObject({
      verdict: 'warn',
      detail: expect.stringMatching(/; figures flagged by the machine-speed check: had the CPU 60 % of the time$/),
    });
  });

  it('turns a row\'s error in a run that ended ok into a warning row, once per row', () => {
    const end = stackRun.findIndex((e) => e.type === 'end');
    const error = (seq: number): RunEvent => ({ seq, tMs: 1, type: 'error', code: 'build-failed', message: 'LuaJIT FFI: build failed', source: 'luajit' });
    const events = [...stackRun.slice(0, end), error(800), error(801), ...stackRun.slice(end)];
    const rows = demoRows({ check: 's', manifest: stack, params: {}, toolchains: toolchains(), run: { events, ms: 1 } });
    expect(rows.map((row) => [row.check, row.verdict, row.detail])).toEqual([
      ['s', 'go', expect.any(String)],
      ['row luajit', 'warn', 'LuaJIT FFI: build failed'],
    ]);
    // Already warned about from the toolchains: not twice.
    const ffiRows = demoRows({ check: 'f', manifest: ffi, params: {}, toolchains: toolchains('luajit'), run: { events: [...recording('ffi-overhead').events.slice(0, -1), error(5000), recording('ffi-overhead').events.at(-1)!], ms: 1 } });
    expect(ffiRows.filter((row) => row.check.startsWith('row ')).map((row) => row.check)).toEqual(['row LuaJIT FFI']);
  });
});

describe('demoRows, word for word', () => {
  const stackRun = recording('stack-growth').events;
  const ran = (events: RunEvent[]) => demoRows({ check: 's', manifest: stack, params: {}, toolchains: toolchains(), run: { events, ms: 1 } })[0]!.detail;

  it('names every missing toolchain and every hint there is', () => {
    const list = toolchains('go', 'cc').map((t) => (t.id === 'cc' ? { ...t, installHint: undefined } : t));
    const needsThree = { ...stack, requires: ['go', 'cc', 'no-such-tool'] } as DemoManifest;
    expect(demoRows({ check: 's', manifest: needsThree, params: {}, toolchains: list })[0]!.detail).toMatch(/^cannot run: go, cc, no-such-tool missing \(install: [^;]+\)$/);
    const noHints = toolchains('cc').map((t) => ({ ...t, installHint: undefined }));
    expect(demoRows({ check: 's', manifest: { ...stack, requires: ['cc'] } as DemoManifest, params: {}, toolchains: noHints })[0]!.detail).toBe('cannot run: cc missing');
    const twoHints = demoRows({ check: 's', manifest: { ...stack, requires: ['go', 'cc'] } as DemoManifest, params: {}, toolchains: toolchains('go', 'cc') })[0]!.detail;
    expect(twoHints.split('; ')).toHaveLength(2);
  });

  it('names each refused param by its path, the params themselves as (params)', () => {
    const nested = { ...stack, params: z.object({ a: z.object({ b: z.number() }), c: z.number() }) } as unknown as DemoManifest;
    expect(demoRows({ check: 's', manifest: nested, params: { a: { b: 'x' }, c: 'y' } as never, toolchains: toolchains() })[0]!.detail).toBe(
      "the slide's params are refused: a.b: Invalid input: expected number, received string; c: Invalid input: expected number, received string",
    );
    expect(demoRows({ check: 's', manifest: stack, params: null as never, toolchains: toolchains() })[0]!.detail).toMatch(/^the slide's params are refused: \(params\): /);
  });

  it('says what a run that did not end ok did, and only the error it gave', () => {
    expect(ran([])).toBe('the run did not end');
    expect(ran(stackRun.filter((e) => e.type !== 'end'))).toBe('the run did not end');
    expect(ran([{ seq: 1, tMs: 0, type: 'end', outcome: 'cancelled', durationMs: 1 }])).toBe('the run ended cancelled');
  });

  it('counts the results of a run that gave more than one, and lists at most three schema issues', () => {
    const result = stackRun.find((e) => e.type === 'result')!;
    const end = stackRun.findIndex((e) => e.type === 'end');
    expect(ran([...stackRun.slice(0, end), { ...result, seq: 999 }, ...stackRun.slice(end)])).toBe('the run gave 2 results, not one');
    const broken = withResult(stackRun, () => ({ a: 1 }));
    expect(ran(broken).split('; ')).toHaveLength(3);
  });

  it('names a schema issue deep in the result by its path', () => {
    const nested = { ...stack, result: z.object({ a: z.object({ b: z.number() }) }) } as unknown as DemoManifest;
    const events: RunEvent[] = [
      { seq: 1, tMs: 0, type: 'result', data: { a: { b: 'x' } } },
      { seq: 2, tMs: 0, type: 'end', outcome: 'ok', durationMs: 1 },
    ];
    expect(demoRows({ check: 's', manifest: nested, params: {}, toolchains: toolchains(), run: { events, ms: 1 } })[0]!.detail).toBe(
      "its result does not pass the demo's result schema: a.b: Invalid input: expected number, received string",
    );
  });

  it('names every toolchain an optional row lacks', () => {
    const twoLacking = { ...stack, requires: [], optionalRows: () => [{ id: 'r', label: 'R', requires: ['go', 'luajit', 'cc'] }] } as unknown as DemoManifest;
    const noHints = toolchains('go', 'luajit').map((t) => ({ ...t, installHint: undefined }));
    expect(demoRows({ check: 's', manifest: twoLacking, params: {}, toolchains: noHints })[1]).toEqual({ check: 'row R', verdict: 'warn', sub: true, detail: 'go, luajit missing: the row shows "missing"' });
  });

  it('puts a row error of a run that ended ok under it, as a sub-row, named after its source or the run', () => {
    const end = stackRun.findIndex((e) => e.type === 'end');
    const error: RunEvent = { seq: 800, tMs: 1, type: 'error', code: 'build-failed', message: 'a step failed' };
    const rows = demoRows({ check: 's', manifest: stack, params: {}, toolchains: toolchains(), run: { events: [...stackRun.slice(0, end), error, ...stackRun.slice(end)], ms: 1 } });
    expect(rows[1]).toEqual({ check: 'row the run', verdict: 'warn', sub: true, detail: 'a step failed' });
  });

  it('says when nothing ran, and every reason a timing run is flagged', () => {
    expect(demoRows({ check: 's', manifest: stack, params: {}, toolchains: toolchains() })[0]).toEqual({ check: 's', verdict: 'skipped', detail: 'not run; what it needs is here: go found' });
    const needsNothing = { ...stack, requires: [] } as unknown as DemoManifest;
    expect(demoRows({ check: 's', manifest: needsNothing, params: {}, toolchains: toolchains() })[0]!.detail).toBe('not run; what it needs is here');
    const events = recording('ffi-overhead').events;
    const busy = withResult(events, (data) => ({ ...data, machineSpeed: { ...(data.machineSpeed as object), flagged: true, reasons: ['a', 'b'], loadAvg: 0.5 } }));
    expect(demoRows({ check: 'ffi', manifest: ffi, params: {}, toolchains: toolchains(), run: { events: busy, ms: 1 } })[0]!.detail).toMatch(/; figures flagged by the machine-speed check: a; b$/);
  });
});

describe('buildSummary', () => {
  const progress = (message: string): RunEvent => ({ seq: 1, tMs: 0, type: 'progress', message });
  it('counts one warm build as one, builds as many warm as built now, and only progress lines', () => {
    expect(buildSummary([progress('a: cached build 0123456789ab')])).toBe('1 build warm');
    expect(buildSummary([progress('a: cached build 0123456789ab'), progress('b: built in 1.5 s')])).toBe('1 build warm, 1 built now (1.5 s)');
    expect(buildSummary([progress('a: cached build 0123456789ab'), progress('c: cached build 0123456789ac'), progress('b: built in 1.5 s')])).toBe('2 builds warm, 1 built now (1.5 s)');
    expect(buildSummary([{ seq: 1, tMs: 0, type: 'stdout', text: 'x: built in 1.0 s' }, { seq: 2, tMs: 0, type: 'error', code: 'internal', message: 'a: cached build 0123456789ab' }])).toBe('no cached builds');
  });

  it('counts warm builds and builds made now, with their time', () => {
    expect(buildSummary([])).toBe('no cached builds');
    expect(buildSummary([progress('a: cached build 0123456789ab'), progress('b: cached build 0123456789ac')])).toBe('2 builds warm');
    expect(buildSummary([progress('a: building (1 step)'), progress('a: built in 2.5 s')])).toBe('1 built now (2.5 s)');
    expect(buildSummary([progress('a: cached build 0123456789ab'), progress('b: built in 1.5 s'), progress('c: built in 2.0 s')])).toBe('1 build warm, 2 built now (3.5 s)');
  });
});
