/**
 * pointer-rules runner: builds and runs one Go + C program (a committed variant from
 * native/pointer-rules/<variant>/main.go, or the reader's edited main.go) and reports how
 * it ended: the cgo panic of slide 51 in the installed Go's words, a clean run, or the
 * fatal error of a GOEXPERIMENT=cgocheck2 build.
 *
 * Edited code is arbitrary code. Who may send it is the engine's business (loopback, or
 * the token). What this runner adds, for every run, edited or not:
 * - only `main.go`, text, ≤ 64 KiB (validateEditedFiles): no go.mod, .c, .s or .syso
 *   that would change what `go build` does, no paths;
 * - a fresh temp dir (ctx.tempDir), removed by the engine when the run ends;
 * - the build: GOPROXY=off and GOTOOLCHAIN=local so a build never reaches the network,
 *   GOFLAGS fixed so the server's environment cannot add flags, 64 KiB of output. A
 *   committed variant builds as the server's user (20 s); edited code builds as the
 *   unprivileged user with its own Go build cache, 45 s, 256 processes (gcc reads files
 *   at compile time, so building is as sensitive as running);
 * - the program: 10 s wall time, 64 KiB of output, 1 GiB of address space, 64
 *   processes/threads, an unprivileged user, its whole process group killed on timeout,
 *   cancel or server exit (the engine's exec).
 *
 * Result (`result` event data):
 *   { variant, edited, cgocheck2, goVersion, verdict: clean|panic|fatal|failed|killed,
 *     exitCode, panic?, fatal?, fatalDetail?, signal, wording2018, stdout, buildMs, runMs }
 */
