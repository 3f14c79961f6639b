/**
 * The sandbox for edited code, the way public code runners do it (Compiler Explorer's
 * nsjail, the Go playground's gVisor): bubblewrap namespaces around each step (the
 * build, the program), a cgroup per step for whole-step limits, an unprivileged uid.
 * The command line is built in sandbox-command.ts, the limits in sandbox-limits.ts, the
 * cgroups in cgroups.ts; this file opens what a step needs, starts it through the
 * process runner, watches its cgroup and says which limit ended it.
 *
 * Without a working sandbox (no bubblewrap, user namespaces disabled …) edited code is
 * refused with the reason; there is no unsandboxed fallback. Without a cgroup to create
 * (a server not root on cgroup v1, v2 without delegation), limits fall back to rlimits
 * per process, and the status says so (`npm run doctor` shows it).
 */
import { chown, lstat, open, readFile, readlink, writeFile, type FileHandle } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { RunError, type ExecResult, type SandboxCache, type SandboxSpec } from '../demos/demo-context.ts';
import { defaultProcessTimeoutMs, resolveCommand, type ProcessRunner, type ProcessSpawnOptions } from '../process/process-runner.ts';
import { openCgroupTree, type CgroupOpening, type StepCgroup } from './cgroups.ts';
import { bwrapArgs, joinFailedExitCode, systemPaths, systemView, wrapperCommand, type SystemEntry } from './sandbox-command.ts';
import { limitHit, rlimitArgs, rlimitHit, type LimitHit, type SandboxLimits } from './sandbox-limits.ts';
import { ensurePrivateDir, serverUid } from './temp-root.ts';

/** SandboxStatus says whether edited code can run here, and how. */
export interface SandboxStatus {
  available: boolean;
  /** Why edited code is refused (when not available). */
  reason?: string;
  /** How limits are counted: per step by a cgroup, or per process by rlimits. */
  limitsBy: 'cgroup v1' | 'cgroup v2' | 'rlimits';
  /** Why limits are only per process (rlimits). */
  limitsReason?: string;
  /** One line for the doctor and the server's log. */
  summary: string;
}

/** SandboxIdentity is the unprivileged uid/gid sandboxed steps run as. */
export interface SandboxIdentity {
  uid: number;
  gid: number;
  /** Whether the server switches to it (only root can; otherwise it is the server's own). */
  dropped: boolean;
}

/** Sandbox runs sandboxed steps. */
export interface Sandbox {
  status(): Promise<SandboxStatus>;
  /** exec runs one step; it throws `sandbox-unavailable` where there is no sandbox. */
  exec(cmd: string, args: string[], spec: SandboxSpec, options: ProcessSpawnOptions): Promise<ExecResult>;
  /** cache returns a named SandboxCache under the cache folder. */
  cache(name: string): Promise<SandboxCache>;
  /** close removes this process's cgroups. */
  close(): Promise<void>;
}

/** SandboxOptions configure a sandbox. */
export interface SandboxOptions {
  processRunner: ProcessRunner;
  /** Where SandboxCache folders go: the server's temp root (temp-root.ts), which the sandbox's uid may pass through. */
  stateDir: string;
  /** The per-step cgroups (default: opened below this process's own cgroup). */
  cgroups?: Promise<CgroupOpening>;
  /** How often a step's cgroup is read while it runs, to stop it at a limit (ms). */
  pollMs?: number;
  /** Which bubblewrap to use (default: found on PATH); tests point it at one that is missing. */
  bwrapPath?: string;
}

/** sandboxIdentity is `nobody` (from /etc/passwd, 65534 when absent) for a root server, else the server's own uid. */
export function sandboxIdentity(): SandboxIdentity {
  const uid = serverUid();
  if (uid !== 0) return { uid, gid: process.getgid?.() ?? uid, dropped: false };
  let identity = { uid: 65534, gid: 65534 };
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name, , id, group] = line.split(':');
      if (name === 'nobody' && id && group) identity = { uid: Number(id), gid: Number(group) };
    }
  } catch {
    // keep the conventional ids
  }
  return { ...identity, dropped: true };
}

interface Tools {
  sh: string;
  setpriv: string;
  prlimit: string;
  bwrap: string;
}

const toolPath = '/usr/bin:/bin:/usr/sbin:/sbin';

function findTools(bwrapPath: string | undefined): Tools | string {
  const found: Partial<Tools> = {};
  const missing: string[] = [];
  for (const [name, pkg] of [['sh', 'dash'], ['setpriv', 'util-linux'], ['prlimit', 'util-linux'], ['bwrap', 'bubblewrap']] as const) {
    const path = name === 'bwrap' && bwrapPath !== undefined ? resolveCommand(bwrapPath, undefined) : (resolveCommand(name, process.env.PATH) ?? resolveCommand(name, toolPath));
    if (path) found[name] = path;
    else missing.push(`${name} (Debian package ${pkg})`);
  }
  return missing.length > 0 ? `missing ${missing.join(', ')}: bash scripts/setup.sh installs it` : (found as Tools);
}

