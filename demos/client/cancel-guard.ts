/**
 * The cancel guard: a run the speaker just started cannot be cancelled for a moment.
 * A double click on Run (or a clicker's bounce, or a second press on a button that moved)
 * must never cancel the run the first click started; the Cancel button shows at once but
 * only takes clicks once the guard has passed. Pure: the panel passes the clock.
 */

/** cancelGuardMs is how long after a start Cancel ignores clicks: longer than a double click (≤ 500 ms on common systems). */
export const cancelGuardMs = 800;

/** CancelGuard remembers when this client last started a run. */
export interface CancelGuard {
  /** started records a start (a click on Run, or a widget's own run button) at `nowMs`. */
  started(nowMs: number): void;
  /** allows says whether a cancel at `nowMs` is a real cancel, not the tail of the start's click. */
  allows(nowMs: number): boolean;
  /** remainingMs is how long until a cancel is allowed (0 when it is). */
  remainingMs(nowMs: number): number;
}

/** createCancelGuard returns a guard that holds for `guardMs` after each start. */
export function createCancelGuard(guardMs: number = cancelGuardMs): CancelGuard {
  let startedAt = Number.NEGATIVE_INFINITY;
  const remainingMs = (nowMs: number): number => Math.max(0, startedAt + guardMs - nowMs);
  return {
    started(nowMs) {
      startedAt = nowMs;
    },
    allows(nowMs) {
      return remainingMs(nowMs) === 0;
    },
    remainingMs,
  };
}
