/**
 * The build cache behind `ctx.build`.
 *
 * Layout: `<cacheDir>/builds/<key>/` holds one finished build's outputs plus
 * `.build-info.json` (name, key material summary, duration, log). The key is the SHA-256
 * of the inputs (each file's path relative to the project root and its content), the
 * toolchain version, `keyExtra` and the steps as written (with `{out}`/`{src}` unexpanded),
 * so changing a source file, a flag, a step or the compiler gives a new directory.
 *
 * A build runs in `<cacheDir>/builds/.tmp-<key>-<random>/` and is renamed into place
 * when every step succeeded: a directory named `<key>` is always complete, so a crash or
 * a cancel mid-build never leaves a half-built "hit". Outputs must therefore not embed
 * their own absolute directory (link with `-Wl,-rpath,$ORIGIN`, not `{out}`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import type { BuildResult, BuildSpec } from '../demos/demo-context.ts';
import type { ProcessRunner } from '../process/process-runner.ts';

/** BuildHooks connect a build to its run: cancellation, processes, progress events. */
export interface BuildHooks {
  signal?: AbortSignal;
  exec: ProcessRunner['exec'];
  onProgress?: (message: string, step: string, source?: string) => void;
}

/** BuildCache builds once per key and reuses the outputs. */
export interface BuildCache {
  readonly buildsDir: string;
  /** keyOf computes a spec's cache key (reads the input files). */
  keyOf(spec: BuildSpec): Promise<string>;
  build(spec: BuildSpec, hooks: BuildHooks): Promise<BuildResult>;
}

/** BuildCacheOptions say where the cache lives and what paths are relative to. */
export interface BuildCacheOptions {
  cacheDir: string;
  /** Inputs are keyed by their path relative to this, so moving the checkout keeps hits. */
  rootDir: string;
  /** Per-step time limit when the spec gives none. */
  defaultStepTimeoutMs?: number;
}

/** staleTempDirMs is the age after which a leftover `.tmp-*` build dir is surely abandoned. */
export const staleTempDirMs = 60 * 60 * 1000;

/** maxBuildLogChars bounds the failure log kept in a BuildResult (the end is what matters). */
export const maxBuildLogChars = 32 * 1024;

/**
 * buildOutcomeOf reads a build's last progress line: "<name>: cached build <key>" (a hit)
 * or "<name>: built in 2.3 s"; undefined for any other line (compiler output, a failure).
 * `npm run preflight` counts warm and cold builds by it.
 */
export function buildOutcomeOf(message: string): { kind: 'cached' } | { kind: 'built'; seconds: number } | undefined {
  if (/: cached build [0-9a-f]{12}$/.test(message)) return { kind: 'cached' };
  const built = /: built in (\d+(?:\.\d+)?) s$/.exec(message);
  return built ? { kind: 'built', seconds: Number(built[1]) } : undefined;
}

function tail(text: string, max: number): string {
  return text.length <= max ? text : `… (${text.length - max} characters cut)\n${text.slice(-max)}`;
}

function expand(value: string, outDir: string, srcDir: string | undefined): string {
  return value.replaceAll('{out}', outDir).replaceAll('{src}', srcDir ?? '{src}');
}

