/**
 * The remote's Next / Previous, as rules without a DOM (remote-page.ts wires them to the
 * buttons, swipes and the stage stream). A press becomes a StepRequest (protocol.ts) from
 * the position the phone shows; the speaker's deck takes it and the stage stream brings
 * the new position back.
 *
 * - One step on its way at a time: presses made meanwhile wait (up to `maxQueued`) and
 *   go out one by one, each from the position the one before led to. So three quick taps
 *   are three steps, and none is sent from a slide the deck has already left.
 * - A step that got no answer (a phone between networks, a locked screen) is sent again
 *   with the same `requestId`: the server answers it as the first time and never passes
 *   it on twice.
 * - A step the server ignores as stale (the deck had moved: someone else drove) is
 *   dropped with the presses waiting behind it: they were meant for a slide that is gone.
 * - A step accepted whose deck does not move within `arrivalTimeoutMs` (the deck is not
 *   open on the laptop) ends the wait with a notice, so the buttons never stay stuck.
 *
 * Pure: sending, ids, waits and timers come in; tested in node.
 */
import type { SlidePosition, StepAnswer, StepDirection, StepRequest } from '../../demos/protocol.ts';

/** StepNotice is what the remote tells its user about the last press (null: nothing to say). */
export type StepNotice = null | 'not-driver' | 'no-deck' | 'deck-silent' | 'offline' | 'refused';

/** StepSenderState is what the buttons show. */
export interface StepSenderState {
  /** The step on its way, or waiting for the deck to arrive (null: none). */
  busy: StepDirection | null;
  /** Presses waiting behind it. */
  queued: number;
  notice: StepNotice;
}

/** TimerLike is setTimeout / clearTimeout, injectable for tests. */
export interface TimerLike {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** StepSenderOptions configure createStepSender. */
export interface StepSenderOptions {
  /** Sends one step; throws when no answer came, or for a refusal (then `retryable` says no). */
  send(request: StepRequest): Promise<StepAnswer>;
  /** Whether a failed send may be tried again with the same id (default: always). */
  retryable?(error: unknown): boolean;
  randomId(): string;
  /** Waits before retry n. */
  delayMs(attempt: number): number;
  timers: TimerLike;
  onChange(state: StepSenderState): void;
  /** Tries per step before giving up (default 5). */
  attempts?: number;
  /** Presses kept while one is on its way (default 3). */
  maxQueued?: number;
  /** How long the deck may take to arrive after an accepted step (default 5 s). */
  arrivalTimeoutMs?: number;
}

/** StepSender turns presses into steps. */
export interface StepSender {
  /** press is a tap on Next / Previous (or a swipe). */
  press(step: StepDirection): void;
  /** moved says where the deck is now (every `position` the stage stream brings). */
  moved(position: SlidePosition): void;
  /** forget drops waiting presses (the page was hidden: a press from before is stale news). */
  forget(): void;
  readonly state: StepSenderState;
}

const samePlace = (a: SlidePosition, b: SlidePosition): boolean => a.h === b.h && a.v === b.v && a.f === b.f;

/** createStepSender makes the sender of one remote page. */
export function createStepSender(options: StepSenderOptions): StepSender {
  const attempts = options.attempts ?? 5;
  const maxQueued = options.maxQueued ?? 3;
  const arrivalTimeoutMs = options.arrivalTimeoutMs ?? 5000;
  const retryable = options.retryable ?? (() => true);
  let position: SlidePosition | null = null;
  let busy: { step: StepDirection; from: SlidePosition; arrived: boolean } | null = null;
  let queue: StepDirection[] = [];
  let notice: StepNotice = null;
  let arrivalTimer: unknown;

  const state = (): StepSenderState => ({ busy: busy?.step ?? null, queued: queue.length, notice });
  const changed = (): void => options.onChange(state());

  const finish = (next: StepNotice, dropQueue: boolean): void => {
    if (arrivalTimer !== undefined) options.timers.clear(arrivalTimer);
    arrivalTimer = undefined;
    busy = null;
    notice = next;
    if (dropQueue) queue = [];
    changed();
    sendNext();
  };

  const sendNext = (): void => {
    if (busy || queue.length === 0) return;
    if (!position) {
      queue = [];
      notice = 'no-deck';
      changed();
      return;
    }
    const step = queue.shift()!;
    const current = { step, from: { ...position }, arrived: false };
    busy = current;
    notice = null;
    changed();
    void deliver(current);
  };

  const deliver = async (current: NonNullable<typeof busy>): Promise<void> => {
    const request: StepRequest = { requestId: options.randomId(), step: current.step, from: current.from };
    let answer: StepAnswer | undefined;
    let refused = false;
    for (let attempt = 0; attempt < attempts && !answer && !refused; attempt++) {
      try {
        answer = await options.send(request);
      } catch (error) {
        if (!retryable(error)) refused = true;
        else if (attempt + 1 < attempts) await new Promise<void>((done) => options.timers.set(done, options.delayMs(attempt)));
      }
    }
    if (busy !== current) return; // forgotten meanwhile
    if (!answer) return finish(refused ? 'refused' : 'offline', true);
    // Stale: the deck had left `from`; the press was meant for a slide that is gone.
    if (!answer.accepted) return finish(answer.reason === 'stale' ? null : (answer.reason ?? 'refused'), true);
    // The deck may already have arrived (the stream can be quicker than the answer).
    if (current.arrived) return finish(null, false);
    arrivalTimer = options.timers.set(() => {
      if (busy === current) finish('deck-silent', true);
    }, arrivalTimeoutMs);
  };

  return {
    press(step) {
      if (queue.length >= maxQueued) return;
      queue.push(step);
      if (busy) changed();
      else sendNext();
    },
    moved(next) {
      position = { ...next };
      if (!busy || samePlace(busy.from, next)) return;
      busy.arrived = true;
      // Arrived before the answer: `deliver` finishes when the answer comes.
      if (arrivalTimer !== undefined) finish(null, false);
    },
    forget() {
      queue = [];
      changed();
    },
    get state() {
      return state();
    },
  };
}
