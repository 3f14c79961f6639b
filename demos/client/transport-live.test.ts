import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HealthInfo, RunEvent, RunSummary } from '../protocol.ts';
import { ApiRequestError, createLiveTransport } from './transport-live.ts';
import { createReplayTransport } from './transport-replay.ts';
import { createFakeFetch, events, FakeEventSource, json, machine, recording } from './test-fakes.ts';

const health: HealthInfo = { live: true, version: 'test', control: true, machine };
const base = 'http://127.0.0.1:9999/deck/';

function summary(runId: string, state: RunSummary['state'] = 'queued', createdAt = '2026-11-27T00:00:00Z'): RunSummary {
  return { runId, demo: 'ffi-overhead', params: {}, state, createdAt, lastSeq: 0 };
}

const run = events([
  { type: 'queued', position: 0 },
  { type: 'status', phase: 'running', message: 'go' },
  { type: 'stdout', text: 'a' },
  { type: 'stdout', text: 'b' },
  { type: 'end', outcome: 'ok', durationMs: 9 },
]);

describe('live transport: watch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const streams: FakeEventSource[] = [];
    const fake = createFakeFetch({ 'GET /deck/api/runs/r1': () => json(summary('r1', 'running')) });
    const transport = createLiveTransport({
      baseUrl: base,
      health,
      fetch: fake.fetch,
      eventSource: (url) => {
        const es = new FakeEventSource(url);
        streams.push(es);
        return es;
      },
    });
    const seen: RunEvent[] = [];
    const states: string[] = [];
    const stop = transport.watch('r1', 0, (e) => seen.push(e), { onConnection: (s) => states.push(s) });
    return { streams, seen, states, stop, fake };
  }

  it('resumes after the last seq with backoff and delivers nothing twice', async () => {
    const { streams, seen, states } = setup();
    expect(streams[0]!.url).toBe(`${base}api/runs/r1/events?after=0`);
    streams[0]!.open();
    streams[0]!.send(run[0]!);
    streams[0]!.send(run[1]!);
    streams[0]!.fail();
    expect(streams[0]!.closed).toBe(true);
    expect(states).toEqual(['open', 'reconnecting']);
    expect(streams).toHaveLength(1); // waits for the backoff first
    await vi.advanceTimersByTimeAsync(250);
    expect(streams[1]!.url).toBe(`${base}api/runs/r1/events?after=2`);
    // A server that ignores `after` and replays everything: old seqs are dropped.
    for (const e of run) streams[1]!.send(e);
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(streams[1]!.closed).toBe(true); // closed after `end`: no reconnect to a finished run
    await vi.advanceTimersByTimeAsync(10_000);
    expect(streams).toHaveLength(2);
  });

  it('backs off longer after repeated failures', async () => {
    const { streams } = setup();
    streams[0]!.fail();
    await vi.advanceTimersByTimeAsync(250);
    streams[1]!.fail();
    await vi.advanceTimersByTimeAsync(499);
    expect(streams).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(streams).toHaveLength(3);
  });

  it('gives up with a clear message when the run is gone from the server', async () => {
    const streams: FakeEventSource[] = [];
    const fake = createFakeFetch({
      'GET /deck/api/runs/r1': () => json({ error: { code: 'not-found', message: 'no such run' } }, 404),
    });
    const transport = createLiveTransport({
      baseUrl: base,
      health,
      fetch: fake.fetch,
      checkRunAfterFailures: 2,
      eventSource: (url) => {
        const es = new FakeEventSource(url);
        streams.push(es);
        return es;
      },
    });
    const lost: string[] = [];
    transport.watch('r1', 0, () => {}, { onConnection: (s, m) => s === 'lost' && lost.push(m ?? '') });
    streams[0]!.fail();
    await vi.advanceTimersByTimeAsync(250);
    streams[1]!.fail();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(streams).toHaveLength(2);
    expect(lost[0]).toMatch(/no longer on the demo server/);
  });

  it('stops delivering after unsubscribe', async () => {
    const { streams, seen, stop } = setup();
    streams[0]!.send(run[0]!);
    stop();
    streams[0]!.send(run[1]!);
    expect(seen).toHaveLength(1);
    expect(streams[0]!.closed).toBe(true);
  });
});

