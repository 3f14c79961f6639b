import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StageEvent } from '../protocol.ts';
import { parseStageEvent, watchStage } from './stage-stream.ts';
import { createFakeFetch, FakeEventSource, json, type FakeRoute } from './test-fakes.ts';

const base = 'http://127.0.0.1:9999/deck/';
const at = (seq: number, h: number): StageEvent => ({ type: 'position', position: { h, v: 0, f: -1 }, seq, tMs: seq * 10 });
/** openedInto is an eventSource factory that keeps every stream it opens in `streams`, for the test to drive. */
const openedInto =
  (streams: FakeEventSource[]) =>
  (url: string): FakeEventSource => {
    const es = new FakeEventSource(url);
    streams.push(es);
    return es;
  };
const send = (es: FakeEventSource, event: StageEvent | string): void => es.onmessage?.({ data: typeof event === 'string' ? event : JSON.stringify(event) });

describe('stage stream', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(lastSeqOnServer = 99) {
    const streams: FakeEventSource[] = [];
    const fake = createFakeFetch({ 'GET /deck/api/stage': () => json({ lastSeq: lastSeqOnServer }) });
    const seen: StageEvent[] = [];
    const states: string[] = [];
    const stop = watchStage({
      baseUrl: base,
      fetch: fake.fetch,
      eventSource: openedInto(streams),
      onEvent: (event) => seen.push(event),
      onConnection: (state) => states.push(state),
    });
    return { streams, seen, states, stop, fake };
  }

  it('starts without `after` (at the current position), resumes after the last seq, nothing twice', async () => {
    const { streams, seen, states } = setup();
    expect(streams[0]!.url).toBe(`${base}api/stage/events`);
    streams[0]!.open();
    send(streams[0]!, at(7, 3));
    send(streams[0]!, at(8, 4));
    streams[0]!.fail();
    expect(streams[0]!.closed).toBe(true);
    expect(states).toEqual(['open', 'reconnecting']);
    expect(streams).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(250);
    expect(streams[1]!.url).toBe(`${base}api/stage/events?after=8`);
    // A server replaying from further back: the old seqs are dropped.
    send(streams[1]!, at(7, 3));
    send(streams[1]!, at(8, 4));
    send(streams[1]!, at(9, 5));
    expect(seen.map((event) => event.seq)).toEqual([7, 8, 9]);
  });

  it('backs off 250 ms doubling to 5 s while refused (e.g. the cap: 503)', async () => {
    const { streams } = setup();
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = streams.length;
      streams.at(-1)!.fail();
      let waited = 0;
      while (streams.length === before) {
        await vi.advanceTimersByTimeAsync(50);
        waited += 50;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });

  it('starts afresh when the server restarted (its newest seq is below ours)', async () => {
    const { streams, seen, fake } = setup(2);
    streams[0]!.open();
    send(streams[0]!, at(40, 6));
    streams[0]!.fail();
    await vi.advanceTimersByTimeAsync(250);
    expect(streams[1]!.url).toBe(`${base}api/stage/events?after=40`);
    expect(fake.calls).toHaveLength(0);
    streams[1]!.fail(); // the new server refuses after=40 (400)
    await vi.advanceTimersByTimeAsync(500);
    expect(fake.calls.map((call) => call.url.pathname)).toEqual(['/deck/api/stage']);
    expect(streams[2]!.url).toBe(`${base}api/stage/events`);
    send(streams[2]!, at(2, 7));
    expect(seen.map((event) => event.type === 'position' && event.position.h)).toEqual([6, 7]);
  });

  it('keeps its place when the server did not restart', async () => {
    const { streams } = setup(99);
    send(streams[0]!, at(40, 6));
    streams[0]!.fail();
    await vi.advanceTimersByTimeAsync(250);
    streams[1]!.fail();
    await vi.advanceTimersByTimeAsync(500);
    expect(streams[2]!.url).toBe(`${base}api/stage/events?after=40`);
  });

  it('skips messages that are not stage events and stops for good when unsubscribed', async () => {
    const { streams, seen, stop } = setup();
    send(streams[0]!, 'not json');
    send(streams[0]!, JSON.stringify({ type: 'position', seq: 1 }));
    send(streams[0]!, at(1, 1));
    stop();
    expect(streams[0]!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(streams).toHaveLength(1);
    expect(seen).toHaveLength(1);
  });
});

describe('stage stream from a seq already seen', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks for the events after it at once, and drops older ones (a phone reopening its watch)', () => {
    const streams: FakeEventSource[] = [];
    const seen: number[] = [];
    const stop = watchStage({
      baseUrl: base,
      after: 12,
      fetch: createFakeFetch({}).fetch,
      eventSource: openedInto(streams),
      onEvent: (event) => seen.push(event.seq),
    });
    expect(streams[0]!.url).toBe(`${base}api/stage/events?after=12`);
    send(streams[0]!, at(12, 3));
    send(streams[0]!, at(13, 4));
    expect(seen).toEqual([13]);
    stop();
  });
});

