/**
 * The deck's side of the stage stream (`GET api/stage/events`, see protocol.ts):
 * EventSource with our own reconnects, as a run's watch does (transport-live.ts).
 *
 * - Each seq is delivered once, in order: a reconnect asks `?after=` the last seq
 *   delivered, and anything the server sends again is dropped.
 * - The first connection asks for no `after`: the server starts it at the speaker's
 *   current position, not at the start of the talk.
 * - A server that restarted numbers its events from 1 again, and refuses a resume from
 *   a seq it never reached: after a few failed reconnects the watch asks `api/stage`,
 *   and when the server's newest seq is below ours it starts afresh (from the position).
 * - A refused stream (the server's cap on followers: 503) is retried with the same
 *   backoff (250 ms doubling to 5 s), so followers come back as slots free up.
 *
 * DOM-free (EventSource and fetch are injected), tested in node.
 */
import type { StageEvent, StageInfo } from '../protocol.ts';
import { backoffDelayMs } from './event-sequence.ts';
import { parseJsonObject } from './json-object.ts';
import type { EventSourceLike } from './transport-live.ts';
import type { ConnectionState, FetchLike, Unsubscribe } from './transport.ts';

/** StageStreamOptions configure watchStage. */
export interface StageStreamOptions {
  baseUrl: string;
  onEvent(event: StageEvent): void;
  onConnection?(state: ConnectionState, message?: string): void;
  /** Opens an event stream (default: `new EventSource(url)`). */
  eventSource?: (url: string) => EventSourceLike;
  /** Asks `api/stage` after failed reconnects (default: the global fetch). */
  fetch?: FetchLike;
  /** After this many failed reconnects in a row, check whether the server restarted (default 2). */
  checkAfterFailures?: number;
  /** Waits before reconnect attempt n (default backoffDelayMs). */
  delayMs?: (attempt: number) => number;
  /**
   * The last seq already seen (default 0: none, so the stream starts at the speaker's
   * current position). A page that reopens its watch (a phone waking up) passes the seq
   * it had, and gets every later event once; the speaker's deck passes the newest seq
   * when it starts, so it never takes a step made before it was opened.
   */
  after?: number;
}

/** isSeq: a stage event's seq is a whole number from 1 on. */
const isSeq = (seq: unknown): seq is number => Number.isInteger(seq) && (seq as number) >= 1;

/** parseStageEvent turns an SSE `data:` payload into a StageEvent, or null when it is not one. */
export function parseStageEvent(data: string): StageEvent | null {
  const value = parseJsonObject(data);
  if (value === null) return null;
  if (!isSeq((value as { seq?: unknown }).seq)) return null;
  const body = value as { type: string; position?: unknown; run?: unknown };
  if (body.type === 'position' && typeof body.position === 'object' && body.position !== null) return value as StageEvent;
  if (body.type === 'run-started' && typeof body.run === 'object' && body.run !== null) return value as StageEvent;
  // The phone remote's events: a step for the speaker's deck, a change of who drives.
  const more = value as { step?: unknown; from?: unknown; seat?: unknown };
  if (body.type === 'step' && (more.step === 'next' || more.step === 'prev') && typeof more.from === 'object' && more.from !== null) return value as StageEvent;
  if (body.type === 'driver' && typeof more.seat === 'object' && more.seat !== null) return value as StageEvent;
  // The speaker's deck shows a demo's recording in place of its live run.
  const shown = value as { demo?: unknown; key?: unknown };
  if (body.type === 'fallback' && typeof shown.demo === 'string' && typeof shown.key === 'string') return value as StageEvent;
  return null;
}

/** watchStage follows the stage stream until the returned function is called. */
export function watchStage(options: StageStreamOptions): Unsubscribe {
  const openStream = options.eventSource ?? ((url: string) => new (globalThis as unknown as { EventSource: new (url: string) => EventSourceLike }).EventSource(url));
  const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const checkAfter = options.checkAfterFailures ?? 2;
  const delayMs = options.delayMs ?? backoffDelayMs;
  let lastSeq = Math.max(0, Math.floor(options.after ?? 0));
  let failures = 0;
  let stopped = false;
  let source: EventSourceLike | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const close = (): void => {
    if (!source) return;
    source.onopen = source.onmessage = source.onerror = null;
    source.close();
    source = null;
  };

  const connect = (): void => {
    // Stryker disable next-line ConditionalExpression: equivalent while retry checks stopped and stop clears its timer; kept so a later caller cannot reopen a stopped watch
    if (stopped) return;
    const query = lastSeq > 0 ? `?after=${lastSeq}` : '';
    const es = openStream(new URL(`api/stage/events${query}`, options.baseUrl).href);
    source = es;
    es.onopen = () => {
      failures = 0;
      options.onConnection?.('open');
    };
    es.onmessage = (message) => {
      const event = parseStageEvent(message.data);
      if (event === null || event.seq <= lastSeq) return;
      lastSeq = event.seq;
      options.onEvent(event);
    };
    es.onerror = () => {
      // Our own reconnect, not EventSource's: it gives up for good on an HTTP error (a
      // 503 at the cap, a 400 after a restart) and does not back off.
      close();
      if (stopped) return;
      const attempt = failures;
      failures += 1;
      options.onConnection?.('reconnecting', 'reconnecting to the speaker…');
      const retry = (): void => {
        if (!stopped) timer = setTimeout(connect, delayMs(attempt));
      };
      if (failures >= checkAfter && lastSeq > 0) void checkRestart().finally(retry);
      else retry();
    };
  };

  /** checkRestart starts afresh when the server's newest seq is below ours (it restarted). */
  const checkRestart = async (): Promise<void> => {
    try {
      const response = await fetchFn(new URL('api/stage', options.baseUrl).href, { cache: 'no-store' });
      if (!response.ok) return;
      const info = (await response.json()) as Partial<StageInfo>;
      if (typeof info.lastSeq === 'number' && info.lastSeq < lastSeq) lastSeq = 0;
    } catch {
      // Server still down: the next attempt asks again.
    }
  };

  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    close();
  };
}
