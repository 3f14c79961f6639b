/**
 * The live transport's requests and how it words their failures, its start retries,
 * reconnect checks and defaults (transport-live.test.ts covers the main flows).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DemoInfo, HealthInfo, RunEvent, RunSummary } from '../protocol.ts';
import { ApiRequestError, createLiveTransport, NetworkError, type LiveTransportOptions } from './transport-live.ts';
import { createReplayTransport } from './transport-replay.ts';
import { createFakeFetch, events, FakeEventSource, json, machine, recording, type FakeRoute } from './test-fakes.ts';

const health: HealthInfo = { live: true, version: 'test', control: true, machine };
const base = 'http://127.0.0.1:9999/deck/';
const summary = (runId: string, extra: Partial<RunSummary> = {}): RunSummary => ({ runId, demo: 'd', params: {}, state: 'running', createdAt: '', lastSeq: 0, ...extra });
const run = events([{ type: 'queued', position: 0 }, { type: 'stdout', text: 'a' }, { type: 'end', outcome: 'ok', durationMs: 1 }]);

function live(routes: Record<string, FakeRoute>, extra: Partial<LiveTransportOptions> = {}) {
  const fake = createFakeFetch(routes);
  const streams: FakeEventSource[] = [];
  const transport = createLiveTransport({
    baseUrl: base,
    health,
    fetch: fake.fetch,
    eventSource: (url) => {
      const es = new FakeEventSource(url);
      streams.push(es);
      return es;
    },
    ...extra,
  });
  return { transport, fake, streams };
}

/** failure returns what a promise rejects with. */
const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => 'resolved', (error: unknown) => error);

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('requests', () => {
  it('sends JSON with the token, uncached, and a content type only with a body', async () => {
    const inits: RequestInit[] = [];
    const { transport } = live(
      {
        'GET /deck/api/runs': (_url, init) => (inits.push(init!), json([])),
        'POST /deck/api/runs/r1/cancel': (_url, init) => (inits.push(init!), json(summary('r1', { state: 'done' }))),
      },
      { token: 'tok' },
    );
    await transport.findActive('d');
    await transport.cancel('r1');
    expect(inits[0]).toMatchObject({ method: 'GET', cache: 'no-store', body: undefined, headers: { accept: 'application/json', authorization: 'Bearer tok' } });
    expect(inits[0]!.headers).not.toHaveProperty('content-type');
    expect(inits[1]).toMatchObject({ method: 'POST', body: '{}', headers: { accept: 'application/json', 'content-type': 'application/json', authorization: 'Bearer tok' } });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up on a request after 15 s by default, saying which', async () => {
    const hang: FakeRoute = (_url, init) => new Promise((_, fail) => init?.signal?.addEventListener('abort', () => fail(new Error('aborted'))));
    const { transport } = live({ 'GET /deck/api/demos': hang });
    const error = failure(transport.demos());
    await vi.advanceTimersByTimeAsync(14_999);
    await vi.advanceTimersByTimeAsync(1);
    expect(await error).toEqual(new NetworkError('The demo server did not answer GET api/demos within 15 s.'));
    expect(((await error) as Error).name).toBe('NetworkError');
  });

  it('says why it could not reach the server', async () => {
    const { transport } = live({ 'GET /deck/api/runs': () => new TypeError('Failed to fetch') });
    expect(await failure(transport.findActive('a b'))).toEqual(new NetworkError('Cannot reach the demo server (GET api/runs?demo=a%20b): Failed to fetch'));
    const odd = createLiveTransport({ baseUrl: base, health, fetch: () => Promise.reject('plain string') });
    expect(((await failure(odd.demos())) as Error).message).toBe('Cannot reach the demo server (GET api/demos): plain string');
  });

  it('words a failed answer from its body: the server’s error, else the status and a short text', async () => {
    const answers: Array<[() => Response, ApiRequestError]> = [
      [() => json({ error: { code: 'bad', message: 'no', issues: ['a', 'b'] } }, 400), new ApiRequestError(400, 'bad', 'no', ['a', 'b'])],
      [() => json({ error: { message: 'no code' } }, 500), new ApiRequestError(500, 'internal', 'no code')],
      [() => json({ error: { code: 'x' } }, 500), new ApiRequestError(500, 'internal', 'GET api/demos failed: HTTP 500 ({"error":{"code":"x"}})')],
      [() => json(null, 502), new ApiRequestError(502, 'internal', 'GET api/demos failed: HTTP 502 (null)')],
      [() => new Response('<html>Bad gateway</html>', { status: 502 }), new ApiRequestError(502, 'internal', 'GET api/demos failed: HTTP 502')],
      [() => new Response('   ', { status: 404 }), new ApiRequestError(404, 'not-found', 'GET api/demos failed: HTTP 404')],
      [() => new Response(`  ${'x'.repeat(300)}  `, { status: 503 }), new ApiRequestError(503, 'internal', `GET api/demos failed: HTTP 503 (${'x'.repeat(200)})`)],
    ];
    for (const [answer, expected] of answers) {
      const { transport } = live({ 'GET /deck/api/demos': answer });
      const error = (await failure(transport.demos())) as ApiRequestError;
      expect(error).toBeInstanceOf(ApiRequestError);
      expect({ status: error.status, code: error.code, message: error.message, issues: error.issues }).toEqual({
        status: expected.status, code: expected.code, message: expected.message, issues: expected.issues,
      });
      expect(error.name).toBe('ApiRequestError');
    }
    expect(new ApiRequestError(400, 'bad', 'no').issues).toEqual([]);
    expect(new ApiRequestError(400, 'bad', 'no', ['a', 'b']).message).toBe('no: a; b');
  });

  it('words an answer whose body cannot be read by its status', async () => {
    const unreadable = { ok: false, status: 500, text: () => Promise.reject(new Error('reset')) } as unknown as Response;
    const transport = createLiveTransport({ baseUrl: base, health, fetch: async () => unreadable });
    expect(((await failure(transport.demos())) as Error).message).toBe('GET api/demos failed: HTTP 500');
  });
});

