import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { MachineInfo, RunEvent } from '../../demos/protocol.ts';
import { defineDemoRunner } from '../demos/demo-context.ts';
import { createEngine, type AnyDemo, type Engine } from '../engine/engine.ts';
import { createRecorder } from '../recordings/recorder.ts';
import { createApp, type AppOptions } from './app.ts';
import { makeTempDir } from '../../tests/support/temp-dir.ts';

const machine: MachineInfo = { cpuModel: 'Test CPU', cpuCount: 2, os: 'Test OS', kernel: '6.0', arch: 'x64', memoryBytes: 1, toolchains: {} };

/** Test-only demos: one that finishes at once, one that waits until released or cancelled. */
let release: () => void = () => undefined;
const quick = defineDemoRunner({
  manifest: {
    id: 'quick',
    title: 'Quick',
    params: z.object({ n: z.number().int().min(1).max(5).default(2).describe('how many'), mode: z.enum(['a', 'b']).default('a') }),
    result: z.object({ n: z.number(), mode: z.enum(['a', 'b']) }),
    requires: [],
    timeoutMs: 5_000,
  },
  run: async (ctx) => {
    for (let i = 0; i < ctx.params.n; i++) ctx.sample('s', { i });
    ctx.result({ n: ctx.params.n, mode: ctx.params.mode });
  },
});
const waiting = defineDemoRunner({
  manifest: { id: 'waiting', title: 'Waiting', params: z.object({ tag: z.string().default('x') }), result: z.object({}), requires: ['go'], timeoutMs: 5_000, editable: true },
  run: (ctx) =>
    new Promise<void>((resolve) => {
      ctx.stdout('started\n');
      release = resolve;
      ctx.signal.addEventListener('abort', () => resolve());
    }),
});

let app: FastifyInstance | undefined;
let engine: Engine | undefined;

/** writeDecks makes a slides folder: deck `alpha` shows quick; deck `beta` shows quick and waiting. */
async function writeDecks(): Promise<string> {
  const slidesDir = await makeTempDir('app-test-slides-');
  const deck = async (name: string, section: string): Promise<void> => {
    await mkdir(join(slidesDir, name, 'sections'), { recursive: true });
    await writeFile(join(slidesDir, name, 'deck.yaml'), `title: ${name}\nsections:\n  - sections/one.md\n`);
    await writeFile(join(slidesDir, name, 'sections/one.md'), section);
  };
  await deck('alpha', '@slide a\n@demo quick {"n": 3}\n');
  await deck('beta', '@slide b\n@demo waiting\n@slide c\n@demo quick\n');
  await mkdir(join(slidesDir, 'runtime'));
  return slidesDir;
}

async function makeApp(extra: Partial<AppOptions> = {}, demos: AnyDemo[] = [quick, waiting]) {
  const recordingsDir = await makeTempDir('app-test-rec-');
  const slidesDir = await writeDecks();
  engine = createEngine({
    demos,
    rootDir: '/nonexistent',
    detectToolchains: async () => [
      { id: 'go', name: 'Go', found: true, version: '1.22' },
      { id: 'cc', name: 'gcc', found: false },
    ],
    log: () => undefined,
    cancelGraceMs: 50,
  });
  const recorder = createRecorder({ dir: recordingsDir, keyOf: (demo) => demo, machine: async () => machine });
  app = await createApp({ engine, recorder, machine: async () => machine, version: '9.9.9', token: speakerToken, slidesDir, ...extra });
  return { app, engine, recorder, recordingsDir };
}

afterEach(async () => {
  release();
  await engine?.close();
  await app?.close();
  app = undefined;
  engine = undefined;
});

const speakerToken = 'speaker-token';
const speaker = { authorization: `Bearer ${speakerToken}` };
/** json is a speaker's JSON request (the token is needed for control on every server). */
const json = (body: unknown) => ({ headers: { 'content-type': 'application/json', ...speaker }, payload: JSON.stringify(body) });

