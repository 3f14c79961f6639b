/**
 * The stage log: the deck-wide stream's events (`position`, `run-started`; see
 * demos/protocol.ts), numbered 1, 2, 3 … for this server's life, and the rules for
 * where a stream starts. Pure (a clock comes in), so every rule is unit-tested.
 *
 * Where a stream starts (`after` is the client's Last-Event-ID or `?after=`):
 * - none, or 0: a new follower wants to be where the speaker is, not to replay the whole
 *   talk, so it gets the newest `position` event and everything after it;
 * - n (a resume): every event after n, none twice, as long as the log still holds them;
 * - n older than the log holds (it keeps the newest `capacity` events, and always the
 *   newest position): as a new follower, since what it missed is long past and only the
 *   current position still matters;
 * - n beyond the newest seq: refused; it came from another server (or a restart).
 *
 * Subscribing replays and registers in one synchronous step, so no event can slip between.
 */
import type { StageEvent, StageEventBody } from '../../demos/protocol.ts';

/** StageListener gets each event once, in seq order. */
export type StageListener = (event: StageEvent) => void;

/** ResumePlan is where a stream starts: the events to send first, or why it cannot start. */
export type ResumePlan = { ok: true; events: StageEvent[] } | { ok: false; message: string };

/** StageLog holds the stage stream's events. */
export interface StageLog {
  /** The newest event's seq (0: none yet). */
  readonly lastSeq: number;
  /** The newest `position` event, if any: where the driver is. */
  readonly latestPosition: (StageEvent & { type: 'position' }) | undefined;
  /** append stamps an event with the next seq and the time, keeps it and tells every listener. */
  append(body: StageEventBody): StageEvent;
  /** plan says which kept events a stream asking for events after `after` gets first. */
  plan(after: number | undefined): ResumePlan;
  /** subscribe sends `plan(after)`'s events, then every new one, until unsubscribed. */
  subscribe(after: number | undefined, listener: StageListener): ResumePlan & { unsubscribe: () => void };
  /** listenerCount says how many live listeners are attached (disconnects must drop theirs). */
  listenerCount(): number;
}

/** StageLogOptions configure createStageLog. */
export interface StageLogOptions {
  /** Milliseconds on a monotonic scale (only differences matter), for `tMs`. */
  now: () => number;
  /** How many events to keep for resumes (default 1000; older ones are dropped). */
  capacity?: number;
}

/** defaultStageLogCapacity is how many events a log keeps: a whole talk's moves, a few KB each 100. */
export const defaultStageLogCapacity = 1000;

/** createStageLog makes an empty log; its `tMs` counts from now. */
export function createStageLog(options: StageLogOptions): StageLog {
  const capacity = Math.max(1, options.capacity ?? defaultStageLogCapacity);
  const startMs = options.now();
  /** Kept events, oldest first; `events[i].seq === firstSeq + i`. */
  let events: StageEvent[] = [];
  let lastSeq = 0;
  let latestPosition: (StageEvent & { type: 'position' }) | undefined;
  const listeners = new Set<StageListener>();

  /**
   * fromLatestPosition is what a new follower gets: the current position and what
   * followed it. The position is kept even when the window has moved past it (a long run
   * of run starts): a follower must always learn where the speaker is.
   */
  const fromLatestPosition = (): StageEvent[] => {
    if (!latestPosition) return [];
    const since = latestPosition.seq;
    return [latestPosition, ...events.filter((event) => event.seq > since)];
  };

  const log: StageLog = {
    get lastSeq() {
      return lastSeq;
    },
    get latestPosition() {
      return latestPosition;
    },
    append(body) {
      lastSeq += 1;
      const event = { ...body, seq: lastSeq, tMs: Math.max(0, Math.round(options.now() - startMs)) } as StageEvent;
      events.push(event);
      if (events.length > capacity) events = events.slice(events.length - capacity);
      if (event.type === 'position') latestPosition = event;
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch {
          // One broken follower (a closed socket) must not stop the others.
        }
      }
      return event;
    },
    plan(after) {
      if (after === undefined || after === 0) return { ok: true, events: fromLatestPosition() };
      if (!Number.isInteger(after) || after < 0) return { ok: false, message: `\`after\` / Last-Event-ID must be a non-negative integer (a seq), got ${after}` };
      if (after > lastSeq) {
        return { ok: false, message: `\`after\` / Last-Event-ID ${after} is beyond the stage stream's last event (${lastSeq}): a stream of another server, or of this one before a restart` };
      }
      // Stryker disable next-line OptionalChaining,ArithmeticOperator: with no event kept there is no `after` between 1 and lastSeq (0), so the fallback is never read
      const firstKept = events[0]?.seq ?? lastSeq + 1;
      // The events right after `after` were dropped: what is kept would skip some.
      if (after < firstKept - 1) return { ok: true, events: fromLatestPosition() };
      return { ok: true, events: events.slice(after - firstKept + 1) };
    },
    subscribe(after, listener) {
      const plan = log.plan(after);
      if (!plan.ok) return { ...plan, unsubscribe: () => undefined };
      for (const event of plan.events) listener(event);
      listeners.add(listener);
      return { ...plan, unsubscribe: () => void listeners.delete(listener) };
    },
    listenerCount: () => listeners.size,
  };
  return log;
}
