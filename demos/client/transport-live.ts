/**
 * The live transport: talks to the demo server with fetch (JSON API) and EventSource (the
 * run's event stream, SSE as described in protocol.ts).
 *
 * Two guarantees the panel relies on:
 * - A watch survives disconnects: it remembers the last seq it delivered, reconnects with
 *   backoff asking for events `?after=` that seq, and drops any event it already has, so
 *   a widget sees every event exactly once even if the server replays from further back.
 * - A start is idempotent: the request carries a client-made `requestId`, and a retry after
 *   a network failure reuses it, so the server returns the same run instead of a second one.
 */
import type { ApiError, DemoInfo, HealthInfo, RunEvent, RunParams, RunSummary, StartRunRequest } from '../protocol.ts';
import { authHeaders, matchesParams, type FetchLike, type RunOrigin, type Transport, type Unsubscribe, type WatchHooks } from './transport.ts';
import { recordedDemoOf, type ReplayTransport } from './transport-replay.ts';
import { backoffDelayMs, createEventSequence, parseRunEvent } from './event-sequence.ts';

/** EventSourceLike is the part of the browser's EventSource a watch uses (fakeable in node). */
export interface EventSourceLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: string; lastEventId?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}

/** LiveTransportOptions configure createLiveTransport; the defaults are the browser's. */
export interface LiveTransportOptions {
  baseUrl: string;
  health: HealthInfo;
  fetch: FetchLike;
  token?: string;
  /** Opens an event stream (default: `new EventSource(url)`). */
  eventSource?: (url: string) => EventSourceLike;
  /** Recordings to show when the server has no run of a demo yet. */
  recordings?: ReplayTransport;
  /** Makes request ids (default: `crypto.randomUUID`). */
  randomId?: () => string;
  /** How many times a start is tried before giving up (network failures only). */
  startAttempts?: number;
  /** How long one API request may take. */
  requestTimeoutMs?: number;
  /** After this many failed reconnects in a row, check the run still exists. */
  checkRunAfterFailures?: number;
}

