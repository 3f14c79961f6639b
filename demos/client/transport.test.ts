/**
 * chooseTransport's choice and its defaults, fetchHealth's answers and the small helpers
 * (transport-replay.test.ts and transport-live.test.ts cover the transports themselves).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authHeaders, chooseTransport, fetchHealth, matchesParams, type FetchInit } from './transport.ts';
import { createFakeFetch, events, json, machine, recording } from './test-fakes.ts';

const base = 'http://127.0.0.1:9999/talk/';
const health = { live: true, version: '1', control: true, machine };
const run = events([{ type: 'queued', position: 0 }, { type: 'end', outcome: 'ok', durationMs: 1 }]);

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('fetchHealth', () => {
  it('asks api/health uncached, with the token, and takes only a live answer', async () => {
    const inits: RequestInit[] = [];
    const fake = createFakeFetch({ 'GET /talk/api/health': (_url, init) => (inits.push(init!), json(health)) });
    expect(await fetchHealth(base, fake.fetch, 1000, 'secret')).toEqual(health);
    expect(inits[0]).toMatchObject({ cache: 'no-store', headers: { authorization: 'Bearer secret' } });
    expect(fake.calls.map((call) => call.url.href)).toEqual(['http://127.0.0.1:9999/talk/api/health']);
  });

  it('is null for a failed status, an answer that is not live, or no answer at all', async () => {
    for (const answer of [json(health, 500), json({ ...health, live: false }), json({ ...health, live: 'true' }), json(null), json('live'), new Response('<html>')]) {
      const fake = createFakeFetch({ 'GET /talk/api/health': () => answer });
      expect(await fetchHealth(base, fake.fetch, 1000)).toBeNull();
    }
    const down = createFakeFetch({ 'GET /talk/api/health': () => new TypeError('Failed to fetch') });
    expect(await fetchHealth(base, down.fetch, 1000)).toBeNull();
  });

  it('leaves no timer behind once answered', async () => {
    vi.useFakeTimers();
    const fake = createFakeFetch({ 'GET /talk/api/health': () => json(health) });
    await fetchHealth(base, fake.fetch, 20_000);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('chooseTransport', () => {
  it('replays without asking for health when told to (print view)', async () => {
    const fake = createFakeFetch({
      'GET /talk/api/health': () => json(health),
      'GET /talk/recordings/ffi-overhead.json': () => json(recording('ffi-overhead', run)),
    });
    const transport = await chooseTransport({ baseUrl: base, fetch: fake.fetch, forceReplay: true, token: '' });
    expect(transport.kind).toBe('replay');
    expect((await transport.latest('ffi-overhead', { match: {}, key: 'ffi-overhead' }))?.runId).toBe('recording:ffi-overhead');
    expect(fake.calls.map((call) => call.url.pathname)).not.toContain('/talk/api/health');
  });

  it('sends the token it is given, not the page’s', async () => {
    const fake = createFakeFetch({ 'GET /talk/api/health': () => json(health) });
    const inits: Array<FetchInit | undefined> = [];
    const spy = async (input: string, init?: FetchInit) => (inits.push(init), fake.fetch(input, init));
    await chooseTransport({ baseUrl: base, fetch: spy, token: 'given' });
    expect(inits[0]?.headers).toEqual({ authorization: 'Bearer given' });
  });

  it('uses the page’s base URL and the global fetch by default', async () => {
    const fake = createFakeFetch({ 'GET /deck/api/health': () => json(health) });
    vi.stubGlobal('fetch', fake.fetch);
    vi.stubGlobal('document', { baseURI: 'http://127.0.0.1:9999/deck/' });
    expect((await chooseTransport({ token: '' })).kind).toBe('live');
    expect(fake.calls.map((call) => call.url.href)).toEqual(['http://127.0.0.1:9999/deck/api/health']);
  });

  it('falls back to http://localhost/ outside a page', async () => {
    const fake = createFakeFetch({});
    vi.stubGlobal('fetch', fake.fetch);
    vi.stubGlobal('document', undefined);
    expect((await chooseTransport({ token: '' })).kind).toBe('replay');
    expect(fake.calls[0]?.url.href).toBe('http://localhost/api/health');
  });
});

describe('helpers', () => {
  it('authHeaders carries a token only when there is one', () => {
    expect(authHeaders('abc')).toEqual({ authorization: 'Bearer abc' });
    expect(authHeaders('')).toEqual({});
    expect(authHeaders(undefined)).toEqual({});
  });

  it('matchesParams compares every param the slide names, by value', () => {
    expect(matchesParams({ a: 1, b: [1, 2] }, undefined)).toBe(true);
    expect(matchesParams({ a: 1, b: [1, 2] }, { b: [1, 2] })).toBe(true);
    expect(matchesParams({ a: 1, b: [1, 2] }, { a: 2 })).toBe(false);
    expect(matchesParams({ a: 1 }, { c: 1 })).toBe(false);
  });
});
