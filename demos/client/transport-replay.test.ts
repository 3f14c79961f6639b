import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../protocol.ts';
import { createReplayTransport, isRecording, NoRecordingError, replayDelaysMs } from './transport-replay.ts';
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


describe('replayDelaysMs edges', () => {
  it('starts at the first event, whatever its tMs, and takes an empty run', () => {
    const late = events([{ type: 'queued', position: 0, tMs: 1000 }, { type: 'end', outcome: 'ok', durationMs: 1, tMs: 1100 }]);
    expect(replayDelaysMs(late, 300)).toEqual([0, 100]);
    expect(replayDelaysMs([], 300)).toEqual([]);
  });

  it('leaves a replay that just fits its budget as it is', () => {
    const fractional = events([{ type: 'queued', position: 0, tMs: 0 }, { type: 'end', outcome: 'ok', durationMs: 1, tMs: 100.4 }]);
    expect(replayDelaysMs(fractional, 300, false, 100.4)).toEqual([0, 100.4]);
  });
});

describe('isRecording', () => {
  it('takes a recording and refuses each kind of broken one', () => {
    const good = recording('x', run);
    expect(isRecording(good)).toBe(true);
    for (const bad of [null, 'x', 3, { ...good, format: 2 }, { ...good, demo: 1 }, { ...good, events: {} }, { ...good, recordedAt: 5 }, { ...good, machine: null }, { ...good, machine: 'm' }]) {
      expect(isRecording(bad), JSON.stringify(bad)?.slice(0, 60)).toBe(false);
    }
  });
});

