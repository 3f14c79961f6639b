/**
 * The engine's request rules and run bookkeeping one by one, with the exact words a
 * client gets (engine.test.ts covers the flow of runs).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunEvent } from '../../demos/protocol.ts';
import { RunError, defineDemoRunner, type DemoContext } from '../demos/demo-context.ts';
import type { ProcessRunner, ProcessSpawnOptions } from '../process/process-runner.ts';
import { createFakeClock } from './clock.ts';
import { createEngine, EngineError, jsonParams, type AnyDemo, type EngineOptions } from './engine.ts';
import { runDemoToEnd } from './run-to-end.ts';
import { makeTempDir } from '../../tests/support/temp-dir.ts';

type Ctx = DemoContext<{ n: number }>;

function demo(id: string, run: (ctx: Ctx) => Promise<void>, extra: Partial<AnyDemo['manifest']> = {}): AnyDemo {
  return defineDemoRunner({
    manifest: { id, title: `Demo ${id}`, slides: [1], params: z.object({ n: z.number().int().min(0).max(10).default(1) }), result: z.object({ v: z.number() }), requires: [], timeoutMs: 10_000, ...extra },
    run,
  });
}

function engineWith(demos: AnyDemo[], extra: Partial<EngineOptions> = {}) {
  const clock = createFakeClock();
  const engine = createEngine({ demos, rootDir: '/nonexistent-root', clock, detectToolchains: async () => [], cancelGraceMs: 100, log: () => undefined, ...extra });
  return { engine, clock };
}

/** refusal returns the EngineError a start throws (failing when it does not throw). */
function refusal(start: () => unknown): EngineError {
  try {
    start();
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    return error as EngineError;
  }
  throw new Error('the request was accepted');
}

const ok = demo('ok', async (ctx) => ctx.result({ v: ctx.params.n }));
const after = (events: readonly RunEvent[], type: RunEvent['type']) => events.filter((event) => event.type === type);

