/**
 * The engine: registered demos, the run queue and the runs themselves. HTTP and the CLI
 * are thin shells around it.
 *
 * - Runs execute one at a time, first come first served: benchmarks must not disturb
 *   each other. A waiting run gets `queued` events with its position (0 = next).
 * - Starting the same demo with the same params (and files) while such a run is queued
 *   or running returns that run: a late joiner or a double click never starts a second
 *   one. The same `requestId` always returns the same run (safe retries).
 * - A whole run has the manifest's `timeoutMs`; passing it, or a cancel, aborts the
 *   run's signal, which kills its processes (process-runner.ts). The run then ends at
 *   once; the demo's function gets `cancelGraceMs` to unwind, anything it emits after the
 *   end is dropped.
 * - Temp dirs from `ctx.tempDir` are removed before `end` is emitted.
 * - The last `keepFinished` finished runs stay in memory for late joiners and resumes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorCode, RunEventBody, RunOutcome, RunParams, StartRunRequest, JsonValue, ToolchainInfo } from '../../demos/protocol.ts';
import type { z } from 'zod';
import { RunError, type BuildResult, type DemoContext, type DemoDefinition, type ExecResult, type ToolchainReport } from '../demos/demo-context.ts';
import { createProcessRunner, type ProcessRunner, type ProcessSpawnOptions } from '../process/process-runner.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';
import { createBuildCache, type BuildCache } from '../build-cache/build-cache.ts';
import { detectToolchains, toToolchainReport } from '../toolchains/detect.ts';
import { installHintFor } from '../toolchains/catalog.ts';
import { systemClock, type Clock, type TimerHandle } from './clock.ts';
import { createRun, type Run } from './run.ts';
import { formatIssues, paramProblems } from '../../demos/param-problems.ts';
import { checkEditedFiles, isJsonValue, stableStringify } from './params.ts';

/** EngineError is a refused request (unknown demo, bad params …), mapped to 4xx by HTTP. */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: string[] = [],
    /** HTTP status when the code alone does not say it (e.g. 503 for a full queue). */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** AnyDemo is a demo definition of any schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDemo = DemoDefinition<any, any>;

/** EngineOptions configure an engine; everything but `demos` and `rootDir` has a default. */
export interface EngineOptions {
  demos: readonly AnyDemo[];
  /** Project root (demos find `native/` here; build inputs are keyed relative to it). */
  rootDir: string;
  /** Cache dir for builds (default `<rootDir>/.cache`). */
  cacheDir?: string;
  clock?: Clock;
  processRunner?: ProcessRunner;
  buildCache?: BuildCache;
  /** Toolchain detection (default: the real one, cached per process). */
  detectToolchains?: () => Promise<ToolchainInfo[]>;
  /** How many finished runs to keep (default 50). */
  keepFinished?: number;
  /** How long a cancelled or timed-out demo function may take to unwind (default 3000 ms). */
  cancelGraceMs?: number;
  /** How many runs may wait in the queue (default 20): an open server must not pile up work. */
  maxQueued?: number;
  /**
   * Where temp dirs go (default os.tmpdir()); also TMPDIR and GOTMPDIR of the processes
   * runs start (outside the sandbox), so their leftovers stay in one place.
   */
  tempRoot?: string;
  /** The sandbox for edited code (without one, sandboxed steps are refused). */
  sandbox?: Sandbox;
  /** Called after a run's `end` event (recordings); errors are logged, not thrown. */
  onRunFinished?: (run: Run) => void | Promise<void>;
  /** Where engine problems are reported (default console.error). */
  log?: (message: string) => void;
}

/** StartResult is a started (or deduplicated) run. */
export interface StartResult {
  run: Run;
  /** false when an existing run was returned (dedup or requestId). */
  created: boolean;
}

/** StartOptions are the caller's rights for one request. */
export interface StartOptions {
  /** Whether edited files may be sent (HTTP allows it only with control rights). */
  allowFiles?: boolean;
}

/** Engine runs demos. */
export interface Engine {
  readonly rootDir: string;
  demos(): readonly AnyDemo[];
  demo(id: string): AnyDemo | undefined;
  /** start validates a request and queues a run (or returns the matching one). Throws EngineError. */
  start(request: StartRunRequest, options?: StartOptions): StartResult;
  run(runId: string): Run | undefined;
  /** runs lists known runs newest first, optionally of one demo. */
  runs(demo?: string): Run[];
  /** cancel stops a queued or running run; returns it, or undefined when unknown. */
  cancel(runId: string): Run | undefined;
  /**
   * onRunCreated calls `listener` with every new run, once it is queued (not for a start
   * that joined an existing run); returns the unsubscribe. The stage announces runs so.
   */
  onRunCreated(listener: (run: Run) => void): () => void;
  toolchains(): Promise<ToolchainInfo[]>;
  /** close cancels everything, waits for the running run to end and its recording to be written. */
  close(): Promise<void>;
}

