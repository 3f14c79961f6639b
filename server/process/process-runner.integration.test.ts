/**
 * The process runner against real processes (sh, sleep, setpriv): timeouts, crashes,
 * cancel, group kill, output caps, handed-down descriptors, and children that die with
 * the server even when it is killed with SIGKILL. Only coreutils/util-linux are needed.
 */
import { describe, expect, it, vi } from 'vitest';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunError } from '../demos/demo-context.ts';
import { createProcessRunner, liveProcessGroupCount, resolveCommand } from './process-runner.ts';

const runner = createProcessRunner({ killGraceMs: 300 });

/** alive: the process exists and is not a zombie (a killed orphan may wait for its reaper). */
function alive(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return !/^State:\s+Z/m.test(status);
  } catch {
    return false;
  }
}

describe('process runner (real processes)', () => {
  it('runs a command with arguments passed verbatim (no shell) and streams lines', async () => {
    const lines: string[] = [];
    const result = await runner.exec('printf', ['%s\\n', 'a b', '$(echo no)', '*'], { onLine: (_s, line) => lines.push(line) });
    expect(result).toMatchObject({ exitCode: 0, signal: null, timedOut: false, cancelled: false, truncated: false });
    expect(lines).toEqual(['a b', '$(echo no)', '*']);
    expect(result.stdout).toBe('a b\n$(echo no)\n*\n');
  });

  it('reports a crash by signal (SIGSEGV) without throwing', async () => {
    const result = await runner.exec('sh', ['-c', 'echo before; kill -SEGV $$']);
    expect(result.exitCode).toBeNull();
    expect(result.signal).toBe('SIGSEGV');
    expect(result.stdout).toBe('before\n');
  });

  it('reports a non-zero exit and stderr', async () => {
    const errLines: string[] = [];
    const result = await runner.exec('sh', ['-c', 'echo oops >&2; exit 3'], { onStderrLine: (line) => errLines.push(line) });
    expect(result.exitCode).toBe(3);
    expect(errLines).toEqual(['oops']);
  });

  it('kills a hanging program at its timeout, with its whole process group', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runner-test-'));
    const pidFile = join(dir, 'child.pid');
    // The shell backgrounds a grandchild, records its pid, then waits for it: longer than
    // the test may take, so a runner that waited for the grandchild would fail the test.
    const result = await runner.exec('sh', ['-c', `sleep 1000 & echo $! > ${pidFile}; wait`], { timeoutMs: 500 });
    expect(result.timedOut).toBe(true);
    expect(result.cancelled).toBe(false);
    const grandchild = Number(await readFile(pidFile, 'utf8'));
    // Killed with its group; the kernel ends it in its own time (the deadline only names the failure).
    await vi.waitFor(() => expect(alive(grandchild)).toBe(false), { timeout: 30_000, interval: 20 });
    expect(liveProcessGroupCount()).toBe(0);
    await rm(dir, { recursive: true, force: true });
  });

  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    const result = await runner.exec('sh', ['-c', "trap '' TERM; echo ready; while :; do sleep 0.05; done"], { timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
  });

  it('cancels via the abort signal', async () => {
    const controller = new AbortController();
    const promise = runner.exec('sleep', ['100'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const result = await promise;
    expect(result.cancelled).toBe(true);
    expect(result.signal).toBe('SIGTERM');
    const again = await runner.exec('sleep', ['100'], { signal: controller.signal });
    expect(again.cancelled).toBe(true);
    expect(again.durationMs).toBe(0);
  });

  it('kills what a program left running in its group after it exited', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runner-test-'));
    const pidFile = join(dir, 'bg.pid');
    // stdout/stderr of the orphan go to /dev/null so the pipes close with the leader.
    const result = await runner.exec('sh', ['-c', `sleep 100 >/dev/null 2>&1 & echo $! > ${pidFile}`]);
    expect(result.exitCode).toBe(0);
    const orphan = Number(await readFile(pidFile, 'utf8'));
    await vi.waitFor(() => expect(alive(orphan)).toBe(false), { timeout: 30_000, interval: 20 });
    await rm(dir, { recursive: true, force: true });
  });

  it('caps output, tells once, keeps feeding parsers, and kills a runaway', async () => {
    let notices = 0;
    let parsed = 0;
    const result = await runner.exec('sh', ['-c', 'i=0; while [ $i -lt 2000 ]; do echo line-$i; i=$((i+1)); done'], {
      outputCapBytes: 1000,
      onTruncated: () => notices++,
      onStdoutLine: () => parsed++,
    });
    expect(result.truncated).toBe(true);
    expect(notices).toBe(1);
    expect(result.stdout.length).toBeLessThanOrEqual(1000);
    expect(parsed).toBeGreaterThan(100);
    const runaway = await runner.exec('yes', [], { outputCapBytes: 1024, timeoutMs: 20_000 });
    expect(runaway.timedOut).toBe(false);
    expect(runaway.signal).toMatch(/SIGTERM|SIGKILL|SIGPIPE/);
  });

  it('passes stdin, env and cwd', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runner-test-'));
    const result = await runner.exec('sh', ['-c', 'read x; echo "$x $FOO $(pwd)"'], { stdin: 'hi\n', env: { FOO: 'bar' }, cwd: dir });
    expect(result.stdout.trim()).toBe(`hi bar ${dir}`);
    await rm(dir, { recursive: true, force: true });
  });

  it('throws toolchain-missing for a command that does not exist', async () => {
    await expect(runner.exec('no-such-command-xyz', [])).rejects.toBeInstanceOf(RunError);
    await expect(runner.exec('no-such-command-xyz', [])).rejects.toMatchObject({ code: 'toolchain-missing' });
    expect(resolveCommand('sh', process.env.PATH)).toMatch(/\/sh$/);
  });

  it('hands extra descriptors to the child as fd 3, 4 …, and can replace the environment', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runner-test-'));
    await writeFile(join(dir, 'a.txt'), 'from fd 3\n');
    const handle = await open(join(dir, 'a.txt'), 'r');
    try {
      const result = await runner.exec('sh', ['-c', 'cat <&3; echo "home=${HOME:-unset} x=$X"'], { extraFds: [handle.fd], env: { X: 'y', PATH: '/usr/bin:/bin' }, replaceEnv: true });
      expect(result.stdout).toBe('from fd 3\nhome=unset x=y\n');
      const merged = await runner.exec('sh', ['-c', 'echo "${HOME:+set}"'], { env: { X: 'y' } });
      expect(merged.stdout.trim()).toBe(process.env.HOME ? 'set' : '');
    } finally {
      await handle.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(resolveCommand('setpriv', '/usr/bin:/bin') === undefined)('kills the child when the server dies of SIGKILL (no exit handler runs)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runner-test-'));
    const pidFile = join(dir, 'child.pid');
    const script = join(dir, 'script.ts');
    const runnerUrl = new URL('./process-runner.ts', import.meta.url).href;
    await writeFile(
      script,
      `import { createProcessRunner } from ${JSON.stringify(runnerUrl)};
void createProcessRunner().exec('sh', ['-c', 'echo $$ > ${pidFile}; exec sleep 100']);
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: 'ignore' });
    const pid = await vi.waitFor(() => {
      const written = readFileSync(pidFile, 'utf8');
      expect(written, 'the child wrote its pid').toMatch(/^\d+\n$/);
      return Number(written);
    }, { timeout: 60_000, interval: 50 });
    expect(alive(pid)).toBe(true);
    child.kill('SIGKILL');
    await once(child, 'exit');
    // The kernel ends the child on its own once its parent is gone (the deadline only names the failure).
    await vi.waitFor(() => expect(alive(pid)).toBe(false), { timeout: 30_000, interval: 20 });
    await rm(dir, { recursive: true, force: true });
  });

  it('kills the children when the process dies of an unhandled SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runner-test-'));
    const pidFile = join(dir, 'child.pid');
    const script = join(dir, 'script.ts');
    const runnerUrl = new URL('./process-runner.ts', import.meta.url).href;
    await writeFile(
      script,
      `import { createProcessRunner } from ${JSON.stringify(runnerUrl)};
import { readFileSync } from 'node:fs';
void createProcessRunner().exec('sh', ['-c', 'echo $$ > ${pidFile}; exec sleep 100']);
// Dies once the child runs (its pid written), however long the start takes on a loaded machine.
const started = setInterval(() => {
  let written = '';
  try { written = readFileSync(${JSON.stringify(pidFile)}, 'utf8'); } catch {}
  if (!written.endsWith('\\n')) return;
  clearInterval(started);
  process.kill(process.pid, 'SIGTERM');
}, 20);
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: 'ignore' });
    const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
    expect(signal).toBe('SIGTERM');
    const pid = Number(await readFile(pidFile, 'utf8'));
    await vi.waitFor(() => expect(alive(pid)).toBe(false), { timeout: 30_000, interval: 20 });
    await rm(dir, { recursive: true, force: true });
  });
});