describe('start', () => {
  it('sends the files of an edited run and a fresh request id (a UUID by default)', async () => {
    const bodies: unknown[] = [];
    const { transport } = live({ 'POST /deck/api/runs': (_url, init) => (bodies.push(JSON.parse(init!.body as string)), json(summary('r1'), 202)) });
    await transport.start('d', { n: 1 }, { 'main.go': 'package main' });
    await transport.start('d', { n: 1 });
    expect(bodies[0]).toEqual({ demo: 'd', params: { n: 1 }, requestId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/), files: { 'main.go': 'package main' } });
    expect(bodies[1]).not.toHaveProperty('files');
    expect((bodies[1] as { requestId: string }).requestId).not.toBe((bodies[0] as { requestId: string }).requestId);
  });

  it('tries 5 times by default when the network fails, waiting between tries', async () => {
    const { transport, fake } = live({ 'POST /deck/api/runs': () => new TypeError('Failed to fetch') });
    const error = failure(transport.start('d', {}));
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await error).toBeInstanceOf(NetworkError);
    expect(fake.calls).toHaveLength(5);
  });

  it('retries a gateway’s 502, 503 and 504, never another status', async () => {
    for (const [status, tries] of [[502, 3], [503, 3], [504, 3], [500, 1], [501, 1], [505, 1], [429, 1]] as const) {
      const { transport, fake } = live({ 'POST /deck/api/runs': () => json({ error: { code: 'internal', message: 'x' } }, status) }, { startAttempts: 3 });
      const error = failure(transport.start('d', {}));
      await vi.advanceTimersByTimeAsync(60_000);
      expect(await error, String(status)).toBeInstanceOf(ApiRequestError);
      expect(fake.calls, String(status)).toHaveLength(tries);
    }
  });
});

describe('runs, demos and sources', () => {
  it('keeps only the demo’s own runs from the list', async () => {
    const { transport } = live({ 'GET /deck/api/runs': () => json([summary('other', { demo: 'e' }), summary('mine')]) });
    expect((await transport.findActive('d'))?.runId).toBe('mine');
    expect((await transport.latest('d', { match: {}, key: 'd' }))?.runId).toBe('mine');
  });

  it('is null without a run or a recording', async () => {
    const { transport } = live({ 'GET /deck/api/runs': () => json([]) });
    expect(await transport.latest('d', { match: {}, key: 'd' })).toBeNull();
  });

  it('asks for the demos once, and again after a failure', async () => {
    let answers = 0;
    const demo = { id: 'd' } as unknown as DemoInfo;
    const { transport, fake } = live({ 'GET /deck/api/demos': () => (answers++ === 0 ? json({ error: { code: 'internal', message: 'busy' } }, 500) : json([demo])) });
    expect(await failure(transport.demos())).toBeInstanceOf(ApiRequestError);
    expect(await transport.demos()).toEqual([demo]);
    expect(await transport.demos()).toEqual([demo]);
    expect(fake.calls.map((call) => call.url.pathname)).toEqual(['/deck/api/demos', '/deck/api/demos']);
  });

  it('hands recordings to the replay transport it was given, and calls everything else live', async () => {
    const recordings = createReplayTransport({ baseUrl: base, fetch: createFakeFetch({ 'GET /deck/recordings/d.json': () => json(recording('d', run)) }).fetch, instant: true });
    const { transport, streams } = live({}, { recordings });
    const seen: number[] = [];
    transport.watch('recording:d', 0, (e) => seen.push(e.seq));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([1, 2, 3]);
    expect(streams).toHaveLength(0);
    const recorded = (await recordings.latest('d', { match: {}, key: 'd' }))!;
    expect(transport.sourceOf(recorded)).toMatchObject({ kind: 'recorded', machine });
    expect(transport.sourceOf(summary('r1'))).toEqual({ kind: 'live' });
    transport.watch('r1', 0, () => {});
    expect(streams.map((stream) => stream.url)).toEqual([`${base}api/runs/r1/events?after=0`]);
    const alone = live({});
    alone.transport.watch('recording:d', 0, () => {});
    expect(alone.streams[0]?.url).toBe(`${base}api/runs/recording%3Ad/events?after=0`);
    expect(alone.transport.sourceOf(recorded)).toEqual({ kind: 'live' });
  });

  it('opens the browser’s EventSource by default', () => {
    const opened: string[] = [];
    vi.stubGlobal('EventSource', class extends FakeEventSource {
      constructor(url: string) {
        super(url);
        opened.push(url);
      }
    });
    createLiveTransport({ baseUrl: base, health, fetch: createFakeFetch({}).fetch }).watch('r1', 3, () => {});
    expect(opened).toEqual([`${base}api/runs/r1/events?after=3`]);
  });
});

