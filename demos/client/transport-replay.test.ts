import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../protocol.ts';
import { createReplayTransport, replayDelaysMs } from './transport-replay.ts';
import { chooseTransport } from './transport.ts';
import { createFakeFetch, events, json, machine, recording } from './test-fakes.ts';

const base = 'http://127.0.0.1:9999/talk/';
const run = events([
  { type: 'queued', position: 0, tMs: 0 },
  { type: 'status', phase: 'running', message: 'go', tMs: 100 },
  { type: 'sample', key: 'c', values: { durationNs: 2 }, tMs: 5000 },
  { type: 'end', outcome: 'ok', durationMs: 5100, tMs: 5100 },
]);

describe('replayDelaysMs', () => {
  it('keeps short gaps and caps long ones', () => {
    expect(replayDelaysMs(run, 300)).toEqual([0, 100, 300, 100]);
    expect(replayDelaysMs(run, 300, true)).toEqual([0, 0, 0, 0]);
    // 100 + 300 + 100 = 500 ms squeezed into 250 ms, in proportion.
    expect(replayDelaysMs(run, 300, false, 250)).toEqual([0, 50, 150, 50]);
  });
});

/** sel is the selector of a recording key (the transport only reads the key). */
const sel = (key: string) => ({ match: {}, key });