/** ApiRequestError is a non-2xx answer, carrying the server's ApiError code and issues. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: string[] = [],
  ) {
    super(issues.length > 0 ? `${message}: ${issues.join('; ')}` : message);
    this.name = 'ApiRequestError';
  }
}

/** NetworkError is a request that never got an answer (server down, connection reset, timeout). */
export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** createLiveTransport makes the transport used when the demo server answered /api/health. */
export function createLiveTransport(options: LiveTransportOptions): Transport {
  const openStream = options.eventSource ?? defaultEventSource;
  const randomId = options.randomId ?? (() => globalThis.crypto.randomUUID());
  const startAttempts = options.startAttempts ?? 5;
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  const checkRunAfterFailures = options.checkRunAfterFailures ?? 3;
  const url = (path: string): string => new URL(path, options.baseUrl).href;
  let demosPromise: Promise<DemoInfo[]> | undefined;

  async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), requestTimeoutMs);
    let response: Response;
    try {
      response = await options.fetch(url(path), {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...authHeaders(options.token),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: abort.signal,
        cache: 'no-store',
      });
    } catch (err) {
      throw new NetworkError(
        abort.signal.aborted
          ? `The demo server did not answer ${method} ${path} within ${requestTimeoutMs / 1000} s.`
          : `Cannot reach the demo server (${method} ${path}): ${err instanceof Error ? err.message : String(err)}`,
      );
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) throw await apiErrorOf(response, `${method} ${path}`);
    return (await response.json()) as T;
  }

  async function runs(demo: string, match?: RunParams): Promise<RunSummary[]> {
    const list = await request<RunSummary[]>('GET', `api/runs?demo=${encodeURIComponent(demo)}`);
    return list.filter((run) => run.demo === demo && matchesParams(run.params, match));
  }

  async function start(demo: string, params: RunParams, files?: Record<string, string>): Promise<RunSummary> {
    const body: StartRunRequest = { demo, params, requestId: randomId(), ...(files ? { files } : {}) };
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await request<RunSummary>('POST', 'api/runs', body);
      } catch (err) {
        // Only a request that may not have arrived is retried, with the same requestId so
        // that the server answers with the run it already made; a 4xx is final.
        const retryable = err instanceof NetworkError || (err instanceof ApiRequestError && err.status >= 502 && err.status <= 504);
        if (!retryable || attempt + 1 >= startAttempts) throw err;
        await sleep(backoffDelayMs(attempt));
      }
    }
  }

  function watch(runId: string, afterSeq: number, onEvent: (event: RunEvent) => void, hooks?: WatchHooks): Unsubscribe {
    if (recordedDemoOf(runId) !== null && options.recordings) {
      return options.recordings.watch(runId, afterSeq, onEvent, hooks);
    }
    const sequence = createEventSequence(afterSeq);
    let source: EventSourceLike | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;

    const close = (): void => {
      if (source) {
        source.onopen = source.onmessage = source.onerror = null;
        source.close();
        source = null;
      }
    };

    const connect = (): void => {
      // Stryker disable next-line ConditionalExpression: unreachable once stopped while stopping clears the reconnect timer (see the unsubscribe below)
      if (stopped) return;
      const es = openStream(url(`api/runs/${encodeURIComponent(runId)}/events?after=${sequence.lastSeq}`));
      source = es;
      es.onopen = () => {
        failures = 0;
        hooks?.onConnection?.('open');
      };
      es.onmessage = (message) => {
        const event = parseRunEvent(message.data);
        if (event === null || !sequence.accept(event)) return;
        failures = 0;
        onEvent(event);
        if (sequence.ended) {
          // The server closes the stream after `end`; closing first stops EventSource
          // from reconnecting to a finished run.
          stopped = true;
          close();
        }
      };
      es.onerror = () => {
        // Our own reconnect rather than EventSource's: it may give up for good (an HTTP
        // error closes it), and its retry delay is the server's, not a backoff. The new
        // stream asks `?after=` the last seq delivered, so nothing is lost or repeated.
        close();
        if (stopped) return;
        failures += 1;
        hooks?.onConnection?.('reconnecting', `Connection to the demo server lost; retrying (attempt ${failures})…`);
        const delay = backoffDelayMs(failures - 1);
        if (failures % checkRunAfterFailures === 0) {
          void checkRun().then((gone) => {
            if (stopped) return;
            if (gone) {
              stopped = true;
              hooks?.onConnection?.('lost', gone);
            } else {
              timer = setTimeout(connect, delay);
            }
          });
        } else {
          timer = setTimeout(connect, delay);
        }
      };
    };

    /** checkRun returns why the run cannot be followed any more, or null to keep trying. */
    const checkRun = async (): Promise<string | null> => {
      try {
        const run = await request<RunSummary>('GET', `api/runs/${encodeURIComponent(runId)}`);
        // A finished run whose events we all have answers 204: nothing more will come.
        if (run.state === 'done' && sequence.lastSeq >= run.lastSeq) {
          return `Run ${runId} finished, but its end was not received.`;
        }
        return null;
      } catch (err) {
        if (err instanceof ApiRequestError && err.status === 404) {
          return `Run ${runId} is no longer on the demo server (was it restarted?).`;
        }
        return null;
      }
    };

    connect();
    return () => {
      stopped = true;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a reconnect timer left to fire finds the watch stopped (connect's guard); clearing it only saves the wake-up
      if (timer !== undefined) clearTimeout(timer);
      close();
    };
  }

  return {
    kind: 'live',
    health: options.health,
    canControl: options.health.control === true,
    start,
    async findActive(demo, match) {
      const list = await runs(demo, match);
      // The oldest unfinished run is the one executing now (runs go one at a time); a
      // late joiner wants to see that one, and follows the next when it ends.
      const active = list.filter((run) => run.state !== 'done' && !run.edited);
      return active.at(-1) ?? null;
    },
    async latest(demo, select) {
      // A run of edited code belongs beside that code only (the panel that started it
      // shows it); nobody else follows it, not even the newest-run fallback.
      const list = (await runs(demo, select.match)).filter((run) => !run.edited);
      if (list[0]) return list[0];
      return options.recordings ? options.recordings.latest(demo, select) : null;
    },
    async recorded(demo, select) {
      return options.recordings ? options.recordings.recorded(demo, select) : null;
    },
    watch,
    cancel(runId) {
      return request<RunSummary>('POST', `api/runs/${encodeURIComponent(runId)}/cancel`, {});
    },
    sourceOf(run): RunOrigin {
      if (recordedDemoOf(run.runId) !== null && options.recordings) return options.recordings.sourceOf(run);
      return { kind: 'live' };
    },
    demos() {
      demosPromise ??= request<DemoInfo[]>('GET', 'api/demos').catch((err: unknown) => {
        demosPromise = undefined;
        throw err;
      });
      return demosPromise;
    },
  };
}

/** apiErrorOf turns a non-2xx response into an ApiRequestError with the server's words. */
async function apiErrorOf(response: Response, what: string): Promise<ApiRequestError> {
  let text = '';
  try {
    text = await response.text();
    const body = JSON.parse(text) as Partial<ApiError>;
    if (body.error && typeof body.error.message === 'string') {
      return new ApiRequestError(response.status, body.error.code ?? 'internal', body.error.message, body.error.issues ?? []);
    }
  } catch {
    // Not an ApiError body (a proxy's HTML page, an empty answer): describe the status.
  }
  const snippet = text.trim().slice(0, 200);
  return new ApiRequestError(
    response.status,
    response.status === 404 ? 'not-found' : 'internal',
    `${what} failed: HTTP ${response.status}${snippet && !snippet.startsWith('<') ? ` (${snippet})` : ''}`,
  );
}

function defaultEventSource(url: string): EventSourceLike {
  const ctor = (globalThis as unknown as { EventSource: new (url: string) => EventSourceLike }).EventSource;
  return new ctor(url);
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
