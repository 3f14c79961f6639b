/**
 * pointer-rules runner: builds and runs one Go + C program (a committed variant from
 * native/pointer-rules/<variant>/main.go, or the reader's edited main.go) and reports how
 * it ended: the cgo panic of slide 51 in the installed Go's words, a clean run, or the
 * fatal error of a GOEXPERIMENT=cgocheck2 build.
 *
 * Edited code is arbitrary code. Who may send it is the server's business (the speaker
 * token). What this runner adds:
 * - only `main.go`, text, ≤ 64 KiB (validateEditedFiles): no go.mod, .c, .s or .syso
 *   that would change what `go build` does, no paths;
 * - a fresh temp dir (ctx.tempDir), removed by the engine when the run ends;
 * - the build and the program each in the sandbox (server/sandbox/edited-go.ts): own
 *   namespaces (no network, no escape from the run), an unprivileged uid, whole-step
 *   limits of memory, processes, CPU time and /tmp; the build writes a Go cache of its
 *   own that no program sees; the program sees its folder read-only. Where there is no
 *   sandbox, edited code is refused (`sandbox-unavailable`), never run without one.
 * Committed variants are the project's own code: built as the server's user (20 s).
 *
 * Result (`result` event data):
 *   { variant, edited, cgocheck2, goVersion, verdict: clean|panic|fatal|failed|killed,
 *     exitCode, panic?, fatal?, fatalDetail?, signal, wording2018, stdout, buildMs, runMs }
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import manifest from '../../../demos/pointer-rules/manifest.ts';
import {
  WORDING_2018,
  classifyProgramExit,
  parseGoBuildDiagnostics,
  validateEditedFiles,
} from '../../../demos/pointer-rules/edited-code.ts';
import { RunError, defineDemoRunner, toolPath, type DemoContext, type ExecResult } from '../demo-context.ts';
import { editedGoBuild, editedGoProgram, programLimits, programTimeoutMs } from '../../sandbox/edited-go.ts';
import { formatBytes, formatSeconds } from '../../sandbox/sandbox-limits.ts';

/**
 * Limits of one build and run of a committed variant (trusted code, the server's own Go
 * cache). The build's limit only guards against a hang, as for the other demos' builds:
 * the first build under GOEXPERIMENT=cgocheck2 recompiles the runtime and took over 20 s
 * on a busy 2-core machine (CI failed on it).
 */
const trustedBuildLimits = { timeoutMs: 120_000, outputCapBytes: 64 * 1024 };
const trustedRunLimits = { timeoutMs: programTimeoutMs, outputCapBytes: 64 * 1024 };

type Params = { variant: 'original' | 'pinner' | 'handle' | 'c-malloc'; cgocheck2: boolean };

/** buildEdited builds the reader's main.go in the sandbox, with a Go cache only builds see. */
async function buildEdited(ctx: DemoContext<Params>, dir: string, goroot: string): Promise<{ build: ExecResult; timeoutMs: number }> {
  if (!ctx.sandboxCache) throw new RunError('sandbox-unavailable', 'edited code is never run without a sandbox, and this server has none');
  const cache = await ctx.sandboxCache('edited-go');
  if (!cache.warm) ctx.progress('first build of edited code on this machine: Go compiles its runtime into the sandbox\'s build cache (once, up to a minute)', { step: 'go build' });
  const step = editedGoBuild({ go: toolPath(ctx.toolchains, 'go'), goroot, workDir: dir, cacheDir: cache.dir, cgocheck2: ctx.params.cgocheck2, cold: !cache.warm });
  const build = await ctx.exec(step.cmd, step.args, step.options);
  if (build.exitCode === 0 && !build.limit && !cache.warm) await cache.markWarm();
  return { build, timeoutMs: step.options.timeoutMs ?? 0 };
}

/** buildTrusted builds a committed variant as the server's user. */
async function buildTrusted(ctx: DemoContext<Params>, dir: string): Promise<{ build: ExecResult; timeoutMs: number }> {
  const build = await ctx.exec(toolPath(ctx.toolchains, 'go'), ['build', '-o', 'prog', 'main.go'], {
    ...trustedBuildLimits,
    cwd: dir,
    env: {
      CGO_ENABLED: '1',
      GOTOOLCHAIN: 'local',
      GOPROXY: 'off',
      GOFLAGS: '-buildvcs=false',
      GOEXPERIMENT: ctx.params.cgocheck2 ? 'cgocheck2' : undefined,
    },
    source: 'go build',
  });
  return { build, timeoutMs: trustedBuildLimits.timeoutMs };
}

/** checkBuild turns a build that did not produce a program into the run's error. */
function checkBuild({ build, timeoutMs }: { build: ExecResult; timeoutMs: number }): void {
  if (build.limit) throw new RunError('limit-exceeded', build.limit.message, { source: 'go build' });
  if (build.timedOut) throw new RunError('timeout', `the build took longer than ${formatSeconds(timeoutMs)} and was stopped`, { source: 'go build' });
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
    // The sandbox's uid reads main.go; the build makes `prog` beside it.
    await chmod(dir, 0o755);
    await writeFile(join(dir, 'main.go'), source, { mode: 0o644 });

    const goEnv = await ctx.exec(toolPath(ctx.toolchains, 'go'), ['env', 'GOVERSION', 'GOROOT'], { streamOutput: false, timeoutMs: 10_000 });
    const [versionLine = '', goroot = ''] = goEnv.stdout.split('\n').map((line) => line.trim());
    const goVersion = versionLine || ctx.toolchains.go?.version || 'go';

    ctx.status('building', `go build${cgocheck2 ? ' (GOEXPERIMENT=cgocheck2)' : ''} ${edited ? 'edited main.go in the sandbox' : `${variant}/main.go`} with ${goVersion}`);
    const built = edited ? await buildEdited(ctx, dir, goroot) : await buildTrusted(ctx, dir);
    checkBuild(built);
    const build = built.build;

    let run: ExecResult;
    if (edited) {
      const limits = `${formatSeconds(programTimeoutMs)}, ${formatBytes(programLimits.memoryBytes)}, ${programLimits.maxProcesses} processes, ${formatSeconds(programLimits.cpuMs)} of CPU`;
      ctx.status('running', `running in the sandbox (unprivileged, no network), limits: ${limits}`);
      const step = editedGoProgram(dir);
      run = await ctx.exec(step.cmd, step.args, step.options);
    } else {
      ctx.status('running', `running ${variant}/main.go`);
      run = await ctx.exec(join(dir, 'prog'), [], { ...trustedRunLimits, cwd: dir, env: { GOTRACEBACK: 'single' }, source: 'main.go' });
    }
    if (run.cancelled) throw new RunError('cancelled', 'cancelled while the program ran');
    if (run.limit) throw new RunError('limit-exceeded', run.limit.message, { source: 'main.go' });
    // A flood of output is cut by the engine's exec, which also emits the
    // `output-truncated` notice; the run itself goes on to its verdict.
    if (run.timedOut) {
      throw new RunError('timeout', `killed after ${formatSeconds(programTimeoutMs)}: the program did not finish (an endless loop?)`, { source: 'main.go' });
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
