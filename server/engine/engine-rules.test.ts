/**
 * The engine's request rules and run bookkeeping one by one, with the exact words a
 * client gets (engine.test.ts covers the flow of runs).
 */
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { RunEvent } from '../../demos/protocol.ts';
import { RunError, defineDemoRunner, type DemoContext } from '../demos/demo-context.ts';
import type { ProcessRunner, ProcessSpawnOptions } from '../process/process-runner.ts';
import { createFakeClock } from './clock.ts';
import { createEngine, EngineError, type AnyDemo, type EngineOptions } from './engine.ts';
import { runDemoToEnd } from './run-to-end.ts';
import { makeTempDir } from '../../tests/support/temp-dir.ts';

type Ctx = DemoContext<{ n: number }>;

function demo(id: string, run: (ctx: Ctx) => Promise<void>, extra: Partial<AnyDemo['manifest']> = {}): AnyDemo {
  return defineDemoRunner({
    manifest: { id, title: `Demo ${id}`, params: z.object({ n: z.number().int().min(0).max(10).default(1) }), result: z.object({ v: z.number() }), requires: [], timeoutMs: 10_000, ...extra },
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

});

const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};
const waitForAbort = (ctx: Ctx): Promise<void> => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve()));

describe('the queue', () => {
  it('tells a waiting run its position only when it changes', async () => {
    const wait = demo('wait', waitForAbort);
    const { engine } = engineWith([wait]);
    engine.start({ demo: 'wait', params: { n: 0 } }); // running
    const b = engine.start({ demo: 'wait', params: { n: 1 } }).run; // position 0
    const c = engine.start({ demo: 'wait', params: { n: 2 } }).run; // position 1
    const d = engine.start({ demo: 'wait', params: { n: 3 } }).run; // position 2
    await flush();
    engine.cancel(d.runId);
    engine.cancel(b.runId); // c moves up
    expect(after(c.events, 'queued').map((e) => (e as { position: number }).position)).toEqual([1, 0]);
    expect(after(d.events, 'end')).toMatchObject([{ outcome: 'cancelled', durationMs: 0 }]);
    await engine.close();
  });

  it('keeps waiting and running runs however many finished ones it forgets, and the request ids of kept runs', async () => {
    const wait = demo('wait', waitForAbort);
    const { engine } = engineWith([ok, wait], { keepFinished: 1 });
    const running = engine.start({ demo: 'wait', params: { n: 0 }, requestId: 'w0' }).run;
    const waiting = engine.start({ demo: 'wait', params: { n: 1 }, requestId: 'w1' }).run;
    const first = engine.start({ demo: 'ok', params: { n: 1 }, requestId: 'a' }).run;
    const second = engine.start({ demo: 'ok', params: { n: 2 }, requestId: 'b' }).run;
    await flush();
    engine.cancel(running.runId);
    await flush();
    engine.cancel(waiting.runId);
    await first.done;
    await second.done;
    await flush();
    // Finished: running, waiting, first, second. Only the last is kept.
    expect(engine.runs().map((run) => run.runId)).toEqual([second.runId]);
    expect(engine.start({ demo: 'ok', params: { n: 2 }, requestId: 'b' })).toEqual({ run: second, created: false });
    await engine.close();
  });

  it('forgets no finished run while unfinished ones pile up', async () => {
    const wait = demo('wait', waitForAbort);
    const { engine } = engineWith([wait], { keepFinished: 1 });
    const started = [0, 1, 2, 3].map((n) => engine.start({ demo: 'wait', params: { n } }).run);
    await flush();
    engine.cancel(started[3]!.runId);
    engine.cancel(started[2]!.runId);
    expect(engine.run(started[0]!.runId)).toBe(started[0]);
    expect(engine.run(started[1]!.runId)).toBe(started[1]);
    await engine.close();
  });

  it('keeps the request id and answers created: false to a repeated one', async () => {
    const { engine } = engineWith([ok]);
    const first = engine.start({ demo: 'ok', requestId: 'same' });
    expect(first.run.requestId).toBe('same');
    expect(engine.start({ demo: 'ok', requestId: 'same' })).toEqual({ run: first.run, created: false });
    await engine.close();
  });

  it('refuses a full queue naming no issue', async () => {
    const wait = demo('wait', waitForAbort);
    const { engine } = engineWith([wait], { maxQueued: 0 });
    const full = refusal(() => engine.start({ demo: 'wait' }));
    expect(full.issues).toEqual([]);
    expect(new EngineError('bad-request', 'x').issues).toEqual([]);
    await engine.close();
  });
});