/** createBuildCache returns a cache rooted at `options.cacheDir`. */
export function createBuildCache(options: BuildCacheOptions): BuildCache {
  const buildsDir = join(options.cacheDir, 'builds');
  const inFlight = new Map<string, Promise<BuildResult>>();
  let sweptStale = false;

  /** A build killed with the server (SIGKILL, power loss) leaves its temp dir; sweep old ones once. */
  const sweepStaleTempDirs = async (): Promise<void> => {
    if (sweptStale) return;
    sweptStale = true;
    const cutoffMs = Date.now() - staleTempDirMs;
    for (const name of await readdir(buildsDir).catch(() => [] as string[])) {
      if (!name.startsWith('.tmp-')) continue;
      const info = await stat(join(buildsDir, name)).catch(() => undefined);
      if (info && info.mtimeMs < cutoffMs) await rm(join(buildsDir, name), { recursive: true, force: true }).catch(() => undefined);
    }
  };

  const keyOf = async (spec: BuildSpec): Promise<string> => {
    const hash = createHash('sha256');
    hash.update('build-cache v1\0');
    const inputs = [...spec.inputs].sort();
    for (const input of inputs) {
      const rel = isAbsolute(input) ? relative(options.rootDir, input) : input;
      const content = await readFile(isAbsolute(input) ? input : join(options.rootDir, input));
      hash.update(`input\0${rel}\0${content.length}\0`);
      hash.update(content);
    }
    hash.update(`\0toolchain\0${spec.toolchainVersion}\0`);
    hash.update(`extra\0${JSON.stringify(spec.keyExtra ?? [])}\0`);
    hash.update(`steps\0${JSON.stringify(spec.steps)}\0`);
    hash.update(`src\0${spec.srcDir ? relative(options.rootDir, spec.srcDir) : ''}\0`);
    return hash.digest('hex');
  };

  const doBuild = async (spec: BuildSpec, key: string, hooks: BuildHooks): Promise<BuildResult> => {
    const started = performance.now();
    const outDir = join(buildsDir, key);
    const progress = (message: string, source?: string): void => hooks.onProgress?.(message, spec.name, source);
    if (await exists(outDir)) {
      progress(`${spec.name}: cached build ${key.slice(0, 12)}`);
      return { ok: true, outDir, cached: true, durationMs: performance.now() - started, log: '' };
    }
    const tmpDir = join(buildsDir, `.tmp-${key.slice(0, 16)}-${randomBytes(4).toString('hex')}`);
    await mkdir(tmpDir, { recursive: true });
    progress(`${spec.name}: building (${spec.steps.length} step${spec.steps.length === 1 ? '' : 's'})`);
    let log = '';
    const fail = async (message: string): Promise<BuildResult> => {
      await rm(tmpDir, { recursive: true, force: true });
      const text = tail(`${log}${log && !log.endsWith('\n') ? '\n' : ''}${message}`.trim(), maxBuildLogChars);
      progress(`${spec.name}: ${message}`);
      return { ok: false, outDir, cached: false, durationMs: performance.now() - started, log: text };
    };
    for (const step of spec.steps) {
      const args = step.args.map((arg) => expand(arg, tmpDir, spec.srcDir));
      const cwd = step.cwd ? expand(step.cwd, tmpDir, spec.srcDir) : (spec.srcDir ?? tmpDir);
      const env: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(step.env ?? {})) env[name] = value === undefined ? undefined : expand(value, tmpDir, spec.srcDir);
      const source = basename(step.cmd);
      let result;
      try {
        result = await hooks.exec(step.cmd, args, {
          cwd,
          env,
          source,
          timeoutMs: spec.timeoutMs ?? options.defaultStepTimeoutMs ?? 300_000,
          signal: hooks.signal,
          onLine: (_stream, line) => progress(line, source),
        });
      } catch (error) {
        return fail(`${step.cmd}: ${(error as Error).message}`);
      }
      // The compiler's complaint is on stderr; stdout rarely matters but is kept after it.
      const output = [result.stderr, result.stdout].filter((text) => text.trim()).join('\n');
      if (output) log += `$ ${[step.cmd, ...args].join(' ')}\n${output}`;
      if (result.cancelled) return fail('build cancelled');
      if (result.timedOut) return fail(`${source} timed out`);
      if (result.exitCode !== 0) {
        return fail(result.signal ? `${source} was killed by ${result.signal}` : `${source} exited with status ${result.exitCode}`);
      }
    }
    const durationMs = performance.now() - started;
    await writeFile(
      join(tmpDir, '.build-info.json'),
      JSON.stringify({ name: spec.name, key, toolchainVersion: spec.toolchainVersion, builtAt: new Date().toISOString(), durationMs, log: tail(log, maxBuildLogChars) }, null, 2),
    );
    try {
      await rename(tmpDir, outDir);
    } catch (error) {
      // Another process finished the same key first: its output is as good as ours.
      await rm(tmpDir, { recursive: true, force: true });
      if (!(await exists(outDir))) throw error;
    }
    progress(`${spec.name}: built in ${(durationMs / 1000).toFixed(1)} s`);
    return { ok: true, outDir, cached: false, durationMs, log: '' };
  };

  return {
    buildsDir,
    keyOf,
    async build(spec, hooks) {
      let key: string;
      try {
        key = await keyOf(spec);
      } catch (error) {
        const message = `${spec.name}: cannot read build input: ${(error as Error).message}`;
        hooks.onProgress?.(message, spec.name);
        return { ok: false, outDir: '', cached: false, durationMs: 0, log: message };
      }
      await sweepStaleTempDirs();
      // Two requests for the same build share one build instead of racing.
      const running = inFlight.get(key);
      if (running) return running;
      const promise = doBuild(spec, key, hooks).finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return promise;
    },
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
