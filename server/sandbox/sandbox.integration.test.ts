/**
 * The sandbox against the real kernel, with shell programs: what a step can see and do,
 * each whole-step limit with the sentence that names it, the cgroups and processes gone
 * after each step, nothing left running when the server dies of SIGKILL, and the next
 * start sweeping what such a server left. Runs where the doctor finds a sandbox; the
 * limit tests need per-step cgroups (a root server on cgroup v1 here, as in CI).
 */
import { afterAll, beforeAll, describe, expect, it, vi, type TestContext } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProcessRunner } from '../process/process-runner.ts';
import { appDirName, openCgroupTree, readLayout } from './cgroups.ts';
import { createSandbox, sandboxIdentity, type Sandbox, type SandboxStatus } from './sandbox.ts';
import type { SandboxLimits } from './sandbox-limits.ts';
import { openTempRoot } from './temp-root.ts';
import { skipIfMissing } from '../../tests/support/toolchains.ts';

const MiB = 2 ** 20;
const limits: SandboxLimits = { memoryBytes: 128 * MiB, maxProcesses: 32, cpuMs: 2_000, tmpBytes: 8 * MiB, fileBytes: 4 * MiB };

let stateDir = '';
let sandbox: Sandbox;
let status: SandboxStatus;
beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'sandbox-test-'));
  await chmod(stateDir, 0o711);
  sandbox = createSandbox({ processRunner: createProcessRunner({ killGraceMs: 200 }), stateDir });
  status = await sandbox.status();
});
afterAll(async () => {
  await sandbox?.close();
  await rm(stateDir, { recursive: true, force: true });
});

/**
 * needSandbox skips a test only where the doctor reports bubblewrap missing; where bwrap is
 * there but no sandbox works, the test fails with the reason instead of passing silently.
 */
async function needSandbox(ctx: TestContext): Promise<void> {
  await skipIfMissing(ctx, 'bwrap');
  if (!status.available) throw new Error(`bwrap is installed but no sandbox works here: ${status.reason}`);
}

/** needCgroups is needSandbox for the whole-step limits, which need a cgroup per step (root). */
async function needCgroups(ctx: TestContext): Promise<void> {
  await needSandbox(ctx);
  if (status.limitsBy === 'rlimits') throw new Error(`whole-step limits need a cgroup per step (run the tests as root): ${status.limitsReason ?? status.summary}`);
}

/** sh runs a shell script as a sandboxed step. */
function sh(script: string, extra: { limits?: Partial<SandboxLimits>; mounts?: Array<{ host: string; dest: string; writable?: boolean }>; timeoutMs?: number; env?: Record<string, string> } = {}) {
  return sandbox.exec('/bin/sh', ['-c', script], { step: 'the program', mounts: extra.mounts ?? [], limits: { ...limits, ...extra.limits } }, {
    timeoutMs: extra.timeoutMs ?? 20_000,
    env: { PATH: '/usr/bin:/bin', ...extra.env },
  });
}

/** waitForNoProcessesOf waits (up to 30 s) until no process of `uid` is alive on the host. */
async function waitForNoProcessesOf(uid: number): Promise<void> {
  const alive = (): number[] =>
    readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((name) => {
      try {
        const state = readFileSync(`/proc/${name}/status`, 'utf8');
        const owner = Number(/^Uid:\s+(\d+)/m.exec(state)?.[1]);
        return owner === uid && !/^State:\s+Z/m.test(state) ? [Number(name)] : [];
      } catch {
        return [];
      }
    });
  for (let waited = 0; alive().length > 0 && waited < 30_000; waited += 100) await new Promise((done) => setTimeout(done, 100));
}

/** pidsWithArg finds host processes whose command line contains `marker`. */
function pidsWithArg(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      const state = readFileSync(`/proc/${name}/status`, 'utf8');
      if (cmdline.includes(marker) && !/^State:\s+Z/m.test(state) && !cmdline.includes('vitest')) found.push(Number(name));
    } catch {
      // gone
    }
  }
  return found;
}

