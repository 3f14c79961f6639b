/**
 * runDemoToEnd: start one run through an engine and wait for its end, collecting the
 * events. The CLI (`npm run demo`), the bench CLI and integration tests use it, so they
 * exercise exactly the engine the HTTP server uses.
 */
import type { RunEvent, RunParams, RunSummary } from '../../demos/protocol.ts';
import type { Engine } from './engine.ts';

/** RunToEndOptions add optional hooks to runDemoToEnd. */
export interface RunToEndOptions {
  /** Called for each event as it happens (including the final `end`). */
  onEvent?: (event: RunEvent) => void;
  /** Aborting cancels the run (it still resolves, with outcome "cancelled"). */
  signal?: AbortSignal;
  files?: Record<string, string>;
  requestId?: string;
}

/** RunToEndResult is a finished run: its summary and all its events. */
export interface RunToEndResult {
  summary: RunSummary;
  events: RunEvent[];
  /** The `end` event. */
  end: Extract<RunEvent, { type: 'end' }>;
}

/** runDemoToEnd runs demo `id` with `params` and resolves once it has ended. Throws EngineError for a refused request. */
export async function runDemoToEnd(engine: Engine, id: string, params: RunParams = {}, options: RunToEndOptions = {}): Promise<RunToEndResult> {
  const { run } = engine.start(
    { demo: id, params, ...(options.files ? { files: options.files } : {}), ...(options.requestId ? { requestId: options.requestId } : {}) },
    { allowFiles: true },
  );
  const events: RunEvent[] = [];
  const unsubscribe = run.subscribe(0, (event) => {
    events.push(event);
    options.onEvent?.(event);
  });
  const onAbort = (): void => void engine.cancel(run.runId);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const end = (await run.done) as Extract<RunEvent, { type: 'end' }>;
    return { summary: run.summary(), events, end };
  } finally {
    unsubscribe();
    options.signal?.removeEventListener('abort', onAbort);
  }
}