describe('requests the engine refuses', () => {
  it('names what is wrong with a malformed request', () => {
    const { engine } = engineWith([ok]);
    expect(refusal(() => engine.start(null as never))).toMatchObject({ code: 'bad-request', message: 'expected a JSON object {demo, params?, files?, requestId?}' });
    expect(refusal(() => engine.start('ok' as never))).toMatchObject({ code: 'bad-request' });
    expect(refusal(() => engine.start({ demo: 3 } as never))).toMatchObject({ code: 'bad-request', message: '`demo` (a demo id) is required' });
    expect(refusal(() => engine.start({ demo: 'nope' }))).toMatchObject({ code: 'unknown-demo', message: 'no demo named "nope"' });
    expect(refusal(() => engine.start({ demo: 'ok', params: 'x' as never }))).toMatchObject({ code: 'bad-params', message: '`params` must be an object', issues: ['params: expected an object'] });
    // null reads as "no params" (the defaults), like a missing field.
    expect(engine.start({ demo: 'ok', params: null as never }).run.params).toEqual({ n: 1 });
    expect(refusal(() => engine.start({ demo: 'ok', params: [1] as never })).code).toBe('bad-params');
    expect(refusal(() => engine.start({ demo: 'ok', params: { n: 99 } }))).toMatchObject({ code: 'bad-params', message: 'invalid params for ok' });
  });

  it('lists the known params with an unknown one, or says there are none', () => {
    const none = demo('none', async () => undefined, { params: z.object({}) });
    const { engine } = engineWith([ok, none]);
    expect(refusal(() => engine.start({ demo: 'ok', params: { n: 1, x: 1, y: 2 } })).issues).toEqual(['x: unknown parameter (known: n)', 'y: unknown parameter (known: n)']);
    expect(refusal(() => engine.start({ demo: 'none', params: { x: 1 } })).issues).toEqual(['x: unknown parameter (known: none)']);
  });

  it('checks a requestId: a string of 1 to 200 characters, used for one demo only', () => {
    const other = demo('other', async () => undefined);
    const { engine } = engineWith([ok, other]);
    const message = '`requestId` must be a non-empty string of at most 200 characters';
    expect(refusal(() => engine.start({ demo: 'ok', requestId: '' }))).toMatchObject({ code: 'bad-request', message });
    expect(refusal(() => engine.start({ demo: 'ok', requestId: 'x'.repeat(201) }))).toMatchObject({ message });
    expect(refusal(() => engine.start({ demo: 'ok', requestId: 7 as never }))).toMatchObject({ message });
    expect(engine.start({ demo: 'ok', requestId: 'x'.repeat(200) }).created).toBe(true);
    expect(refusal(() => engine.start({ demo: 'other', requestId: 'x'.repeat(200) }))).toMatchObject({ code: 'bad-request', message: `requestId "${'x'.repeat(200)}" was already used for demo ok` });
  });

  it('refuses edited files of a demo that takes none, without rights, or with bad names', () => {
    const editable = demo('ed', async () => undefined, { editable: true });
    const { engine } = engineWith([ok, editable]);
    expect(refusal(() => engine.start({ demo: 'ok', files: { 'main.go': 'x' } }, { allowFiles: true }))).toMatchObject({ code: 'bad-request', message: 'ok does not accept edited files' });
    expect(refusal(() => engine.start({ demo: 'ed', files: { 'main.go': 'x' } }))).toMatchObject({ code: 'unauthorized', message: 'sending edited files needs control rights' });
    expect(refusal(() => engine.start({ demo: 'ed', files: { 'main.go': 'x' } }, { allowFiles: false })).code).toBe('unauthorized');
    expect(refusal(() => engine.start({ demo: 'ed', files: { '../x': 'y' } }, { allowFiles: true }))).toMatchObject({ code: 'bad-request', message: 'invalid edited files', issues: ['files.../x: not a plain file name'] });
  });

  it('refuses a full queue with 503, counting only waiting runs', async () => {
    const { engine } = engineWith([demo('wait', (ctx) => new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve())))], { maxQueued: 1 });
    engine.start({ demo: 'wait', params: { n: 0 } }); // running
    engine.start({ demo: 'wait', params: { n: 1 } }); // waiting: the queue is full
    await Promise.resolve();
    const full = refusal(() => engine.start({ demo: 'wait', params: { n: 2 } }));
    expect(full).toMatchObject({ code: 'internal', status: 503, message: '1 runs are already waiting; try again when some have finished' });
    // Joining a waiting run is no new work: still allowed.
    expect(engine.start({ demo: 'wait', params: { n: 1 } }).created).toBe(false);
    await engine.close();
    expect(refusal(() => engine.start({ demo: 'wait' }))).toMatchObject({ code: 'internal', message: 'the server is shutting down' });
  });

  it('refuses duplicate demo ids at creation', () => {
    expect(() => engineWith([ok, ok])).toThrow('demo ok is registered twice');
  });
});

