/**
 * DemoContext: what the engine gives a demo's run function (`server/demos/runners/<id>.ts`).
 * A demo never spawns processes, writes recordings or talks HTTP itself; it asks the
 * context, which enforces the limits (timeouts, output caps, process-group kill,
 * temp-dir cleanup) in one place.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import type { DemoManifest } from '../../demos/define-demo.ts';
import type { JsonValue, RunPhase, ErrorCode, Diagnostic } from '../../demos/protocol.ts';
import type { LimitHit, SandboxLimits } from '../sandbox/sandbox-limits.ts';
import { toolchainSpec, type ToolchainId } from '../toolchains/catalog.ts';

/** ToolchainReport maps a toolchain id ("cc", "go", "rust", "java", "java-ffm", "luajit", "node", "python", "gdb", "bun", "deno") to what was found. */
export type ToolchainReport = Record<string, { found: boolean; version?: string; path?: string }>;

/** ProcessLimits bound one child process; every field has a safe default in the runner. */
export interface ProcessLimits {
  /** Wall-time limit; the whole process group is killed when it passes. */
  timeoutMs?: number;
  /** Bytes of stdout+stderr kept/streamed; the rest is dropped with a notice. */
  outputCapBytes?: number;
}

/**
 * SandboxSpec runs a command in the sandbox (server/sandbox/): for edited code, which is
 * never run without one. Inside, the command sees only the system's `/usr`, its private
 * /tmp and /dev/shm, and the `mounts`; `cwd` and the command are paths inside; the
 * environment is exactly `env` (nothing of the server's); it runs as an unprivileged uid
 * with no network; `limits` count all its processes together.
 */
export interface SandboxSpec {
  /** What it is, for limit messages: "the build", "the program". */
  step: string;
  /** Host folders shown inside at `dest`; read-only unless `writable`. */
  mounts: Array<{ host: string; dest: string; writable?: boolean }>;
  limits: SandboxLimits;
}

/** ExecOptions configure one `ctx.exec` call. Arguments are always an array: no shell. */
export interface ExecOptions extends ProcessLimits {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Name shown as the event's `source` (defaults to the command's base name). */
  source?: string;
  /** Stream stdout/stderr lines as `stdout`/`stderr` events (default true). */
  streamOutput?: boolean;
  /** Called with each complete stdout line (e.g. to parse JSON samples). */
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  stdin?: string;
  /** Run in the sandbox (edited code); refused with `sandbox-unavailable` where there is none. */
  sandbox?: SandboxSpec;
}

/** ExecResult is how a child process ended. It never throws for a non-zero exit. */
export interface ExecResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  cancelled: boolean;
  truncated: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The sandbox limit it ran into, if any (sandboxed commands only). */
  limit?: LimitHit;
}

/**
 * SandboxCache is a folder that sandboxed builds may write and nothing else reaches (a
 * Go build cache for edited code): it lives under a 0700 folder of the server's, owned
 * by the sandbox's uid; mount it writable into builds only, never into programs.
 */
export interface SandboxCache {
  dir: string;
  /** Whether a build filled it before (a cold one compiles Go's runtime: give it longer). */
  warm: boolean;
  /** markWarm records that a build filled it. */
  markWarm(): Promise<void>;
}

/**
 * BuildSpec describes a cached build. The key is a hash of the listed input files'
 * contents, `toolchainVersion` and `args`; a hit skips `steps` entirely.
 */
export interface BuildSpec {
  /** Human name, e.g. "rust harness". Also the `step` of progress events. */
  name: string;
  /** Input files whose content keys the cache (absolute paths). */
  inputs: string[];
  toolchainVersion: string;
  /** Extra key material (flags, env) so different builds of the same source differ. */
  keyExtra?: string[];
  /**
   * Commands run in order inside a fresh output directory (`{out}` in an argument is
   * replaced by it; `{src}` by `srcDir`). Output streams as progress events.
   * A step's cwd defaults to `srcDir`, else the output directory. The directory is a
   * temp dir renamed into `<cache>/builds/<key>/` after the last step, so outputs must not
   * embed `{out}` itself (link shared libraries with `-Wl,-rpath,$ORIGIN`, not `{out}`).
   */
  steps: Array<{ cmd: string; args: string[]; cwd?: string; env?: Record<string, string | undefined> }>;
  srcDir?: string;
  timeoutMs?: number;
}

