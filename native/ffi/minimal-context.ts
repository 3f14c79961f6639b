/**
 * createMinimalContext: a DemoContext for the FFI benchmark's integration tests and
 * scripts, made of the engine's own parts (the process runner, the build cache, the
 * toolchain detection) but without the engine's run queue, HTTP and recordings. It
 * collects the emitted events in order, so a test can assert on them.
 *
 * This exists so the harnesses can be tested without the HTTP server; the CLI
 * (`npm run bench`) and the recordings go through the real engine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunEventBody } from '../../demos/protocol.ts';
import type { DemoContext, ToolchainReport } from '../../server/demos/demo-context.ts';
import { createBuildCache } from '../../server/build-cache/build-cache.ts';
import { createProcessRunner } from '../../server/process/process-runner.ts';
import { detectToolchains, toToolchainReport } from '../../server/toolchains/detect.ts';

/** MinimalContext is a DemoContext plus what a test needs to inspect and clean up. */
export interface MinimalContext<P> extends DemoContext<P> {
  readonly events: RunEventBody[];
  /** abort cancels the run (its processes get killed by the runner). */
  abort(): void;
  /** dispose removes the temp dirs. */
  dispose(): Promise<void>;
}

/** MinimalContextOptions configure createMinimalContext. */
export interface MinimalContextOptions {
  /** Build cache directory (default `<root>/.cache`). */
  cacheDir?: string;
  /** Toolchains to report (default: detected on this machine). */
  toolchains?: ToolchainReport;
  /** Called for every event as it is emitted. */
  onEvent?: (event: RunEventBody) => void;
}

/** rootDir is the project root. */
export const rootDir = resolve(import.meta.dirname, '../..');

/** createMinimalContext builds a context for one run with the given params. */
export async function createMinimalContext<P>(params: P, options: MinimalContextOptions = {}): Promise<MinimalContext<P>> {
  const events: RunEventBody[] = [];
  const emit = (event: RunEventBody): void => {
    events.push(event);
    options.onEvent?.(event);
  };
  const controller = new AbortController();
  const runner = createProcessRunner();
  const cacheDir = options.cacheDir ?? join(rootDir, '.cache');
  const cache = createBuildCache({ cacheDir, rootDir });
  const toolchains = options.toolchains ?? toToolchainReport(await detectToolchains());
  const temps: string[] = [];
  return {
    runId: `test-${Date.now()}`,
    params,
    files: undefined,
    signal: controller.signal,
    toolchains,
    rootDir,
    cacheDir,
    events,
    abort: () => controller.abort(),
    dispose: async () => {
      await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
    },
    status: (phase, message) => emit({ type: 'status', phase, message }),
    progress: (message, extra = {}) => emit({ type: 'progress', message, ...extra }),
    sample: (key, values, label) => emit(label === undefined ? { type: 'sample', key, values } : { type: 'sample', key, values, label }),
    result: (data) => emit({ type: 'result', data }),
    error: (code, message, extra = {}) => emit({ type: 'error', code, message, ...extra }),
    stdout: (text, source) => emit({ type: 'stdout', text, source }),
    stderr: (text, source) => emit({ type: 'stderr', text, source }),
    exec: async (cmd, args, opts = {}) => {
      const streamOutput = opts.streamOutput ?? true;
      return runner.exec(cmd, args, {
        ...opts,
        signal: controller.signal,
        // The process runner calls onStdoutLine/onStderrLine itself; onLine only streams.
        onLine: (stream, line) => {
          if (streamOutput) emit({ type: stream, text: `${line}\n`, source: opts.source });
        },
      });
    },
    build: (spec) =>
      cache.build(spec, {
        signal: controller.signal,
        exec: runner.exec,
        onProgress: (message, step, source) => emit({ type: 'progress', message, step, source }),
      }),
    tempDir: async (prefix = 'ffi-') => {
      const dir = await mkdtemp(join(tmpdir(), prefix));
      temps.push(dir);
      return dir;
    },
  };
}
