/**
 * A plain server-sent-events client over node:http, for tests and benchmarks that play
 * many followers without a browser: it parses `id:` / `data:` messages as they arrive
 * (comments and `retry:` lines are skipped) and hands each to `onMessage` with the time
 * it was read. It never reconnects: a test decides what a reconnect asks for.
 */
import { request, type Agent, type IncomingMessage } from 'node:http';

/** SseMessage is one message of a stream: its `id:` (if any), its `data:` and when it was read. */
export interface SseMessage {
  id: string | undefined;
  data: string;
  receivedAtMs: number;
}

/** SseStream is an open (or refused) stream. */
export interface SseStream {
  /** The HTTP status; a refused stream (4xx/5xx) has its body in `body` and is closed. */
  status: number;
  body: string;
  messages: SseMessage[];
  close(): void;
  /** ended resolves when the server closes the stream or `close` is called. */
  ended: Promise<void>;
}

/** SseOptions configure openSse. */
export interface SseOptions {
  headers?: Record<string, string>;
  onMessage?: (message: SseMessage) => void;
  /** A keep-alive agent for many streams (default: a new connection per stream). */
  agent?: Agent;
  /** Clock for `receivedAtMs` (default performance.now). */
  now?: () => number;
}

/** openSse connects and resolves once the response headers (and, when refused, its body) are in. */
export function openSse(url: string, options: SseOptions = {}): Promise<SseStream> {
  const now = options.now ?? (() => performance.now());
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...options.headers }, ...(options.agent ? { agent: options.agent } : {}) }, (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const messages: SseMessage[] = [];
      let endedResolve!: () => void;
      const ended = new Promise<void>((done) => (endedResolve = done));
      res.on('close', () => endedResolve());
      res.on('error', () => endedResolve());
      const stream: SseStream = { status, body: '', messages, close: () => req.destroy(), ended };
      res.setEncoding('utf8');
      if (status !== 200) {
        res.on('data', (chunk: string) => (stream.body += chunk));
        res.on('end', () => resolve(stream));
        return;
      }
      let buffer = '';
      res.on('data', (chunk: string) => {
        const receivedAtMs = now();
        buffer += chunk;
        let split: number;
        while ((split = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, split);
          buffer = buffer.slice(split + 2);
          const message = parseBlock(block, receivedAtMs);
          if (!message) continue;
          messages.push(message);
          options.onMessage?.(message);
        }
      });
      resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
}

/** parseBlock reads one SSE block; comment-only and `retry:` blocks give undefined. */
function parseBlock(block: string, receivedAtMs: number): SseMessage | undefined {
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('id:')) id = line.slice(3).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  return data.length === 0 ? undefined : { id, data: data.join('\n'), receivedAtMs };
}
