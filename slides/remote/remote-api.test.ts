import { describe, expect, it } from 'vitest';
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
    expect(randomRequestId()).toMatch(/^[0-9a-f]{32}$/);
    expect(randomRequestId()).not.toBe(randomRequestId());
  });
});