/** livePids lists the host's processes that are not zombies and that `matches` accepts. */
function livePids(matches: (pid: number) => boolean): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!/^State:\s+Z/m.test(readFileSync(`/proc/${name}/status`, 'utf8')) && matches(Number(name))) found.push(Number(name));
    } catch {
      // gone
    }
  }
  return found;
}

/** pidsWithCommandLine finds host processes whose arguments are exactly `argv`. */
function pidsWithCommandLine(argv: readonly string[]): number[] {
  const wanted = argv.map((arg) => `${arg}\0`).join('');
  return livePids((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8') === wanted);
}

/** pidNamespaceOf names a process's PID namespace ("pid:[4026532…]"). */
function pidNamespaceOf(pid: number): string {
  return readlinkSync(`/proc/${pid}/ns/pid`);
}

/** pidsInNamespace lists the live processes in a PID namespace. */
function pidsInNamespace(namespace: string): number[] {
  return livePids((pid) => pidNamespaceOf(pid) === namespace);
}

/** stepCgroups lists the step cgroups of this process (none should outlive a step). */
function stepCgroups(): string[] {
  const layout = readLayout();
  if (layout.version === 0) return [];
  const base = layout.version === 1 ? layout.dirs.pids : layout.dir;
  const appDir = join(base, appDirName);
  const mine = existsSync(appDir) ? readdirSync(appDir).filter((name) => name.startsWith(`${process.pid}-`)) : [];
  return mine.flatMap((instance) => readdirSync(join(appDir, instance), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name));
}

describe('what a sandboxed step sees', () => {
  it.skipIf(process.getuid?.() !== 0)('runs as an unprivileged uid', async (ctx) => {
    await needSandbox(ctx);
    const result = await sh('id -u; id -g');
    expect(result.stdout.trim().split('\n')).toEqual([String(sandboxIdentity().uid), String(sandboxIdentity().gid)]);
    expect(result.stdout).not.toMatch(/^0$/m);
  });

  it('sees /usr read-only and nothing else of the host, not even the server\'s environment', async (ctx) => {
    await needSandbox(ctx);
    process.env.SANDBOX_TEST_SECRET = 'do-not-leak';
    try {
      const result = await sh('ls /; touch /usr/x 2>&1; touch /x 2>&1; ls /etc /home /root /work 2>&1; cat /proc/1/environ /proc/self/environ | tr "\\0" "\\n"');
      const [root] = result.stdout.split('touch');
      expect(root!.trim().split('\n').sort()).toEqual(expect.arrayContaining(['dev', 'proc', 'tmp', 'usr']));
      expect(root).not.toMatch(/^(etc|home|root|work|var|srv|opt)$/m);
      expect(result.stdout).toMatch(/touch: cannot touch '\/usr\/x': Read-only file system/);
      expect(result.stdout).toMatch(/touch: cannot touch '\/x': Read-only file system/);
      expect(result.stdout).toMatch(/ls: cannot access '\/etc': No such file or directory/);
      expect(result.stdout).not.toContain('do-not-leak');
      expect(result.stdout).not.toContain(`HOME=${process.env.HOME}`);
    } finally {
      delete process.env.SANDBOX_TEST_SECRET;
    }
  });

  it.skipIf(!existsSync('/usr/bin/python3'))('has no network: a server on this machine\'s loopback is out of reach', async (ctx) => {
    await needSandbox(ctx);
    const server: Server = createServer((socket) => socket.end('reached\n'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    try {
      const result = await sh(`python3 -c "import socket; socket.create_connection(('127.0.0.1', ${port}), 2); print('reached')" 2>&1 | tail -1`);
      expect(result.stdout).toMatch(/ConnectionRefusedError|Connection refused|Network is unreachable/);
      expect(result.stdout).not.toContain('reached');
    } finally {
      server.close();
    }
  });

  it('reads a read-only mount, writes a writable one, and nothing else of the host', async (ctx) => {
    await needSandbox(ctx);
    const ro = await mkdtemp(join(stateDir, 'ro-'));
    const rw = await mkdtemp(join(stateDir, 'rw-'));
    await chmod(ro, 0o755);
    await writeFile(join(ro, 'in.txt'), 'input\n', { mode: 0o644 });
    const result = await sh('cat /in/in.txt; echo out > /out/out.txt && echo wrote; echo x > /in/x 2>&1 || echo refused', {
      mounts: [
        { host: ro, dest: '/in' },
        { host: rw, dest: '/out', writable: true },
      ],
    });
    expect(result.stdout).toMatch(/^input\nwrote\n/);
    expect(result.stdout + result.stderr).toMatch(/Read-only file system/);
    expect(await readFile(join(rw, 'out.txt'), 'utf8')).toBe('out\n');
    expect(existsSync(join(ro, 'x'))).toBe(false);
  });

  it('keeps nothing between steps: /tmp and /dev/shm are new each time', async (ctx) => {
    await needSandbox(ctx);
    await sh('echo left > /tmp/left; echo left > /dev/shm/left');
    const later = await sh('ls -A /tmp /dev/shm');
    expect(later.stdout).not.toContain('left');
  });
});

describe.skipIf(process.getuid?.() !== 0)('whole-step limits (cgroup per step)', () => {
  it('kills memory taken across many processes, saying so', async (ctx) => {
    await needCgroups(ctx);
    // Six processes of 32 MiB each stay under any per-process limit; together they pass
    // 128 MiB. Each holds its 32 MiB (a shell variable) until all are up, so a loaded
    // machine that runs them one after another still reaches the limit (four tasks each:
    // 25 of the 32 allowed, so the process limit is not what stops them).
    const result = await sh("for i in 1 2 3 4 5 6; do (x=$(head -c 33554432 /dev/zero | tr '\\0' a); sleep 30) & done; wait", { timeoutMs: 60_000 });
    expect(result.limit).toEqual({ kind: 'memory', message: 'killed: the program used its 128 MiB of memory' });
    expect(stepCgroups()).toEqual([]);
  });

  it('stops a fork bomb at the process limit', async (ctx) => {
    await needCgroups(ctx);
    const result = await sh('bomb() { bomb & bomb & }; bomb; sleep 5');
    expect(result.limit).toEqual({ kind: 'processes', message: 'killed: the program reached its limit of 32 processes and threads' });
    expect(pidsWithArg('bomb() {')).toEqual([]);
  });

  it('stops a program at its CPU time, counted over all its processes', async (ctx) => {
    await needCgroups(ctx);
    // A wall-time limit far beyond what 2 s of CPU take on a loaded machine: the CPU limit ends it.
    const result = await sh('spin() { while :; do :; done; }; spin & spin & spin', { timeoutMs: 120_000 });
    expect(result.limit).toEqual({ kind: 'cpu', message: 'killed: the program used its 2 s of CPU time' });
    expect(result.timedOut).toBe(false);
  });

  it('stops a program that fills /tmp and /dev/shm', async (ctx) => {
    await needCgroups(ctx);
    const result = await sh('i=0; while head -c 1048576 /dev/zero > /tmp/f$i 2>/dev/null; do i=$((i+1)); done; echo full at $i; sleep 5');
    expect(result.limit).toEqual({ kind: 'tmp', message: 'killed: the program filled its 8 MiB of /tmp and /dev/shm' });
  });

  it('names the file size limit', async (ctx) => {
    await needSandbox(ctx);
    const result = await sh('exec head -c 6291456 /dev/zero > /tmp/big');
    expect(result.limit).toEqual({ kind: 'file', message: 'killed: the program wrote a file larger than its limit of 4 MiB' });
    expect(result.signal).toBe('SIGXFSZ');
  });

  it('leaves no process of a step behind, even one in its own session', async (ctx) => {
    await needSandbox(ctx);
    // The step and the test meet in a shared folder, each waiting for the other (no
    // sleeps): the escapee says it runs, then the test says when the step may end.
    const meet = await mkdtemp(join(stateDir, 'meet-'));
    const escapee = `touch /meet/up; sleep 300; : sandbox-escape-${process.pid}`;
    const step = sh(`setsid sh -c '${escapee}' </dev/null >/dev/null 2>&1 & until [ -e /meet/go ]; do sleep 0.05; done; echo started`, {
      mounts: [{ host: meet, dest: '/meet', writable: true }],
      timeoutMs: 120_000,
    });
    await vi.waitFor(() => expect(existsSync(join(meet, 'up')), 'the escapee started').toBe(true), { timeout: 60_000, interval: 20 });
    // The escapee by its exact command line (the step's shell only carries it inside its
    // script), and with it every process of the step: those in its PID namespace.
    const [escapeePid, ...others] = pidsWithCommandLine(['sh', '-c', escapee]);
    expect(escapeePid, 'the escapee runs while the step does').toBeDefined();
    expect(others).toEqual([]);
    const namespace = pidNamespaceOf(escapeePid!);
    expect(pidsInNamespace(namespace).length, 'the step\'s shell, the escapee and its sleep').toBeGreaterThanOrEqual(3);
    await writeFile(join(meet, 'go'), '');
    const result = await step;
    expect(result).toMatchObject({ exitCode: 0, timedOut: false });
    expect(result.stdout).toBe('started\n');
    // Once the step has ended, nothing of it runs: not the escapee, not its sleep.
    expect(pidsInNamespace(namespace)).toEqual([]);
    await rm(meet, { recursive: true, force: true });
  });
});

describe('the wall-time backstop', () => {
  it('ends the whole sandbox when the program kills it', async (ctx) => {
    await needSandbox(ctx);
    // Were the sandbox to outlive its first process (the backstop, killed here), the
    // program would sleep on into the step's time limit instead of ending now.
    const result = await sh('kill -9 $PPID; sleep 300; echo survived', { timeoutMs: 120_000 });
    expect(result.timedOut).toBe(false);
    expect(result.stdout).not.toContain('survived');
  });
});

describe('a server killed with SIGKILL', () => {
  it('leaves nothing running, and the next start sweeps its cgroups and temp folder', async (ctx) => {
    await needSandbox(ctx);
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-kill-'));
    const marker = `sandbox-orphan-${process.pid}`;
    const script = join(dir, 'server.ts');
    await writeFile(
      script,
      `import { createProcessRunner } from ${JSON.stringify(new URL('../process/process-runner.ts', import.meta.url).href)};
import { createSandbox } from ${JSON.stringify(new URL('./sandbox.ts', import.meta.url).href)};
import { openTempRoot } from ${JSON.stringify(new URL('./temp-root.ts', import.meta.url).href)};
const temp = await openTempRoot();
console.log('temp ' + temp.dir);
const sandbox = createSandbox({ processRunner: createProcessRunner(), stateDir: ${JSON.stringify(stateDir)} });
await sandbox.status();
void sandbox.exec('/bin/sh', ['-c', 'sleep 300; : ${marker}'], { step: 'the program', mounts: [], limits: ${JSON.stringify(limits)} }, { env: { PATH: '/usr/bin:/bin' } });
`,
    );
    await writeFile(join(dir, 'package.json'), '{"type":"module"}');
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Until the command itself runs (bubblewrap's processes carry the marker in their
    // arguments from the start; the shell running `sleep` is the command).
    const command = ['/bin/sh', '-c', `sleep 300; : ${marker}`];
    await vi.waitFor(() => expect(pidsWithCommandLine(command), 'the sandboxed command runs').toHaveLength(1), { timeout: 60_000, interval: 50 });
    const tempDir = /^temp (.+)$/m.exec(output)?.[1] ?? '';
    expect(existsSync(tempDir)).toBe(true);
    child.kill('SIGKILL');
    await once(child, 'exit');
    // The kernel ends the sandbox on its own once the server is gone: wait for that (the
    // deadline only names the failure), then nothing of it may run, bubblewrap included.
    await vi.waitFor(() => expect(pidsWithArg(marker)).toEqual([]), { timeout: 30_000, interval: 50 });

    // The next start: the dead server's temp folder and cgroups go.
    const temp = await openTempRoot();
    expect(temp.swept).toContain(tempDir);
    expect(existsSync(tempDir)).toBe(false);
    await rm(temp.dir, { recursive: true, force: true });
    const layout = readLayout();
    if (layout.version !== 0 && process.getuid?.() === 0) {
      const appDir = join(layout.version === 1 ? layout.dirs.pids : layout.dir, appDirName);
      const deadInstances = (await readdir(appDir)).filter((name) => name.startsWith(`${child.pid}-`));
      expect(deadInstances.length).toBeGreaterThan(0);
      const opening = await openCgroupTree(layout);
      expect(opening.ok && opening.swept).toBeGreaterThan(0);
      expect((await readdir(appDir)).filter((name) => name.startsWith(`${child.pid}-`))).toEqual([]);
      if (opening.ok) await opening.tree.close();
    }
    await rm(dir, { recursive: true, force: true });
  });
});

describe('the sandbox\'s build cache', () => {
  it('is a 0700 folder of the sandbox\'s uid, and is refused when someone else made it', async (ctx) => {
    await needSandbox(ctx);
    const cache = await sandbox.cache('test');
    expect(cache.dir).toBe(join(stateDir, 'test-cache'));
    expect(cache.warm).toBe(false);
    await cache.markWarm();
    expect((await sandbox.cache('test')).warm).toBe(true);
    const planted = join(stateDir, 'planted-cache');
    await mkdir(planted, { mode: 0o777 });
    await chmod(planted, 0o777);
    await expect(sandbox.cache('planted')).rejects.toMatchObject({ code: 'sandbox-unavailable', message: expect.stringMatching(/planted-cache (belongs to uid|has mode 777)/) });
  });
});

describe('without a sandbox or without cgroups', () => {
  it('refuses edited code with the reason when bubblewrap is missing; nothing runs', async () => {
    const missing = createSandbox({ processRunner: createProcessRunner(), stateDir, bwrapPath: '/nonexistent/bwrap', cgroups: Promise.resolve({ ok: false, reason: 'test' }) });
    const current = await missing.status();
    expect(current).toMatchObject({ available: false, reason: 'missing bwrap (Debian package bubblewrap): bash scripts/setup.sh installs it' });
    expect(current.summary).toBe('refused: missing bwrap (Debian package bubblewrap): bash scripts/setup.sh installs it');
    await expect(missing.exec('/bin/true', [], { step: 'the program', mounts: [], limits }, {})).rejects.toMatchObject({
      code: 'sandbox-unavailable',
      message: expect.stringMatching(/never run without a sandbox, and there is none here: missing bwrap/),
    });
    await expect(missing.cache('x')).rejects.toMatchObject({ code: 'sandbox-unavailable' });
  });

  it('falls back to rlimits per process where no cgroup can be created, and says so', async (ctx) => {
    await needSandbox(ctx);
    // Without a cgroup the process limit is RLIMIT_NPROC, counted per uid across the whole
    // machine: the sandbox check fails while an earlier test's processes of that uid exit.
    const identity = sandboxIdentity();
    if (identity.dropped) await waitForNoProcessesOf(identity.uid);
    const fallback = createSandbox({ processRunner: createProcessRunner({ killGraceMs: 200 }), stateDir, cgroups: Promise.resolve({ ok: false, reason: 'no cgroup here (test)' }) });
    try {
      const current = await fallback.status();
      expect(current, current.reason).toMatchObject({ available: true, limitsBy: 'rlimits', limitsReason: 'no cgroup here (test)' });
      expect(current.summary).toMatch(/limits per process only \(rlimits\): no cgroup here \(test\)$/);
      const spin = await fallback.exec('/bin/sh', ['-c', 'while :; do :; done'], { step: 'the program', mounts: [], limits: { ...limits, cpuMs: 1_000 } }, { timeoutMs: 20_000, env: { PATH: '/usr/bin:/bin' } });
      expect(spin.limit).toEqual({ kind: 'cpu', message: 'killed: the program used its 1 s of CPU time' });
      const rlimits = await fallback.exec('/bin/sh', ['-c', 'ulimit -v; ulimit -f'], { step: 'the program', mounts: [], limits }, { env: { PATH: '/usr/bin:/bin' } });
      expect(rlimits.stdout.trim().split('\n')).toEqual([String(limits.memoryBytes / 1024), String(limits.fileBytes / 512)]);
    } finally {
      await fallback.close();
    }
  });
});