describe('what a run reports', () => {
  it('says what it looks for first, then which toolchains are missing and how to install them', async () => {
    const needs = demo('needs', async () => undefined, { requires: ['go', 'gdb'] });
    const { engine } = engineWith([needs, ok], { detectToolchains: async () => [{ id: 'go', name: 'Go', found: true, version: '1' }, { id: 'gdb', name: 'gdb', found: false }] });
    const { events, end } = await runDemoToEnd(engine, 'needs');
    expect(events[1]).toMatchObject({ type: 'status', phase: 'detecting', message: 'Looking for go, gdb' });
    expect(events.at(-2)).toMatchObject({ type: 'error', code: 'toolchain-missing', message: 'Demo needs needs gdb, not found on this machine', source: 'gdb', detail: expect.stringMatching(/^gdb: .+/) });
    expect(end.outcome).toBe('error');
    expect((await runDemoToEnd(engine, 'ok')).events[1]).toMatchObject({ type: 'status', phase: 'detecting', message: 'Starting' });
  });

  it('passes each kind of event through with only the fields given', async () => {
    const chatty = demo('chatty', async (ctx) => {
      ctx.status('building', 'b');
      ctx.progress('p1');
      ctx.progress('p2', { step: 's', fraction: 0.5, source: 'cc' });
      ctx.progress('p3', { step: undefined, source: 'go' });
      ctx.sample('k', { x: 1 });
      ctx.sample('k', { x: 2 }, 'L');
      ctx.stdout('o\n');
      ctx.stdout('o2\n', 'prog');
      ctx.stderr('e\n');
      ctx.stderr('e2\n', 'prog');
      ctx.error('output-truncated', 'cut');
      ctx.error('output-truncated', 'cut2', { source: 'prog', detail: undefined });
      ctx.result({ v: 3 });
    });
    const { engine } = engineWith([chatty]);
    const { events } = await runDemoToEnd(engine, 'chatty');
    const bodies = events.slice(2, -1).map(({ seq: _seq, tMs: _tMs, ...body }) => body);
    expect(bodies).toEqual([
      { type: 'status', phase: 'building', message: 'b' },
      { type: 'progress', message: 'p1' },
      { type: 'progress', message: 'p2', step: 's', fraction: 0.5, source: 'cc' },
      { type: 'progress', message: 'p3', source: 'go' },
      { type: 'sample', key: 'k', values: { x: 1 } },
      { type: 'sample', key: 'k', values: { x: 2 }, label: 'L' },
      { type: 'stdout', text: 'o\n' },
      { type: 'stdout', text: 'o2\n', source: 'prog' },
      { type: 'stderr', text: 'e\n' },
      { type: 'stderr', text: 'e2\n', source: 'prog' },
      { type: 'error', code: 'output-truncated', message: 'cut' },
      { type: 'error', code: 'output-truncated', message: 'cut2', source: 'prog' },
      { type: 'result', data: { v: 3 } },
    ]);
  });

  it('ends a run whose result does not match its schema, or is not plain JSON, as an internal error', async () => {
    const wrong = demo('wrong', async (ctx) => ctx.result({ v: 'three' } as never));
    const nan = demo('nan', async (ctx) => ctx.result({ v: Number.NaN }), { result: z.object({ v: z.any() }) });
    const { engine } = engineWith([wrong, nan]);
    const a = await runDemoToEnd(engine, 'wrong');
    expect(a.end.outcome).toBe('error');
    expect(a.events.at(-2)).toMatchObject({ type: 'error', code: 'internal', message: "wrong: the result does not match the manifest's result schema", detail: expect.stringMatching(/^v: /) });
    expect(after(a.events, 'result')).toEqual([]);
    const b = await runDemoToEnd(engine, 'nan');
    expect(b.events.at(-2)).toMatchObject({ type: 'error', code: 'internal', message: 'nan: the result is not a JSON object (NaN, undefined or a function in it?)' });
  });

  it('turns a thrown non-Error into an internal error, and a cancelled RunError into a cancelled run', async () => {
    const weird = demo('weird', async () => {
      throw 'just a string'; // eslint-disable-line @typescript-eslint/only-throw-error
    });
    const quits = demo('quits', async () => {
      throw new RunError('cancelled', 'gave up');
    });
    const { engine } = engineWith([weird, quits]);
    const a = await runDemoToEnd(engine, 'weird');
    expect(a.events.at(-2)).toMatchObject({ type: 'error', code: 'internal', message: 'internal error: just a string' });
    expect(a.end.outcome).toBe('error');
    const b = await runDemoToEnd(engine, 'quits');
    expect(b.end.outcome).toBe('cancelled');
    expect(b.events.at(-2)).toMatchObject({ type: 'error', code: 'cancelled', message: 'gave up' });
    // An Error's stack travels as the detail.
    const bug = demo('bug', async () => {
      throw new Error('boom');
    });
    const c = await runDemoToEnd(engineWith([bug]).engine, 'bug');
    expect(c.events.at(-2)).toMatchObject({ message: 'internal error: boom', detail: expect.stringContaining('Error: boom') });
  });

  it('words the timeout in whole or tenths of seconds', async () => {
    for (const [timeoutMs, words] of [[2_000, '2 s'], [1_500, '1.5 s']] as const) {
      const hang = demo(`hang-${timeoutMs}`, () => new Promise<void>(() => undefined), { timeoutMs, title: 'Hang' });
      const { engine, clock } = engineWith([hang]);
      const { run } = engine.start({ demo: hang.manifest.id });
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      clock.advance(timeoutMs);
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      clock.advance(100); // the grace period of a demo that never unwinds
      await run.done;
      expect(after(run.events, 'error')).toMatchObject([{ code: 'timeout', message: `Hang did not finish within ${words} and was stopped` }]);
    }
  });
});

