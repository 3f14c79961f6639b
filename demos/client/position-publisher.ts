/**
 * The speaker's deck telling the server where it is (`POST api/stage/position`), so the
 * audience follows. The deck is the driver; its moves are DriveRequests (protocol.ts).
 *
 * - One request at a time, newest position wins: keys pressed while a request is on its
 *   way collapse into one move to where the deck is then, so moves never arrive out of
 *   order and a burst of keys is one request, not ten.
 * - Each move carries `from`, the server's position as last answered, and its own
 *   `requestId`; a request that got no answer (network) is retried with the same id, so
 *   the server applies it at most once.
 * - A move refused as stale (someone else moved the audience meanwhile: a second speaker
 *   tab; later, the phone remote) is sent again from the position the server answered:
 *   a key pressed on the speaker's laptop says where the talk is.
 *
 * DOM-free: the request function is injected, tested in node.
 */
import type { DriveAnswer, DriveRequest, SlidePosition } from '../protocol.ts';
import { samePosition } from '../slide-position.ts';
import { backoffDelayMs } from './event-sequence.ts';

/** PositionPublisherOptions configure createPositionPublisher. */
export interface PositionPublisherOptions {
  /** Sends one request; throws when no answer came (a 4xx answer is thrown too, and not retried when `retryable` says so). */
  send(request: DriveRequest): Promise<DriveAnswer>;
  /** Whether a failed send may be retried with the same id (default: always). */
  retryable?: (error: unknown) => boolean;
  /** Makes request ids (default `crypto.randomUUID`). */
  randomId?: () => string;
  /** Tries per move before giving up on it (default 4). */
  attempts?: number;
  /** Waits before retry n (default backoffDelayMs). */
  delayMs?: (attempt: number) => number;
}

/** PositionPublisher publishes the deck's position. */
export interface PositionPublisher {
  /** publish says the deck is at `position` now. */
  publish(position: SlidePosition): void;
  /** idle resolves once nothing is waiting to be sent (tests). */
  idle(): Promise<void>;
  /** The server's position as last answered (undefined: not known). */
  readonly confirmed: SlidePosition | null | undefined;
}

/** createPositionPublisher makes the publisher of one deck. */
export function createPositionPublisher(options: PositionPublisherOptions): PositionPublisher {
  const randomId = options.randomId ?? (() => globalThis.crypto.randomUUID());
  const attempts = options.attempts ?? 4;
  const delayMs = options.delayMs ?? backoffDelayMs;
  const retryable = options.retryable ?? (() => true);
  let wanted: SlidePosition | null = null;
  let confirmed: SlidePosition | null | undefined;
  /** The loop sending moves; `pumping` is false from the moment it stops taking new ones. */
  let running: Promise<void> = Promise.resolve();
  let pumping = false;

  /** sendMove sends one move (retrying with its id); undefined when it never got an answer. */
  const sendMove = async (position: SlidePosition): Promise<DriveAnswer | undefined> => {
    const request: DriveRequest = { requestId: randomId(), position, ...(confirmed ? { from: confirmed } : {}) };
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        return await options.send(request);
      } catch (error) {
        if (!retryable(error) || attempt + 1 >= attempts) return undefined;
        await new Promise((done) => setTimeout(done, delayMs(attempt)));
      }
    }
    return undefined;
  };

  const pump = async (): Promise<void> => {
    pumping = true;
    try {
      await sendWanted();
    } finally {
      pumping = false;
    }
  };

  const sendWanted = async (): Promise<void> => {
    while (wanted) {
      const target = wanted;
      wanted = null;
      if (confirmed !== undefined && samePosition(target, confirmed)) continue;
      let answer = await sendMove(target);
      if (answer?.reason === 'stale') {
        confirmed = answer.position;
        // A newer key press goes out next anyway (from the new position).
        if (!wanted) answer = await sendMove(target);
      }
      // No answer: the server's position is unknown; the next move goes without `from`.
      confirmed = answer ? answer.position : undefined;
    }
  };

  return {
    publish(position) {
      wanted = { ...position };
      if (!pumping) running = pump();
    },
    idle: () => running,
    get confirmed() {
      return confirmed;
    },
  };
}