/** BuildResult says where the build's outputs are and whether it came from cache. */
export interface BuildResult {
  ok: boolean;
  outDir: string;
  cached: boolean;
  durationMs: number;
  /** On failure: the compiler's output (stderr then stdout), trimmed. */
  log: string;
}

/** RunError is thrown by a demo to end the run with an `error` event of this code. */
export class RunError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { source?: string; detail?: string; diagnostics?: Diagnostic[] } = {},
  ) {
    super(message);
  }
}

/**
 * DemoContext is the engine's side of one run: `P` is the params type, `R` the result
 * type (both from the manifest's schemas; see defineDemoRunner).
 */
export interface DemoContext<P, R = { [key: string]: JsonValue }> {
  readonly runId: string;
  readonly params: P;
  /** Edited files sent by the client (editable demos only). */
  readonly files: Record<string, string> | undefined;
  readonly signal: AbortSignal;
  readonly toolchains: ToolchainReport;
  /** Absolute path of the project root (to find `native/`). */
  readonly rootDir: string;
  /**
   * The project's cache dir (the server's `--cache`): builds, fetched toolchains, the machine-speed history. Test
   * fakes may leave it out; read it with `cacheDirOf(ctx)`.
   */
  readonly cacheDir?: string;
  status(phase: RunPhase, message: string): void;
  progress(message: string, extra?: { step?: string; fraction?: number; source?: string }): void;
  sample(key: string, values: Record<string, number>, label?: string): void;
  /**
   * result reports the demo's summary. The engine checks it against the manifest's result
   * schema: a value that does not pass ends the run as an `internal` error naming the
   * fields, so a runner and its widget can never drift apart unnoticed.
   */
  result(data: R): void;
  /** Emit a non-fatal error event (e.g. one runtime of many failed); the run goes on. */
  error(code: ErrorCode, message: string, extra?: { source?: string; detail?: string; diagnostics?: Diagnostic[] }): void;
  stdout(text: string, source?: string): void;
  stderr(text: string, source?: string): void;
  exec(cmd: string, args: string[], options?: ExecOptions): Promise<ExecResult>;
  build(spec: BuildSpec): Promise<BuildResult>;
  /** A fresh temp dir, removed when the run ends. */
  tempDir(prefix?: string): Promise<string>;
  /**
   * A cache folder for sandboxed builds (see SandboxCache); refused where there is no
   * sandbox. The engine always provides it; optional so that light contexts of tests and
   * benchmarks need not.
   */
  sandboxCache?(name: string): Promise<SandboxCache>;
}

/** DemoDefinition binds a manifest to the function that runs it. */
export interface DemoDefinition<S extends z.ZodObject = z.ZodObject, R extends z.ZodType = z.ZodType> {
  manifest: DemoManifest<S, R>;
  run(ctx: DemoContext<z.infer<S>, z.input<R>>): Promise<void>;
}

/** defineDemoRunner returns its argument, typed by the manifest's params and result schemas. */
export function defineDemoRunner<S extends z.ZodObject, R extends z.ZodType>(def: DemoDefinition<S, R>): DemoDefinition<S, R> {
  return def;
}

/** cacheDirOf returns the context's cache dir, or `<rootDir>/.cache` (the engine's default) when it has none. */
export function cacheDirOf(ctx: { rootDir: string; cacheDir?: string }): string {
  return ctx.cacheDir ?? join(ctx.rootDir, '.cache');
}

/**
 * toolPath returns the program to run for a command of a toolchain of the catalog: where
 * detection found it, else the command's name, looked up on PATH when it runs (a runner
 * only gets here when its manifest's `requires` passed). `command` picks one of the
 * toolchain's commands (rust: `rustc` or `cargo`; default its first, the one detection
 * reports as `path`), taken from beside the reported one when it is there; for
 * `java-ffm`, whose path is a JDK's home, a program of that JDK's bin/ (default `java`).
 */
export function toolPath(toolchains: ToolchainReport, id: ToolchainId, command?: string): string {
  const found = toolchains[id]?.found === false ? undefined : toolchains[id]?.path;
  if (id === 'java-ffm') return found ? join(found, 'bin', command ?? 'java') : (command ?? 'java');
  const commands = toolchainSpec(id).commands;
  const name = command ?? commands[0]!;
  if (!commands.includes(name)) throw new Error(`toolPath: ${id} has no command "${name}" (it has ${commands.join(', ')})`);
  if (!found) return name;
  if (name === commands[0]) return found;
  const beside = join(dirname(found), name);
  return existsSync(beside) ? beside : name;
}
