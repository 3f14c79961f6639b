import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DriveAnswer, DriveRequest, SlidePosition } from '../protocol.ts';
import { samePosition } from '../slide-position.ts';
import { createPositionPublisher } from './position-publisher.ts';

const p = (h: number, v = 0, f = -1): SlidePosition => ({ h, v, f });

/** fakeServer applies the driver's rules (server/stage/driver.ts) to requests, recording each. */
function fakeServer() {
  let position: SlidePosition | null = null;
  let seq = 0;
  const answers = new Map<string, DriveAnswer>();
  const requests: DriveRequest[] = [];
  let failNext = 0;
  const send = async (request: DriveRequest): Promise<DriveAnswer> => {
    requests.push(structuredClone(request));
    await Promise.resolve();
    if (failNext > 0) {
      failNext -= 1;
      throw new Error('network down');
    }
    const earlier = answers.get(request.requestId);
    if (earlier) return earlier;
    let answer: DriveAnswer;
    if (request.from && !samePosition(request.from, position)) answer = { applied: false, reason: 'stale', position, seq };
    else if (samePosition(request.position, position)) answer = { applied: false, reason: 'unchanged', position, seq };
    else {
      position = request.position;
      seq += 1;
      answer = { applied: true, position, seq };
    }
    answers.set(request.requestId, answer);
    return answer;
  };
  return {
    send,
    requests,
    get position() {
      return position;
    },
    moveElsewhere(to: SlidePosition) {
      position = to;
      seq += 1;
    },
    failNext(n: number) {
      failNext = n;
    },
  };
}

let ids = 0;
const randomId = (): string => `id-${++ids}`;

/** movedElsewhereThenPressed: the deck published p(1), someone else moved it to p(9), then a key press publishes p(2) (not yet answered). */
async function movedElsewhereThenPressed() {
  const server = fakeServer();
  const publisher = createPositionPublisher({ send: server.send, randomId });
  publisher.publish(p(1));
  await publisher.idle();
  server.moveElsewhere(p(9));
  publisher.publish(p(2));
  return { server, publisher };
}

describe('position publisher', () => {
  it('sends each move from the position the server last answered', async () => {
    const server = fakeServer();
    const publisher = createPositionPublisher({ send: server.send, randomId });
    publisher.publish(p(1));
    await publisher.idle();
    publisher.publish(p(1, 0, 0));
    await publisher.idle();
    expect(server.requests.map(({ position, from }) => ({ position, from }))).toEqual([
      { position: p(1), from: undefined },
      { position: p(1, 0, 0), from: p(1) },
    ]);
    expect(server.position).toEqual(p(1, 0, 0));
    expect(publisher.confirmed).toEqual(p(1, 0, 0));
  });

  it('collapses keys pressed while a move is on its way into one move to the newest place', async () => {
    const server = fakeServer();
    const publisher = createPositionPublisher({ send: server.send, randomId });
    publisher.publish(p(1));
    publisher.publish(p(2));
    publisher.publish(p(3));
    publisher.publish(p(4));
    await publisher.idle();
    expect(server.requests.map((request) => request.position.h)).toEqual([1, 4]);
    expect(server.requests[1]!.from).toEqual(p(1));
    expect(server.position).toEqual(p(4));
    // Publishing where the server already is sends nothing.
    publisher.publish(p(4));
    await publisher.idle();
    expect(server.requests).toHaveLength(2);
  });

  it('retries a move that got no answer with the same request id', async () => {
    const server = fakeServer();
    const publisher = createPositionPublisher({ send: server.send, randomId, delayMs: () => 1 });
    server.failNext(2);
    publisher.publish(p(5));
    await publisher.idle();
    expect(server.requests).toHaveLength(3);
    expect(new Set(server.requests.map((request) => request.requestId)).size).toBe(1);
    expect(server.position).toEqual(p(5));
  });

  it('gives up on a move after its attempts, and sends the next one without `from`', async () => {
    const server = fakeServer();
    const publisher = createPositionPublisher({ send: server.send, randomId, delayMs: () => 1, attempts: 2 });
    publisher.publish(p(1));
    await publisher.idle();
    server.failNext(2);
    publisher.publish(p(2));
    await publisher.idle();
    expect(publisher.confirmed).toBeUndefined();
    publisher.publish(p(3));
    await publisher.idle();
    expect(server.requests.at(-1)).toMatchObject({ position: p(3) });
    expect(server.requests.at(-1)!.from).toBeUndefined();
    expect(server.position).toEqual(p(3));
  });

  it('does not retry what `retryable` refuses (a 403: no token)', async () => {
    const server = fakeServer();
    server.failNext(5);
    const publisher = createPositionPublisher({ send: server.send, randomId, delayMs: () => 1, retryable: () => false });
    publisher.publish(p(1));
    await publisher.idle();
    expect(server.requests).toHaveLength(1);
  });

  it('says again where the deck is when someone else moved meanwhile (stale)', async () => {
    const { server, publisher } = await movedElsewhereThenPressed();
    await publisher.idle();
    expect(server.requests.slice(1).map(({ position, from }) => ({ position, from }))).toEqual([
      { position: p(2), from: p(1) },
      { position: p(2), from: p(9) },
    ]);
    expect(server.position).toEqual(p(2));
    expect(publisher.confirmed).toEqual(p(2));
  });
});

describe('position publisher, its defaults and waits', () => {
  afterEach(() => vi.useRealTimers());

  it('makes request ids with crypto.randomUUID when given none', async () => {
    const server = fakeServer();
    const publisher = createPositionPublisher({ send: server.send });
    publisher.publish(p(1));
    await publisher.idle();
    expect(server.requests[0]!.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('waits 250 ms doubling between tries by default, and not after the last', async () => {
    vi.useFakeTimers();
    const server = fakeServer();
    server.failNext(3);
    const publisher = createPositionPublisher({ send: server.send, randomId, attempts: 3 });
    publisher.publish(p(1));
    let idle = false;
    void publisher.idle().then(() => (idle = true));
    await vi.advanceTimersByTimeAsync(249);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(500);
    expect(server.requests).toHaveLength(3);
    // Given up at once: no wait is left behind the last try.
    expect(vi.getTimerCount()).toBe(0);
    expect(idle).toBe(true);
  });

  it('after a stale answer, goes on to a newer key press instead of resending the old one', async () => {
    const { server, publisher } = await movedElsewhereThenPressed();
    publisher.publish(p(3)); // pressed while p(2) is on its way
    await publisher.idle();
    expect(server.requests.slice(1).map(({ position, from }) => ({ position, from }))).toEqual([
      { position: p(2), from: p(1) },
      { position: p(3), from: p(9) },
    ]);
  });
});
