import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, NetworkError } from '../../demos/client/transport-live.ts';
import { createRemoteApi, randomRequestId } from './remote-api.ts';

describe('remote api', () => {
  it('asks the deck\'s own server, beside the remote page, with the remote\'s token', async () => {
    const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
    const api = createRemoteApi({
      pageUrl: 'http://192.0.2.5:8000/lightning/remote/',
      token: 'tok',
      fetch: async (url, init) => {
        calls.push({ url, init });
        return new Response(JSON.stringify({ accepted: true, position: null, seq: 1 }), { status: 200 });
      },
    });
    await api.step({ requestId: 'r', step: 'next', from: { h: 1, v: 0, f: -1 } });
    await api.slides();
    await api.ask('ask');
    await api.answer('r2', false);
    await api.me();
    expect(calls.map((call) => `${call.init?.method} ${call.url}`)).toEqual([
      'POST http://192.0.2.5:8000/lightning/api/stage/step',
      'GET http://192.0.2.5:8000/lightning/slides.json',
      'POST http://192.0.2.5:8000/lightning/api/remote/handoff',
      'POST http://192.0.2.5:8000/lightning/api/remote/handoff/answer',
      'GET http://192.0.2.5:8000/lightning/api/remote/me',
    ]);
    expect(calls[0]!.init?.headers).toEqual({ authorization: 'Bearer tok', 'content-type': 'application/json' });
    expect(JSON.parse(String(calls[3]!.init?.body))).toEqual({ remote: 'r2', accept: false });
  });

  it('throws the server\'s refusal, and a network error when no answer came', async () => {
    const refusing = createRemoteApi({
      pageUrl: 'http://127.0.0.1:8000/remote/',
      token: 'tok',
      fetch: async () => new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'this remote (remote 1) was revoked by the speaker' } }), { status: 403 }),
    });
    const refusal = await refusing.me().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiRequestError);
    expect(refusal).toMatchObject({ status: 403, code: 'unauthorized', message: 'this remote (remote 1) was revoked by the speaker' });
    const down = createRemoteApi({ pageUrl: 'http://127.0.0.1:8000/remote/', token: 'tok', fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    const error = await down.me().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toBe('GET ../api/remote/me: Failed to fetch');
  });

  it('makes request ids from random bytes (no crypto.randomUUID on plain http)', () => {
    expect(randomRequestId((bytes) => bytes.fill(171))).toBe('ab'.repeat(16));
    expect(randomRequestId((bytes) => bytes.fill(5))).toBe('05'.repeat(16)); // two hex digits a byte, small ones too
    expect(randomRequestId()).toMatch(/^[0-9a-f]{32}$/);
    expect(randomRequestId()).not.toBe(randomRequestId());
  });
});

describe('remote api requests', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  /** A fetch that records each request and never answers until its signal aborts it. */
  function hanging() {
    const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
    const fetch = (url: string, init?: RequestInit): Promise<Response> => {
      calls.push({ url, init });
      return new Promise((_answer, fail) => init?.signal?.addEventListener('abort', () => fail(new Error('aborted'))));
    };
    return { calls, fetch };
  }

  it('sends a GET without a body or content type, a POST with its JSON body, never from the cache', async () => {
    const calls: Array<RequestInit | undefined> = [];
    const api = createRemoteApi({
      pageUrl: 'http://127.0.0.1:8000/remote/',
      token: 'tok',
      fetch: async (_url, init) => {
        calls.push(init);
        return new Response('{}', { status: 200 });
      },
    });
    await api.me();
    await api.ask('withdraw');
    expect(calls[0]!.headers).toEqual({ authorization: 'Bearer tok' });
    expect(calls[0]).not.toHaveProperty('body');
    expect(calls.map((init) => init?.cache)).toEqual(['no-store', 'no-store']);
    expect(JSON.parse(String(calls[1]!.body))).toEqual({ action: 'withdraw' });
  });

  it('gives up on a request after 10 s by default (a phone waking up on Wi-Fi is slow, not that slow)', async () => {
    vi.useFakeTimers();
    const { fetch } = hanging();
    const api = createRemoteApi({ pageUrl: 'http://127.0.0.1:8000/remote/', token: 'tok', fetch });
    const outcome = api.me().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(9_999);
    let settled = false;
    void outcome.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toBe('GET ../api/remote/me: aborted');
  });

  it('gives up after timeoutMs when given, and leaves no timer once answered', async () => {
    vi.useFakeTimers();
    const { fetch } = hanging();
    const slow = createRemoteApi({ pageUrl: 'http://127.0.0.1:8000/remote/', token: 'tok', fetch, timeoutMs: 300 });
    const outcome = slow.me().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(300);
    expect(await outcome).toBeInstanceOf(NetworkError);
    const quick = createRemoteApi({ pageUrl: 'http://127.0.0.1:8000/remote/', token: 'tok', fetch: async () => new Response('{}', { status: 200 }) });
    await quick.me();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('names the status when a refusal is not JSON', async () => {
    const api = createRemoteApi({ pageUrl: 'http://127.0.0.1:8000/remote/', token: 'tok', fetch: async () => new Response('<html>Bad Gateway</html>', { status: 502 }) });
    const error = await api.me().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 502, code: 'internal', message: 'GET ../api/remote/me: HTTP 502' });
  });

  it('uses the page\'s own fetch when given none', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      return new Response('{"remote":{"id":"r1","label":"remote 1"}}', { status: 200 });
    });
    const api = createRemoteApi({ pageUrl: 'http://127.0.0.1:8000/remote/', token: 'tok' });
    expect(await api.me()).toEqual({ remote: { id: 'r1', label: 'remote 1' } });
    expect(urls).toEqual(['http://127.0.0.1:8000/api/remote/me']);
  });
});