import { access, chmod, chown, lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import manifest from '../../../demos/pointer-rules/manifest.ts';
import {
  WORDING_2018,
  classifyProgramExit,
  parseGoBuildDiagnostics,
  validateEditedFiles,
} from '../../../demos/pointer-rules/edited-code.ts';
import { RunError, defineDemoRunner, toolPath } from '../demo-context.ts';
import { canDropPrivileges, nobodyIdentity } from '../../process/process-runner.ts';

/** Limits of one build of a committed variant (trusted code, the server's own cache). */
const buildLimits = { timeoutMs: 20_000, outputCapBytes: 64 * 1024 };

/**
 * Limits of one build of edited code. The build runs gcc on the reader's C, and C can
 * read files at compile time (`#include "/path"`, `.incbin` in an asm statement); as
 * the server's user that would put the server's readable files into the binary or the
 * error log. So edited code is built unprivileged too, with a Go build cache of its own
 * (owned by that user, shared by all edited builds so only the first one compiles the
 * runtime: measured ~2 s warm). 45 s covers a warm build on a busy 2-core machine; the
 * very first build into an empty cache compiles the runtime and the standard library
 * (measured over 60 s on a loaded 2-core VM) and gets `coldTimeoutMs`, once.
 */
const editedBuildLimits = { timeoutMs: 45_000, outputCapBytes: 64 * 1024, maxProcesses: 256, unprivileged: true } as const;
const coldTimeoutMs = 240_000;

/**
 * Limits of one run of the built program. Go reserves ~700 MiB of address space at start
 * (measured: 512 MiB fails with "failed to reserve page summary memory", 768 MiB runs),
 * so 1 GiB leaves ~300 MiB for the program itself; an endless allocation ends there.
 * 64 processes/threads is room for the runtime's Ms and stops a fork bomb.
 */
const runLimits = {
  timeoutMs: 10_000,
  outputCapBytes: 64 * 1024,
  memoryBytes: 1024 * 1024 * 1024,
  maxProcesses: 64,
  unprivileged: true,
} as const;

/**
 * editedGoCache returns the Go build cache for edited code, owned by the unprivileged
 * user (when the server can switch to it), so builds of edited code neither read nor
 * write the server's own Go cache. It lives under the system temp dir, not the project:
 * the project may sit below a folder that user cannot enter (a 0700 home or temp dir).
 * Its parent belongs to the server and is checked to be a real folder of ours, so another
 * local user cannot plant it; the warm marker lives there too, out of the reach of the
 * edited code (which could otherwise put a symlink for the server to write through).
 */
async function editedGoCache(): Promise<{ dir: string; warm: boolean; marker: string }> {
  const base = join(tmpdir(), `cgo-deck-edited-${process.getuid?.() ?? 0}`);
  await mkdir(base, { mode: 0o755 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const info = await lstat(base);
  if (!info.isDirectory() || info.uid !== (process.getuid?.() ?? info.uid)) {
    throw new RunError('internal', `${base} is not a folder of the server's own: refusing to build edited code there`);
  }
  await chmod(base, 0o755);
  const dir = join(base, 'go-build');
  const marker = join(base, 'warm');
  await mkdir(dir, { mode: 0o755 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  if (canDropPrivileges()) {
    const { uid, gid } = nobodyIdentity();
    await chown(dir, uid, gid);
  }
  const warm = await access(marker).then(() => true, () => false);
  return { dir, warm, marker };
}

/** withoutServerEnv maps every variable of the server's environment to undefined (= unset). */
function withoutServerEnv(): Record<string, undefined> {
  return Object.fromEntries(Object.keys(process.env).map((name) => [name, undefined]));
}

export default defineDemoRunner({
  manifest,
  async run(ctx) {
    const { variant, cgocheck2 } = ctx.params;
    const edited = ctx.files !== undefined;
    let source: string;
    if (ctx.files !== undefined) {
      // The engine checks who may send files; the runner checks what they are.
      const check = validateEditedFiles(ctx.files);
      if (!check.ok) throw new RunError('bad-request', check.message);
      source = check.files['main.go'] ?? '';
    } else {
      source = await readFile(join(ctx.rootDir, 'native/pointer-rules', variant, 'main.go'), 'utf8');
    }

    const dir = await ctx.tempDir('pointer-rules-');
    // The unprivileged user must reach the binary; it need not write anything.
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'main.go'), source, { mode: 0o644 });

    const goEnv: Record<string, string | undefined> = {
      CGO_ENABLED: '1',
      GOTOOLCHAIN: 'local',
      GOPROXY: 'off',
      GOFLAGS: '-buildvcs=false',
      GOEXPERIMENT: cgocheck2 ? 'cgocheck2' : undefined,
    };
    const version = await ctx.exec(toolPath(ctx.toolchains, 'go'), ['env', 'GOVERSION'], { streamOutput: false, timeoutMs: 10_000 });
    const goVersion = version.stdout.trim() || ctx.toolchains.go?.version || 'go';

    ctx.status('building', `go build${cgocheck2 ? ' (GOEXPERIMENT=cgocheck2)' : ''} ${edited ? 'edited main.go' : `${variant}/main.go`} with ${goVersion}`);
    const cache = edited ? await editedGoCache() : undefined;
    const limits = cache === undefined ? buildLimits : cache.warm ? editedBuildLimits : { ...editedBuildLimits, timeoutMs: coldTimeoutMs };
    if (cache && !cache.warm) ctx.progress('first build of edited code on this machine: Go compiles its runtime into the unprivileged build cache (once, about a minute)', { step: 'go build' });
    // Edited code builds with only PATH from the server's environment (see withoutServerEnv).
    const buildEnv = cache
      ? { ...withoutServerEnv(), PATH: process.env.PATH ?? '/usr/local/go/bin:/usr/bin:/bin', ...goEnv, GOCACHE: cache.dir }
      : goEnv;
    const build = await ctx.exec(toolPath(ctx.toolchains, 'go'), ['build', '-o', 'prog', 'main.go'], {
      ...limits,
      cwd: dir,
      env: buildEnv,
      source: 'go build',
    });
    if (build.timedOut) throw new RunError('timeout', `the build took longer than ${limits.timeoutMs / 1000} s and was stopped`, { source: 'go build' });
    if (build.cancelled) throw new RunError('cancelled', 'cancelled during the build');
    if (build.exitCode !== 0) {
      const log = `${build.stderr}\n${build.stdout}`.trim();
      const diagnostics = parseGoBuildDiagnostics(log);
      throw new RunError('build-failed', `main.go does not compile (${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}); nothing was run`, {
        source: 'go build',
        detail: log.slice(0, 8 * 1024),
        diagnostics,
      });
    }
    if (cache && !cache.warm) await writeFile(cache.marker, `${new Date().toISOString()}\n`);
    await chmod(join(dir, 'prog'), 0o755);

    ctx.status('running', `running as an unprivileged user, limits: ${runLimits.timeoutMs / 1000} s, 1 GiB, ${runLimits.maxProcesses} processes`);
    const run = await ctx.exec(join(dir, 'prog'), [], {
      ...runLimits,
      cwd: dir,
      // Only what a Go program needs. exec merges the server's environment (which may
      // hold tokens or paths), so every inherited name is removed explicitly.
      env: { ...withoutServerEnv(), PATH: '/usr/bin:/bin', GOTRACEBACK: 'single' },
      source: 'main.go',
    });
    if (run.cancelled) throw new RunError('cancelled', 'cancelled while the program ran');
    // A flood of output is cut by the engine's exec, which also emits the
    // `output-truncated` notice; the run itself goes on to its verdict.
    if (run.timedOut) {
      throw new RunError('timeout', `killed after ${runLimits.timeoutMs / 1000} s: the program did not finish (an endless loop?)`, { source: 'main.go' });
    }

    const exit = classifyProgramExit(run.exitCode, run.signal, run.stderr);
    ctx.result({
      variant: edited ? 'edited' : variant,
      edited,
      cgocheck2,
      goVersion,
      verdict: exit.verdict,
      exitCode: run.exitCode,
      signal: run.signal,
      ...(exit.panic !== undefined ? { panic: exit.panic } : {}),
      ...(exit.fatal !== undefined ? { fatal: exit.fatal } : {}),
      ...(exit.fatalDetail !== undefined ? { fatalDetail: exit.fatalDetail } : {}),
      wording2018: WORDING_2018,
      stdout: run.stdout.slice(0, 4096),
      buildMs: Math.round(build.durationMs),
      runMs: Math.round(run.durationMs),
    });
  },
});