describe('exec and temp dirs', () => {
  function recordingRunner(): { runner: ProcessRunner; calls: Array<{ cmd: string; options: ProcessSpawnOptions }> } {
    const calls: Array<{ cmd: string; options: ProcessSpawnOptions }> = [];
    const runner: ProcessRunner = {
      async exec(cmd, _args, options = {}) {
        calls.push({ cmd, options });
        options.onLine?.('stdout', 'line');
        options.onTruncated?.(1024);
        return { exitCode: 0, signal: null, timedOut: false, cancelled: false, truncated: true, stdout: 'line\n', stderr: '', durationMs: 1 };
      },
    };
    return { runner, calls };
  }

  it('names the source after the command, streams unless told not to, reports truncation, and sets the tools’ temp dir', async () => {
    const { runner, calls } = recordingRunner();
    const tempRoot = await makeTempDir('engine-rules-');
    const execs = demo('execs', async (ctx) => {
      await ctx.exec('/usr/bin/gcc', ['x.c']);
      await ctx.exec('go', ['build'], { source: 'compiler', env: { TMPDIR: '/elsewhere' } });
      await ctx.exec('quiet', [], { streamOutput: false });
    });
    const { engine } = engineWith([execs], { processRunner: runner, tempRoot });
    const { events } = await runDemoToEnd(engine, 'execs');
    expect(calls.map((call) => call.options.source)).toEqual(['gcc', 'compiler', 'quiet']);
    expect(calls[0]!.options.env).toEqual({ TMPDIR: tempRoot, GOTMPDIR: tempRoot });
    expect(calls[1]!.options.env).toEqual({ TMPDIR: '/elsewhere', GOTMPDIR: '/elsewhere' });
    expect(calls[2]!.options.onLine).toBeUndefined();
    expect(after(events, 'stdout')).toMatchObject([
      { text: 'line\n', source: 'gcc' },
      { text: 'line\n', source: 'compiler' },
    ]);
    expect(after(events, 'error').map((e) => (e as { message: string }).message)).toEqual([
      'gcc printed more than 1024 bytes; the rest is not shown',
      'compiler printed more than 1024 bytes; the rest is not shown',
      'quiet printed more than 1024 bytes; the rest is not shown',
    ]);
  });

  it('runs nothing once the run is stopped, and refuses sandboxed steps without a sandbox', async () => {
    const { runner, calls } = recordingRunner();
    let late: unknown;
    const stopped = demo('stopped', (ctx) =>
      new Promise<void>((resolve) => {
        ctx.signal.addEventListener('abort', () => {
          void ctx.exec('late', []).then((result) => {
            late = result;
            resolve();
          });
        });
      }),
    );
    const sandboxed = demo('sandboxed', async (ctx) => {
      await ctx.exec('prog', [], { sandbox: {} as never });
    });
    const { engine } = engineWith([stopped, sandboxed], { processRunner: runner });
    const { run } = engine.start({ demo: 'stopped' });
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    engine.cancel(run.runId);
    await run.done;
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(late).toMatchObject({ cancelled: true, exitCode: null, stdout: '' });
    const { events } = await runDemoToEnd(engine, 'sandboxed');
    expect(events.at(-2)).toMatchObject({ type: 'error', code: 'sandbox-unavailable', message: 'edited code is never run without a sandbox, and this engine has none' });
    expect(calls).toEqual([]);
  });

  it('names temp dirs after the demo or a cleaned prefix, under the temp root', async () => {
    const tempRoot = await makeTempDir('engine-rules-');
    const dirs: string[] = [];
    const temps = demo('temps', async (ctx) => {
      dirs.push(await ctx.tempDir());
      dirs.push(await ctx.tempDir('a b/../c'));
      dirs.push(await ctx.tempDir('x'.repeat(60)));
    });
    const { engine } = engineWith([temps], { tempRoot });
    await runDemoToEnd(engine, 'temps');
    const names = dirs.map((dir) => dir.slice(tempRoot.length + 1));
    expect(names[0]).toMatch(/^demo-temps-\w{6}$/);
    expect(names[1]).toMatch(/^demo-a-b----c-\w{6}$/);
    expect(names[2]).toMatch(new RegExp(`^demo-${'x'.repeat(40)}-\\w{6}$`));
  });
});

