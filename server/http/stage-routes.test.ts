import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { MachineInfo, StageEvent } from '../../demos/protocol.ts';
import { defineDemoRunner } from '../demos/demo-context.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { createRecorder } from '../recordings/recorder.ts';
import { createStage, type StageOptions } from '../stage/stage.ts';
import { createApp } from './app.ts';
import { makeTempDir } from '../../tests/support/temp-dir.ts';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** builtSite is a site with the flagship and a second deck, `lightning/`, as the build lays them out. */
async function builtSite(): Promise<string> {
  const dist = await makeTempDir('stage-routes-dist-');
  await mkdir(join(dist, 'lightning/api'), { recursive: true });
  await writeFile(join(dist, 'lightning/api/health'), '{"live":false}');
  return dist;
}

const machine: MachineInfo = { cpuModel: 'Test CPU', cpuCount: 2, os: 'Test OS', kernel: '6.0', arch: 'x64', memoryBytes: 1, toolchains: {} };
const token = 'speaker-token';
const speaker = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
const quick = defineDemoRunner({
  manifest: { id: 'quick', title: 'Quick', params: z.object({ n: z.number().int().default(1) }), result: z.object({}), requires: [], timeoutMs: 5_000 },
  run: async (ctx) => ctx.result({}),
});

let app: FastifyInstance | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  await app?.close();
  app = engine = undefined;
});

async function makeApp(stage: Omit<StageOptions, 'engine'> = {}, distDir?: string): Promise<FastifyInstance> {
  engine = createEngine({ demos: [quick], rootDir: '/nonexistent', detectToolchains: async () => [], log: () => undefined });
  const recorder = createRecorder({ dir: await makeTempDir('stage-routes-rec-'), keyOf: (demo) => demo, machine: async () => machine });
  app = await createApp({ engine, recorder, machine: async () => machine, version: '1', token, heartbeatMs: 60_000, stage: createStage({ engine, ...stage }), ...(distDir ? { distDir } : {}) });
  return app;
}

const move = (requestId: string, h: number, from?: { h: number; v: number; f: number }) => JSON.stringify({ requestId, position: { h, v: 0, f: -1 }, ...(from ? { from } : {}) });

/** readEvents reads a stage stream over a real socket until `count` events came, then closes it. */
async function readEvents(url: string, count: number, headers: Record<string, string> = {}): Promise<StageEvent[]> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const messages = (): Array<{ id: number; event: StageEvent }> =>
    [...text.matchAll(/^id: (\d+)\ndata: (.*)$/gm)].map((m) => ({ id: Number(m[1]), event: JSON.parse(m[2]!) as StageEvent }));
  while (messages().length < count) text += decoder.decode((await reader.read()).value);
  controller.abort();
  await reader.cancel().catch(() => undefined);
  for (const { id, event } of messages()) expect(id).toBe(event.seq);
  return messages().map(({ event }) => event);
}

