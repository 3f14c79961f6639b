import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { stat } from 'node:fs/promises';
import type { RunEvent } from '../../demos/protocol.ts';
import { RunError, defineDemoRunner, type DemoContext } from '../demos/demo-context.ts';
import type { ProcessRunner } from '../process/process-runner.ts';
import { createFakeClock, type FakeClock } from './clock.ts';
import { createEngine, EngineError, type AnyDemo, type EngineOptions } from './engine.ts';
import { runDemoToEnd } from './run-to-end.ts';
import { makeTempDir } from '../../tests/support/temp-dir.ts';

/** A gate a fake demo waits on, opened by the test. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

function fakeDemo(id: string, run: (ctx: DemoContext<{ n: number }>) => Promise<void>, extra: Partial<AnyDemo['manifest']> = {}): AnyDemo {
  return defineDemoRunner({
    manifest: {
      id,
      title: `Fake ${id}`,
      params: z.object({ n: z.number().int().min(0).max(10).default(1) }),
      result: z.record(z.string(), z.unknown()),
      requires: [],
      timeoutMs: 10_000,
      ...extra,
    },
    run,
  });
}

function makeEngine(demos: AnyDemo[], clock: FakeClock, extra: Partial<EngineOptions> = {}) {
  return createEngine({
    demos,
    rootDir: '/nonexistent-root',
    clock,
    detectToolchains: async () => [{ id: 'cc', name: 'cc', found: true, version: '1' }],
    cancelGraceMs: 100,
    log: () => undefined,
    ...extra,
  });
}

const types = (events: readonly RunEvent[]): string[] => events.map((event) => event.type);

describe('engine', () => {
  it('runs a demo: queued, status, its events, end; seq without gaps and tMs from the clock', async () => {
    const clock = createFakeClock();
    const demo = fakeDemo('a', async (ctx) => {
      ctx.status('running', 'go');
      clock.advance(5);
      ctx.sample('x', { durationNs: 12 }, 'X');
      ctx.result({ n: ctx.params.n });
    });
    const engine = makeEngine([demo], clock);
    const { events, end } = await runDemoToEnd(engine, 'a', { n: 3 });
    expect(types(events)).toEqual(['queued', 'status', 'status', 'sample', 'result', 'end']);
    expect(events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events[3]).toMatchObject({ type: 'sample', key: 'x', values: { durationNs: 12 }, label: 'X', tMs: 5 });
    expect(events[4]).toMatchObject({ data: { n: 3 } });
    expect(end).toMatchObject({ outcome: 'ok', durationMs: 5 });
  });

  it('ends a run whose result breaks the manifest’s result schema as an error naming the field', async () => {
    const clock = createFakeClock();
    const demo = fakeDemo('r', async (ctx) => ctx.result({ n: 'three' }), { result: z.object({ n: z.number() }) });
    const { events, end } = await runDemoToEnd(makeEngine([demo], clock), 'r', {});
    expect(types(events)).not.toContain('result');
    const error = events.find((event) => event.type === 'error');
    expect(error).toMatchObject({ code: 'internal', message: expect.stringMatching(/does not match the manifest's result schema/), detail: expect.stringMatching(/^n: /) });
    expect(end?.outcome).toBe('error');
  });

  it('rejects unknown demos, bad params and files for non-editable demos', () => {
    const engine = makeEngine([fakeDemo('a', async () => undefined)], createFakeClock());
    expect(() => engine.start({ demo: 'nope' })).toThrow(EngineError);
    try {
      engine.start({ demo: 'a', params: { n: 99 } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).code).toBe('bad-params');
      expect((error as EngineError).issues[0]).toMatch(/^n: /);
    }
    expect(() => engine.start({ demo: 'a', params: [] as never })).toThrow(/params/);
    try {
      engine.start({ demo: 'a', params: { m: 1 } });
      expect.unreachable();
    } catch (error) {
      expect((error as EngineError).issues).toEqual(['m: unknown parameter (known: n)']);
    }
    expect(() => engine.start({ demo: 'a', files: { 'x.go': '' } }, { allowFiles: true })).toThrow(/does not accept/);
  });

  it('checks edited files: editable demos only, control rights, plain names', () => {
    const engine = makeEngine([fakeDemo('e', async () => undefined, { editable: true })], createFakeClock());
    expect(() => engine.start({ demo: 'e', files: { 'main.go': 'x' } })).toThrow(/control/);
    expect(() => engine.start({ demo: 'e', files: { '../evil': 'x' } }, { allowFiles: true })).toThrow(/invalid edited files/);
    const { run } = engine.start({ demo: 'e', files: { 'main.go': 'package main' } }, { allowFiles: true });
    expect(run.files).toEqual({ 'main.go': 'package main' });
  });

  it('joins a run only with the same edited files: an edit never joins the default program or another edit', async () => {
    const g = gate();
    const engine = makeEngine([fakeDemo('e', async () => g.wait, { editable: true })], createFakeClock());
    const start = (files?: Record<string, string>) => engine.start({ demo: 'e', params: { n: 1 }, ...(files ? { files } : {}) }, { allowFiles: true });
    const original = start();
    const edited = start({ 'main.go': 'package main // edit 1' });
    const otherEdit = start({ 'main.go': 'package main // edit 2' });
    const sameEdit = start({ 'main.go': 'package main // edit 1' });
    expect([original.created, edited.created, otherEdit.created]).toEqual([true, true, true]);
    expect(new Set([original.run, edited.run, otherEdit.run]).size).toBe(3);
    expect(sameEdit).toEqual({ run: edited.run, created: false });
    // The file's name counts too, and an empty edit is still an edit.
    expect(start({ 'other.go': 'package main // edit 1' }).created).toBe(true);
    expect(start({}).created).toBe(true);
    expect(start().run).toBe(original.run);
    g.open();
    await engine.close();
  });

  it('runs one at a time, FIFO, and tells queued runs their position as it changes', async () => {
    const clock = createFakeClock();
    const gates = new Map<number, ReturnType<typeof gate>>();
    const order: number[] = [];
    const demo = fakeDemo('q', async (ctx) => {
      order.push(ctx.params.n);
      await gates.get(ctx.params.n)!.wait;
    });
    for (const n of [1, 2, 3]) gates.set(n, gate());
    const engine = makeEngine([demo], clock);
    const a = engine.start({ demo: 'q', params: { n: 1 } }).run;
    const b = engine.start({ demo: 'q', params: { n: 2 } }).run;
    const c = engine.start({ demo: 'q', params: { n: 3 } }).run;
    await flush();
    expect(a.state).toBe('running');
    expect(b.events.filter((e) => e.type === 'queued')).toMatchObject([{ position: 0 }]);
    expect(c.events.filter((e) => e.type === 'queued')).toMatchObject([{ position: 1 }]);
    gates.get(1)!.open();
    await a.done;
    await flush();
    expect(b.state).toBe('running');
    expect(c.events.filter((e) => e.type === 'queued')).toMatchObject([{ position: 1 }, { position: 0 }]);
    gates.get(2)!.open();
    gates.get(3)!.open();
    await c.done;
    expect(order).toEqual([1, 2, 3]);
    // Each stream keeps the documented order: queued first, end last.
    for (const run of [a, b, c]) {
      expect(run.events[0]!.type).toBe('queued');
      expect(run.events.at(-1)!.type).toBe('end');
    }
  });

  it('deduplicates the same demo+params while queued or running, and by requestId', async () => {
    const clock = createFakeClock();
    const g = gate();
    const engine = makeEngine([fakeDemo('d', async () => g.wait)], clock);
    const first = engine.start({ demo: 'd', params: { n: 2 }, requestId: 'r1' });
    expect(first.created).toBe(true);
    const same = engine.start({ demo: 'd', params: { n: 2 } });
    expect(same).toEqual({ run: first.run, created: false });
    // The default is filled in before comparing: {} means {n: 1}.
    const other = engine.start({ demo: 'd', params: {} });
    const otherAgain = engine.start({ demo: 'd', params: { n: 1 } });
    expect(other.created).toBe(true);
    expect(otherAgain.run).toBe(other.run);
    g.open();
    await other.run.done;
    // After the end a retry with the same requestId still finds the same run …
    expect(engine.start({ demo: 'd', params: { n: 2 }, requestId: 'r1' }).run).toBe(first.run);
    // … but the same params without it start a fresh run.
    const fresh = engine.start({ demo: 'd', params: { n: 2 } });
    expect(fresh.created).toBe(true);
    expect(fresh.run).not.toBe(first.run);
    await fresh.run.done;
  });

  it('tells onRunCreated listeners of each new run once it is queued, not of joins or retries', async () => {
    const clock = createFakeClock();
    const g = gate();
    const engine = makeEngine([fakeDemo('d', async () => g.wait)], clock);
    const created: Array<{ runId: string; state: string; events: string[] }> = [];
    const stop = engine.onRunCreated((run) => created.push({ runId: run.runId, state: run.state, events: types(run.events) }));
    const bad = engine.onRunCreated(() => {
      throw new Error('listener bug');
    });
    const first = engine.start({ demo: 'd', params: { n: 2 }, requestId: 'r1' });
    engine.start({ demo: 'd', params: { n: 2 } });
    engine.start({ demo: 'd', params: { n: 2 }, requestId: 'r1' });
    expect(created).toEqual([{ runId: first.run.runId, state: 'queued', events: ['queued'] }]);
    bad();
    stop();
    const second = engine.start({ demo: 'd', params: { n: 3 } });
    expect(second.created).toBe(true);
    expect(created).toHaveLength(1);
    g.open();
    await second.run.done;
  });

  it('subscribe(afterSeq) replays later events then live ones, none twice', async () => {
    const clock = createFakeClock();
    const g = gate();
    const engine = makeEngine(
      [
        fakeDemo('s', async (ctx) => {
          ctx.stdout('one\n');
          await g.wait;
          ctx.stdout('two\n');
        }),
      ],
      clock,
    );
    const { run } = engine.start({ demo: 's' });
    await flush();
    const seen: number[] = [];
    run.subscribe(2, (event) => seen.push(event.seq));
    const early: number[] = [];
    run.subscribe(4, (event) => early.push(event.seq));
    expect(seen).toEqual([3]); // the stdout "one" (1 = queued, 2 = status)
    g.open();
    await run.done;
    expect(seen).toEqual([3, 4, 5]);
    expect(early).toEqual([5]);
    const ahead: number[] = [];
    run.subscribe(99, (event) => ahead.push(event.seq));
    expect(ahead).toEqual([]);
    const late: number[] = [];
    run.subscribe(4, (event) => late.push(event.seq));
    expect(late).toEqual([5]);
    expect(run.events.at(-1)).toMatchObject({ type: 'end', seq: 5 });
  });

  it('times a hanging run out at the manifest limit; the next run still works', async () => {
    const clock = createFakeClock();
    let sawAbort = false;
    const hang = fakeDemo(
      'hang',
      (ctx) =>
        new Promise<void>((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => {
            sawAbort = true;
            reject(new RunError('program-crashed', 'killed'));
          });
        }),
      { timeoutMs: 1_000 },
    );
    const ok = fakeDemo('ok', async (ctx) => ctx.result({ fine: true }));
    const engine = makeEngine([hang, ok], clock);
    const { run } = engine.start({ demo: 'hang' });
    const second = engine.start({ demo: 'ok' }).run;
    await flush();
    clock.advance(999);
    await flush();
    expect(run.state).toBe('running');
    clock.advance(1);
    await run.done;
    expect(sawAbort).toBe(true);
    const tail = run.events.slice(-2);
    expect(tail[0]).toMatchObject({ type: 'error', code: 'timeout' });
    expect(tail[1]).toMatchObject({ type: 'end', outcome: 'timeout', durationMs: 1000 });
    // The demo's own error after the abort is not reported: the timeout is the story.
    expect(run.events.filter((event) => event.type === 'error')).toHaveLength(1);
    await second.done;
    expect(second.outcome).toBe('ok');
  });

  it('does not wait forever for a demo that ignores the abort', async () => {
    const clock = createFakeClock();
    const engine = makeEngine([fakeDemo('deaf', () => new Promise<void>(() => undefined), { timeoutMs: 50 })], clock);
    const { run } = engine.start({ demo: 'deaf' });
    await flush();
    clock.advance(50);
    await flush();
    expect(run.state).toBe('running'); // within the grace period
    clock.advance(100);
    await run.done;
    expect(run.outcome).toBe('timeout');
  });

  it('cancels running and queued runs; cancel of an unknown run is undefined', async () => {
    const clock = createFakeClock();
    const demo = fakeDemo('c', (ctx) => new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve())));
    const engine = makeEngine([demo], clock);
    const a = engine.start({ demo: 'c', params: { n: 1 } }).run;
    const b = engine.start({ demo: 'c', params: { n: 2 } }).run;
    const c = engine.start({ demo: 'c', params: { n: 3 } }).run;
    await flush();
    expect(engine.cancel('no-such-run')).toBeUndefined();
    engine.cancel(b.runId);
    expect(b.events.at(-1)).toMatchObject({ type: 'end', outcome: 'cancelled' });
    expect(c.events.filter((e) => e.type === 'queued')).toMatchObject([{ position: 1 }, { position: 0 }]);
    engine.cancel(a.runId);
    await a.done;
    expect(a.outcome).toBe('cancelled');
    expect(a.events.some((event) => event.type === 'error')).toBe(false);
    await flush();
    expect(c.state).toBe('running');
    engine.cancel(c.runId);
    await c.done;
    // Cancelling a finished run changes nothing.
    expect(engine.cancel(a.runId)).toBe(a);
    expect(a.events.filter((event) => event.type === 'end')).toHaveLength(1);
  });

  it('turns RunError into an error event and other throws into internal', async () => {
    const clock = createFakeClock();
    const engine = makeEngine(
      [
        fakeDemo('bad', async () => {
          throw new RunError('build-failed', 'gcc failed', { source: 'gcc', detail: 'x.c:1: error' });
        }),
        fakeDemo('bug', async () => {
          throw new TypeError('oops');
        }),
      ],
      clock,
    );
    const bad = await runDemoToEnd(engine, 'bad');
    expect(bad.events.at(-2)).toMatchObject({ type: 'error', code: 'build-failed', message: 'gcc failed', source: 'gcc', detail: 'x.c:1: error' });
    expect(bad.end.outcome).toBe('error');
    const bug = await runDemoToEnd(engine, 'bug');
    expect(bug.events.at(-2)).toMatchObject({ type: 'error', code: 'internal' });
    expect(bug.end.outcome).toBe('error');
  });

  it('refuses to run a demo whose toolchain is missing, with an install hint', async () => {
    const engine = makeEngine([fakeDemo('needs-go', async () => undefined, { requires: ['go'] })], createFakeClock());
    const { events, end } = await runDemoToEnd(engine, 'needs-go');
    expect(events.at(-2)).toMatchObject({ type: 'error', code: 'toolchain-missing', source: 'go' });
    expect((events.at(-2) as { detail: string }).detail).toMatch(/go install|apt-get|go\.dev/);
    expect(end.outcome).toBe('error');
  });

  it('removes temp dirs before the end event', async () => {
    const clock = createFakeClock();
    const tempRoot = await makeTempDir('engine-test-');
    let dir = '';
    const engine = makeEngine(
      [
        fakeDemo('t', async (ctx) => {
          dir = await ctx.tempDir('work');
          await stat(dir);
        }),
      ],
      clock,
      { tempRoot },
    );
    await runDemoToEnd(engine, 't');
    expect(dir.startsWith(tempRoot)).toBe(true);
    await expect(stat(dir)).rejects.toThrow();
  });

  it('streams exec output lines as events through the process runner, with the run signal', async () => {
    const clock = createFakeClock();
    let gotSignal: AbortSignal | undefined;
    const processRunner: ProcessRunner = {
      async exec(_cmd, _args, options = {}) {
        gotSignal = options.signal;
        options.onLine?.('stdout', 'hello');
        options.onLine?.('stderr', 'warn');
        options.onStdoutLine?.('hello');
        return { exitCode: 0, signal: null, timedOut: false, cancelled: false, truncated: false, stdout: 'hello\n', stderr: 'warn\n', durationMs: 1 };
      },
    };
    const lines: string[] = [];
    const engine = makeEngine(
      [
        fakeDemo('x', async (ctx) => {
          const result = await ctx.exec('/bin/prog', ['a'], { onStdoutLine: (line) => lines.push(line) });
          ctx.result({ exit: result.exitCode });
        }),
      ],
      clock,
      { processRunner },
    );
    const { events } = await runDemoToEnd(engine, 'x');
    expect(events.filter((e) => e.type === 'stdout' || e.type === 'stderr')).toMatchObject([
      { type: 'stdout', text: 'hello\n', source: 'prog' },
      { type: 'stderr', text: 'warn\n', source: 'prog' },
    ]);
    expect(lines).toEqual(['hello']);
    expect(gotSignal).toBeInstanceOf(AbortSignal);
  });

  it('refuses new runs when the queue is full (503)', async () => {
    const g = gate();
    const engine = makeEngine([fakeDemo('full', async () => g.wait)], createFakeClock(), { maxQueued: 2 });
    for (const n of [0, 1, 2]) engine.start({ demo: 'full', params: { n } });
    await flush();
    try {
      engine.start({ demo: 'full', params: { n: 3 } });
      expect.unreachable();
    } catch (error) {
      expect((error as EngineError).status).toBe(503);
    }
    g.open();
    await engine.close();
  });

  it('keeps only the last N finished runs', async () => {
    const engine = makeEngine([fakeDemo('k', async () => undefined)], createFakeClock(), { keepFinished: 2 });
    const ids: string[] = [];
    for (let n = 0; n < 4; n++) ids.push((await runDemoToEnd(engine, 'k', { n })).summary.runId);
    await flush();
    expect(engine.runs().map((run) => run.runId)).toEqual([ids[3], ids[2]]);
    expect(engine.run(ids[0]!)).toBeUndefined();
  });

  it('forgets every requestId of a forgotten run, also those that joined it', async () => {
    const g = gate();
    const engine = makeEngine([fakeDemo('j', async (ctx) => (ctx.params.n === 1 ? g.wait : undefined))], createFakeClock(), { keepFinished: 1 });
    const first = engine.start({ demo: 'j', params: { n: 1 }, requestId: 'click-1' });
    const joined = engine.start({ demo: 'j', params: { n: 1 }, requestId: 'click-2' });
    expect(joined).toMatchObject({ created: false, run: first.run });
    g.open();
    await first.run.done;
    await runDemoToEnd(engine, 'j', { n: 2 });
    await flush();
    expect(engine.run(first.run.runId)).toBeUndefined();
    // Neither request id leads to the forgotten run (which would keep it and its events in memory).
    for (const requestId of ['click-1', 'click-2']) {
      const again = engine.start({ demo: 'j', params: { n: 3 }, requestId });
      expect(again.created, requestId).toBe(true);
      await again.run.done;
    }
  });

  it('points TMPDIR and GOTMPDIR of the processes it starts at its temp root, unless a demo sets them', async () => {
    const seen: Array<Record<string, string | undefined> | undefined> = [];
    const processRunner: ProcessRunner = {
      async exec(_cmd, _args, options = {}) {
        seen.push(options.env);
        return { exitCode: 0, signal: null, timedOut: false, cancelled: false, truncated: false, stdout: '', stderr: '', durationMs: 1 };
      },
    };
    const engine = makeEngine(
      [
        fakeDemo('t', async (ctx) => {
          await ctx.exec('/bin/a', [], { env: { X: '1' } });
          await ctx.exec('/bin/b', [], { env: { TMPDIR: '/elsewhere' } });
        }),
      ],
      createFakeClock(),
      { processRunner, tempRoot: '/srv-temp' },
    );
    await runDemoToEnd(engine, 't');
    expect(seen).toEqual([
      { TMPDIR: '/srv-temp', GOTMPDIR: '/srv-temp', X: '1' },
      { TMPDIR: '/elsewhere', GOTMPDIR: '/elsewhere' },
    ]);
  });

  it('refuses sandboxed steps and sandbox caches without a sandbox, and hands them to one', async () => {
    const errors: string[] = [];
    const spec = { step: 'the program', mounts: [], limits: { memoryBytes: 1, maxProcesses: 1, cpuMs: 1, tmpBytes: 1, fileBytes: 1 } };
    const demo = fakeDemo('s', async (ctx) => {
      for (const attempt of [() => ctx.exec('/src/prog', [], { sandbox: spec }), () => ctx.sandboxCache!('x')]) {
        try {
          await attempt();
        } catch (error) {
          errors.push(`${(error as RunError).code}: ${(error as Error).message}`);
        }
      }
    });
    await runDemoToEnd(makeEngine([demo], createFakeClock()), 's');
    expect(errors).toEqual([
      'sandbox-unavailable: edited code is never run without a sandbox, and this engine has none',
      'sandbox-unavailable: edited code is never run without a sandbox, and this engine has none',
    ]);
    const calls: string[] = [];
    const sandbox = {
      status: async () => ({ available: true, limitsBy: 'cgroup v1' as const, summary: 'fake' }),
      exec: async (cmd: string, _args: string[], given: typeof spec, options: { signal?: AbortSignal; source?: string }) => {
        calls.push(`${cmd} ${given.step} ${options.source} ${options.signal instanceof AbortSignal}`);
        return { exitCode: 0, signal: null, timedOut: false, cancelled: false, truncated: false, stdout: '', stderr: '', durationMs: 1 };
      },
      cache: async (name: string) => ({ dir: `/cache/${name}`, warm: true, markWarm: async () => undefined }),
      close: async () => void calls.push('closed'),
    };
    errors.length = 0;
    const engine = makeEngine([demo], createFakeClock(), { sandbox });
    await runDemoToEnd(engine, 's');
    await engine.close();
    expect(errors).toEqual([]);
    expect(calls).toEqual(['/src/prog the program prog true', 'closed']);
  });

  it('calls onRunFinished after the end event; close() cancels everything', async () => {
    const finished: string[] = [];
    const clock = createFakeClock();
    const engine = makeEngine(
      [fakeDemo('f', (ctx) => new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve())))],
      clock,
      { onRunFinished: (run) => void finished.push(`${run.runId}:${run.outcome}`) },
    );
    const a = engine.start({ demo: 'f', params: { n: 1 } }).run;
    const b = engine.start({ demo: 'f', params: { n: 2 } }).run;
    await flush();
    await engine.close();
    await flush();
    expect(a.outcome).toBe('cancelled');
    expect(b.outcome).toBe('cancelled');
    expect(finished.sort()).toEqual([`${a.runId}:cancelled`, `${b.runId}:cancelled`].sort());
    expect(() => engine.start({ demo: 'f' })).toThrow(/shutting down/);
  });
});