describe('requests, word for word', () => {
  it('says what a request that is not an object is, and which params a demo knows', () => {
    const two = demo('two', async () => undefined, { params: z.object({ n: z.number().default(1), m: z.number().default(2) }) });
    const { engine } = engineWith([two]);
    expect(refusal(() => engine.start('two' as never))).toMatchObject({ code: 'bad-request', message: 'expected a JSON object {demo, params?, files?, requestId?}' });
    expect(refusal(() => engine.start({ demo: 'two', params: { x: 1 } }))).toMatchObject({ code: 'bad-params', message: 'invalid params for two', issues: ['x: unknown parameter (known: n, m)'] });
  });

  it('refuses params its own schema turns into something that is not JSON', () => {
    const odd = demo('odd', async () => undefined, { params: z.object({ n: z.number().default(NaN) }) });
    const { engine } = engineWith([odd]);
    expect(refusal(() => engine.start({ demo: 'odd' }))).toMatchObject({ code: 'internal', message: "odd's schema produced non-JSON params" });
  });
});

describe('what a run reports, exactly', () => {
  it('names every missing toolchain, with a hint each', async () => {
    const needs = demo('needs', async () => undefined, { requires: ['go', 'gdb'] });
    const { engine } = engineWith([needs], { detectToolchains: async () => [] });
    const { events } = await runDemoToEnd(engine, 'needs');
    const error = after(events, 'error')[0] as { message: string; detail: string };
    expect(error.message).toBe('Demo needs needs go, gdb, not found on this machine');
    expect(error.detail.split('\n').map((line) => line.split(':')[0])).toEqual(['go', 'gdb']);
  });

  it('does not start a demo cancelled while it looked for toolchains', async () => {
    let detected: () => void = () => undefined;
    let called = false;
    const late = demo('late', async () => {
      called = true;
    });
    const { engine } = engineWith([late], { detectToolchains: () => new Promise((resolve) => (detected = () => resolve([]))) });
    const { run } = engine.start({ demo: 'late' });
    await flush();
    engine.cancel(run.runId);
    detected();
    await run.done;
    await flush();
    expect(called).toBe(false);
    expect(after(run.events, 'end')).toMatchObject([{ outcome: 'cancelled' }]);
  });

  it('leaves out a label or source not given (no undefined fields in the log)', async () => {
    const plain = demo('plain', async (ctx) => {
      ctx.sample('k', { x: 1 });
      ctx.stdout('o\n');
      ctx.stderr('e\n');
    });
    const { engine } = engineWith([plain]);
    const { events } = await runDemoToEnd(engine, 'plain');
    for (const type of ['sample', 'stdout', 'stderr'] as const) {
      const event = after(events, type)[0]!;
      expect(Object.keys(event).sort(), type).toEqual(type === 'sample' ? ['key', 'seq', 'tMs', 'type', 'values'] : ['seq', 'tMs', 'text', 'type']);
    }
  });

  it('drops what a cancelled demo says while it unwinds, and waits its grace period for it', async () => {
    const unwinding = demo('unwinding', async (ctx) => {
      await waitForAbort(ctx);
      ctx.stdout('too late\n');
      await new Promise<void>((resolve) => clock.setTimeout(resolve, 50));
      unwound = true;
    });
    let unwound = false;
    const { engine, clock } = engineWith([unwinding]);
    const { run } = engine.start({ demo: 'unwinding' });
    await flush();
    engine.cancel(run.runId);
    await flush();
    expect(run.state).not.toBe('done');
    clock.advance(50);
    await run.done;
    expect(unwound).toBe(true);
    expect(after(run.events, 'stdout')).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('measures a run’s duration from its own start', async () => {
    const slow = demo('slow', async () => {
      await new Promise<void>((resolve) => clock.setTimeout(resolve, 250));
    });
    const clock = createFakeClock(10_000);
    const { engine } = engineWith([slow], { clock });
    const { run } = engine.start({ demo: 'slow' });
    await flush();
    clock.advance(250);
    await run.done;
    expect(after(run.events, 'end')).toMatchObject([{ outcome: 'ok', durationMs: 250 }]);
  });

  it('words a timeout of 1.25 s as 1.3 s', async () => {
    const hang = demo('hang', () => new Promise<void>(() => undefined), { timeoutMs: 1_250, title: 'Hang' });
    const { engine, clock } = engineWith([hang]);
    const { run } = engine.start({ demo: 'hang' });
    await flush();
    clock.advance(1_250);
    await flush();
    clock.advance(100);
    await run.done;
    expect(after(run.events, 'error')).toMatchObject([{ message: 'Hang did not finish within 1.3 s and was stopped' }]);
  });

  it('keeps a timeout beyond what timers hold from firing at once', async () => {
    const quick = demo('quick', async (ctx) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      ctx.result({ v: 1 });
    }, { timeoutMs: 2 ** 40 });
    const engine = createEngine({ demos: [quick], rootDir: '/nonexistent-root', detectToolchains: async () => [], log: () => undefined });
    const { end } = await runDemoToEnd(engine, 'quick');
    expect(end.outcome).toBe('ok');
  });

  it('says what a stopped step got back, and which source printed too much', async () => {
    let late: unknown;
    const stopped = demo('stopped', async (ctx) => {
      await waitForAbort(ctx);
      late = await ctx.exec('late', []);
    });
    const { engine } = engineWith([stopped]);
    const { run } = engine.start({ demo: 'stopped' });
    await flush();
    engine.cancel(run.runId);
    await run.done;
    await flush();
    expect(late).toEqual({ exitCode: null, signal: null, timedOut: false, cancelled: true, truncated: false, stdout: '', stderr: '', durationMs: 0 });
    const runner: ProcessRunner = {
      async exec(_cmd, _args, options = {}) {
        options.onTruncated?.(10);
        return { exitCode: 0, signal: null, timedOut: false, cancelled: false, truncated: true, stdout: '', stderr: '', durationMs: 1 };
      },
    };
    const loud = demo('loud', async (ctx) => void (await ctx.exec('/bin/loud', [])));
    const { events } = await runDemoToEnd(engineWith([loud], { processRunner: runner }).engine, 'loud');
    expect(after(events, 'error')).toMatchObject([{ code: 'output-truncated', source: 'loud' }]);
  });

  it('builds through the build cache with the run’s signal and the process runner, reporting progress', async () => {
    const seen: Array<{ signal: AbortSignal; exec: unknown }> = [];
    const buildCache = {
      buildsDir: '/b',
      keyOf: async () => 'k',
      build: async (_spec: unknown, hooks: { signal: AbortSignal; exec: unknown; onProgress: (message: string, step: string, source?: string) => void }) => {
        seen.push({ signal: hooks.signal, exec: hooks.exec });
        hooks.onProgress('compiling', 'harness');
        hooks.onProgress('linking', 'harness', 'ld');
        return { ok: true } as never;
      },
    };
    const runner: ProcessRunner = { exec: async () => ({}) as never };
    let signal: AbortSignal | undefined;
    const builds = demo('builds', async (ctx) => {
      signal = ctx.signal;
      expect(await ctx.build({ name: 'harness' } as never)).toEqual({ ok: true });
    });
    const { engine } = engineWith([builds], { buildCache: buildCache as never, processRunner: runner });
    const { events } = await runDemoToEnd(engine, 'builds');
    expect(seen).toEqual([{ signal, exec: runner.exec }]);
    expect(after(events, 'progress')).toStrictEqual([
      { type: 'progress', message: 'compiling', step: 'harness', seq: 3, tMs: 0 },
      { type: 'progress', message: 'linking', step: 'harness', source: 'ld', seq: 4, tMs: 0 },
    ]);
  });

  it('builds with its own cache under <root>/.cache when given none', async () => {
    const rootDir = await makeTempDir('engine-root-');
    let cacheDir: string | undefined;
    const builds = demo('builds', async (ctx) => {
      cacheDir = ctx.cacheDir;
      await ctx.build({ name: 'x', inputs: [`${rootDir}/missing.c`], toolchainVersion: '1', steps: [] } as never);
    });
    const { engine } = engineWith([builds], { rootDir });
    const { events } = await runDemoToEnd(engine, 'builds');
    expect(cacheDir).toBe(`${rootDir}/.cache`);
    // The default cache read the spec's input (and found it missing).
    expect(after(events, 'progress')).toMatchObject([{ step: 'x', message: expect.stringMatching(/^x: cannot read build input: ENOENT.*missing\.c/) }]);
  });

  it('refuses a result that is not a JSON object even when the schema takes anything', async () => {
    for (const data of [null, 5, 'x', [1]]) {
      const loose = demo('loose', async (ctx) => ctx.result(data as never), { result: z.any() });
      const { events } = await runDemoToEnd(engineWith([loose]).engine, 'loose');
      expect(after(events, 'error'), JSON.stringify(data)).toMatchObject([{ code: 'internal', message: 'loose: the result is not a JSON object (NaN, undefined or a function in it?)' }]);
    }
  });

  it('lists every field a result breaks, one per line', async () => {
    const two = demo('two', async (ctx) => ctx.result({ v: 'x', w: 'y' } as never), { result: z.object({ v: z.number(), w: z.number() }) });
    const { events } = await runDemoToEnd(engineWith([two]).engine, 'two');
    expect((after(events, 'error')[0] as { detail: string }).detail.split('\n')).toHaveLength(2);
  });

  it('leaves out the detail of a thrown error that has no stack', async () => {
    const bare = demo('bare', async () => {
      throw Object.assign(new Error('no stack'), { stack: undefined });
    });
    const { events } = await runDemoToEnd(engineWith([bare]).engine, 'bare');
    expect(after(events, 'error')).toStrictEqual([{ type: 'error', code: 'internal', message: 'internal error: no stack', seq: 3, tMs: 0 }]);
  });

  it('ends the run and goes on when the engine itself fails, saying so', async () => {
    const logged: string[] = [];
    const clock = createFakeClock();
    let broken = true;
    const brokenClock = {
      ...clock,
      setTimeout: (fn: () => void, ms: number) => {
        if (broken) {
          broken = false;
          throw new Error('no timers');
        }
        return clock.setTimeout(fn, ms);
      },
    };
    const { engine } = engineWith([ok], { clock: brokenClock, log: (message) => logged.push(message) });
    const first = await runDemoToEnd(engine, 'ok', { n: 1 });
    expect(first.events.slice(-2)).toMatchObject([
      { type: 'error', code: 'internal', message: 'internal error: no timers' },
      { type: 'end', outcome: 'error', durationMs: 0 },
    ]);
    expect(logged).toEqual([expect.stringMatching(new RegExp(`^engine error in run ${first.summary.runId}: Error: no timers\\n`))]);
    expect((await runDemoToEnd(engine, 'ok', { n: 2 })).end.outcome).toBe('ok');
  });
});

describe('temp dirs after the end', () => {
  it('removes a temp dir with files in it', async () => {
    const tempRoot = await makeTempDir('engine-rules-');
    let dir = '';
    const writes = demo('writes', async (ctx) => {
      dir = await ctx.tempDir();
      await writeFile(join(dir, 'f'), 'x');
    });
    await runDemoToEnd(engineWith([writes], { tempRoot }).engine, 'writes');
    await expect(stat(dir)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a temp dir asked for after the end, and removes one the end overtook', async () => {
    const tempRoot = await makeTempDir('engine-rules-');
    let overtaken: Promise<string> | undefined;
    let ctxAfter: Ctx | undefined;
    const racing = demo('racing', async (ctx) => {
      ctxAfter = ctx;
      overtaken = ctx.tempDir('late');
      overtaken.catch(() => undefined);
    });
    await runDemoToEnd(engineWith([racing], { tempRoot }).engine, 'racing');
    await expect(overtaken).rejects.toMatchObject({ code: 'cancelled', message: 'the run has ended' });
    await expect(ctxAfter!.tempDir()).rejects.toMatchObject({ code: 'cancelled', message: 'the run has ended' });
    expect(await readdir(tempRoot)).toEqual([]);
  });
});

describe('after a run', () => {
  it('calls nothing and logs nothing without an onRunFinished', async () => {
    const logged: string[] = [];
    const { engine } = engineWith([ok], { log: (message) => logged.push(message) });
    await runDemoToEnd(engine, 'ok');
    await engine.close();
    expect(logged).toEqual([]);
  });

  it('logs to stderr by default', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const engine = createEngine({ demos: [ok], rootDir: '/nonexistent-root', clock: createFakeClock(), detectToolchains: async () => [], onRunFinished: () => { throw new Error('disk full'); } });
      const { summary } = await runDemoToEnd(engine, 'ok');
      await engine.close();
      expect(spy).toHaveBeenCalledWith(`after run ${summary.runId} (ok): disk full`);
    } finally {
      spy.mockRestore();
    }
  });

  it('close() waits for the recording being written', async () => {
    let written: () => void = () => undefined;
    let closed = false;
    const { engine } = engineWith([ok], { onRunFinished: () => new Promise<void>((resolve) => (written = resolve)) });
    await runDemoToEnd(engine, 'ok');
    const closing = engine.close().then(() => (closed = true));
    await flush();
    expect(closed).toBe(false);
    written();
    await closing;
    expect(closed).toBe(true);
  });
});

describe('run announcements', () => {
  it('tells listeners of new runs only, once each, and a failing listener stops nothing', async () => {
    const logged: string[] = [];
    const wait = demo('wait', waitForAbort);
    const { engine } = engineWith([wait], { log: (message) => logged.push(message) });
    const heard: string[] = [];
    engine.onRunCreated(() => {
      throw new Error('boom');
    });
    const stop = engine.onRunCreated((run) => heard.push(run.runId));
    const first = engine.start({ demo: 'wait', params: { n: 0 } }).run;
    engine.start({ demo: 'wait', params: { n: 0 } }); // joins: no announcement
    stop();
    engine.start({ demo: 'wait', params: { n: 1 } });
    expect(heard).toEqual([first.runId]);
    expect(logged[0]).toBe(`after creating run ${first.runId}: boom`);
    await flush();
    expect(first.state).toBe('running');
    await engine.close();
  });
});
