/**
 * Server-sent event streams, as every stream of the API writes them (a run's events, the
 * stage's): `id: <seq>` and `data: <JSON>` per event, `retry: 2000` first, a comment
 * line every `heartbeatMs` so proxies and idle timeouts do not close a quiet stream, and
 * the resume point read from `Last-Event-ID` (what a reconnecting EventSource sends) or
 * `?after=` (what a client that reconnects by itself sends).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';

/** ResumePoint is the seq a client asks to resume after (undefined: it asked for none), or why it is unreadable. */
export type ResumePoint = { ok: true; after: number | undefined } | { ok: false; message: string };

/** resumePointOf reads `Last-Event-ID` (preferred, as EventSource sends it) or `?after=`. */
export function resumePointOf(request: FastifyRequest): ResumePoint {
  const header = request.headers['last-event-id'];
  const query = (request.query as { after?: unknown }).after;
  const raw = typeof header === 'string' && header !== '' ? header : query;
  if (raw === undefined || raw === '') return { ok: true, after: undefined };
  if (typeof raw !== 'string' || !/^\d{1,12}$/.test(raw)) {
    return { ok: false, message: '`after` / Last-Event-ID must be a non-negative integer (a seq)' };
  }
  return { ok: true, after: Number(raw) };
}

/** EventStream is an open SSE response. */
export interface EventStream {
  /** send writes one event; ignored once closed. */
  send(seq: number, data: unknown): void;
  /** sendText writes one event already serialised (one JSON.stringify for many streams). */
  sendText(seq: number, json: string): void;
  /** close ends the response (also when the client goes away); runs `onClose` once. */
  close(): void;
  readonly closed: boolean;
}

/** EventStreamOptions configure openEventStream. */
export interface EventStreamOptions {
  heartbeatMs: number;
  /** Streams open now: the server ends them all when it closes. */
  openStreams: Set<ServerResponse>;
  /** Called once when the stream ends, whoever ends it (drop listeners, free a slot). */
  onClose: () => void;
}

/** openEventStream takes over the reply (fastify no longer answers it) and starts the stream. */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, options: EventStreamOptions): EventStream {
  reply.hijack();
  const res = reply.raw;
  const headers: Record<string, string> = {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // nginx and friends buffer responses unless told not to.
    'x-accel-buffering': 'no',
  };
  const cors = reply.getHeader('access-control-allow-origin');
  if (typeof cors === 'string') {
    headers['access-control-allow-origin'] = cors;
    headers.vary = 'Origin';
  }
  res.writeHead(200, headers);
  res.write('retry: 2000\n\n');
  options.openStreams.add(res);

  let closed = false;
  const heartbeat = setInterval(() => res.write(`: heartbeat ${new Date().toISOString()}\n\n`), options.heartbeatMs);
  heartbeat.unref();
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    options.openStreams.delete(res);
    if (!res.writableEnded) res.end();
    options.onClose();
  };
  request.raw.on('close', close);
  res.on('close', close);
  res.on('error', close);
  return {
    send(seq, data) {
      if (!closed) res.write(`id: ${seq}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    sendText(seq, json) {
      if (!closed) res.write(`id: ${seq}\ndata: ${json}\n\n`);
    },
    close,
    get closed() {
      return closed;
    },
  };
}