describe('live transport: start, find, cancel', () => {
  it('retries a failed POST with the same requestId (one run, not two)', async () => {
    let attempts = 0;
    const fake = createFakeFetch({
      'POST /deck/api/runs': () => {
        attempts += 1;
        return attempts < 3 ? new TypeError('Failed to fetch') : json(summary('r7'), 202);
      },
    });
    let n = 0;
    const transport = createLiveTransport({ baseUrl: base, health, fetch: fake.fetch, randomId: () => `req-${++n}` });
    const started = await transport.start('ffi-overhead', { iterations: 1000 });
    expect(started.runId).toBe('r7');
    const bodies = fake.calls.map((c) => c.body as { requestId: string; params: unknown });
    expect(bodies).toHaveLength(3);
    expect(new Set(bodies.map((b) => b.requestId))).toEqual(new Set(['req-1']));
    expect(bodies[0]!.params).toEqual({ iterations: 1000 });
  });

  it('surfaces the server’s ApiError without retrying a 4xx', async () => {
    const fake = createFakeFetch({
      'POST /deck/api/runs': () =>
        json({ error: { code: 'bad-params', message: 'Invalid params for ffi-overhead', issues: ['iterations: too big'] } }, 400),
    });
    const transport = createLiveTransport({ baseUrl: base, health, fetch: fake.fetch });
    const error = await transport.start('ffi-overhead', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).code).toBe('bad-params');
    expect((error as Error).message).toBe('Invalid params for ffi-overhead: iterations: too big');
    expect(fake.calls).toHaveLength(1);
  });

  it('finds the running run, and the newest one, filtered by the slide’s params', async () => {
    const list: RunSummary[] = [
      { ...summary('r3', 'queued'), params: { direction: 'c-to-go' } },
      { ...summary('r2', 'running'), params: { direction: 'go-to-c' } },
      { ...summary('r1', 'done'), params: { direction: 'go-to-c' } },
    ];
    const fake = createFakeFetch({ 'GET /deck/api/runs': () => json(list) });
    const transport = createLiveTransport({ baseUrl: base, health, fetch: fake.fetch });
    expect((await transport.findActive('ffi-overhead'))?.runId).toBe('r2');
    expect((await transport.findActive('ffi-overhead', { direction: 'c-to-go' }))?.runId).toBe('r3');
    expect((await transport.latest('ffi-overhead', { match: { direction: 'go-to-c' }, key: 'ffi-overhead' }))?.runId).toBe('r2');
    expect(fake.calls[0]!.url.searchParams.get('demo')).toBe('ffi-overhead');
  });

  it('never follows a run of edited code: its output belongs beside that code only', async () => {
    const list: RunSummary[] = [
      { ...summary('r2', 'running'), edited: true },
      { ...summary('r1', 'done') },
    ];
    const fake = createFakeFetch({ 'GET /deck/api/runs': () => json(list) });
    const transport = createLiveTransport({ baseUrl: base, health, fetch: fake.fetch });
    expect(await transport.findActive('ffi-overhead')).toBeNull();
    expect((await transport.latest('ffi-overhead', { match: {}, key: 'ffi-overhead' }))?.runId).toBe('r1');
  });

  it('hands out the recording of a key even while the server has runs, and keeps it for when the server is gone', async () => {
    const list: RunSummary[] = [{ ...summary('r1', 'done') }];
    let serverUp = true;
    const fake = createFakeFetch({
      'GET /deck/api/runs': () => json(list),
      'GET /deck/api/recordings/ffi-overhead': () => (serverUp ? json(recording('ffi-overhead', run)) : new Error('connection refused')),
    });
    const recordings = createReplayTransport({ baseUrl: base, fetch: fake.fetch, recordingPaths: (key) => [`api/recordings/${key}`], indexPath: 'none.json' });
    const transport = createLiveTransport({ baseUrl: base, health, fetch: fake.fetch, recordings });
    const select = { match: {}, key: 'ffi-overhead' };
    expect((await transport.latest('ffi-overhead', select))?.runId).toBe('r1');
    const recorded = await transport.recorded('ffi-overhead', select);
    expect(recorded?.runId).toBe('recording:ffi-overhead');
    expect(transport.sourceOf(recorded!)).toMatchObject({ kind: 'recorded', machine });
    serverUp = false;
    expect((await transport.recorded('ffi-overhead', select))?.runId).toBe('recording:ffi-overhead');
    expect(await createLiveTransport({ baseUrl: base, health, fetch: fake.fetch }).recorded('ffi-overhead', select)).toBeNull();
  });

  it('cancels through the API and reports whether it may control', async () => {
    const fake = createFakeFetch({ 'POST /deck/api/runs/r1/cancel': () => json({ ...summary('r1', 'done'), outcome: 'cancelled' }) });
    const transport = createLiveTransport({ baseUrl: base, health: { ...health, control: false }, fetch: fake.fetch });
    expect(transport.canControl).toBe(false);
    expect((await transport.cancel('r1')).outcome).toBe('cancelled');
  });
});
