import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { DeckSlides, IssuedRemote, MachineInfo, SlidePosition } from '../../demos/protocol.ts';
import { defineDemoRunner } from '../demos/demo-context.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { createRecorder } from '../recordings/recorder.ts';
import { createSlideMap } from '../stage/slide-map.ts';
import { createStage, type StageOptions } from '../stage/stage.ts';
import { createApp } from './app.ts';
import { remoteUrlOf } from './remote-routes.ts';
import { makeTempDir } from '../../tests/support/temp-dir.ts';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** lightning is a second deck of the server, in `lightning/`: `other` on its slide 1, nothing on slide 2. */
const lightning: DeckSlides = {
  format: 1,
  title: 'Lightning',
  slides: [
    { h: 0, v: 0, id: 'title', title: 'Lightning', notesHtml: '', demos: [] },
    { h: 1, v: 0, id: 'other-live', title: 'Other, live', notesHtml: '', demos: [{ demo: 'other', params: {} }] },
    { h: 2, v: 0, id: 'end', title: 'End', notesHtml: '', demos: [] },
  ],
};

/** builtSite lays out the flagship and `lightning/` as the build does. */
async function builtSite(): Promise<string> {
  const dist = await makeTempDir('remote-routes-dist-');
  await mkdir(join(dist, 'lightning/api'), { recursive: true });
  await writeFile(join(dist, 'lightning/api/health'), '{"live":false}');
  return dist;
}

const machine: MachineInfo = { cpuModel: 'Test CPU', cpuCount: 2, os: 'Test OS', kernel: '6.0', arch: 'x64', memoryBytes: 1, toolchains: {} };
const token = 'speaker-token';
const json = { 'content-type': 'application/json' };
const speaker = { ...json, authorization: `Bearer ${token}` };
const bearer = (remote: { token: string }) => ({ ...json, authorization: `Bearer ${remote.token}` });

/** A demo that waits until cancelled, so a run stays active while a test looks at it. */
const waits = (id: string) =>
  defineDemoRunner({
    manifest: { id, title: id, params: z.object({ n: z.number().int().default(1) }), result: z.object({}), requires: [], timeoutMs: 60_000, editable: true },
    run: (ctx) => new Promise<void>((done) => ctx.signal.addEventListener('abort', () => done())),
  });

const deck: DeckSlides = {
  format: 1,
  title: 'Test deck',
  slides: [
    { h: 0, v: 0, id: 'title', title: 'Title', notesHtml: '<p>Welcome</p>', demos: [] },
    { h: 1, v: 0, id: 'live', title: 'Live', notesHtml: '<p>Click Run</p>', demos: [{ demo: 'quick', params: { n: 2 } }] },
    { h: 2, v: 0, id: 'after', title: 'After', notesHtml: '', demos: [] },
  ],
};

let app: FastifyInstance | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  await app?.close();
  app = engine = undefined;
});

async function makeApp(stage: Omit<StageOptions, 'engine'> = {}, distDir?: string): Promise<FastifyInstance> {
  engine = createEngine({ demos: [waits('quick'), waits('other')], rootDir: '/nonexistent', detectToolchains: async () => [], log: () => undefined });
  const recorder = createRecorder({ dir: await makeTempDir('remote-routes-rec-'), keyOf: (demo) => demo, machine: async () => machine });
  app = await createApp({
    engine,
    recorder,
    machine: async () => machine,
    version: '1',
    token,
    heartbeatMs: 60_000,
    qrSvg: (text) => `<svg data-text="${text}"/>`,
    stage: createStage({ engine, slides: createSlideMap({ '/': deck }), ...stage }),
    ...(distDir ? { distDir } : {}),
  });
  return app;
}