describe('replay transport', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('labels a recording with the machine-speed check it carries', async () => {
    const machineSpeed = { rateGHz: 3.6, bestRateGHz: 3.7, slowdownPct: 2.7, cpuSharePct: 99.8, stealPct: 0, inflatedPct: null, loadAvg: 0.2, cpuCount: 2, flagged: false, reasons: [] };
    const fake = createFakeFetch({ 'GET /talk/recordings/ffi-overhead.json': () => json({ ...recording('ffi-overhead', run), machineSpeed }) });
    const transport = createReplayTransport({ baseUrl: base, fetch: fake.fetch });
    const latest = await transport.latest('ffi-overhead', sel('ffi-overhead'));
    expect(transport.sourceOf(latest!)).toEqual({ kind: 'recorded', recordedAt: '2026-11-20T10:00:00.000Z', machine, machineSpeed });
  });

  it('replays a recording with compressed delays and labels its source', async () => {
    const fake = createFakeFetch({ 'GET /talk/recordings/ffi-overhead.json': () => json(recording('ffi-overhead', run)) });
    const transport = createReplayTransport({ baseUrl: base, fetch: fake.fetch });
    const latest = await transport.latest('ffi-overhead', sel('ffi-overhead'));
    expect(latest?.state).toBe('done');
    expect(transport.sourceOf(latest!)).toEqual({ kind: 'recorded', recordedAt: '2026-11-20T10:00:00.000Z', machine });
    const seen: RunEvent[] = [];
    transport.watch(latest!.runId, 0, (e) => seen.push(e));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen.map((e) => e.seq)).toEqual([1]);
    await vi.advanceTimersByTimeAsync(100);
    expect(seen.map((e) => e.seq)).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(300);
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3]);
    await vi.advanceTimersByTimeAsync(100);
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(fake.calls.map((c) => c.url.pathname)).toEqual(['/talk/recordings/index.json', '/talk/recordings/ffi-overhead.json']);
  });

  it('asks only for recordings the build’s index lists (no 404s in the console)', async () => {
    const fake = createFakeFetch({
      'GET /talk/recordings/index.json': () =>
        json({ format: 1, recordings: [{ demo: 'ffi-overhead', path: 'recordings/ffi-overhead.json', recordedAt: '', outcome: 'ok' }] }),
      'GET /talk/recordings/ffi-overhead.json': () => json(recording('ffi-overhead', run)),
    });
    const transport = createReplayTransport({ baseUrl: base, fetch: fake.fetch });
    expect(await transport.latest('stack-growth', sel('stack-growth'))).toBeNull();
    expect((await transport.latest('ffi-overhead', sel('ffi-overhead')))?.runId).toBe('recording:ffi-overhead');
    expect(fake.calls.map((c) => c.url.pathname)).toEqual(['/talk/recordings/index.json', '/talk/recordings/ffi-overhead.json']);
  });

  it('replays the recording of the slide’s key, and nothing for a key without one', async () => {
    const variantRun = recording('threads-in-c', run);
    const fake = createFakeFetch({
      'GET /talk/recordings/index.json': () =>
        json({
          format: 1,
          recordings: [
            { demo: 'threads-in-c', key: 'threads-in-c', path: 'recordings/threads-in-c.json', recordedAt: '', outcome: 'ok' },
            { demo: 'threads-in-c', key: 'threads-in-c--variant-max-threads', path: 'recordings/threads-in-c--variant-max-threads.json', recordedAt: '', outcome: 'ok' },
          ],
        }),
      'GET /talk/recordings/threads-in-c--variant-max-threads.json': () => json(variantRun),
      'GET /talk/recordings/threads-in-c.json': () => json(variantRun),
    });
    const transport = createReplayTransport({ baseUrl: base, fetch: fake.fetch });
    expect((await transport.latest('threads-in-c', sel('threads-in-c--variant-max-threads')))?.runId).toBe('recording:threads-in-c--variant-max-threads');
    expect((await transport.latest('threads-in-c', sel('threads-in-c')))?.runId).toBe('recording:threads-in-c');
    // A key with no recording is "not recorded", never another variant's run.
    expect(await transport.latest('threads-in-c', sel('threads-in-c--n-200'))).toBeNull();
  });

  it('replays instantly for print, after a given seq, and stops on unsubscribe', async () => {
    const fake = createFakeFetch({ 'GET /talk/recordings/ffi-overhead.json': () => json(recording('ffi-overhead', run)) });
    const instant = createReplayTransport({ baseUrl: base, fetch: fake.fetch, instant: true });
    const seen: number[] = [];
    instant.watch('recording:ffi-overhead', 1, (e) => seen.push(e.seq));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([2, 3, 4]);

    const slow = createReplayTransport({ baseUrl: base, fetch: fake.fetch });
    const some: number[] = [];
    const stop = slow.watch('recording:ffi-overhead', 0, (e) => some.push(e.seq));
    await vi.advanceTimersByTimeAsync(150);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(some).toEqual([1, 2]);
  });

  it('says "not recorded" when there is none (or the host answers HTML)', async () => {
    const fake = createFakeFetch({
      'GET /talk/recordings/stack-growth.json': () => new Response('<!doctype html>', { status: 200 }),
    });
    const transport = createReplayTransport({ baseUrl: base, fetch: fake.fetch });
    expect(await transport.latest('stack-growth', sel('stack-growth'))).toBeNull();
    expect(await transport.latest('preemption', sel('preemption'))).toBeNull();
    const lost: string[] = [];
    transport.watch('recording:preemption', 0, () => {}, { onConnection: (s, m) => lost.push(`${s}: ${m}`) });
    await vi.advanceTimersByTimeAsync(0);
    expect(lost[0]).toMatch(/^lost: Not recorded: "preemption"/);
    await expect(transport.start('preemption', {})).rejects.toThrow(/No demo server/);
  });
});

