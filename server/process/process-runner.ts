/**
 * The process runner behind `ctx.exec`: the one place where the server starts child
 * processes, so every guard lives here and nowhere else.
 *
 * Guards, and why each exists:
 * - Argument arrays, never a shell: params and edited code must not become shell syntax.
 * - `detached: true`: the child leads a new process group, so `kill(-pgid)` reaches what
 *   it forked too (`go build` runs compile/link/gcc; a test program may fork). Killing
 *   only the direct child would leave the grandchildren running and holding our pipes.
 * - SIGTERM, then SIGKILL after a grace period: well-behaved tools clean up on SIGTERM;
 *   a program that ignores it (or is stopped in gdb) still dies.
 * - A wall-time limit per process (and the engine's per-run limit above it): a hanging
 *   demo must not hold the one-at-a-time queue forever.
 * - Every live group is tracked in a process-wide set and killed on exit, so stopping
 *   the server (or the CLI) leaves no child behind.
 * - The group is killed again after its leader exits: a program that backgrounds a
 *   child and returns must not leave that child running.
 * - An output cap: a program printing in a loop must not grow the server's memory or
 *   flood the slides; beyond the cap output is dropped with a notice, and far beyond it
 *   (16×) the program is killed, since nobody will ever read that output.
 * - Overlong lines are cut (see line-splitter.ts) so one newline-free stream can't either.
 * - The child dies with the server (util-linux `setpriv --pdeathsig SIGKILL` in front of
 *   it): a server killed with SIGKILL runs no exit handler, and its children would run on.
 *
 * Edited code never runs here directly: server/sandbox/ wraps it (namespaces, cgroup
 * limits, an unprivileged uid) and starts the wrapper through this runner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { accessSync, constants as fsConstants } from 'node:fs';
import { basename, delimiter, isAbsolute, join } from 'node:path';
import { RunError, type ExecOptions, type ExecResult } from '../demos/demo-context.ts';
import { createLineSplitter } from './line-splitter.ts';

/** defaultProcessTimeoutMs bounds a process when the caller gives no `timeoutMs`. */
export const defaultProcessTimeoutMs = 120_000;
/** defaultOutputCapBytes is how much stdout+stderr one process may stream and keep. */
export const defaultOutputCapBytes = 1024 * 1024;
/** killGraceMs is how long a process group gets between SIGTERM and SIGKILL. */
export const killGraceMs = 2_000;

/** ProcessSpawnOptions are ExecOptions plus the hooks the engine needs. */
export interface ProcessSpawnOptions extends ExecOptions {
  /** Aborting kills the process group; the result then has `cancelled: true`. */
  signal?: AbortSignal;
  /** Every line kept (before the cap), for streaming as events. */
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Called once when the output cap is reached. */
  onTruncated?: (capBytes: number) => void;
  /** Open descriptors handed to the child as fd 3, 4 … (the sandbox's folders). */
  extraFds?: readonly number[];
  /** Use `env` as the whole environment instead of adding it to the server's. */
  replaceEnv?: boolean;
}

/** ProcessRunner starts commands under the guards above. */
export interface ProcessRunner {
  /** exec runs one command to its end. It resolves for any exit; it rejects only when the command cannot start. */
  exec(cmd: string, args: string[], options?: ProcessSpawnOptions): Promise<ExecResult>;
}

/** liveGroups holds the pgid of every process group started and not yet known dead. */
const liveGroups = new Set<number>();
let exitGuardInstalled = false;

/** liveProcessGroupCount says how many process groups this process has running (tests use it). */
export function liveProcessGroupCount(): number {
  return liveGroups.size;
}

/**
 * killAllProcessGroups sends `signal` to every live group, synchronously, so it also
 * works inside a process 'exit' handler.
 */
export function killAllProcessGroups(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pgid of liveGroups) killGroup(pgid, signal);
}

/** waitForGroupExit polls until no process of the group is left (bounded: 3 s). */
async function waitForGroupExit(pgid: number | undefined, limitMs = 3_000): Promise<void> {
  if (pgid === undefined) return;
  const deadline = performance.now() + limitMs;
  while (performance.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return; // ESRCH: the group is empty
    }
    await new Promise((done) => setTimeout(done, 20));
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    // ESRCH: the group is already gone; EPERM cannot happen for our own children.
    return false;
  }
}