const post = (url: string, headers: Record<string, string>, body: unknown = {}) => app!.inject({ method: 'POST', url, headers, payload: JSON.stringify(body) });
const at = (h: number, f = -1): SlidePosition => ({ h, v: 0, f });
let moves = 0;
/** deckAt publishes the speaker's deck position, as the laptop's deck does. */
const deckAt = (h: number) => post('/api/stage/position', speaker, { requestId: `deck-${++moves}`, position: at(h) });

async function makeRemote(label?: string): Promise<IssuedRemote> {
  const made = await post('/api/remote/tokens', speaker, label ? { label } : {});
  expect(made.statusCode).toBe(201);
  return made.json() as IssuedRemote;
}

describe('phone remote routes', () => {
  it('the speaker makes a remote: its token once, the URL to open and its QR code; the list never shows tokens', async () => {
    await makeApp();
    const remote = await makeRemote();
    expect(remote).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{8}$/), label: 'remote 1', token: expect.stringMatching(/^[\w-]{32}$/) });
    expect(remote.url).toBe(`http://localhost/remote/#token=${remote.token}`);
    expect(remote.qrSvg).toBe(`<svg data-text="${remote.url}"/>`);
    expect(remote.warning).toMatch(/--public/);
    const second = await makeRemote('co-host');
    expect(second.label).toBe('co-host');
    expect(second.token).not.toBe(remote.token);
    const list = await app!.inject({ url: '/api/remote/tokens', headers: speaker });
    expect(list.json()).toEqual([
      { id: remote.id, label: 'remote 1', createdAt: remote.createdAt },
      { id: second.id, label: 'co-host', createdAt: second.createdAt },
    ]);
    // Neither the audience nor a remote makes, lists or revokes remotes.
    for (const headers of [json, bearer(remote)]) {
      expect((await post('/api/remote/tokens', headers)).statusCode).toBe(403);
      expect((await app!.inject({ url: '/api/remote/tokens', headers })).statusCode).toBe(403);
      expect((await post(`/api/remote/tokens/${second.id}/revoke`, headers)).statusCode).toBe(403);
    }
    const bad = await post('/api/remote/tokens', speaker, { label: '', color: 'red' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues).toEqual(['color: unknown field']);
    expect((await post('/api/remote/tokens', speaker, { label: '' })).json().error.message).toBe('label: must not be empty');
  });

  it('puts the speaker deck\'s remote beside the join URL of a public server, with no warning', () => {
    expect(remoteUrlOf('t', 'http://192.0.2.5:8000/', '127.0.0.1:8000')).toEqual({ url: 'http://192.0.2.5:8000/remote/#token=t' });
    expect(remoteUrlOf('a b', undefined, '192.0.2.7:9000')).toEqual({ url: 'http://192.0.2.7:9000/remote/#token=a%20b' });
    expect(remoteUrlOf('t', undefined, '[::1]:8000').warning).toMatch(/--public/);
    // The speaker presents another deck of the server: its own remote.
    expect(remoteUrlOf('t', 'http://192.0.2.5:8000/', '127.0.0.1:8000', '/cgo-lightning/')).toEqual({ url: 'http://192.0.2.5:8000/cgo-lightning/remote/#token=t' });
  });

  it('a remote is a remote: it knows who it is, cannot control or drive positions, the audience is refused', async () => {
    await makeApp();
    const remote = await makeRemote();
    const health = (await app!.inject({ url: '/api/health', headers: bearer(remote) })).json();
    expect(health).toMatchObject({ role: 'remote', control: false });
    const me = await app!.inject({ url: '/api/remote/me', headers: bearer(remote) });
    expect(me.json()).toEqual({ remote: { id: remote.id, label: 'remote 1' }, seat: { remote: null, asking: null }, talkElapsedMs: null });
    expect((await app!.inject({ url: '/api/remote/me', headers: json })).statusCode).toBe(403);
    expect((await app!.inject({ url: '/api/remote/me', headers: speaker })).statusCode).toBe(403);
    expect((await post('/api/stage/position', bearer(remote), { requestId: 'x', position: at(2) })).statusCode).toBe(403);
    expect((await post('/api/stage/step', json, { requestId: 'y', step: 'next', from: at(0) })).statusCode).toBe(403);
  });

  it('steps the deck: a step event for the deck, the clock starts with the first move off the title', async () => {
    await makeApp();
    const remote = await makeRemote();
    expect((await post('/api/stage/step', bearer(remote), { requestId: 's0', step: 'next', from: at(0) })).json()).toMatchObject({ accepted: false, reason: 'no-deck' });
    await deckAt(0);
    const step = await post('/api/stage/step', bearer(remote), { requestId: 's1', step: 'next', from: at(0) });
    expect(step.json()).toEqual({ accepted: true, position: { ...at(0), deck: '/' }, seq: 3 });
    // A retry of the same press is the same answer; a press from where the deck was is ignored.
    expect((await post('/api/stage/step', bearer(remote), { requestId: 's1', step: 'next', from: at(0) })).json()).toEqual(step.json());
    await deckAt(1);
    expect((await post('/api/stage/step', bearer(remote), { requestId: 's2', step: 'next', from: at(0) })).json()).toMatchObject({ accepted: false, reason: 'stale' });
    expect((await app!.inject({ url: '/api/stage' })).json()).toMatchObject({ lastSeq: 4, position: at(1), seat: { remote: { id: remote.id } } });
    expect((await app!.inject({ url: '/api/remote/me', headers: bearer(remote) })).json().talkElapsedMs).toEqual(expect.any(Number));
    const bad = await post('/api/stage/step', bearer(remote), { requestId: 's3', step: 'sideways', from: at(1) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues).toEqual([expect.stringMatching(/^step: /)]);
  });

  it('runs only the current slide\'s demo with that slide\'s params, never another demo or code', async () => {
    await makeApp();
    const remote = await makeRemote();
    const start = (body: unknown) => post('/api/runs', bearer(remote), body);
    await deckAt(0);
    const offSlide = await start({ demo: 'quick', params: { n: 2 } });
    expect(offSlide.statusCode).toBe(403);
    expect(offSlide.json().error.message).toBe('a remote runs only the current slide\'s demo, and this slide has none');
    await deckAt(1);
    expect((await start({ demo: 'other', params: { n: 2 } })).json().error.message).toMatch(/current slide's demo \(quick on "Live"\), not other/);
    expect((await start({ demo: 'quick', params: { n: 3 } })).json().error.message).toBe('a remote runs quick only with the params of "Live"');
    const code = await start({ demo: 'quick', params: { n: 2 }, files: { 'main.go': 'package main' } });
    expect(code.statusCode).toBe(403);
    expect(code.json().error.message).toMatch(/never sends code/);
    expect(engine!.runs()).toEqual([]);
    const ok = await start({ demo: 'quick', params: { n: 2 }, requestId: 'run-1' });
    expect(ok.statusCode).toBe(202);
    const retry = await start({ demo: 'quick', params: { n: 2 }, requestId: 'run-1' });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().runId).toBe(ok.json().runId);
    expect(engine!.runs()).toHaveLength(1);
    // The speaker's other run is not the remote's to cancel; the slide's is.
    const speakers = await post('/api/runs', speaker, { demo: 'other' });
    expect((await post(`/api/runs/${speakers.json().runId}/cancel`, bearer(remote))).statusCode).toBe(403);
    const cancelled = await post(`/api/runs/${ok.json().runId}/cancel`, bearer(remote));
    expect(cancelled.statusCode).toBe(200);
    // Once the deck has moved on, the slide's demo is no longer the remote's to start.
    await deckAt(2);
    expect((await start({ demo: 'quick', params: { n: 2 } })).statusCode).toBe(403);
    // An unknown run is 404, as for the speaker (run ids are no secret: GET /api/runs lists them).
    expect((await post('/api/runs/nope/cancel', bearer(remote))).statusCode).toBe(404);
  });

  it('a revoked remote is refused everything and told it was revoked; it leaves the seat', async () => {
    await makeApp();
    const remote = await makeRemote();
    await deckAt(1);
    expect((await post('/api/stage/step', bearer(remote), { requestId: 'a', step: 'next', from: at(1) })).json().accepted).toBe(true);
    const revoked = await post(`/api/remote/tokens/${remote.id}/revoke`, speaker);
    expect(revoked.json()).toMatchObject({ id: remote.id, revokedAt: expect.any(String) });
    expect((await post('/api/remote/tokens/nope/revoke', speaker)).statusCode).toBe(404);
    expect((await app!.inject({ url: '/api/stage' })).json().seat).toEqual({ remote: null, asking: null });
    const refusals = [
      await post('/api/stage/step', bearer(remote), { requestId: 'b', step: 'next', from: at(1) }),
      await post('/api/runs', bearer(remote), { demo: 'quick', params: { n: 2 } }),
      await app!.inject({ url: '/api/remote/me', headers: bearer(remote) }),
      await post('/api/remote/handoff', bearer(remote), { action: 'ask' }),
    ];
    for (const refused of refusals) {
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toMatch(/this remote \(remote 1\) was revoked by the speaker/);
    }
    expect((await app!.inject({ url: '/api/health', headers: bearer(remote) })).json().role).toBe('watcher');
    expect(engine!.runs()).toEqual([]);
  });

  it('hands over: a second remote asks, the driving one accepts, the first then only follows', async () => {
    await makeApp();
    const mine = await makeRemote();
    const cohost = await makeRemote('co-host');
    await deckAt(1);
    expect((await post('/api/stage/step', bearer(mine), { requestId: 'm1', step: 'next', from: at(1) })).json().accepted).toBe(true);
    expect((await post('/api/stage/step', bearer(cohost), { requestId: 'c1', step: 'next', from: at(1) })).json()).toMatchObject({ accepted: false, reason: 'not-driver' });
    const notDriving = await post('/api/runs', bearer(cohost), { demo: 'quick', params: { n: 2 } });
    expect(notDriving.statusCode).toBe(403);
    expect(notDriving.json().error.message).toBe('remote 1 drives now: ask to take over before running the demo');
    const asked = await post('/api/remote/handoff', bearer(cohost), { action: 'ask' });
    expect(asked.json()).toEqual({ remote: { id: mine.id, label: 'remote 1' }, asking: { id: cohost.id, label: 'co-host' } });
    // The one asking cannot answer itself; the audience cannot answer at all.
    expect((await post('/api/remote/handoff/answer', bearer(cohost), { remote: cohost.id, accept: true })).statusCode).toBe(403);
    expect((await post('/api/remote/handoff/answer', json, { remote: cohost.id, accept: true })).statusCode).toBe(403);
    expect((await post('/api/remote/handoff/answer', bearer(mine), { remote: cohost.id })).statusCode).toBe(400);
    const accepted = await post('/api/remote/handoff/answer', bearer(mine), { remote: cohost.id, accept: true });
    expect(accepted.json()).toMatchObject({ remote: { id: cohost.id }, asking: null, answered: { accepted: true } });
    expect((await post('/api/stage/step', bearer(mine), { requestId: 'm2', step: 'next', from: at(1) })).json().reason).toBe('not-driver');
    expect((await post('/api/stage/step', bearer(cohost), { requestId: 'c2', step: 'next', from: at(1) })).json().accepted).toBe(true);
    expect((await post('/api/runs', bearer(cohost), { demo: 'quick', params: { n: 2 } })).statusCode).toBe(202);
    // The speaker's laptop still drives, and answers the next request: a refusal.
    await post('/api/remote/handoff', bearer(mine), { action: 'ask' });
    expect((await post('/api/remote/handoff/answer', speaker, { remote: mine.id, accept: false })).json()).toMatchObject({ remote: { id: cohost.id }, asking: null, answered: { remote: { id: mine.id }, accepted: false } });
    expect((await post('/api/remote/handoff', bearer(mine), { action: 'withdraw' })).statusCode).toBe(409);
    expect((await post('/api/remote/handoff', bearer(mine), { action: 'take' })).statusCode).toBe(400);
    // Every change went out on the stage stream as a driver event, for the phones.
    const driverEvents = (await app!.inject({ url: '/api/stage' })).json();
    expect(driverEvents.seat.remote.id).toBe(cohost.id);
  });

  it('a remote of a deck steps that deck and runs its current slide\'s demo, whatever the other deck shows', async () => {
    await makeApp({ slides: createSlideMap({ '/': deck, '/lightning/': lightning }) }, await builtSite());
    const phone = await makeRemote('phone');
    const cohost = await makeRemote('co-host');
    // The flagship is on its demo slide (quick), the lightning deck on its title.
    await deckAt(1);
    await post('/lightning/api/stage/position', speaker, { requestId: 'l0', position: { h: 0, v: 0, f: -1, deck: '/lightning/' } });
    const onLightning = await post('/lightning/api/runs', bearer(phone), { demo: 'quick', params: { n: 2 } });
    expect(onLightning.statusCode).toBe(403);
    expect(onLightning.json().error.message).toBe('a remote runs only the current slide\'s demo, and this slide has none');
    expect(engine!.runs()).toEqual([]);
    await post('/lightning/api/stage/position', speaker, { requestId: 'l1', position: { h: 1, v: 0, f: -1 } });
    expect((await post('/lightning/api/runs', bearer(phone), { demo: 'other' })).statusCode).toBe(202);
    // …and the flagship's slide is still the flagship's: not `other`.
    expect((await post('/api/runs', bearer(phone), { demo: 'other' })).json().error.message).toMatch(/\(quick on "Live"\), not other/);
    // A step goes to the deck it was sent to, from that deck's position.
    const step = await post('/lightning/api/stage/step', bearer(phone), { requestId: 's1', step: 'next', from: { h: 1, v: 0, f: -1 } });
    expect(step.json()).toEqual({ accepted: true, position: { h: 1, v: 0, f: -1, deck: '/lightning/' }, seq: 5 }); // after 2 moves, the run, the seat taken
    // The flagship's stream had its move and the run, no step, and its seat is free.
    expect((await app!.inject({ url: '/api/stage' })).json()).toMatchObject({ lastSeq: 2, position: { h: 1, deck: '/' }, seat: { remote: null } });
    expect((await post('/api/stage/step', bearer(phone), { requestId: 's2', step: 'next', from: { h: 1, v: 0, f: -1, deck: '/lightning/' } })).statusCode).toBe(400);
    // One seat per deck: the phone drives the lightning deck; the co-host may drive the flagship.
    expect((await app!.inject({ url: '/lightning/api/remote/me', headers: bearer(cohost) })).json().seat).toMatchObject({ remote: { id: phone.id } });
    expect((await post('/lightning/api/stage/step', bearer(cohost), { requestId: 'c1', step: 'next', from: { h: 1, v: 0, f: -1 } })).json()).toMatchObject({ accepted: false, reason: 'not-driver' });
    expect((await post('/api/stage/step', bearer(cohost), { requestId: 'c2', step: 'next', from: at(1) })).json()).toMatchObject({ accepted: true });
    expect((await app!.inject({ url: '/api/remote/me', headers: bearer(cohost) })).json().seat).toMatchObject({ remote: { id: cohost.id } });
    // Revoked, the phone leaves the seat of every deck.
    await post(`/api/remote/tokens/${phone.id}/revoke`, speaker);
    expect((await app!.inject({ url: '/lightning/api/stage' })).json().seat).toEqual({ remote: null, asking: null });
  });
});
