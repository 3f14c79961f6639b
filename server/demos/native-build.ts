/**
 * native-build: the one way runners build the Go and C programs of `native/`, with one
 * environment, so two demos never build the same kind of program differently (and a
 * flag or a variable of the server's shell never changes what the audience sees).
 *
 *   goBuildEnv    for every `go` command a runner starts (build, test -c, env, tool …)
 *   buildGo       `go build` (or `go test -c`) of a package, cached by the build cache
 *   buildC        `cc` of C sources into a program or an object file, cached
 *   buildRust     `rustc -O` of a one-file Rust program, cached
 *
 * The builders throw RunError('build-failed') with the compiler's output when the build
 * fails, and return the path of what they built.
 */
import { join } from 'node:path';
import { goVersionLabel } from '../../demos/go-shared/go-version.ts';
import { RunError, toolPath, type DemoContext } from './demo-context.ts';

/**
 * goBuildEnv is the environment of every go command a runner starts:
 * - CGO_ENABLED=1: the point of every demo is cgo (some machines default it off);
 * - GOTOOLCHAIN=local: never download another Go in the middle of a talk;
 * - GOFLAGS=-buildvcs=false: a temp dir or a tarball is not a VCS checkout, and the
 *   server's own GOFLAGS must not add flags;
 * - GOWORK=off: a go.work above the project must not change which modules build;
 * - GOPROXY=off: the programs have no dependencies, so nothing may be fetched.
 * `extra` adds to it (TMPDIR, GOCACHE, GODEBUG …).
 */
export function goBuildEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { CGO_ENABLED: '1', GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false', GOWORK: 'off', GOPROXY: 'off', ...extra };
}

/** GoBuild describes a Go program to build. */
export interface GoBuild {
  /** Human name, also the build's progress step (e.g. "stack-growth"). */
  name: string;
  /** The package's folder. */
  dir: string;
  /** The files whose content keys the cache, relative to `dir` (go.mod, *.go, *.c …). */
  inputs: string[];
  /** The binary's file name. */
  output: string;
  /** Extra flags for go build (e.g. `-gcflags=all=-N -l`). */
  flags?: string[];
  /** What to build: `.` (default) or a file list. */
  packages?: string[];
  /** `go test -c` instead of `go build`: a benchmark binary. */
  test?: boolean;
  timeoutMs?: number;
}

/** buildGo builds a Go program through the build cache and returns the binary's path. */
export async function buildGo(ctx: DemoContext<unknown, unknown>, spec: GoBuild): Promise<string> {
  const command = spec.test ? ['test', '-c'] : ['build'];
  const built = await ctx.build({
    name: spec.name,
    inputs: spec.inputs.map((file) => join(spec.dir, file)),
    toolchainVersion: goVersionLabel(ctx.toolchains.go?.version),
    srcDir: spec.dir,
    steps: [{ cmd: toolPath(ctx.toolchains, 'go'), args: [...command, ...(spec.flags ?? []), '-o', `{out}/${spec.output}`, ...(spec.packages ?? ['.'])], cwd: spec.dir, env: goBuildEnv() }],
    timeoutMs: spec.timeoutMs ?? 150_000,
  });
  if (!built.ok) throw new RunError('build-failed', `go ${command.join(' ')} of ${spec.name} failed`, { source: 'go', detail: built.log });
  return join(built.outDir, spec.output);
}

/** CBuild describes C sources to compile. */
export interface CBuild {
  name: string;
  dir: string;
  /** C files, relative to `dir`; they key the cache too. */
  sources: string[];
  /** The program's (or, with `objectOnly`, the object's) file name. */
  output: string;
  /** Compiler flags (optimisation, -pthread …); part of the cache key. */
  flags: string[];
  /** `-c`: an object file (for disassembly), not a program. */
  objectOnly?: boolean;
  timeoutMs?: number;
}

/** buildC compiles C through the build cache and returns the output's path. */
export async function buildC(ctx: DemoContext<unknown, unknown>, spec: CBuild): Promise<string> {
  const built = await ctx.build({
    name: spec.name,
    inputs: spec.sources.map((file) => join(spec.dir, file)),
    toolchainVersion: ctx.toolchains.cc?.version ?? 'unknown',
    srcDir: spec.dir,
    steps: [{ cmd: toolPath(ctx.toolchains, 'cc'), args: [...spec.flags, ...(spec.objectOnly ? ['-c'] : []), '-o', `{out}/${spec.output}`, ...spec.sources], cwd: spec.dir }],
    timeoutMs: spec.timeoutMs ?? 60_000,
  });
  if (!built.ok) throw new RunError('build-failed', `cc of ${spec.name} failed`, { source: 'cc', detail: built.log });
  return join(built.outDir, spec.output);
}

/** RustBuild describes a one-file Rust program (no crates: nothing may be fetched during a talk). */
export interface RustBuild {
  name: string;
  dir: string;
  /** The crate root, relative to `dir` (e.g. `main.rs`); it keys the cache. */
  source: string;
  output: string;
  /** rustc flags; default `-O` (an optimised build, as a benchmark needs). Part of the cache key. */
  flags?: string[];
  timeoutMs?: number;
}

/** buildRust compiles a Rust program with rustc through the build cache and returns the binary's path. */
export async function buildRust(ctx: DemoContext<unknown, unknown>, spec: RustBuild): Promise<string> {
  const flags = spec.flags ?? ['-O'];
  const built = await ctx.build({
    name: spec.name,
    inputs: [join(spec.dir, spec.source)],
    toolchainVersion: ctx.toolchains.rust?.version ?? 'unknown',
    srcDir: spec.dir,
    steps: [{ cmd: toolPath(ctx.toolchains, 'rust', 'rustc'), args: [...flags, '--edition', '2021', '-o', `{out}/${spec.output}`, spec.source], cwd: spec.dir }],
    timeoutMs: spec.timeoutMs ?? 120_000,
  });
  if (!built.ok) throw new RunError('build-failed', `rustc of ${spec.name} failed`, { source: 'rustc', detail: built.log });
  return join(built.outDir, spec.output);
}
