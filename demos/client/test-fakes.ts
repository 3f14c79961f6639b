/**
 * Fakes shared by this folder's unit tests: a scripted fetch, a controllable EventSource
 * and tiny event/recording builders. Test-only; DOM-free so it runs in node.
 */
import type { MachineInfo, Recording, RunEvent, RunEventBody } from '../protocol.ts';
import type { FetchLike } from './transport.ts';
import type { EventSourceLike } from './transport-live.ts';

/** FakeRoute answers one request: a JSON body with a status, or a thrown network error. */
export type FakeRoute = (url: URL, init: RequestInit | undefined) => Response | Error | Promise<Response | Error>;

/** FakeFetch is a FetchLike that records every call. */
export interface FakeFetch {
  fetch: FetchLike;
  calls: Array<{ url: URL; method: string; body: unknown }>;
}

/** createFakeFetch routes requests by `METHOD path` (path without query) to handlers. */
export function createFakeFetch(routes: Record<string, FakeRoute>): FakeFetch {
  const calls: FakeFetch['calls'] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input);
    const method = init?.method ?? 'GET';
    calls.push({ url, method, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
    const route = routes[`${method} ${url.pathname}`];
    if (!route) return json({ error: { code: 'not-found', message: `no route ${url.pathname}` } }, 404);
    const answer = await route(url, init);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetch, calls };
}

/** json makes a JSON Response. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** FakeEventSource is a stream the test drives by hand. */
export class FakeEventSource implements EventSourceLike {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: string; lastEventId?: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  open(): void {
    this.onopen?.({});
  }
  send(event: RunEvent): void {
    this.onmessage?.({ data: JSON.stringify(event), lastEventId: String(event.seq) });
  }
  fail(): void {
    this.onerror?.({});
  }
  close(): void {
    this.closed = true;
  }
}

/** events numbers bodies as a run would: seq 1…n, tMs as given (default 100 ms apart). */
export function events(bodies: Array<RunEventBody & { tMs?: number }>): RunEvent[] {
  return bodies.map((body, i) => ({ tMs: (i + 1) * 100, ...body, seq: i + 1 }) as RunEvent);
}

/** machine is a plausible MachineInfo for recordings. */
export const machine: MachineInfo = {
  cpuModel: 'Test CPU 9000',
  cpuCount: 2,
  os: 'Debian 13',
  kernel: '6.1.0',
  arch: 'x64',
  memoryBytes: 8 * 2 ** 30,
  toolchains: { cc: 'gcc 14' },
};

/** recording wraps events into a Recording of `demo`. */
export function recording(demo: string, runEvents: RunEvent[]): Recording {
  return { format: 1, demo, params: {}, recordedAt: '2026-11-20T10:00:00.000Z', machine, outcome: 'ok', events: runEvents };
}