describe('chooseTransport', () => {
  it('goes live when /api/health answers, relative to the base path', async () => {
    const fake = createFakeFetch({
      'GET /talk/api/health': () => json({ live: true, version: '1', control: true, machine }),
    });
    const transport = await chooseTransport({ baseUrl: base, fetch: fake.fetch, token: '' });
    expect(transport.kind).toBe('live');
    expect(transport.canControl).toBe(true);
  });

  it('replays when the health check fails, answers HTML, or hangs', async () => {
    const html = createFakeFetch({ 'GET /talk/api/health': () => new Response('<html>', { status: 200 }) });
    expect((await chooseTransport({ baseUrl: base, fetch: html.fetch, token: '' })).kind).toBe('replay');
    const missing = createFakeFetch({});
    expect((await chooseTransport({ baseUrl: base, fetch: missing.fetch, token: '' })).kind).toBe('replay');
    const hang = (_url: string, init?: RequestInit) =>
      new Promise<Response>((_, fail) => init?.signal?.addEventListener('abort', () => fail(new Error('aborted'))));
    expect((await chooseTransport({ baseUrl: base, fetch: hang, healthTimeoutMs: 20, token: '' })).kind).toBe('replay');
  });

  it('prefers the server’s recordings when live and none of its runs exist yet', async () => {
    const fake = createFakeFetch({
      'GET /talk/api/health': () => json({ live: true, version: '1', control: false, machine }),
      'GET /talk/api/runs': () => json([]),
      'GET /talk/api/recordings/ffi-overhead': () => json(recording('ffi-overhead', run)),
    });
    const transport = await chooseTransport({ baseUrl: base, fetch: fake.fetch, token: '' });
    const latest = await transport.latest('ffi-overhead', sel('ffi-overhead'));
    expect(latest?.runId).toBe('recording:ffi-overhead');
    expect(transport.sourceOf(latest!).kind).toBe('recorded');
  });

  it('asks the live server for its recording before the build’s copy, and stops at the first that answers', async () => {
    const serverCopy = { ...recording('ffi-overhead', run), recordedAt: '2026-11-30T09:00:00.000Z' };
    const buildCopy = { ...recording('ffi-overhead', run), recordedAt: '2026-01-01T00:00:00.000Z' };
    const fake = createFakeFetch({
      'GET /talk/api/health': () => json({ live: true, version: '1', control: false, machine }),
      'GET /talk/api/runs': () => json([]),
      'GET /talk/recordings/index.json': () => json({ recordings: [{ demo: 'ffi-overhead', key: 'ffi-overhead', path: 'recordings/ffi-overhead.json' }] }),
      'GET /talk/api/recordings/ffi-overhead': () => json(serverCopy),
      'GET /talk/recordings/ffi-overhead.json': () => json(buildCopy),
    });
    const transport = await chooseTransport({ baseUrl: base, fetch: fake.fetch, token: '' });
    const latest = await transport.latest('ffi-overhead', sel('ffi-overhead'));
    // The server's copy is the newer truth (a run recorded since the build).
    expect(latest?.createdAt).toBe('2026-11-30T09:00:00.000Z');
    const tried = fake.calls.map((call) => call.url.pathname).filter((path) => path.includes('recordings/ffi-overhead'));
    expect(tried).toEqual(['/talk/api/recordings/ffi-overhead']);
  });

  it('falls back to the build’s copy when the live server has no recording of the key', async () => {
    const fake = createFakeFetch({
      'GET /talk/api/health': () => json({ live: true, version: '1', control: false, machine }),
      'GET /talk/api/runs': () => json([]),
      'GET /talk/recordings/index.json': () => json({ recordings: [{ demo: 'ffi-overhead', key: 'ffi-overhead', path: 'recordings/ffi-overhead.json' }] }),
      'GET /talk/recordings/ffi-overhead.json': () => json(recording('ffi-overhead', run)),
    });
    const transport = await chooseTransport({ baseUrl: base, fetch: fake.fetch, token: '' });
    const latest = await transport.latest('ffi-overhead', sel('ffi-overhead'));
    expect(latest?.createdAt).toBe('2026-11-20T10:00:00.000Z');
    const tried = fake.calls.map((call) => call.url.pathname).filter((path) => path.includes('recordings/ffi-overhead'));
    expect(tried).toEqual(['/talk/api/recordings/ffi-overhead', '/talk/recordings/ffi-overhead.json']);
  });
});