describe('stage routes', () => {
  it('the speaker moves the driver; the audience reads where it is', async () => {
    const app = await makeApp();
    expect((await app.inject({ url: '/api/stage' })).json()).toEqual({ public: false, joinUrl: null, position: null, lastSeq: 0, streams: { open: 0, max: 500 }, seat: { remote: null, asking: null } });
    const moved = await app.inject({ method: 'POST', url: '/api/stage/position', headers: speaker, payload: move('m1', 3) });
    expect(moved.statusCode).toBe(200);
    // The answer names the deck whose stage moved: the flagship's, asked at /api/….
    expect(moved.json()).toEqual({ applied: true, position: { h: 3, v: 0, f: -1, deck: '/' }, seq: 1 });
    const stale = await app.inject({ method: 'POST', url: '/api/stage/position', headers: speaker, payload: move('m2', 5, { h: 2, v: 0, f: -1 }) });
    expect(stale.json()).toEqual({ applied: false, reason: 'stale', position: { h: 3, v: 0, f: -1, deck: '/' }, seq: 1 });
    const retried = await app.inject({ method: 'POST', url: '/api/stage/position', headers: speaker, payload: move('m1', 3) });
    expect(retried.json()).toEqual(moved.json());
    expect((await app.inject({ url: '/api/stage' })).json()).toMatchObject({ position: { h: 3, v: 0, f: -1, deck: '/' }, lastSeq: 1 });
  });

  it('refuses a move without the speaker token (403), from a foreign page, or malformed (400 naming the field)', async () => {
    const app = await makeApp();
    const plain = { 'content-type': 'application/json' };
    const none = await app.inject({ method: 'POST', url: '/api/stage/position', headers: plain, payload: move('a', 1) });
    expect(none.statusCode).toBe(403);
    expect(none.json().error).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/speaker token/) });
    const wrong = await app.inject({ method: 'POST', url: '/api/stage/position', headers: { ...plain, authorization: 'Bearer guess' }, payload: move('b', 1) });
    expect(wrong.statusCode).toBe(403);
    const csrf = await app.inject({ method: 'POST', url: '/api/stage/position', headers: { ...speaker, origin: 'https://evil.example' }, payload: move('c', 1) });
    expect(csrf.statusCode).toBe(403);
    const bad = await app.inject({ method: 'POST', url: '/api/stage/position', headers: speaker, payload: JSON.stringify({ requestId: 'd', position: { h: -1, v: 0, f: 0 } }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues).toEqual([expect.stringMatching(/^position\.h: /)]);
    expect((await app.inject({ url: '/api/stage' })).json()).toMatchObject({ position: null, lastSeq: 0 });
  });

  it('streams the current position to a new follower, then each new run as it starts', async () => {
    const app = await makeApp();
    await app.inject({ method: 'POST', url: '/api/stage/position', headers: speaker, payload: move('m1', 4) });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const reading = readEvents(`${address}/api/stage/events`, 2);
    for (let i = 0; i < 200 && (await app.inject({ url: '/api/stage' })).json().streams.open < 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await app.inject({ url: '/api/stage' })).json().streams).toEqual({ open: 1, max: 500 });
    const start = await app.inject({ method: 'POST', url: '/api/runs', headers: speaker, payload: JSON.stringify({ demo: 'quick', params: { n: 2 } }) });
    const [position, started] = await reading;
    expect(position).toEqual({ type: 'position', position: { h: 4, v: 0, f: -1, deck: '/' }, seq: 1, tMs: expect.any(Number) });
    expect(started).toMatchObject({ type: 'run-started', seq: 2, run: { runId: start.json().runId, demo: 'quick', params: { n: 2 } } });
    // The closed stream gives its slot back.
    for (let i = 0; i < 200 && (await app.inject({ url: '/api/stage' })).json().streams.open > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await app.inject({ url: '/api/stage' })).json().streams.open).toBe(0);
  });

  it('serves the join QR code only when there is a join URL', async () => {
    const app = await makeApp();
    const missing = await app.inject({ url: '/api/stage/join.svg' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toMatch(/--public/);
    await app.close();
    const publicApp = await makeApp({ public: true, join: { url: 'http://192.0.2.5:8000/', qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"/>' } });
    const svg = await publicApp.inject({ url: '/api/stage/join.svg' });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toBe('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect((await publicApp.inject({ url: '/api/stage' })).json()).toMatchObject({ public: true, joinUrl: 'http://192.0.2.5:8000/' });
  });

  it('refuses an unreadable or impossible resume point (400)', async () => {
    const app = await makeApp();
    expect((await app.inject({ url: '/api/stage/events?after=x' })).statusCode).toBe(400);
    const beyond = await app.inject({ url: '/api/stage/events', headers: { 'last-event-id': '4' } });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json().error.message).toMatch(/beyond the stage stream's last event \(0\)/);
  });

  it('each deck has its own stage: a move of one deck\'s speaker is not the other deck\'s', async () => {
    const app = await makeApp({ public: true, join: { url: 'http://192.0.2.5:8000/', qrSvg: '<svg/>' }, qrSvg: (text) => `<svg data-url="${text}"/>` }, await builtSite());
    const lightning = await app.inject({ method: 'POST', url: '/lightning/api/stage/position', headers: speaker, payload: JSON.stringify({ requestId: 'l1', position: { h: 2, v: 0, f: -1, deck: '/lightning/' } }) });
    expect(lightning.json()).toEqual({ applied: true, position: { h: 2, v: 0, f: -1, deck: '/lightning/' }, seq: 1 });
    expect((await app.inject({ url: '/api/stage' })).json()).toMatchObject({ position: null, lastSeq: 0, joinUrl: 'http://192.0.2.5:8000/' });
    expect((await app.inject({ url: '/lightning/api/stage' })).json()).toMatchObject({ position: { h: 2, v: 0, f: -1, deck: '/lightning/' }, lastSeq: 1, joinUrl: 'http://192.0.2.5:8000/lightning/' });
    // Each deck's title slide shows its own page as the join code.
    expect((await app.inject({ url: '/lightning/api/stage/join.svg' })).body).toBe('<svg data-url="http://192.0.2.5:8000/lightning/"/>');
    // The flagship's speaker moves its own stage; the same request id is another deck's request.
    const flagship = await app.inject({ method: 'POST', url: '/api/stage/position', headers: speaker, payload: move('l1', 5) });
    expect(flagship.json()).toEqual({ applied: true, position: { h: 5, v: 0, f: -1, deck: '/' }, seq: 1 });
    // A position of one deck sent to another's stage is refused, naming the field.
    const astray = await app.inject({ method: 'POST', url: '/api/stage/position', headers: speaker, payload: JSON.stringify({ requestId: 'x', position: { h: 1, v: 0, f: -1, deck: '/lightning/' } }) });
    expect(astray.statusCode).toBe(400);
    expect(astray.json().error.issues).toEqual(['position.deck: "/lightning/" is another deck; post it to /lightning/api/stage/… (this is /api/stage/…)']);
    const fromAstray = await app.inject({ method: 'POST', url: '/lightning/api/stage/position', headers: speaker, payload: JSON.stringify({ requestId: 'y', position: { h: 3, v: 0, f: -1 }, from: { h: 2, v: 0, f: -1, deck: '/' } }) });
    expect(fromAstray.json().error.issues).toEqual([expect.stringMatching(/^from\.deck: "\/" is another deck/)]);
    expect((await app.inject({ url: '/lightning/api/stage' })).json()).toMatchObject({ position: { h: 2 }, lastSeq: 1 });
    // Each deck's stream starts at its own speaker's position.
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    expect((await readEvents(`${address}/lightning/api/stage/events`, 1))[0]).toMatchObject({ type: 'position', position: { h: 2, deck: '/lightning/' } });
    expect((await readEvents(`${address}/api/stage/events`, 1))[0]).toMatchObject({ type: 'position', position: { h: 5, deck: '/' } });
  });

  it('the speaker\'s deck says it shows a recording instead of the live run: its own deck\'s followers hear it', async () => {
    const app = await makeApp({}, await builtSite());
    const fallback = (url: string, body: unknown, headers: Record<string, string> = speaker) => app.inject({ method: 'POST', url, headers, payload: JSON.stringify(body) });
    await app.inject({ method: 'POST', url: '/api/stage/position', headers: speaker, payload: move('m1', 4) });
    const shown = await fallback('/api/stage/fallback', { demo: 'quick', key: 'quick--n-2' });
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toEqual({ seq: 2 });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const [, event] = await readEvents(`${address}/api/stage/events`, 2);
    expect(event).toEqual({ type: 'fallback', demo: 'quick', key: 'quick--n-2', seq: 2, tMs: expect.any(Number) });
    // Not the other deck's audience.
    expect((await app.inject({ url: '/lightning/api/stage' })).json().lastSeq).toBe(0);
    // The speaker's alone, and only a demo of the server with one of its keys.
    const plain = await fallback('/api/stage/fallback', { demo: 'quick', key: 'quick' }, { 'content-type': 'application/json' });
    expect(plain.statusCode).toBe(403);
    const unknown = await fallback('/api/stage/fallback', { demo: 'nope', key: 'nope' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.issues).toEqual(['demo: no demo "nope" on this server']);
    expect((await fallback('/api/stage/fallback', { demo: 'quick', key: '../x' })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/stage' })).json().lastSeq).toBe(2);
  });
});