function parseSse(text: string): { ids: number[]; events: RunEvent[] } {
  const ids: number[] = [];
  const events: RunEvent[] = [];
  for (const block of text.split('\n\n')) {
    const id = /^id: (\d+)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (id) ids.push(Number(id));
    if (data) events.push(JSON.parse(data) as RunEvent);
  }
  return { ids, events };
}

describe('http app', () => {
  it('answers health, demos (param specs from zod) and toolchains', async () => {
    const { app } = await makeApp();
    const health = await app.inject({ url: '/api/health', headers: speaker });
    expect(health.json()).toMatchObject({ live: true, version: '9.9.9', role: 'speaker', control: true, machine: { cpuModel: 'Test CPU' } });
    expect((await app.inject({ url: '/api/health' })).json()).toMatchObject({ role: 'watcher', control: false });
    const demos = (await app.inject({ url: '/api/demos' })).json();
    expect(demos).toEqual([
      {
        id: 'quick',
        title: 'Quick',
        decks: ['alpha', 'beta'],
        params: [
          { name: 'n', kind: 'integer', description: 'how many', default: 2, min: 1, max: 5 },
          { name: 'mode', kind: 'enum', default: 'a', choices: ['a', 'b'] },
        ],
        editable: false,
        requires: [],
        missing: [],
      },
      { id: 'waiting', title: 'Waiting', decks: ['beta'], params: [{ name: 'tag', kind: 'string', default: 'x' }], editable: true, requires: ['go'], missing: [] },
    ]);
    expect((await app.inject({ url: '/api/toolchains' })).json()).toHaveLength(2);
  });

  it('lists a deck’s demos, the ones its @demo lines use, and names an unknown deck', async () => {
    const { app } = await makeApp();
    const ids = async (url: string): Promise<string[]> => ((await app.inject({ url })).json() as Array<{ id: string }>).map((demo) => demo.id);
    expect(await ids('/api/demos?deck=alpha')).toEqual(['quick']);
    expect(await ids('/api/demos?deck=beta')).toEqual(['quick', 'waiting']);
    for (const deck of ['nope', 'runtime', '../alpha', '']) {
      const answer = await app.inject({ url: `/api/demos?deck=${encodeURIComponent(deck)}` });
      expect(answer.statusCode, deck).toBe(404);
      expect(answer.json()).toEqual({ error: { code: 'not-found', message: `no deck named ${JSON.stringify(deck)} (decks: alpha, beta)` } });
    }
  });

  it('starts a run (202), streams its events as SSE with ids, resumes after a seq', async () => {
    const { app } = await makeApp();
    const start = await app.inject({ method: 'POST', url: '/api/runs', ...json({ demo: 'quick', params: { n: 3 } }) });
    expect(start.statusCode).toBe(202);
    const summary = start.json();
    expect(summary).toMatchObject({ demo: 'quick', params: { n: 3, mode: 'a' } });
    expect(start.headers.location).toBe(`/api/runs/${summary.runId}`);
    await engine!.run(summary.runId)!.done;
    const all = await app.inject({ url: `/api/runs/${summary.runId}/events` });
    expect(all.headers['content-type']).toMatch(/^text\/event-stream/);
    const { ids, events } = parseSse(all.body);
    expect(ids).toEqual(events.map((event) => event.seq));
    expect(ids[0]).toBe(1);
    expect(events.map((event) => event.type)).toEqual(['queued', 'status', 'sample', 'sample', 'sample', 'result', 'end']);
    const resumed = parseSse((await app.inject({ url: `/api/runs/${summary.runId}/events?after=5` })).body);
    expect(resumed.ids).toEqual([6, 7]);
    const byHeader = parseSse((await app.inject({ url: `/api/runs/${summary.runId}/events?after=1`, headers: { 'last-event-id': '6' } })).body);
    expect(byHeader.ids).toEqual([7]);
    // Nothing after the end: 204 so an EventSource stops reconnecting.
    expect((await app.inject({ url: `/api/runs/${summary.runId}/events`, headers: { 'last-event-id': '7' } })).statusCode).toBe(204);
    expect((await app.inject({ url: `/api/runs/${summary.runId}/events?after=x` })).statusCode).toBe(400);
    const got = (await app.inject({ url: `/api/runs/${summary.runId}` })).json();
    expect(got).toMatchObject({ state: 'done', outcome: 'ok', lastSeq: 7 });
    expect((await app.inject({ url: '/api/runs?demo=quick' })).json()).toHaveLength(1);
    expect((await app.inject({ url: '/api/runs?demo=waiting' })).json()).toHaveLength(0);
  });

  it('refuses bad input with ApiError bodies', async () => {
    const { app } = await makeApp();
    const unknown = await app.inject({ method: 'POST', url: '/api/runs', ...json({ demo: 'nope' }) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'unknown-demo' } });
    const bad = await app.inject({ method: 'POST', url: '/api/runs', ...json({ demo: 'quick', params: { n: 50, mode: 'c' } }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('bad-params');
    expect(bad.json().error.issues).toHaveLength(2);
    expect(bad.json().error.issues[0]).toMatch(/^n: /);
    const malformed = await app.inject({ method: 'POST', url: '/api/runs', headers: { 'content-type': 'application/json', ...speaker }, payload: '{"demo":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('bad-request');
    const notObject = await app.inject({ method: 'POST', url: '/api/runs', ...json([1, 2]) });
    expect(notObject.statusCode).toBe(400);
    const huge = await app.inject({ method: 'POST', url: '/api/runs', ...json({ demo: 'waiting', files: { 'main.go': 'x'.repeat(300 * 1024) } }) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('too-large');
    const text = await app.inject({ method: 'POST', url: '/api/runs', headers: { 'content-type': 'text/plain', ...speaker }, payload: '{"demo":"quick"}' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('bad-request');
    const files = await app.inject({ method: 'POST', url: '/api/runs', ...json({ demo: 'quick', files: { 'a.go': '' } }) });
    expect(files.statusCode).toBe(400);
    const cancelUnknown = await app.inject({ method: 'POST', url: '/api/runs/nope/cancel', headers: speaker });
    expect(cancelUnknown.statusCode).toBe(404);
    expect(cancelUnknown.json().error.code).toBe('not-found');
    expect((await app.inject({ url: '/api/runs/nope' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/runs/nope/events' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/nothing' })).json().error.code).toBe('not-found');
    expect((await app.inject({ url: '/api/recordings/quick' })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/recordings/no-such-demo' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/recordings/..%2Fetc' })).statusCode).toBe(404);
  });

  it('deduplicates (200, same run) and honours requestId; cancel works', async () => {
    const { app } = await makeApp();
    const first = await app.inject({ method: 'POST', url: '/api/runs', ...json({ demo: 'waiting', requestId: 'abc' }) });
    expect(first.statusCode).toBe(202);
    const again = await app.inject({ method: 'POST', url: '/api/runs', ...json({ demo: 'waiting', params: { tag: 'x' } }) });
    expect(again.statusCode).toBe(200);
    expect(again.json().runId).toBe(first.json().runId);
    const retry = await app.inject({ method: 'POST', url: '/api/runs', ...json({ demo: 'waiting', requestId: 'abc' }) });
    expect(retry.json().runId).toBe(first.json().runId);
    const queued = await app.inject({ method: 'POST', url: '/api/runs', ...json({ demo: 'quick' }) });
    expect(queued.statusCode).toBe(202);
    expect(queued.json().state).toBe('queued');
    const cancelled = await app.inject({ method: 'POST', url: `/api/runs/${first.json().runId}/cancel`, headers: speaker });
    expect(cancelled.statusCode).toBe(200);
    await engine!.run(first.json().runId)!.done;
    expect(engine!.run(first.json().runId)!.outcome).toBe('cancelled');
    await engine!.run(queued.json().runId)!.done;
    expect(engine!.run(queued.json().runId)!.outcome).toBe('ok');
  });

  it('needs the token for control on every server, loopback included; watching stays open', async () => {
    const { app } = await makeApp();
    const plain = { 'content-type': 'application/json' };
    const body = JSON.stringify({ demo: 'quick' });
    // A loopback client without the token (another program, a forwarded port) is a watcher.
    const refused = await app.inject({ method: 'POST', url: '/api/runs', headers: plain, payload: body });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/#token=/) });
    const forwarded = await app.inject({ method: 'POST', url: '/api/runs', headers: { ...plain, host: 'localhost' }, payload: body });
    expect(forwarded.statusCode).toBe(403);
    const wrong = await app.inject({ method: 'POST', url: '/api/runs', headers: { ...plain, authorization: 'Bearer nope' }, payload: body });
    expect(wrong.statusCode).toBe(403);
    const remote = { remoteAddress: '192.0.2.7' };
    const ok = await app.inject({ method: 'POST', url: '/api/runs', payload: body, ...remote, headers: { ...plain, ...speaker } });
    expect(ok.statusCode).toBe(202);
    expect((await app.inject({ url: `/api/runs/${ok.json().runId}`, ...remote })).statusCode).toBe(200);
    expect((await app.inject({ url: `/api/runs/${ok.json().runId}/events`, ...remote })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/api/runs/${ok.json().runId}/cancel` })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/health', ...remote })).json()).toMatchObject({ role: 'watcher', control: false });
  });

  it('refuses foreign pages (Origin) and foreign Host names on a loopback server', async () => {
    const { app } = await makeApp();
    const csrf = await app.inject({ method: 'POST', url: '/api/runs', ...json({ demo: 'quick' }), headers: { 'content-type': 'application/json', ...speaker, origin: 'https://evil.example' } });
    expect(csrf.statusCode).toBe(403);
    const rebinding = await app.inject({ url: '/api/health', headers: { host: 'evil.example:8000', ...speaker } });
    expect(rebinding.statusCode).toBe(403);
    expect(rebinding.json().error.message).toMatch(/answers only to loopback names/);
    const rebindingStart = await app.inject({ method: 'POST', url: '/api/runs', ...json({ demo: 'quick' }), headers: { 'content-type': 'application/json', ...speaker, host: 'evil.example' } });
    expect(rebindingStart.statusCode).toBe(403);
    expect(engine!.runs()).toHaveLength(0);
    const devDeck = await app.inject({ method: 'POST', url: '/api/runs', headers: { 'content-type': 'application/json', ...speaker, origin: 'http://localhost:5173' }, payload: JSON.stringify({ demo: 'quick' }) });
    expect(devDeck.statusCode).toBe(202);
    expect(devDeck.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const preflight = await app.inject({ method: 'OPTIONS', url: '/api/runs', headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(204);
  });

  it('answers an exposed server\'s own addresses and allowed names, not a rebinding name', async () => {
    const { app } = await makeApp({ exposed: true, hostNames: () => ['192.0.2.1', 'deck.example'] });
    for (const host of ['192.0.2.1:8000', 'deck.example:8000', '127.0.0.1:8000']) {
      expect((await app.inject({ url: '/api/health', headers: { host } })).statusCode, host).toBe(200);
    }
    const rebinding = await app.inject({ method: 'POST', url: '/api/runs', ...json({ demo: 'quick' }), headers: { 'content-type': 'application/json', ...speaker, host: 'evil.example:8000' } });
    expect(rebinding.statusCode).toBe(403);
    expect(rebinding.json().error.message).toMatch(/this machine's addresses/);
  });

  it('lists at most a few issues in a 400 answer', async () => {
    const { app } = await makeApp();
    const params = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 0]));
    const answer = await app.inject({ method: 'POST', url: '/api/runs', ...json({ demo: 'quick', params }) });
    expect(answer.statusCode).toBe(400);
    const issues = answer.json().error.issues as string[];
    expect(issues).toHaveLength(21);
    expect(issues.at(-1)).toBe('… and 19980 more');
    expect(answer.body.length).toBeLessThan(10_000);
  });

  it('refuses to follow a run from a seq it has not reached (the stream would never close)', async () => {
    const { app } = await makeApp();
    const { runId } = (await app.inject({ method: 'POST', url: '/api/runs', ...json({ demo: 'waiting' }) })).json();
    const beyond = await app.inject({ url: `/api/runs/${runId}/events?after=99` });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json().error.message).toMatch(/beyond this run's last event/);
  });

  it('streams live events to a real client, with heartbeats, and cleans up on disconnect', async () => {
    const { app } = await makeApp({ heartbeatMs: 50 });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const { runId } = (await app.inject({ method: 'POST', url: '/api/runs', ...json({ demo: 'waiting' }) })).json();
    const controller = new AbortController();
    const response = await fetch(`${address}/api/runs/${runId}/events`, { signal: controller.signal });
    const reader = response.body!.getReader();
    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes(': heartbeat') || !text.includes('started')) text += decoder.decode((await reader.read()).value);
    const run = engine!.run(runId)!;
    expect(run.subscriberCount()).toBe(1);
    controller.abort();
    await reader.cancel().catch(() => undefined);
    for (let i = 0; i < 50 && run.subscriberCount() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(run.subscriberCount()).toBe(0);
    // Reconnect with Last-Event-ID: only later events; release the run, see the end.
    const seen = parseSse(text).ids;
    const last = Math.max(...seen);
    const second = await fetch(`${address}/api/runs/${runId}/events`, { headers: { 'last-event-id': String(last) } });
    setTimeout(() => release(), 50);
    const rest = parseSse(await second.text());
    expect(rest.ids[0]).toBe(last + 1);
    expect(rest.events.at(-1)).toMatchObject({ type: 'end', outcome: 'ok' });
    expect(new Set([...seen, ...rest.ids]).size).toBe(seen.length + rest.ids.length);
  });

  it('serves recordings and the static deck', async () => {
    const dist = await makeTempDir('app-test-dist-');
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>deck</title>');
    // The static build answers ./api/health with {live: false}; the server's route wins.
    await mkdir(join(dist, 'api'));
    await writeFile(join(dist, 'api/health'), '{"live":false,"static":true}');
    const { app, recorder, engine } = await makeApp({ distDir: dist });
    const { run } = engine.start({ demo: 'quick' });
    await run.done;
    await recorder.record(run);
    const recording = await app.inject({ url: '/api/recordings/quick' });
    expect(recording.statusCode).toBe(200);
    expect(recording.json()).toMatchObject({ format: 1, demo: 'quick', outcome: 'ok', machine: { cpuModel: 'Test CPU' } });
    const index = await app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<title>deck</title>');
    expect((await app.inject({ url: '/missing.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/health' })).json()).toMatchObject({ live: true });
  });

  it('serves every deck of the site, each with the API beside it', async () => {
    const dist = await makeTempDir('app-test-site-');
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>flagship</title>');
    await mkdir(join(dist, 'talk2/api'), { recursive: true });
    await writeFile(join(dist, 'talk2/index.html'), '<!doctype html><title>talk2</title>');
    await writeFile(join(dist, 'talk2/api/health'), '{"live":false,"static":true}');
    await mkdir(join(dist, 'decks'));
    await writeFile(join(dist, 'decks/index.html'), '<!doctype html><title>Decks</title>');
    const { app } = await makeApp({ distDir: dist });
    const deck = await app.inject({ url: '/talk2/' });
    expect(deck.statusCode).toBe(200);
    expect(deck.body).toContain('<title>talk2</title>');
    // Without the slash the deck's relative URLs would miss its folder.
    const bare = await app.inject({ url: '/talk2' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/talk2/');
    expect((await app.inject({ url: '/decks/' })).body).toContain('<title>Decks</title>');
    // The deck's ./api/health is the server's, not the static "no server" file.
    expect((await app.inject({ url: '/talk2/api/health' })).json()).toMatchObject({ live: true });
    expect((await app.inject({ url: '/talk2/api/demos' })).statusCode).toBe(200);
    // Control still needs the token on the deck's path.
    const start = await app.inject({ method: 'POST', url: '/talk2/api/runs', payload: { demo: 'quick' } });
    expect(start.statusCode).toBe(403);
    // A folder that is no deck is no way to the API.
    expect((await app.inject({ url: '/decks/api/health' })).statusCode).toBe(404);
  });
});