async function readSystemView(): Promise<SystemEntry[]> {
  const entries: Array<{ path: string; symlinkTarget?: string; isDirectory: boolean }> = [];
  for (const path of systemPaths) {
    try {
      const info = await lstat(path);
      entries.push(info.isSymbolicLink() ? { path, symlinkTarget: await readlink(path), isDirectory: false } : { path, isDirectory: info.isDirectory() });
    } catch {
      // absent on this system
    }
  }
  return systemView(entries);
}

/** signalOfExitCode reads bubblewrap's 128+N exit status of a command killed by signal N. */
export function signalOfExitCode(exitCode: number | null): string | null {
  if (exitCode === null || exitCode <= 128 || exitCode > 128 + 64) return null;
  const number = exitCode - 128;
  const entry = Object.entries(osConstants.signals).find(([, value]) => value === number);
  return entry ? entry[0] : null;
}

/** createSandbox returns the sandbox; its status is probed once, on first use. */
export function createSandbox(options: SandboxOptions): Sandbox {
  const identity = sandboxIdentity();
  const pollMs = options.pollMs ?? 100;
  let cgroups: Promise<CgroupOpening> | undefined;
  const cgroupsOnce = (): Promise<CgroupOpening> => (cgroups ??= options.cgroups ?? openCgroupTree());
  let statusPromise: Promise<SandboxStatus> | undefined;
  let system: SystemEntry[] = [];
  let tools: Tools | undefined;
  let steps = 0;

  const probe = async (): Promise<SandboxStatus> => {
    const found = findTools(options.bwrapPath);
    const opening = await cgroupsOnce();
    const limitsBy = opening.ok ? (`cgroup v${opening.tree.version}` as const) : 'rlimits';
    const limitsReason = opening.ok ? undefined : opening.reason;
    if (typeof found === 'string') return { available: false, reason: found, limitsBy, ...(limitsReason ? { limitsReason } : {}), summary: `refused: ${found}` };
    tools = found;
    system = await readSystemView();
    // A real step, through the whole chain: namespaces, cgroup, uid, limits.
    const trial = await runStep('/usr/bin/true', [], { step: 'the sandbox check', mounts: [], limits: probeLimits }, { timeoutMs: 15_000 }).catch((error: Error) => error);
    const version = await options.processRunner.exec(found.bwrap, ['--version'], { timeoutMs: 5_000 }).then((r) => r.stdout.trim(), () => 'bubblewrap');
    if (trial instanceof Error || trial.exitCode !== 0) {
      const why = trial instanceof Error ? trial.message : (trial.stderr.trim() || `exit status ${trial.exitCode}`).split('\n').slice(-3).join(' ');
      const reason = `${version} cannot make a sandbox here: ${why}`;
      return { available: false, reason, limitsBy, ...(limitsReason ? { limitsReason } : {}), summary: `refused: ${reason}` };
    }
    const who = identity.dropped ? `uid ${identity.uid}` : `the server's own uid ${identity.uid} (not root: no one to switch to)`;
    const limits = opening.ok
      ? `whole-run limits from ${limitsBy} (memory, processes, CPU time)`
      : `limits per process only (rlimits): ${limitsReason}`;
    return {
      available: true,
      limitsBy,
      ...(limitsReason ? { limitsReason } : {}),
      summary: `sandboxed with ${version}, as ${who}, own PID/network/user namespaces, read-only system view; ${limits}`,
    };
  };

  const status = (): Promise<SandboxStatus> => (statusPromise ??= probe());

  /** grantWritable lets the sandbox's uid write a folder the server made (the folder only, never recursively). */
  const grantWritable = async (path: string): Promise<void> => {
    if (!identity.dropped) return;
    const info = await lstat(path);
    if (info.isDirectory() && !info.isSymbolicLink() && info.uid !== identity.uid) await chown(path, identity.uid, identity.gid);
  };

  async function runStep(cmd: string, args: string[], spec: SandboxSpec, spawn: ProcessSpawnOptions): Promise<ExecResult> {
    if (!tools) throw new RunError('sandbox-unavailable', 'the sandbox was not checked yet');
    const opening = await cgroupsOnce();
    const handles: FileHandle[] = [];
    let step: StepCgroup | undefined;
    let monitor: NodeJS.Timeout | undefined;
    let hit: LimitHit | undefined;
    try {
      for (const mount of spec.mounts) {
        if (mount.writable) await grantWritable(mount.host);
        handles.push(await open(mount.host, 'r'));
      }
      steps += 1;
      if (opening.ok) step = await opening.tree.createStep(`${spec.step.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}-${steps}`, spec.limits);
      const inner = bwrapArgs({
        system,
        mounts: spec.mounts.map((mount, index) => ({ fd: 3 + index, dest: mount.dest, writable: mount.writable ?? false })),
        tmpBytes: spec.limits.tmpBytes,
        cwd: spawn.cwd ?? '/tmp',
        env: definedEnv(spawn.env),
        uid: identity.uid,
        gid: identity.gid,
      });
      const { file, args: argv } = wrapperCommand({
        procsFiles: step?.procsFiles ?? [],
        ...(identity.dropped ? { dropTo: { uid: identity.uid, gid: identity.gid } } : {}),
        paths: tools,
        rlimits: rlimitArgs(spec.limits, step !== undefined),
        bwrap: inner,
        // The server's own timer names the timeout; this one only acts if the server is gone.
        backstop: { timeout: '/usr/bin/timeout', seconds: (spawn.timeoutMs ?? defaultProcessTimeoutMs) / 1000 + backstopGraceSeconds },
        command: cmd,
        args,
      });
      if (step) {
        const watched = step;
        monitor = setInterval(() => {
          void watched.counters().then((counters) => {
            const now = limitHit(spec.step, counters, spec.limits);
            // The kernel stops memory by killing one process (the OOM killer); the rest of
            // the step may go on at its limit, so the step ends there, as for the others.
            if (now && hit === undefined) {
              hit = now;
              void watched.killAll();
            }
          }, () => undefined);
        }, pollMs);
      }
      // The wrapper chain gets no environment of the server's: bubblewrap's own processes
      // (pid 1 inside is one) would show it to the program in /proc/1/environ.
      const result = await options.processRunner.exec(file, argv, {
        ...spawn,
        cwd: '/',
        env: { PATH: toolPath },
        replaceEnv: true,
        extraFds: handles.map((handle) => handle.fd),
      });
      if (monitor) clearInterval(monitor);
      if (step) hit ??= limitHit(spec.step, await step.counters(), spec.limits);
      // bubblewrap reports a command killed by signal N as exit status 128+N.
      const signal = result.signal ?? signalOfExitCode(result.exitCode);
      const exitCode = signal === null ? result.exitCode : null;
      hit ??= rlimitHit(spec.step, signal, spec.limits);
      if (result.exitCode === joinFailedExitCode && /cgroup\.procs/.test(result.stderr)) {
        throw new RunError('sandbox-unavailable', `cannot place ${spec.step} in its cgroup: ${result.stderr.trim().slice(0, 300)}`);
      }
      return { ...result, exitCode, signal, ...(hit ? { limit: hit } : {}) };
    } finally {
      if (monitor) clearInterval(monitor);
      await step?.remove().catch(() => undefined);
      await Promise.all(handles.map((handle) => handle.close().catch(() => undefined)));
    }
  }

  return {
    status,
    async exec(cmd, args, spec, spawn) {
      const current = await status();
      if (!current.available) throw new RunError('sandbox-unavailable', `edited code is never run without a sandbox, and there is none here: ${current.reason}`);
      return runStep(cmd, args, spec, spawn);
    },
    async cache(name) {
      const current = await status();
      if (!current.available) throw new RunError('sandbox-unavailable', `edited code is never run without a sandbox, and there is none here: ${current.reason}`);
      if (!/^[a-z0-9-]+$/.test(name)) throw new RunError('internal', `bad sandbox cache name "${name}"`);
      // Created 0700 for the sandbox's uid, which builds write as; refused when someone
      // else's, a link, or open to others (another local user may not plant it).
      const dir = join(options.stateDir, `${name}-cache`);
      try {
        await ensurePrivateDir(dir, { uid: identity.uid, owner: 'the sandbox', traversable: false });
      } catch (error) {
        throw new RunError('sandbox-unavailable', `the sandbox's build cache: ${(error as Error).message}`);
      }
      // The warm marker is the server's, beside the cache: a build could plant a link
      // inside the cache for the server to write through.
      const marker = join(options.stateDir, `${name}-cache.warm`);
      const warm = await readFile(marker, 'utf8').then(() => true, () => false);
      return { dir, warm, markWarm: () => writeFile(marker, `${new Date().toISOString()}\n`, { mode: 0o600 }) };
    },
    async close() {
      const opening = await cgroups;
      if (opening?.ok) await opening.tree.close().catch(() => undefined);
    },
  };
}

/** backstopGraceSeconds: the backstop deadline comes this long after the step's own timeout. */
const backstopGraceSeconds = 5;

/** probeLimits bound the start-up check (it runs `true`). */
const probeLimits: SandboxLimits = { memoryBytes: 64 * 2 ** 20, maxProcesses: 16, cpuMs: 5_000, tmpBytes: 2 ** 20, fileBytes: 2 ** 20 };

function definedEnv(env: Record<string, string | undefined> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
