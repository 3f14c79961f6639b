/**
 * Clocks for the engine. Everything in the engine that reads time or waits goes through
 * a Clock, so tests drive time by hand (a fake clock) instead of sleeping.
 */

/** TimerHandle identifies a timer made by a Clock. */
export type TimerHandle = { readonly id: number } | ReturnType<typeof setTimeout>;

/** Clock is the engine's view of time. */
export interface Clock {
  /** now returns milliseconds on a monotonic-enough scale (only differences matter). */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** wallTime returns the current date for ISO timestamps (`createdAt`, `recordedAt`). */
  wallTime(): Date;
}

/** systemClock is the real clock (performance.now for durations). */
export const systemClock: Clock = {
  now: () => performance.now(),
  // Not unref'd: a run's timeout must fire even when the demo awaits nothing that keeps
  // the event loop alive (the CLI would otherwise exit silently); the engine clears its
  // timers when a run ends.
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  wallTime: () => new Date(),
};

/** FakeClock is a Clock moved by hand. */
export interface FakeClock extends Clock {
  /** advance moves time forward, firing due timers in order. */
  advance(ms: number): void;
  /** pendingTimers says how many timers wait. */
  pendingTimers(): number;
}

/** createFakeClock returns a clock starting at `startMs` that only moves on `advance`. */
export function createFakeClock(startMs = 0, startDate = new Date('2026-01-01T00:00:00Z')): FakeClock {
  let nowMs = startMs;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => nowMs,
    wallTime: () => new Date(startDate.getTime() + (nowMs - startMs)),
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: nowMs + Math.max(0, ms), fn });
      return { id };
    },
    clearTimeout(handle) {
      if (typeof handle === 'object' && handle !== null && 'id' in handle) timers.delete(handle.id as number);
    },
    advance(ms) {
      const target = nowMs + ms;
      for (;;) {
        let due: [number, { at: number; fn: () => void }] | undefined;
        for (const entry of timers) if (entry[1].at <= target && (!due || entry[1].at < due[1].at)) due = entry;
        if (!due) break;
        timers.delete(due[0]);
        nowMs = due[1].at;
        due[1].fn();
      }
      nowMs = target;
    },
    pendingTimers: () => timers.size,
  };
}
