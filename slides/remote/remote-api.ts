/**
 * The remote's requests to the demo server (protocol.ts: `/api/remote/*`, `POST
 * /api/stage/step`), each with the remote's token. URLs are relative to the page (the
 * remote lives at `<deck>/remote/`, the API at `<deck>/api/`), so nothing ever leaves the
 * server the phone opened. A request that gets no answer throws NetworkError (worth
 * retrying); an answer that refuses throws ApiRequestError with the server's message.
 */
import type { ApiError, DeckSlides, DriverSeat, RemoteSelf, StepAnswer, StepRequest } from '../../demos/protocol.ts';
import { ApiRequestError, NetworkError } from '../../demos/client/transport-live.ts';

/** RemoteApi is what the page asks the server. */
export interface RemoteApi {
  me(): Promise<RemoteSelf>;
  step(request: StepRequest): Promise<StepAnswer>;
  ask(action: 'ask' | 'withdraw'): Promise<DriverSeat>;
  answer(remote: string, accept: boolean): Promise<DriverSeat>;
  /** slides reads the deck's slide list (titles, notes, demos), beside the deck's page. */
  slides(): Promise<DeckSlides>;
}

/** RemoteApiOptions configure createRemoteApi. */
export interface RemoteApiOptions {
  /** The remote page's URL: `../api/…` and `../slides.json` resolve against it. */
  pageUrl: string;
  token: string;
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
  /** How long one request may take (default 10 s: a phone waking up on Wi-Fi is slow). */
  timeoutMs?: number;
}

/** createRemoteApi makes the client of one remote page. */
export function createRemoteApi(options: RemoteApiOptions): RemoteApi {
  const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let response: Response;
    try {
      response = await fetchFn(new URL(path, options.pageUrl).href, {
        method,
        headers: { authorization: `Bearer ${options.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: abort.signal,
        cache: 'no-store',
      });
    } catch (error) {
      throw new NetworkError(`${method} ${path}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) {
      let error: Partial<ApiError['error']> = {};
      try {
        error = ((await response.json()) as ApiError).error ?? {};
      } catch {
        // not JSON: the status says enough
      }
      throw new ApiRequestError(response.status, error.code ?? 'internal', error.message ?? `${method} ${path}: HTTP ${response.status}`);
    }
    return (await response.json()) as T;
  }

  return {
    me: () => request('GET', '../api/remote/me'),
    step: (step) => request('POST', '../api/stage/step', step),
    ask: (action) => request('POST', '../api/remote/handoff', { action }),
    answer: (remote, accept) => request('POST', '../api/remote/handoff/answer', { remote, accept }),
    slides: () => request('GET', '../slides.json'),
  };
}

/** randomRequestId makes a request id from the page's random source: `crypto.randomUUID` exists only on https and localhost, and a phone reaches the deck over plain http. */
export function randomRequestId(random: (bytes: Uint8Array) => Uint8Array = (bytes) => globalThis.crypto.getRandomValues(bytes)): string {
  return [...random(new Uint8Array(16))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