describe('replay transport: what it answers', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is a replay that controls nothing: no health, no runs, no demos, no cancel', async () => {
    const transport = createReplayTransport({ baseUrl: base, fetch: createFakeFetch({}).fetch });
    expect(transport).toMatchObject({ kind: 'replay', health: null, canControl: false });
    expect(await transport.findActive('x')).toBeNull();
    expect(await transport.demos()).toEqual([]);
    await expect(transport.cancel('r1')).rejects.toThrow('No demo server here: run r1 cannot be cancelled.');
    await expect(transport.start('x', {})).rejects.toThrow('No demo server here: "x" can only be replayed from its recording.');
    expect(new NoRecordingError('k')).toMatchObject({ name: 'NoRecordingError', key: 'k', message: 'Not recorded: "k" has no recording; run it once with a demo server to record it.' });
  });

  it('asks for files uncached, replays events in seq order and says the last seq', async () => {
    const inits: Array<RequestInit | undefined> = [];
    const shuffled = [run[2]!, run[0]!, run[3]!, run[1]!];
    const fake = createFakeFetch({
      'GET /talk/recordings/index.json': (_url, init) => (inits.push(init), json({ recordings: [{ key: 'k', path: 'recordings/k.json' }] })),
      'GET /talk/recordings/k.json': (_url, init) => (inits.push(init), json(recording('demo-k', shuffled))),
    });
    const transport = createReplayTransport({ baseUrl: base, fetch: fake.fetch, instant: true });
    const latest = await transport.latest('demo-k', sel('k'));
    expect(latest).toEqual({ runId: 'recording:k', demo: 'demo-k', params: {}, state: 'done', outcome: 'ok', createdAt: '2026-11-20T10:00:00.000Z', lastSeq: 4 });
    expect(inits.map((init) => init?.cache)).toEqual(['no-cache', 'no-cache']);
    const seen: number[] = [];
    transport.watch('recording:k', 0, (e) => seen.push(e.seq));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('says seq 0 for a recording without events', async () => {
    const fake = createFakeFetch({ 'GET /talk/recordings/empty.json': () => json(recording('empty', [])) });
    const transport = createReplayTransport({ baseUrl: base, fetch: fake.fetch });
    expect((await transport.latest('empty', sel('empty')))?.lastSeq).toBe(0);
  });

  it('fits a long run into 6 s by default', async () => {
    const long = events(Array.from({ length: 40 }, (_, i) => ({ type: 'stdout' as const, text: 'x', tMs: i * 300 })));
    const fake = createFakeFetch({ 'GET /talk/recordings/long.json': () => json(recording('long', long)) });
    const transport = createReplayTransport({ baseUrl: base, fetch: fake.fetch });
    const seen: number[] = [];
    transport.watch('recording:long', 0, (e) => seen.push(e.seq));
    // 39 gaps of 300 ms shrink to 153 ms each: 5967 ms in all.
    await vi.advanceTimersByTimeAsync(5966);
    expect(seen).toHaveLength(39);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toHaveLength(40);
  });

  it('reads the index by key or, for old builds, by demo, skipping entries without a path', async () => {
    const fake = createFakeFetch({
      'GET /talk/recordings/index.json': () =>
        json({ recordings: [{ demo: 'old', path: 'recordings/old-file.json' }, { key: 'nopath' }, { key: 3, path: 'recordings/three.json' }, { demo: 'nopath2', path: 7 }] }),
      'GET /talk/recordings/old-file.json': () => json(recording('old', run)),
      'GET /talk/recordings/nopath.json': () => json(recording('nopath', run)),
      'GET /talk/recordings/nopath2.json': () => json(recording('nopath2', run)),
    });
    const transport = createReplayTransport({ baseUrl: base, fetch: fake.fetch });
    expect((await transport.latest('old', sel('old')))?.runId).toBe('recording:old');
    expect(await transport.latest('nopath', sel('nopath'))).toBeNull();
    expect(await transport.latest('nopath2', sel('nopath2'))).toBeNull();
  });

  it('tries every place when the index is missing, failed or malformed', async () => {
    for (const index of [() => json({ recordings: [] }, 500), () => json({ recordings: 'abc' }), () => new Response('<html>')]) {
      const fake = createFakeFetch({ 'GET /talk/recordings/index.json': index, 'GET /talk/recordings/k.json': () => json(recording('k', run)) });
      const transport = createReplayTransport({ baseUrl: base, fetch: fake.fetch });
      expect((await transport.latest('k', sel('k')))?.runId).toBe('recording:k');
    }
  });

  it('asks the extra places even for a key the index does not list, skipping failed or foreign answers', async () => {
    const fake = createFakeFetch({
      'GET /talk/recordings/index.json': () => json({ recordings: [] }),
      'GET /talk/api/a/k': () => json(recording('k', run), 500),
      'GET /talk/api/b/k': () => json({ events: [] }),
      'GET /talk/api/c/k': () => json({ ...recording('k', run), recordedAt: '2026-11-30T00:00:00.000Z' }),
    });
    const transport = createReplayTransport({ baseUrl: base, fetch: fake.fetch, recordingPaths: (key) => [`api/a/${key}`, `api/b/${key}`, `api/c/${key}`] });
    expect((await transport.latest('k', sel('k')))?.createdAt).toBe('2026-11-30T00:00:00.000Z');
  });

  it('labels a variant’s run by its key, and a run it never loaded as not recorded', async () => {
    const fake = createFakeFetch({ 'GET /talk/recordings/demo--variant-b.json': () => json(recording('demo', run)) });
    const transport = createReplayTransport({ baseUrl: base, fetch: fake.fetch });
    const latest = (await transport.latest('demo', sel('demo--variant-b')))!;
    expect(transport.sourceOf(latest)).toMatchObject({ kind: 'recorded' });
    expect(transport.sourceOf({ ...latest, runId: 'r1', demo: 'other' })).toEqual({ kind: 'none', why: 'not-recorded' });
  });

  it('watches only recordings, and tells hooks (if any) how it goes', async () => {
    const fake = createFakeFetch({ 'GET /talk/recordings/k.json': () => json(recording('k', run)) });
    const transport = createReplayTransport({ baseUrl: base, fetch: fake.fetch, instant: true });
    const states: string[] = [];
    transport.watch('r1', 0, () => {}, { onConnection: (state, message) => states.push(`${state}: ${message}`) });
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual(['lost: Run r1 cannot be replayed: only recordings exist here.']);
    // Stopped before the microtask: nothing is said.
    transport.watch('r2', 0, () => {}, { onConnection: (state) => states.push(state) })();
    transport.watch('recording:k', 0, () => {}, { onConnection: (state) => states.push(state) });
    await vi.advanceTimersByTimeAsync(0);
    expect(states.slice(1)).toEqual(['open']);
    // Without hooks, or hooks without onConnection, nothing breaks.
    const seen: number[] = [];
    transport.watch('recording:k', 0, (e) => seen.push(e.seq));
    transport.watch('recording:k', 0, (e) => seen.push(e.seq), {});
    transport.watch('recording:none', 0, () => {});
    transport.watch('recording:none', 0, () => {}, {});
    transport.watch('r3', 0, () => {});
    transport.watch('r3', 0, () => {}, {});
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
  });

  it('delivers nothing when stopped before the recording has loaded', async () => {
    const fake = createFakeFetch({ 'GET /talk/recordings/k.json': () => json(recording('k', run)) });
    const transport = createReplayTransport({ baseUrl: base, fetch: fake.fetch, instant: true });
    const seen: number[] = [];
    const states: string[] = [];
    transport.watch('recording:k', 0, (e) => seen.push(e.seq), { onConnection: (state) => states.push(state) })();
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual([]);
    expect(states).toEqual([]);
  });
});