describe('parseStageEvent', () => {
  it('reads a remote\'s steps and seat changes', () => {
    const step = { type: 'step', step: 'next', from: { h: 1, v: 0, f: -1 }, requestId: 'r', seq: 5, tMs: 0 };
    expect(parseStageEvent(JSON.stringify(step))).toEqual(step);
    const driver = { type: 'driver', seat: { remote: null, asking: null }, seq: 6, tMs: 0 };
    expect(parseStageEvent(JSON.stringify(driver))).toEqual(driver);
    for (const bad of [{ ...step, step: 'up' }, { ...step, from: null }, { ...driver, seat: null }, { type: 'driver', seq: 7 }]) {
      expect(parseStageEvent(JSON.stringify(bad)), JSON.stringify(bad)).toBeNull();
    }
  });

  it('reads positions and run starts, and nothing else', () => {
    expect(parseStageEvent(JSON.stringify(at(3, 1)))).toEqual(at(3, 1));
    const started = { type: 'run-started', run: { runId: 'r' }, seq: 4, tMs: 0 };
    expect(parseStageEvent(JSON.stringify(started))).toEqual(started);
    for (const bad of ['', '[]', 'null', '{"type":"position","position":{},"seq":0}', '{"type":"position","position":{},"seq":1.5}', '{"type":"queued","seq":1}', '{"type":"run-started","seq":2}', '{"type":"position","position":null,"seq":2}']) {
      expect(parseStageEvent(bad), bad).toBeNull();
    }
  });

  it('reads the speaker\'s fallbacks to a recording', () => {
    const fallback = { type: 'fallback', demo: 'preemption', key: 'preemption', seq: 8, tMs: 0 };
    expect(parseStageEvent(JSON.stringify(fallback))).toEqual(fallback);
    for (const bad of [{ ...fallback, demo: 1 }, { ...fallback, key: null }, { type: 'fallback', demo: 'x', seq: 9 }]) {
      expect(parseStageEvent(JSON.stringify(bad)), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('stage stream, rule by rule', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  /** watch follows a fake stage; `answer` is what `api/stage` says after failed reconnects. */
  function watch(answer: FakeRoute, extra: { onConnection?: boolean } = {}) {
    const streams: FakeEventSource[] = [];
    const asked: Array<RequestInit | undefined> = [];
    const fake = createFakeFetch({
      'GET /deck/api/stage': (url, init) => {
        asked.push(init);
        return answer(url, init);
      },
    });
    const seen: number[] = [];
    const states: Array<[string, string | undefined]> = [];
    const stop = watchStage({
      baseUrl: base,
      fetch: fake.fetch,
      eventSource: openedInto(streams),
      onEvent: (event) => seen.push(event.seq),
      ...(extra.onConnection === false ? {} : { onConnection: (state: string, message?: string) => states.push([state, message]) }),
    });
    /** failTwice loses the stream twice, waiting out each backoff (the second failure asks api/stage). */
    const failTwice = async () => {
      streams.at(-1)!.fail();
      await vi.advanceTimersByTimeAsync(250);
      streams.at(-1)!.fail();
      await vi.advanceTimersByTimeAsync(500);
    };
    return { streams, asked, seen, states, stop, failTwice };
  }

  it('says it is reconnecting, in words, each time the stream breaks', async () => {
    const { streams, states } = watch(() => json({ lastSeq: 99 }));
    streams[0]!.open();
    streams[0]!.fail();
    expect(states).toEqual([
      ['open', undefined],
      ['reconnecting', 'reconnecting to the speaker…'],
    ]);
  });

  it('works without anyone listening to its connection', async () => {
    const { streams, seen } = watch(() => json({ lastSeq: 99 }), { onConnection: false });
    streams[0]!.open();
    send(streams[0]!, at(1, 1));
    streams[0]!.fail();
    await vi.advanceTimersByTimeAsync(250);
    expect(streams).toHaveLength(2);
    expect(seen).toEqual([1]);
  });

  it('does not ask api/stage before it has seen an event (nothing to resume from)', async () => {
    const { streams, asked, failTwice } = watch(() => json({ lastSeq: 0 }));
    await failTwice();
    expect(asked).toHaveLength(0);
    expect(streams.at(-1)!.url).toBe(`${base}api/stage/events`);
  });

  it('asks api/stage past any cache', async () => {
    const { streams, asked, failTwice } = watch(() => json({ lastSeq: 99 }));
    send(streams[0]!, at(40, 6));
    await failTwice();
    expect(asked.map((init) => init?.cache)).toEqual(['no-store']);
  });

  it('keeps its place when api/stage refuses, gives no seq, or is level with it', async () => {
    for (const answer of [() => json({ lastSeq: 2 }, 503), () => json({ lastSeq: '2' }), () => json({}), () => json({ lastSeq: 40 })]) {
      const { streams, asked, failTwice, stop } = watch(answer);
      send(streams[0]!, at(40, 6));
      await failTwice();
      expect(asked).toHaveLength(1);
      expect(streams.at(-1)!.url).toBe(`${base}api/stage/events?after=40`);
      stop();
    }
  });

  it('stopped between a failure and its reconnect: closes, leaves no timer, never reconnects', async () => {
    const { streams, stop } = watch(() => json({ lastSeq: 99 }));
    streams[0]!.fail();
    expect(vi.getTimerCount()).toBe(1);
    stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(streams).toHaveLength(1);
  });

  it('stopped while asking api/stage: no reconnect is planned once the answer comes', async () => {
    let answer: (response: Response) => void = () => undefined;
    const { streams, asked, stop, failTwice } = watch(() => new Promise<Response>((done) => (answer = done)));
    send(streams[0]!, at(40, 6));
    await failTwice();
    expect(asked).toHaveLength(1);
    stop();
    answer(json({ lastSeq: 99 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(streams).toHaveLength(2);
  });

  it('opens the page\'s own EventSource and fetch when given none', async () => {
    const opened: string[] = [];
    const fetched: string[] = [];
    vi.stubGlobal(
      'EventSource',
      class extends FakeEventSource {
        constructor(url: string) {
          super(url);
          opened.push(url);
          queueMicrotask(() => this.onmessage?.({ data: JSON.stringify(at(40, 6)) }));
          if (opened.length <= 2) queueMicrotask(() => this.fail());
        }
      },
    );
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      return json({ lastSeq: 99 });
    });
    const stop = watchStage({ baseUrl: base, onEvent: () => undefined });
    await vi.advanceTimersByTimeAsync(1_000);
    stop();
    expect(opened.slice(0, 3)).toEqual([`${base}api/stage/events`, `${base}api/stage/events?after=40`, `${base}api/stage/events?after=40`]);
    expect(fetched).toEqual([`${base}api/stage`]);
  });
});

describe('parseStageEvent, field by field', () => {
  it('reads a step back, and seq 1', () => {
    const back = { type: 'step', step: 'prev', from: { h: 2, v: 0, f: -1 }, requestId: 'r', seq: 1, tMs: 0 };
    expect(parseStageEvent(JSON.stringify(back))).toEqual(back);
  });

  it('takes each kind of event only with its own type', () => {
    const fields = [{ position: { h: 1, v: 0, f: -1 } }, { run: { runId: 'r' } }, { step: 'next', from: { h: 1, v: 0, f: -1 } }, { seat: { remote: null, asking: null } }, { demo: 'a', key: 'a' }];
    for (const carried of fields) {
      const other = { type: 'queued', ...carried, seq: 3, tMs: 0 };
      expect(parseStageEvent(JSON.stringify(other)), JSON.stringify(other)).toBeNull();
    }
  });

  it('wants an object where an event holds one', () => {
    for (const bad of [
      { type: 'position', position: 5, seq: 3 },
      { type: 'position', seq: 3 },
      { type: 'run-started', run: null, seq: 3 },
      { type: 'run-started', run: 'r', seq: 3 },
      { type: 'step', step: 'next', from: 'here', seq: 3 },
      { type: 'driver', seat: 'r1', seq: 3 },
      { type: 'position', position: { h: 1, v: 0, f: -1 }, seq: '3' },
    ]) {
      expect(parseStageEvent(JSON.stringify(bad)), JSON.stringify(bad)).toBeNull();
    }
  });
});
