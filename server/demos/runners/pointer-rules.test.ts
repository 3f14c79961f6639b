/**
 * pointer-rules runner without compilers: a fake context answers `exec` so the guards and
 * the reading of build and program output are checked in isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEventBody } from '../../../demos/protocol.ts';
import { RunError, type DemoContext, type ExecOptions, type ExecResult } from '../demo-context.ts';
import pointerRules from './pointer-rules.ts';

type Answer = Partial<ExecResult>;

// A scratch project root (the committed sources copied in); the sandbox cache is a fake,
// so no real cache or warm marker is ever touched by a fake build.
let rootDir = '';
beforeAll(async () => {
  rootDir = await mkdtemp(join(tmpdir(), 'r34-unit-root-'));
  await cp(new URL('../../../native/pointer-rules', import.meta.url).pathname, join(rootDir, 'native/pointer-rules'), { recursive: true });
});
afterAll(async () => {
  await rm(rootDir, { recursive: true, force: true });
});

function fakeContext(files: Record<string, string> | undefined, answers: { build?: Answer; run?: Answer }, cacheWarm = true) {
  const events: RunEventBody[] = [];
  const calls: Array<{ cmd: string; args: string[]; options: ExecOptions }> = [];
  const marked: string[] = [];
  const done = (a: Answer = {}): ExecResult => ({ exitCode: 0, signal: null, timedOut: false, cancelled: false, truncated: false, stdout: '', stderr: '', durationMs: 5, ...a });
  const ctx: DemoContext<{ variant: 'original'; cgocheck2: boolean }> = {
    runId: 'test',
    params: { variant: 'original', cgocheck2: false },
    files,
    signal: new AbortController().signal,
    toolchains: { go: { found: true, version: '1.26.8' } },
    rootDir,
    status: (phase, message) => events.push({ type: 'status', phase, message }),
    progress: (message) => events.push({ type: 'progress', message }),
    sample: () => undefined,
    result: (data) => events.push({ type: 'result', data }),
    error: (code, message) => events.push({ type: 'error', code, message }),
    stdout: () => undefined,
    stderr: () => undefined,
    exec: async (cmd, args, options = {}) => {
      calls.push({ cmd, args, options });
      if (args[0] === 'env') return done({ stdout: 'go1.26.8\n/usr/local/go\n' });
      if (args[0] === 'build') {
        // In the sandbox the work folder is a mount; outside it is the cwd.
        const work = options.sandbox?.mounts.find((mount) => mount.dest === options.cwd)?.host ?? options.cwd ?? '';
        if ((answers.build?.exitCode ?? 0) === 0) await writeFile(join(work, 'prog'), '');
        return done(answers.build);
      }
      return done(answers.run);
    },
    build: async () => { throw new Error('not used'); },
    tempDir: () => mkdtemp(join(rootDir, 'run-')),
    sandboxCache: async (name) => ({ dir: join(rootDir, `fake-${name}`), warm: cacheWarm, markWarm: async () => void marked.push(name) }),
  };
  return { ctx, events, calls, marked };
}

async function runWith(files: Record<string, string> | undefined, answers: { build?: Answer; run?: Answer } = {}, cacheWarm = true) {
  const fake = fakeContext(files, answers, cacheWarm);
  let error: RunError | undefined;
  try {
    await pointerRules.run(fake.ctx as never);
  } catch (err) {
    if (!(err instanceof RunError)) throw err;
    error = err;
  }
  return { ...fake, error };
}

describe('pointer-rules runner', () => {
  it('refuses files it does not know before running anything', async () => {
    const refused: Array<Record<string, string>> = [{ 'go.mod': 'module x' }, { 'main.go': 'x'.repeat(70_000) }, { 'main.go': 'a\u0000b' }];
    for (const files of refused) {
      const { error, calls } = await runWith(files);
      expect(error?.code).toBe('bad-request');
      expect(calls).toHaveLength(0);
    }
  });

  it('turns a failed build into diagnostics and never runs the program', async () => {
    const { error, calls } = await runWith({ 'main.go': 'package main\nfunc main() {' }, {
      build: { exitCode: 1, stderr: '# command-line-arguments\n./main.go:2:14: expected \'}\', found \'EOF\'\n' },
    });
    expect(error?.code).toBe('build-failed');
    expect(error?.extra.diagnostics).toEqual([{ file: 'main.go', line: 2, column: 14, severity: 'error', message: "expected '}', found 'EOF'" }]);
    expect(calls.map((c) => c.args[0])).toEqual(['env', 'build']);
  });

  it('builds and runs edited code in the sandbox: the build writes the cache, the program sees neither it nor the server', async () => {
    const { calls } = await runWith({ 'main.go': 'package main\nfunc main() {}\n' });
    const build = calls.find((c) => c.args[0] === 'build')!;
    const run = calls.at(-1)!;
    expect(build.options.sandbox?.step).toBe('the build');
    expect(build.options.sandbox?.mounts).toEqual([
      { host: expect.stringMatching(/run-/), dest: '/src', writable: true },
      { host: join(rootDir, 'fake-edited-go'), dest: '/cache', writable: true },
    ]);
    expect(build.options.env).toMatchObject({ GOPROXY: 'off', GOTOOLCHAIN: 'local', GOCACHE: '/cache', PATH: '/usr/local/go/bin:/usr/bin:/bin' });
    expect(build.options.timeoutMs).toBe(45_000);
    expect(run.cmd).toBe('/src/prog');
    expect(run.options.sandbox?.step).toBe('the program');
    expect(run.options.sandbox?.mounts).toEqual([{ host: build.options.sandbox?.mounts[0]?.host, dest: '/src' }]);
    expect(run.options.sandbox?.limits).toMatchObject({ memoryBytes: 2 ** 30, maxProcesses: 64, cpuMs: 10_000 });
    expect(run.options.timeoutMs).toBe(10_000);
    expect(run.options.env).toEqual({ PATH: '/usr/bin:/bin', HOME: '/tmp', TMPDIR: '/tmp', GOTRACEBACK: 'single' });
  });

  it('gives the first build into an empty cache longer, and marks the cache warm after it', async () => {
    const cold = await runWith({ 'main.go': 'package main\nfunc main() {}\n' }, {}, false);
    expect(cold.calls.find((c) => c.args[0] === 'build')?.options.timeoutMs).toBe(240_000);
    expect(cold.marked).toEqual(['edited-go']);
    const failed = await runWith({ 'main.go': 'package main\nfunc main() {' }, { build: { exitCode: 1 } }, false);
    expect(failed.marked).toEqual([]);
    const warm = await runWith({ 'main.go': 'package main\nfunc main() {}\n' });
    expect(warm.marked).toEqual([]);
  });

  it('builds and runs committed variants outside the sandbox (the project\'s own code)', async () => {
    const { calls } = await runWith(undefined);
    expect(calls.every((c) => c.options.sandbox === undefined)).toBe(true);
    expect(calls.at(-1)?.cmd).toMatch(/run-.*\/prog$/);
  });

  it('names the limit a sandboxed step ran into', async () => {
    const build = await runWith({ 'main.go': 'package main\n' }, { build: { exitCode: null, signal: 'SIGKILL', limit: { kind: 'memory', message: 'killed: the build used its 1 GiB of memory' } } });
    expect(build.error).toMatchObject({ code: 'limit-exceeded', message: 'killed: the build used its 1 GiB of memory' });
    expect(build.calls.at(-1)?.args[0]).toBe('build');
    const run = await runWith({ 'main.go': 'package main\n' }, { run: { exitCode: null, signal: 'SIGKILL', limit: { kind: 'processes', message: 'killed: the program reached its limit of 64 processes and threads' } } });
    expect(run.error).toMatchObject({ code: 'limit-exceeded', message: /64 processes/ });
  });

  it('refuses edited code where the engine has no sandbox', async () => {
    const fake = fakeContext({ 'main.go': 'package main\n' }, {});
    delete (fake.ctx as { sandboxCache?: unknown }).sandboxCache;
    await expect(pointerRules.run(fake.ctx as never)).rejects.toMatchObject({ code: 'sandbox-unavailable' });
    expect(fake.calls.some((c) => c.args[0] === 'build')).toBe(false);
  });

  it('reports an endless program as killed at the limit', async () => {
    const { error } = await runWith(undefined, { run: { timedOut: true, exitCode: null, signal: 'SIGKILL' } });
    expect(error?.code).toBe('timeout');
    expect(error?.message).toMatch(/killed after 10 s/);
  });

  it('reads the panic as the result, not an error', async () => {
    const { error, events } = await runWith(undefined, {
      run: { exitCode: 2, stderr: 'panic: runtime error: argument of cgo function has Go pointer to unpinned Go pointer\n\ngoroutine 1 [running]:\n' },
    });
    expect(error).toBeUndefined();
    expect(events.find((e) => e.type === 'result')).toMatchObject({
      data: { verdict: 'panic', panic: 'panic: runtime error: argument of cgo function has Go pointer to unpinned Go pointer', edited: false },
    });
  });
});
