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

// A scratch project root (the committed sources copied in), so the runner's cache folder
// for edited code is never touched by a fake build.
let rootDir = '';
beforeAll(async () => {
  rootDir = await mkdtemp(join(tmpdir(), 'r34-unit-root-'));
  await cp(new URL('../../../native/pointer-rules', import.meta.url).pathname, join(rootDir, 'native/pointer-rules'), { recursive: true });
});
afterAll(async () => {
  await rm(rootDir, { recursive: true, force: true });
});

function fakeContext(files: Record<string, string> | undefined, answers: { build?: Answer; run?: Answer }) {
  const events: RunEventBody[] = [];
  const calls: Array<{ cmd: string; args: string[]; options: ExecOptions }> = [];
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
      if (args[0] === 'env') return done({ stdout: 'go1.26.8\n' });
      if (args[0] === 'build') {
        if ((answers.build?.exitCode ?? 0) === 0) await writeFile(join(options.cwd ?? '', 'prog'), '');
        return done(answers.build);
      }
      return done(answers.run);
    },
    build: async () => { throw new Error('not used'); },
    tempDir: () => mkdtemp(join(rootDir, 'run-')),
  };
  return { ctx, events, calls };
}

async function runWith(files: Record<string, string> | undefined, answers: { build?: Answer; run?: Answer } = {}) {
  const fake = fakeContext(files, answers);
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

  it('builds and runs edited code unprivileged, with limits and without the server environment', async () => {
    const { calls } = await runWith({ 'main.go': 'package main\nfunc main() {}\n' });
    const build = calls.find((c) => c.args[0] === 'build');
    const run = calls.at(-1);
    expect(build?.options).toMatchObject({ unprivileged: true, outputCapBytes: 65536 });
    expect(build?.options.env).toMatchObject({ GOPROXY: 'off', GOTOOLCHAIN: 'local' });
    expect(run?.options).toMatchObject({ unprivileged: true, timeoutMs: 10_000, memoryBytes: 1 << 30, maxProcesses: 64 });
    expect(run?.options.env).toHaveProperty('HOME', undefined);
    expect(Object.values(run?.options.env ?? {}).filter((v) => v !== undefined)).toEqual(['/usr/bin:/bin', 'single']);
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
