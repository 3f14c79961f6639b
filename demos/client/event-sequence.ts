/**
 * The client side of the resumable event stream, without any I/O: which events to deliver
 * (each seq once, in order), where to resume after a disconnect, when to stop, and how
 * long to wait before reconnecting. Kept DOM-free so the reconnection rules are tested in
 * node with fakes.
 */
import type { RunEvent } from '../protocol.ts';
import { parseJsonObject } from './json-object.ts';

/** EventSequence decides which events of one run are new. */
export interface EventSequence {
  /** Highest seq delivered so far (0 = none); resume after this. */
  readonly lastSeq: number;
  /** Whether the `end` event was delivered: nothing follows it, stop listening. */
  readonly ended: boolean;
  /**
   * accept returns true when `event` is new and must be delivered. A server that replays
   * from an older point (e.g. it ignored Last-Event-ID) re-sends seqs we have: those are
   * dropped here so a widget never draws an event twice.
   */
  accept(event: RunEvent): boolean;
}

/** createEventSequence starts tracking a run whose events up to `afterSeq` were already seen. */
export function createEventSequence(afterSeq = 0): EventSequence {
  let lastSeq = afterSeq;
  let ended = false;
  return {
    get lastSeq() { return lastSeq; },
    get ended() { return ended; },
    accept(event) {
      if (ended) return false;
      if (!Number.isInteger(event.seq) || event.seq <= lastSeq) return false;
      // A gap (seq > lastSeq + 1) breaks the server's promise, but showing the event
      // beats hiding it: the reader sees the run go on instead of a frozen slide.
      lastSeq = event.seq;
      if (event.type === 'end') ended = true;
      return true;
    },
  };
}

/**
 * backoffDelayMs is the wait before reconnect attempt `attempt` (0-based): 250 ms doubling
 * to a 5 s ceiling. Short first, because the usual cause is a blip while the speaker
 * is on the slide; capped, so a server restart is picked up within seconds.
 */
export function backoffDelayMs(attempt: number, baseMs = 250, maxMs = 5000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
}

/**
 * parseRunEvent turns an SSE `data:` payload into a RunEvent, or null when it is not one
 * (a comment, a keep-alive, garbage): a bad message must not break the stream.
 */
export function parseRunEvent(data: string): RunEvent | null {
  const value = parseJsonObject(data);
  if (value === null) return null;
  const candidate = value as { type?: unknown; seq?: unknown; tMs?: unknown };
  if (typeof candidate.type !== 'string' || typeof candidate.seq !== 'number') return null;
  if (typeof candidate.tMs !== 'number') (candidate as { tMs: number }).tMs = 0;
  return value as RunEvent;
}
