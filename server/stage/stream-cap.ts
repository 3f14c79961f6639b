/**
 * The cap on open stage streams. Every follower holds one socket and a listener for as
 * long as it watches; an audience is large but finite, and a flood of streams (a script,
 * a reload storm) must not take the memory and sockets the speaker's runs need. Beyond
 * the cap a new stream is refused (HTTP 503 with a message) while those open keep going.
 * Pure, so the counting is unit-tested.
 */

/** defaultMaxStageStreams is the cap without `--max-streams`: a large room, with room to spare. */
export const defaultMaxStageStreams = 500;

/** StreamCap counts open streams against a maximum. */
export interface StreamCap {
  readonly open: number;
  readonly max: number;
  /** tryOpen takes a slot and returns its release (safe to call twice), or undefined when all are taken. */
  tryOpen(): (() => void) | undefined;
}

/** createStreamCap makes a cap of `max` streams (an integer ≥ 1). */
export function createStreamCap(max: number = defaultMaxStageStreams): StreamCap {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`the stream cap must be an integer ≥ 1, got ${max}`);
  let open = 0;
  return {
    get open() {
      return open;
    },
    max,
    tryOpen() {
      if (open >= max) return undefined;
      open += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open -= 1;
      };
    },
  };
}

/** parseMaxStreams reads `--max-streams N`: a whole number ≥ 1, or the reason it is not. */
export function parseMaxStreams(raw: string): { ok: true; value: number } | { ok: false; message: string } {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < 1) {
    return { ok: false, message: `--max-streams must be a whole number ≥ 1, got "${raw}"` };
  }
  return { ok: true, value };
}