let runCounter = 0;

function newRunId(): string {
  // Stryker disable next-line AssignmentOperator: counting down makes ids as unique (the counter only separates ids of one millisecond; the random part does the rest)
  runCounter += 1;
  return `${Date.now().toString(36)}-${runCounter}-${randomBytes(3).toString('hex')}`;
}

/** createEngine builds an engine over the given demos. */
export function createEngine(options: EngineOptions): Engine {
  const clock = options.clock ?? systemClock;
  const processRunner = options.processRunner ?? createProcessRunner();
  const cacheDir = options.cacheDir ?? join(options.rootDir, '.cache');
  const buildCache = options.buildCache ?? createBuildCache({ cacheDir, rootDir: options.rootDir });
  const detect = options.detectToolchains ?? detectToolchains;
  const keepFinished = options.keepFinished ?? 50;
  const cancelGraceMs = options.cancelGraceMs ?? 3_000;
  const tempRoot = options.tempRoot ?? tmpdir();
  const maxQueued = options.maxQueued ?? 20;
  const log = options.log ?? ((message: string) => console.error(message));

  const demos = new Map<string, AnyDemo>();
  for (const def of options.demos) {
    if (demos.has(def.manifest.id)) throw new Error(`demo ${def.manifest.id} is registered twice`);
    demos.set(def.manifest.id, def);
  }

  const runs = new Map<string, Run>();
  const byRequestId = new Map<string, Run>();
  const queue: Run[] = [];
  const lastPosition = new Map<string, number>();
  /** Cancel hooks of runs that are executing. */
  const stoppers = new Map<string, (reason: 'cancelled') => void>();
  let active: Run | undefined;
  let closed = false;
  const createdListeners = new Set<(run: Run) => void>();

  const announcePositions = (): void => {
    queue.forEach((run, position) => {
      if (lastPosition.get(run.runId) !== position) {
        lastPosition.set(run.runId, position);
        run.emit({ type: 'queued', position });
      }
    });
  };

  const prune = (): void => {
    const finished = [...runs.values()].filter((run) => run.state === 'done');
    const forgotten = new Set(finished.slice(0, Math.max(0, finished.length - keepFinished)));
    for (const run of forgotten) {
      runs.delete(run.runId);
      lastPosition.delete(run.runId);
    }
    // Every requestId that led to a forgotten run (a run joined by later clicks has
    // several), or the map would keep the run and all its events alive.
    for (const [requestId, run] of byRequestId) if (forgotten.has(run)) byRequestId.delete(requestId);
  };

  /** Unfinished onRunFinished work (recordings being written); close() waits for it. */
  const pendingAfterEnd = new Set<Promise<void>>();
  const onRunFinished = options.onRunFinished;
  const afterEnd = (run: Run): void => {
    prune();
    if (onRunFinished) {
      const pending = Promise.resolve()
        .then(() => onRunFinished(run))
        .catch((error: unknown) => log(`after run ${run.runId} (${run.demo}): ${(error as Error).message}`))
        .finally(() => pendingAfterEnd.delete(pending));
      pendingAfterEnd.add(pending);
    }
  };

  const pump = (): void => {
    if (active || closed) return;
    const next = queue.shift();
    if (!next) return;
    lastPosition.delete(next.runId);
    active = next;
    announcePositions();
    void execute(next)
      .catch((error: unknown) => {
        // A bug in the engine itself: the run must still end and the queue go on.
        log(`engine error in run ${next.runId}: ${(error as Error).stack ?? String(error)}`);
        next.emit({ type: 'error', code: 'internal', message: `internal error: ${(error as Error).message}` });
        next.emit({ type: 'end', outcome: 'error', durationMs: 0 });
      })
      .finally(() => {
        active = undefined;
        afterEnd(next);
        pump();
      });
  };

  const execute = async (run: Run): Promise<void> => {
    const def = demos.get(run.demo)!;
    const manifest = def.manifest;
    const controller = new AbortController();
    // Stryker disable next-line ArrayDeclaration: a made-up entry is removed with force, which finds nothing to remove
    const tempDirs: string[] = [];
    let tempDirsRemoved = false;
    const startedMs = clock.now();
    run.setState('running');

    /** What ends the run; the first reason wins. */
    type Ending = { outcome: RunOutcome; error?: Extract<RunEventBody, { type: 'error' }> };
    let ending: Ending | undefined;
    let wake: () => void = () => undefined;
    const decided = new Promise<void>((resolve) => (wake = resolve));
    const decide = (next: Ending): void => {
      if (ending) return;
      ending = next;
      controller.abort(next.outcome);
      wake();
    };
    // Everything the demo emits goes through here and stops once the run is decided.
    const emit = (body: RunEventBody): void => {
      if (!ending) run.emit(body);
    };

    const timeoutHandle: TimerHandle = clock.setTimeout(() => {
      decide({
        outcome: 'timeout',
        error: { type: 'error', code: 'timeout', message: `${manifest.title} did not finish within ${formatSeconds(manifest.timeoutMs)} and was stopped` },
      });
    }, Math.min(manifest.timeoutMs, 2 ** 31 - 1));
    stoppers.set(run.runId, () => decide({ outcome: 'cancelled' }));

    let toolchainReport: ToolchainReport = {};
    const body = async (): Promise<void> => {
      emit({ type: 'status', phase: 'detecting', message: manifest.requires.length ? `Looking for ${manifest.requires.join(', ')}` : 'Starting' });
      toolchainReport = toToolchainReport(await detect());
      const missing = manifest.requires.filter((id) => !toolchainReport[id]?.found);
      if (missing.length > 0) {
        throw new RunError('toolchain-missing', `${manifest.title} needs ${missing.join(', ')}, not found on this machine`, {
          source: missing[0],
          detail: missing.map((id) => `${id}: ${installHintFor(id)}`).join('\n'),
        });
      }
      if (ending) return;
      const ctx: DemoContext<unknown, unknown> = {
        runId: run.runId,
        params: run.params,
        files: run.files,
        signal: controller.signal,
        toolchains: toolchainReport,
        rootDir: options.rootDir,
        cacheDir,
        status: (phase, message) => emit({ type: 'status', phase, message }),
        progress: (message, extra = {}) => emit({ type: 'progress', message, ...definedOnly(extra) }),
        sample: (key, values, label) => emit(label === undefined ? { type: 'sample', key, values } : { type: 'sample', key, values, label }),
        result: (data) => emit({ type: 'result', data: checkedResult(manifest, data) }),
        error: (code, message, extra = {}) => emit({ type: 'error', code, message, ...definedOnly(extra) }),
        stdout: (text, source) => emit(source === undefined ? { type: 'stdout', text } : { type: 'stdout', text, source }),
        stderr: (text, source) => emit(source === undefined ? { type: 'stderr', text } : { type: 'stderr', text, source }),
        exec: async (cmd, args, execOptions = {}): Promise<ExecResult> => {
          if (controller.signal.aborted) {
            return { exitCode: null, signal: null, timedOut: false, cancelled: true, truncated: false, stdout: '', stderr: '', durationMs: 0 };
          }
          const { sandbox: sandboxSpec, ...rest } = execOptions;
          const source = execOptions.source ?? cmd.split('/').pop() ?? cmd;
          const stream = execOptions.streamOutput ?? true;
          const spawn: ProcessSpawnOptions = {
            ...rest,
            source,
            signal: controller.signal,
            onLine: stream ? (name, line) => emit({ type: name, text: `${line}\n`, source }) : undefined,
            onTruncated: (capBytes) =>
              emit({ type: 'error', code: 'output-truncated', message: `${source} printed more than ${capBytes} bytes; the rest is not shown`, source }),
          };
          if (sandboxSpec) {
            if (!options.sandbox) throw new RunError('sandbox-unavailable', 'edited code is never run without a sandbox, and this engine has none');
            return options.sandbox.exec(cmd, args, sandboxSpec, spawn);
          }
          // Temp files of the tools (gcc's, Go's $WORK) go under the engine's temp root
          // unless the demo puts them somewhere itself.
          const tmp = rest.env?.TMPDIR ?? tempRoot;
          return processRunner.exec(cmd, args, { ...spawn, env: { TMPDIR: tmp, GOTMPDIR: tmp, ...rest.env } });
        },
        build: async (spec): Promise<BuildResult> =>
          buildCache.build(spec, {
            signal: controller.signal,
            exec: processRunner.exec,
            onProgress: (message, step, source) => emit(source === undefined ? { type: 'progress', message, step } : { type: 'progress', message, step, source }),
          }),
        sandboxCache: async (name) => {
          if (!options.sandbox) throw new RunError('sandbox-unavailable', 'edited code is never run without a sandbox, and this engine has none');
          return options.sandbox.cache(name);
        },
        tempDir: async (prefix) => {
          // After cleanup nothing would remove a new dir: a demo still unwinding gets none.
          if (tempDirsRemoved) throw new RunError('cancelled', 'the run has ended');
          const safe = (prefix ?? manifest.id).replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40);
          const dir = await mkdtemp(join(tempRoot, `demo-${safe}-`));
          if (tempDirsRemoved) {
            await rm(dir, { recursive: true, force: true });
            throw new RunError('cancelled', 'the run has ended');
          }
          tempDirs.push(dir);
          return dir;
        },
      };
      await def.run(ctx);
    };

    const work = body().then(
      () => decide({ outcome: 'ok' }),
      (error: unknown) => decide(endingFor(error)),
    );
    await decided;
    clock.clearTimeout(timeoutHandle);
    stoppers.delete(run.runId);
    if (ending!.outcome === 'cancelled' || ending!.outcome === 'timeout') {
      // Give the demo a moment to notice the abort (its processes are being killed),
      // but never let it hold the queue.
      let graceTimer: TimerHandle | undefined;
      await Promise.race([work, new Promise<void>((resolve) => (graceTimer = clock.setTimeout(resolve, cancelGraceMs)))]);
      if (graceTimer !== undefined) clock.clearTimeout(graceTimer);
    }
    tempDirsRemoved = true;
    await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }).catch(() => undefined)));
    if (ending!.error) run.emit(ending!.error);
    run.emit({ type: 'end', outcome: ending!.outcome, durationMs: Math.max(0, Math.round(clock.now() - startedMs)) });
  };

  const engine: Engine = {
    rootDir: options.rootDir,
    demos: () => [...demos.values()],
    demo: (id) => demos.get(id),
    start(request, startOptions = {}) {
      if (closed) throw new EngineError('internal', 'the server is shutting down');
      if (request === null || typeof request !== 'object') throw new EngineError('bad-request', 'expected a JSON object {demo, params?, files?, requestId?}');
      if (typeof request.demo !== 'string') throw new EngineError('bad-request', '`demo` (a demo id) is required');
      const def = demos.get(request.demo);
      if (!def) throw new EngineError('unknown-demo', `no demo named "${request.demo}"`);
      if (request.requestId !== undefined) {
        if (typeof request.requestId !== 'string' || request.requestId.length === 0 || request.requestId.length > 200) {
          throw new EngineError('bad-request', '`requestId` must be a non-empty string of at most 200 characters');
        }
        const earlier = byRequestId.get(request.requestId);
        if (earlier) {
          if (earlier.demo !== request.demo) throw new EngineError('bad-request', `requestId "${request.requestId}" was already used for demo ${earlier.demo}`);
          return { run: earlier, created: false };
        }
      }
      const rawParams: unknown = request.params ?? {};
      // Stryker disable next-line ConditionalExpression: `?? {}` already turned null into {}; the test narrows the type
      if (rawParams === null || typeof rawParams !== 'object' || Array.isArray(rawParams)) {
        throw new EngineError('bad-params', '`params` must be an object', ['params: expected an object']);
      }
      // The same check as the slide compiler's at build time: unknown keys, then the schema.
      const problems = paramProblems(def.manifest.params, rawParams as Record<string, unknown>);
      if (problems.length > 0) throw new EngineError('bad-params', `invalid params for ${def.manifest.id}`, problems);
      const params = def.manifest.params.parse(rawParams) as unknown;
      if (!isJsonValue(params)) throw new EngineError('internal', `${def.manifest.id}'s schema produced non-JSON params`);
      let files: Record<string, string> | undefined;
      if (request.files !== undefined) {
        if (!def.manifest.editable) throw new EngineError('bad-request', `${def.manifest.id} does not accept edited files`);
        if (!startOptions.allowFiles) throw new EngineError('unauthorized', 'sending edited files needs control rights');
        const problems = checkEditedFiles(request.files);
        if (problems.length) throw new EngineError('bad-request', 'invalid edited files', problems);
        files = { ...request.files };
      }
      // Stryker disable StringLiteral: any digest encoding, any stand-in for "no files" and any separator (params are a JSON object: they start with "{") keep keys apart alike
      const dedupKey = [
        def.manifest.id,
        stableStringify(params),
        files ? createHash('sha256').update(stableStringify(files)).digest('hex') : '',
      ].join('\0');
      // Stryker restore StringLiteral
      for (const run of runs.values()) {
        if (run.dedupKey === dedupKey && run.state !== 'done') {
          // Stryker disable next-line ConditionalExpression: a run kept under an undefined requestId is never looked up (a lookup needs one)
          if (request.requestId) byRequestId.set(request.requestId, run);
          return { run, created: false };
        }
      }
      if (queue.length >= maxQueued) {
        throw new EngineError('internal', `${queue.length} runs are already waiting; try again when some have finished`, [], 503);
      }
      const run = createRun({
        runId: newRunId(),
        demo: def.manifest.id,
        params: params as RunParams,
        ...(files ? { files } : {}),
        ...(request.requestId ? { requestId: request.requestId } : {}),
        dedupKey,
        clock,
      });
      runs.set(run.runId, run);
      // Stryker disable next-line ConditionalExpression: a run kept under an undefined requestId is never looked up (a lookup needs one)
      if (request.requestId) byRequestId.set(request.requestId, run);
      queue.push(run);
      lastPosition.set(run.runId, queue.length - 1);
      run.emit({ type: 'queued', position: queue.length - 1 });
      for (const listener of [...createdListeners]) {
        try {
          listener(run);
        } catch (error) {
          // Announcing a run must never stop it from running.
          log(`after creating run ${run.runId}: ${(error as Error).message}`);
        }
      }
      pump();
      return { run, created: true };
    },
    run: (runId) => runs.get(runId),
    runs(demo) {
      const list = [...runs.values()].filter((run) => demo === undefined || run.demo === demo);
      return list.reverse();
    },
    cancel(runId) {
      const run = runs.get(runId);
      // Stryker disable next-line ConditionalExpression: an unknown run is in neither the queue nor the stoppers, so the rest returns undefined too
      if (!run) return undefined;
      const index = queue.indexOf(run);
      if (index !== -1) {
        queue.splice(index, 1);
        lastPosition.delete(run.runId);
        run.emit({ type: 'end', outcome: 'cancelled', durationMs: 0 });
        announcePositions();
        afterEnd(run);
      } else {
        stoppers.get(runId)?.('cancelled');
      }
      return run;
    },
    onRunCreated(listener) {
      createdListeners.add(listener);
      return () => void createdListeners.delete(listener);
    },
    toolchains: () => detect(),
    async close() {
      closed = true;
      for (const run of [...queue]) engine.cancel(run.runId);
      const current = active;
      if (current) {
        engine.cancel(current.runId);
        await current.done;
      }
      // The finished run's recording is written after its end event: let it land.
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.all([...pendingAfterEnd]);
      await options.sandbox?.close();
    },
  };
  return engine;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Partial<T>;
}