describe('watch', () => {
  it('works without hooks, or with hooks that leave out onConnection', async () => {
    for (const hooks of [undefined, {}]) {
      const { transport, streams } = live({ 'GET /deck/api/runs/r1': () => json({ error: { code: 'not-found', message: 'gone' } }, 404) }, { checkRunAfterFailures: 1 });
      const seen: RunEvent[] = [];
      transport.watch('r1', 0, (e) => seen.push(e), hooks);
      streams[0]!.open();
      streams[0]!.send(run[0]!);
      streams[0]!.fail();
      await vi.advanceTimersByTimeAsync(1000);
      expect(seen).toHaveLength(1);
    }
  });

  it('ignores a message that is not an event, and closing twice is harmless', () => {
    const { transport, streams } = live({});
    const seen: RunEvent[] = [];
    const stop = transport.watch('r1', 0, (e) => seen.push(e));
    streams[0]!.onmessage?.({ data: 'not json' });
    streams[0]!.onmessage?.({ data: '{"type":"stdout"}' });
    for (const event of run) streams[0]!.send(event);
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(() => stop()).not.toThrow();
  });

  it('says which attempt it is on', async () => {
    const { transport, streams } = live({ 'GET /deck/api/runs/r1': () => json(summary('r1')) });
    const said: string[] = [];
    transport.watch('r1', 0, () => {}, { onConnection: (state, message) => said.push(`${state}: ${message}`) });
    streams[0]!.fail();
    await vi.advanceTimersByTimeAsync(250);
    streams[1]!.fail();
    expect(said).toEqual(['reconnecting: Connection to the demo server lost; retrying (attempt 1)…', 'reconnecting: Connection to the demo server lost; retrying (attempt 2)…']);
  });

  it('stops reconnecting when unsubscribed during the backoff', async () => {
    const { transport, streams } = live({});
    const stop = transport.watch('r1', 0, () => {});
    streams[0]!.fail();
    stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(streams).toHaveLength(1);
  });

  /** afterCheck fails the stream until the run has been checked once (every 3rd failure), then says what happened. */
  async function afterCheck(check: FakeRoute, sent = 0) {
    const { transport, streams, fake } = live({ 'GET /deck/api/runs/r%201': check });
    const said: string[] = [];
    transport.watch('r 1', 0, () => {}, { onConnection: (state, message) => said.push(`${state}${message ? `: ${message}` : ''}`) });
    for (const event of run.slice(0, sent)) streams[0]!.send(event);
    for (let failure = 0; failure < 3; failure++) {
      streams.at(-1)!.fail();
      await vi.advanceTimersByTimeAsync(failure < 2 ? 5000 : 0);
    }
    await vi.advanceTimersByTimeAsync(5000);
    return { said: said.filter((line) => !line.startsWith('reconnecting')), streams, checks: fake.calls.length };
  }

  it('keeps trying while the run is there and unfinished, or the check itself fails', async () => {
    for (const check of [() => json(summary('r 1')), () => json(summary('r 1', { state: 'done', lastSeq: 3 })), () => json({ error: { code: 'internal', message: 'x' } }, 500), () => new TypeError('Failed to fetch')]) {
      const { said, streams, checks } = await afterCheck(check, 2);
      expect(checks).toBe(1);
      expect(said).toEqual([]);
      expect(streams).toHaveLength(4);
    }
  });

  it('gives up on a finished run whose events it all has, or one the server forgot', async () => {
    const finished = await afterCheck(() => json(summary('r 1', { state: 'done', lastSeq: 2 })), 2);
    expect(finished.said).toEqual(['lost: Run r 1 finished, but its end was not received.']);
    expect(finished.streams).toHaveLength(3);
    const forgotten = await afterCheck(() => json({ error: { code: 'not-found', message: 'no' } }, 404));
    expect(forgotten.said).toEqual(['lost: Run r 1 is no longer on the demo server (was it restarted?).']);
  });

  it('says nothing more once unsubscribed while the check is under way', async () => {
    let answer: (response: Response) => void = () => undefined;
    const { transport, streams } = live({ 'GET /deck/api/runs/r1': () => new Promise<Response>((resolve) => (answer = resolve)) }, { checkRunAfterFailures: 1 });
    const said: string[] = [];
    const stop = transport.watch('r1', 0, () => {}, { onConnection: (state) => said.push(state) });
    streams[0]!.fail();
    await vi.advanceTimersByTimeAsync(0);
    stop();
    answer(json({ error: { code: 'not-found', message: 'no' } }, 404));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(said).toEqual(['reconnecting']);
    expect(streams).toHaveLength(1);
  });
});
