/**
 * The one interface the run panel talks to, whether a demo server is there (live) or not
 * (replay of `recordings/<demo>.json`), and the one place that picks which: chooseTransport.
 * DOM-free on purpose (fetch, URL and timers only), so the choice and both transports are
 * tested in node with fakes.
 */
import type { DemoInfo, HealthInfo, MachineInfo, MachineSpeedSummary, RunEvent, RunParams, RunSummary } from '../protocol.ts';
import type { RunSelector } from '../recording-key.ts';
import { createLiveTransport } from './transport-live.ts';
import { createReplayTransport, type ReplayOptions } from './transport-replay.ts';
import { pageToken } from './control-token.ts';

/**
 * RunOrigin says where a run's events come from. It is the same shape as `RunSource` in
 * widget-contract.ts (run-panel.ts checks that they stay equal), repeated here because
 * that file needs the DOM and this one is tested in node without it.
 */
export type RunOrigin =
  | { kind: 'live' }
  | { kind: 'recorded'; recordedAt: string; machine: MachineInfo; machineSpeed?: MachineSpeedSummary }
  /** Nothing to show: no run yet (live), or no recording of these params (static deck). */
  | { kind: 'none'; why: 'not-run' | 'not-recorded' };

/** FetchInit is RequestInit plus `cache`, which Node's fetch types lack but browsers honour. */
export type FetchInit = RequestInit & { cache?: 'no-store' | 'no-cache' | 'default' };

/** Unsubscribe stops a watch: no event is delivered after it returns. */
export type Unsubscribe = () => void;

/** ConnectionState is what a watch tells the panel about its link to the events. */
export type ConnectionState = 'open' | 'reconnecting' | 'lost';

/** WatchHooks are optional callbacks about the stream itself (not its events). */
export interface WatchHooks {
  /** Called when the stream connects, retries, or gives up (`message` says why). */
  onConnection?(state: ConnectionState, message?: string): void;
}

/** FetchLike is the part of `fetch` the transports use (injectable for tests). */
export type FetchLike = (input: string, init?: FetchInit) => Promise<Response>;

/** Transport is how the run panel starts, finds, watches and cancels runs. */
export interface Transport {
  /** "live" when a demo server answers, "replay" when only recordings exist. */
  readonly kind: 'live' | 'replay';
  /** The server's health answer (live only). */
  readonly health: HealthInfo | null;
  /** Whether this client may start and cancel runs (live and `health.control`). */
  readonly canControl: boolean;
  /** start asks for a run; a retry or a second click never makes a second run. */
  start(demo: string, params: RunParams, files?: Record<string, string>): Promise<RunSummary>;
  /** findActive is the run of `demo` (matching `match` params) that is queued or running, if any. */
  findActive(demo: string, match?: RunParams): Promise<RunSummary | null>;
  /**
   * latest is the newest run of `demo` whose params match `select.match`, or else the
   * recording of `select.key` (null when there is neither: "not recorded").
   */
  latest(demo: string, select: RunSelector): Promise<RunSummary | null>;
  /**
   * recorded is the recording of `select.key` (null: none), with a server or without: the
   * stage fallback shows it when a live run fails. A recording once loaded stays in memory,
   * so it can still be shown after the server is gone.
   */
  recorded(demo: string, select: RunSelector): Promise<RunSummary | null>;
  /** watch delivers the run's events after `afterSeq`, in order, each once, until `end`. */
  watch(runId: string, afterSeq: number, onEvent: (event: RunEvent) => void, hooks?: WatchHooks): Unsubscribe;
  /** cancel stops a queued or running run. */
  cancel(runId: string): Promise<RunSummary>;
  /** sourceOf says where a run's events come from, for the badge and `DemoWidget.reset`. */
  sourceOf(run: RunSummary): RunOrigin;
  /** demos lists the server's demos and their parameters (empty in replay). */
  demos(): Promise<DemoInfo[]>;
}

/** ChooseOptions tune chooseTransport; every field has a default for the browser. */
export interface ChooseOptions {
  /** Base the relative URLs resolve against (default: the page's base URI). */
  baseUrl?: string;
  fetch?: FetchLike;
  /** How long the health check may take before we settle for replay. */
  healthTimeoutMs?: number;
  /** Skip the health check (print view: the PDF shows recordings). */
  forceReplay?: boolean;
  /** The speaker token for control (default: this tab's, see control-token.ts). */
  token?: string;
  replay?: ReplayOptions;
}

/**
 * chooseTransport picks live or replay, once: live if `GET ./api/health` answers a
 * HealthInfo within a short timeout, replay otherwise. The URL is relative so a deck
 * served under any base path (a static host's sub-folder, the server's root) finds its
 * own API and recordings.
 */
export async function chooseTransport(options: ChooseOptions = {}): Promise<Transport> {
  const baseUrl = options.baseUrl ?? pageBaseUrl();
  const fetchFn = options.fetch ?? defaultFetch();
  const token = options.token ?? pageToken();
  const staticReplay = (): Transport => createReplayTransport({ ...options.replay, baseUrl, fetch: fetchFn });
  if (options.forceReplay) return staticReplay();
  // Generous: a static host answers at once (404, or the build's `api/health` saying
  // live: false), so only a hung proxy waits this long, while a demo server's first
  // answer may wait for its toolchain detection (2 s measured on a busy 2-core machine).
  const health = await fetchHealth(baseUrl, fetchFn, options.healthTimeoutMs ?? 20_000, token);
  if (health === null) return staticReplay();
  // With a server, its recordings folder (`--recordings`) may be newer than the build's copy.
  const recordings = createReplayTransport({
    recordingPaths: (key) => [`api/recordings/${encodeURIComponent(key)}`],
    ...options.replay,
    baseUrl,
    fetch: fetchFn,
  });
  return createLiveTransport({ baseUrl, fetch: fetchFn, health, token, recordings });
}

/**
 * fetchHealth returns the server's HealthInfo, or null when there is no server: a static
 * host answers 404 or its index page, a closed port fails, a hung proxy times out.
 */
export async function fetchHealth(
  baseUrl: string,
  fetchFn: FetchLike,
  timeoutMs: number,
  token?: string,
): Promise<HealthInfo | null> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const response = await fetchFn(new URL('api/health', baseUrl).href, {
      headers: authHeaders(token),
      signal: abort.signal,
      cache: 'no-store',
    });
    if (!response.ok) return null;
    const body = (await response.json()) as Partial<HealthInfo> | null;
    // Stryker disable next-line OptionalChaining: a null body throws here instead, which the catch below reads as no server all the same
    return body?.live === true ? (body as HealthInfo) : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** authHeaders adds the control token when there is one. */
export function authHeaders(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * matchesParams tells whether a run belongs to a slide: every param the slide names has
 * the same value in the run. Two slides of one demo with different params (e.g. the
 * trampoline's two directions) must not follow each other's runs.
 */
export function matchesParams(run: RunParams, match: RunParams | undefined): boolean {
  if (!match) return true;
  return Object.entries(match).every(([key, value]) => JSON.stringify(run[key]) === JSON.stringify(value));
}

/** pageBaseUrl is the document's base URI, or a placeholder outside a browser. */
function pageBaseUrl(): string {
  const doc = (globalThis as { document?: { baseURI?: string } }).document;
  return doc?.baseURI ?? 'http://localhost/';
}

/** defaultFetch binds the global fetch (unbound calls throw "Illegal invocation" in browsers). */
function defaultFetch(): FetchLike {
  return (input, init) => globalThis.fetch(input, init);
}
