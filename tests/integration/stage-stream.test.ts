/**
 * The stage stream of the real server process over real sockets on loopback: the
 * speaker's moves (token needed: 403 without it) reach a follower's stream with
 * `id: <seq>`; a follower that reconnects with `Last-Event-ID` or `?after=` gets every
 * later move once; beyond the cap on open streams (`--max-streams 2` here) a new one gets
 * 503 with a message, and a slot freed by a closed stream is taken again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DriveAnswer, StageEvent, StageInfo } from '../../demos/protocol.ts';
import { defaultRouteAddress } from '../../server/http/public-address.ts';
import { openSse, type SseStream } from '../support/sse-client.ts';

const rootDir = resolve(import.meta.dirname, '../..');

let child: ChildProcess;
let base: string;
let token: string;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stage-stream-'));
  child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', '--max-streams', '2', '--recordings', join(dir, 'rec'), '--cache', join(dir, 'cache')], {
    cwd: rootDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const match = /^Deck and demos: (http:\/\/\S+\/)#token=(\S+)$/m.exec(output);
    if (match) {
      base = match[1]!;
      token = decodeURIComponent(match[2]!);
      return;
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

let requestCount = 0;
/** moveTo publishes a position as the speaker (or without the token), from `from` when given. */
async function moveTo(h: number, options: { token?: string | null; from?: number } = {}): Promise<Response> {
  const auth: Record<string, string> = options.token === null ? {} : { authorization: `Bearer ${options.token ?? token}` };
  requestCount += 1;
  return fetch(new URL('api/stage/position', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ requestId: `it-${requestCount}`, position: { h, v: 0, f: -1 }, ...(options.from === undefined ? {} : { from: { h: options.from, v: 0, f: -1 } }) }),
  });
}

async function stageInfo(): Promise<StageInfo> {
  return (await (await fetch(new URL('api/stage', base))).json()) as StageInfo;
}

const eventsOf = (stream: SseStream): StageEvent[] => stream.messages.map((message) => JSON.parse(message.data) as StageEvent);