describe('bookkeeping', () => {
  it('lists runs newest first, by demo, and forgets old finished runs with their request ids', async () => {
    const other = demo('other', async (ctx) => ctx.result({ v: 0 }));
    const { engine } = engineWith([ok, other], { keepFinished: 1 });
    const a = await runDemoToEnd(engine, 'ok', { n: 1 }, { requestId: 'first' });
    const b = await runDemoToEnd(engine, 'other');
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(engine.runs().map((run) => run.runId)).toEqual([b.summary.runId]);
    expect(engine.runs('other').map((run) => run.runId)).toEqual([b.summary.runId]);
    expect(engine.runs('ok')).toEqual([]);
    expect(engine.run(a.summary.runId)).toBeUndefined();
    // The forgotten run's requestId starts a new run now.
    expect(engine.start({ demo: 'ok', requestId: 'first' }).created).toBe(true);
    expect(engine.demo('ok')).toBe(ok);
    expect(engine.demo('nope')).toBeUndefined();
    expect(engine.demos()).toEqual([ok, other]);
    await engine.close();
  });

  it('keeps a run joined by several request ids until it is forgotten', async () => {
    const { engine } = engineWith([ok], { keepFinished: 1 });
    const first = engine.start({ demo: 'ok', requestId: 'r1' });
    const joined = engine.start({ demo: 'ok', requestId: 'r2' });
    expect(joined).toEqual({ run: first.run, created: false });
    await first.run.done;
    expect(engine.start({ demo: 'ok', requestId: 'r2' }).run).toBe(first.run);
    await runDemoToEnd(engine, 'ok', { n: 2 });
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(engine.start({ demo: 'ok', requestId: 'r1' }).run).not.toBe(first.run);
    expect(engine.start({ demo: 'ok', requestId: 'r2' }).run).not.toBe(first.run);
    await engine.close();
  });

  it('logs a failing onRunFinished and goes on', async () => {
    const logged: string[] = [];
    const { engine } = engineWith([ok], {
      log: (message) => logged.push(message),
      onRunFinished: () => {
        throw new Error('disk full');
      },
    });
    const { summary } = await runDemoToEnd(engine, 'ok');
    await engine.close();
    expect(logged).toEqual([`after run ${summary.runId} (ok): disk full`]);
  });

  it('jsonParams keeps plain JSON objects only', () => {
    expect(jsonParams({ a: [1, 'x'] })).toEqual({ a: [1, 'x'] });
    expect(jsonParams([1])).toEqual({});
    expect(jsonParams(null)).toEqual({});
    expect(jsonParams({ f: () => 1 })).toEqual({});
    expect(jsonParams('s')).toEqual({});
  });
});