const guardedSignals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function installExitGuard(): void {
  if (exitGuardInstalled) return;
  exitGuardInstalled = true;
  // 'exit' runs for normal exits, process.exit() and after signal handlers that exit;
  // only synchronous work is possible there, which process.kill is.
  process.on('exit', () => killAllProcessGroups('SIGKILL'));
  // A process killed by a signal it does not handle never sees 'exit', and our children
  // (in their own groups, so the terminal's Ctrl-C does not reach them) would live on.
  // When nobody else handles the signal, kill the groups and die of it as before; when
  // the program has its own handler (the server's graceful shutdown), leave it to that.
  for (const signal of guardedSignals) {
    const guard = (): void => {
      if (process.listenerCount(signal) > 1) return;
      killAllProcessGroups('SIGKILL');
      process.removeListener(signal, guard);
      process.kill(process.pid, signal);
    };
    process.on(signal, guard);
  }
}

/**
 * resolveCommand finds `cmd` on PATH the way execvp would, so a missing tool is a clear
 * "not found" instead of a spawn error (or, under a wrapper, an exit code 127).
 */
export function resolveCommand(cmd: string, pathValue: string | undefined): string | undefined {
  const executable = (file: string): boolean => {
    try {
      accessSync(file, fsConstants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (cmd.includes('/')) return executable(cmd) ? cmd : undefined;
  for (const dir of (pathValue ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const file = join(dir, cmd);
    if (executable(file)) return file;
  }
  return undefined;
}

/** ProcessRunnerOptions tune a runner (tests shorten the kill grace). */
export interface ProcessRunnerOptions {
  killGraceMs?: number;
}

/** createProcessRunner returns the real runner (child_process, process groups, limits). */
export function createProcessRunner(runnerOptions: ProcessRunnerOptions = {}): ProcessRunner {
  const graceMs = runnerOptions.killGraceMs ?? killGraceMs;
  return {
    exec: (cmd, args, options = {}) => runProcess(cmd, args, options, graceMs),
  };
}

function buildEnv(options: ProcessSpawnOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = options.replaceEnv ? {} : { ...process.env };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

let setprivPath: string | null | undefined;

/** parentDeathWrapper is `setpriv --pdeathsig SIGKILL --` when util-linux has it, else nothing. */
function parentDeathWrapper(): string[] {
  setprivPath ??= resolveCommand('setpriv', '/usr/bin:/bin') ?? null;
  return setprivPath ? [setprivPath, '--pdeathsig', 'SIGKILL', '--'] : [];
}

async function runProcess(
  cmd: string,
  args: string[],
  options: ProcessSpawnOptions,
  graceMs: number,
): Promise<ExecResult> {
  const started = performance.now();
  const source = options.source ?? basename(cmd);
  const env = buildEnv(options);
  if (options.signal?.aborted) {
    return { exitCode: null, signal: null, timedOut: false, cancelled: true, truncated: false, stdout: '', stderr: '', durationMs: 0 };
  }
  const resolved = resolveCommand(cmd, env.PATH);
  if (!resolved) throw new RunError('toolchain-missing', `${cmd}: command not found`, { source });

  const wrapper = parentDeathWrapper();
  const file = wrapper[0] ?? resolved;
  const argv = wrapper.length > 0 ? [...wrapper.slice(1), resolved, ...args] : args;

  // setTimeout fires at once for Infinity and overflows past 2^31-1 ms; there is no
  // "no limit" (the run's own limit is the backstop anyway).
  const timeoutMs = Math.min(
    options.timeoutMs !== undefined && Number.isFinite(options.timeoutMs) && options.timeoutMs > 0 ? options.timeoutMs : defaultProcessTimeoutMs,
    2 ** 31 - 1,
  );
  const capBytes = options.outputCapBytes ?? defaultOutputCapBytes;
  const hardKillBytes = capBytes * 16;

  let child: ChildProcess;
  try {
    child = spawn(file, argv, {
      cwd: options.cwd,
      env,
      detached: true,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe', ...(options.extraFds ?? [])],
      windowsHide: true,
    });
  } catch (error) {
    throw new RunError('internal', `cannot start ${cmd}: ${(error as Error).message}`, { source });
  }

  return new Promise<ExecResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let keptBytes = 0;
    let seenBytes = 0;
    let truncated = false;
    let timedOut = false;
    let cancelled = false;
    let callbackError: unknown;
    let killTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const pgid = child.pid;

    const kill = (): void => {
      if (pgid === undefined || killTimer) return;
      killGroup(pgid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pgid, 'SIGKILL'), graceMs);
      killTimer.unref();
    };

    if (pgid !== undefined) {
      liveGroups.add(pgid);
      installExitGuard();
    }

    const timeoutTimer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    const onAbort = (): void => {
      cancelled = true;
      kill();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const safeCall = (fn: ((line: string) => void) | undefined, line: string): void => {
      if (!fn) return;
      try {
        fn(line);
      } catch (error) {
        // A demo's parser threw: remember it, stop the program, report it at the end.
        callbackError ??= error;
        kill();
      }
    };

    const attach = (stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr'): void => {
      if (!stream) return;
      const decoder = new StringDecoder('utf8');
      const userCallback = name === 'stdout' ? options.onStdoutLine : options.onStderrLine;
      const splitter = createLineSplitter((line) => {
        // Parsers still see every line past the cap (they keep no text); only what
        // is kept and streamed is capped.
        safeCall(userCallback, line);
        const bytes = Buffer.byteLength(line) + 1;
        if (!truncated && keptBytes + bytes > capBytes) {
          truncated = true;
          options.onTruncated?.(capBytes);
        }
        if (truncated) return;
        keptBytes += bytes;
        if (name === 'stdout') stdout += line + '\n';
        else stderr += line + '\n';
        if (options.onLine) {
          try {
            options.onLine(name, line);
          } catch (error) {
            callbackError ??= error;
          }
        }
      });
      stream.on('data', (chunk: Buffer) => {
        seenBytes += chunk.length;
        if (seenBytes > hardKillBytes) kill();
        splitter.push(decoder.write(chunk));
      });
      stream.on('end', () => {
        splitter.push(decoder.end());
        splitter.flush();
      });
    };
    attach(child.stdout, 'stdout');
    attach(child.stderr, 'stderr');

    if (options.stdin !== undefined && child.stdin) {
      // A program that exits without reading its input makes the write fail with EPIPE;
      // that is the program's business, not an error of ours.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin);
    }

    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let closeTimer: NodeJS.Timeout | undefined;

    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timeoutTimer);
      clearTimeout(closeTimer);
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      if (pgid !== undefined) {
        // Whatever the leader left behind in its group dies with it.
        killGroup(pgid, 'SIGKILL');
        liveGroups.delete(pgid);
      }
      if (callbackError !== undefined) {
        reject(callbackError);
        return;
      }
      // Resolve only once the group is gone: a fork bomb's children still count against
      // the unprivileged user's process limit until they are reaped, and the next run as
      // that user must not start while they do.
      void waitForGroupExit(pgid).then(() => resolve({
        exitCode,
        signal: exitSignal,
        timedOut,
        cancelled: cancelled && !timedOut,
        truncated,
        stdout,
        stderr,
        durationMs: performance.now() - started,
      }));
    };

    child.on('error', (error) => {
      if (pgid === undefined) {
        // It never started (EACCES, bad cwd …).
        settled = true;
        clearTimeout(timeoutTimer);
        options.signal?.removeEventListener('abort', onAbort);
        const code = (error as NodeJS.ErrnoException).code;
        reject(new RunError(code === 'ENOENT' ? 'toolchain-missing' : 'internal', `cannot start ${cmd}: ${error.message}`, { source }));
      }
    });
    child.on('exit', (code, signal) => {
      exitCode = code;
      exitSignal = signal;
      if (pgid !== undefined) killGroup(pgid, 'SIGKILL');
      // The pipes close once every holder is gone; a process that escaped the group
      // (setsid) could hold them forever, so don't wait for it long.
      closeTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, 1_000);
      closeTimer.unref();
    });
    child.on('close', () => {
      // 'close' can precede our 'exit' handler's bookkeeping only for spawn failures.
      if (exitCode === null && exitSignal === null && child.exitCode === null && child.signalCode === null) return;
      exitCode = child.exitCode;
      exitSignal = child.signalCode;
      finish();
    });
  });
}