async function waitFor(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('stage stream (real server)', () => {
  it('needs the speaker token to move the deck the audience follows', async () => {
    const refused = await moveTo(1, { token: null });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect((await moveTo(1, { token: 'not-the-token' })).status).toBe(403);
    expect((await stageInfo()).position).toBeNull();
    const moved = await moveTo(1);
    expect(moved.status).toBe(200);
    // The server names the deck whose stage moved (the flagship's, asked at /api/…).
    expect((await moved.json()) as DriveAnswer).toEqual({ applied: true, position: { h: 1, v: 0, f: -1, deck: '/' }, seq: 1 });
  });

  it('streams moves with their seq as id, and resumes with Last-Event-ID and ?after=', async () => {
    const first = await openSse(new URL('api/stage/events', base).href);
    expect(first.status).toBe(200);
    // A new follower starts where the speaker is.
    await waitFor('the current position', () => first.messages.length >= 1);
    const start = eventsOf(first)[0]!;
    expect(start).toMatchObject({ type: 'position', position: { h: 1 } });
    expect(first.messages[0]!.id).toBe(String(start.seq));
    for (const h of [2, 3, 4]) expect((await (await moveTo(h, { from: h - 1 })).json()) as DriveAnswer).toMatchObject({ applied: true });
    await waitFor('three moves', () => first.messages.length >= 4);
    expect(eventsOf(first).map((event) => event.type === 'position' && event.position.h)).toEqual([1, 2, 3, 4]);
    const seqs = eventsOf(first).map((event) => event.seq);
    expect(seqs).toEqual([start.seq, start.seq + 1, start.seq + 2, start.seq + 3]);
    first.close();

    // Gone after the move to 2: two more moves happen while it is away.
    for (const h of [5, 6]) await moveTo(h, { from: h - 1 });
    const byHeader = await openSse(new URL('api/stage/events', base).href, { headers: { 'last-event-id': String(seqs[1]) } });
    await waitFor('the moves after 2', () => byHeader.messages.length >= 4);
    expect(eventsOf(byHeader).map((event) => event.seq)).toEqual([seqs[2], seqs[3], seqs[3]! + 1, seqs[3]! + 2]);
    expect(eventsOf(byHeader).map((event) => event.type === 'position' && event.position.h)).toEqual([3, 4, 5, 6]);
    byHeader.close();

    const byQuery = await openSse(new URL(`api/stage/events?after=${seqs[3]! + 1}`, base).href);
    await waitFor('the move to 6', () => byQuery.messages.length >= 1);
    // A late Next from 5 (stale) is not sent to anyone; the next real move is.
    expect((await (await moveTo(7, { from: 5 })).json()) as DriveAnswer).toMatchObject({ applied: false, reason: 'stale' });
    await moveTo(8, { from: 6 });
    await waitFor('the move to 8', () => byQuery.messages.length >= 2);
    expect(eventsOf(byQuery).map((event) => event.type === 'position' && event.position.h)).toEqual([6, 8]);
    byQuery.close();

    const beyond = await openSse(new URL('api/stage/events?after=999', base).href);
    expect(beyond.status).toBe(400);
    expect(beyond.body).toMatch(/beyond the stage stream's last event/);
  });

  it('refuses a stream beyond the cap with 503 and a message, and takes one again once a slot is free', async () => {
    await waitFor('no open stream', async () => (await stageInfo()).streams.open === 0);
    const a = await openSse(new URL('api/stage/events', base).href);
    const b = await openSse(new URL('api/stage/events', base).href);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await stageInfo()).streams).toEqual({ open: 2, max: 2 });
    const refused = await openSse(new URL('api/stage/events', base).href);
    expect(refused.status).toBe(503);
    const body = JSON.parse(refused.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('busy');
    expect(body.error.message).toMatch(/at most 2 audience streams/);
    // The open ones still get every move.
    await moveTo(20);
    await waitFor('the move on both open streams', () => [a, b].every((s) => eventsOf(s).some((event) => event.type === 'position' && event.position.h === 20)));
    a.close();
    await waitFor('a free slot', async () => (await stageInfo()).streams.open === 1);
    const c = await openSse(new URL('api/stage/events', base).href);
    expect(c.status).toBe(200);
    b.close();
    c.close();
  });

  it('refuses a malformed --public or --max-streams with exit 2, naming it', async () => {
    for (const [args, message] of [
      [['--public', 'http://192.0.2.5:8000/'], /--public "http:\/\/192\.0\.2\.5:8000\/": give a bare address or host name/],
      [['--public', '--public'], /--public is given twice/],
      [['--max-streams', '0'], /--max-streams must be a whole number ≥ 1, got "0"/],
    ] as const) {
      const bad = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', ...args], { cwd: rootDir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      bad.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const [code] = (await once(bad, 'exit')) as [number | null];
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
    }
  });

  it('--public alone puts the join URL on the default-route address (listening on 127.0.0.1 here, never opened)', async () => {
    const expected = defaultRouteAddress(await readFile('/proc/net/route', 'utf8').catch(() => ''), networkInterfaces());
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', '--host', '127.0.0.1', '--public', '--recordings', join(dir, 'rec2'), '--cache', join(dir, 'cache2')], {
      cwd: rootDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      if (expected === undefined) {
        // A machine without a default route: the server says to name the address.
        const [code] = (await once(child, 'exit')) as [number | null];
        expect(code).toBe(2);
        expect(output).toMatch(/no default route .* --public ADDR/);
        return;
      }
      await waitFor('the join URL', () => /^Audience joins at: /m.test(output) || child.exitCode !== null);
      const printed = /^Audience joins at: (http:\/\/\S+\/)$/m.exec(output)?.[1];
      const port = /^Deck and demos: http:\/\/127\.0\.0\.1:(\d+)\//m.exec(output)?.[1];
      expect(printed).toBe(`http://${expected}:${port}/`);
      // Listening on 127.0.0.1 only, it says the audience cannot reach that URL.
      await waitFor('the warning', () => /^warning: listening on 127\.0\.0\.1 only/m.test(output));
      // The deck there learns it is public and where to send the audience (asked on loopback).
      const info = (await (await fetch(`http://127.0.0.1:${port}/api/stage`)).json()) as StageInfo;
      expect(info).toMatchObject({ public: true, joinUrl: printed });
    } finally {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
  });
});