function endingFor(error: unknown): { outcome: RunOutcome; error: Extract<RunEventBody, { type: 'error' }> } {
  if (error instanceof RunError) {
    const event: Extract<RunEventBody, { type: 'error' }> = { type: 'error', code: error.code, message: error.message, ...definedOnly(error.extra) };
    return { outcome: error.code === 'cancelled' ? 'cancelled' : 'error', error: event };
  }
  const err = error instanceof Error ? error : new Error(String(error));
  const event: Extract<RunEventBody, { type: 'error' }> = { type: 'error', code: 'internal', message: `internal error: ${err.message}` };
  if (err.stack) event.detail = err.stack;
  return { outcome: 'error', error: event };
}

/**
 * checkedResult returns a runner's result once it passes the manifest's result schema and
 * is plain JSON; otherwise it throws a RunError naming the fields, which ends the run as
 * an error (and fails every test that runs the demo), instead of shipping a shape the
 * widget and the recordings do not expect. The runner's own value is kept (not the parsed
 * copy) so a recording holds exactly what was measured.
 */
function checkedResult(manifest: AnyDemo['manifest'], data: unknown): { [key: string]: JsonValue } {
  const parsed = (manifest.result as z.ZodType).safeParse(data);
  if (!parsed.success) {
    throw new RunError('internal', `${manifest.id}: the result does not match the manifest's result schema`, {
      detail: formatIssues(parsed.error.issues).join('\n'),
    });
  }
  if (!isJsonValue(data) || data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new RunError('internal', `${manifest.id}: the result is not a JSON object (NaN, undefined or a function in it?)`);
  }
  return data;
}
