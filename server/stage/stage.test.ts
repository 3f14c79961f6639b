import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DeckSlides } from '../../demos/protocol.ts';
import { defineDemoRunner } from '../demos/demo-context.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { createSlideMap } from './slide-map.ts';
import { createStage } from './stage.ts';

const quick = defineDemoRunner({
  manifest: { id: 'quick', title: 'Quick', params: z.object({}), result: z.object({}), requires: [], timeoutMs: 5_000 },
  run: async (ctx) => ctx.result({}),
});

const slides = (title: string, demo: string): DeckSlides => ({
  format: 1,
  title,
  slides: [
    { h: 0, v: 0, id: 'title', title: `${title}: title`, notesHtml: '', demos: [] },
    { h: 1, v: 0, id: 'live', title: `${title}: live`, notesHtml: '', demos: [{ demo, params: {} }] },
  ],
});

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

function makeStage(now = () => 0) {
  engine = createEngine({ demos: [quick], rootDir: '/nonexistent', detectToolchains: async () => [], log: () => undefined });
  return createStage({
    engine,
    now,
    public: true,
    join: { url: 'http://192.0.2.5:8000/', qrSvg: '<svg flagship/>' },
    qrSvg: (text) => `<svg ${text}/>`,
    slides: createSlideMap({ '/': slides('Flagship', 'quick'), '/lightning/': slides('Lightning', 'other') }),
  });
}

describe('a stage per deck', () => {
  it('each deck has its own position, log and clock: a move on one is not seen on the other', () => {
    let clock = 0;
    const stage = makeStage(() => clock);
    const flagship = stage.deck('/');
    const lightning = stage.deck('/lightning/');
    expect(stage.deck('/lightning/')).toBe(lightning);
    expect(lightning.driver.drive({ requestId: 'l1', position: { h: 1, v: 0, f: -1, deck: '/lightning/' } })).toMatchObject({ applied: true, seq: 1 });
    clock = 5_000;
    expect(flagship.info()).toMatchObject({ position: null, lastSeq: 0 });
    expect(lightning.info()).toMatchObject({ position: { h: 1, v: 0, f: -1, deck: '/lightning/' }, lastSeq: 1 });
    expect(flagship.talkElapsedMs()).toBeNull();
    expect(lightning.talkElapsedMs()).toBe(5_000);
    // The same request id on the other deck is another request.
    expect(flagship.driver.drive({ requestId: 'l1', position: { h: 1, v: 0, f: -1, deck: '/' } })).toMatchObject({ applied: true, seq: 1 });
    expect(stage.decks().map((deck) => deck.deck)).toEqual(['/', '/lightning/']);
  });

  it('the current slide is the deck\'s own: its title, its demo', () => {
    const stage = makeStage();
    const flagship = stage.deck('/');
    const lightning = stage.deck('/lightning/');
    // A position naming no deck is on the deck whose stage it is.
    lightning.driver.drive({ requestId: 'a', position: { h: 1, v: 0, f: -1 } });
    flagship.driver.drive({ requestId: 'b', position: { h: 0, v: 0, f: -1 } });
    expect(lightning.currentSlide()).toMatchObject({ title: 'Lightning: live', demos: [{ demo: 'other' }] });
    expect(flagship.currentSlide()).toMatchObject({ title: 'Flagship: title', demos: [] });
    expect(lightning.knowsSlides()).toBe(true);
    expect(stage.deck('/unbuilt/').knowsSlides()).toBe(false);
    expect(stage.deck('/unbuilt/').currentSlide()).toBeUndefined();
  });

  it('one driver seat per deck: a remote driving one deck does not hold the other', () => {
    const stage = makeStage();
    const phone = { kind: 'remote' as const, id: 'r1', label: 'phone' };
    const cohost = { kind: 'remote' as const, id: 'r2', label: 'co-host' };
    stage.deck('/').seat.drove(phone);
    expect(stage.deck('/').seat.mayDrive(cohost)).toBe(false);
    expect(stage.deck('/lightning/').seat.mayDrive(cohost)).toBe(true);
    expect(stage.deck('/').log.latestPosition).toBeUndefined();
    expect(stage.deck('/').log.lastSeq).toBe(1); // the seat's `driver` event, on its own deck's stream
    expect(stage.deck('/lightning/').log.lastSeq).toBe(0);
  });

  it('each deck offers its own page as the join URL, drawn once', () => {
    let drawn = 0;
    const stage = makeStage();
    const lightning = stage.deck('/lightning/');
    expect(stage.deck('/').join).toEqual({ url: 'http://192.0.2.5:8000/', qrSvg: '<svg flagship/>' });
    expect(lightning.join).toEqual({ url: 'http://192.0.2.5:8000/lightning/', qrSvg: '<svg http://192.0.2.5:8000/lightning//>' });
    expect(lightning.info().joinUrl).toBe('http://192.0.2.5:8000/lightning/');
    // A new join URL (the port is known once the server listens) is each deck's anew.
    stage.setJoin({ url: 'http://192.0.2.9:9000/', qrSvg: '<svg new/>' });
    expect(lightning.join?.url).toBe('http://192.0.2.9:9000/lightning/');
    const counting = createStage({ engine: engine!, join: { url: 'http://192.0.2.5:8000/', qrSvg: '' }, qrSvg: () => `<svg n="${++drawn}"/>` });
    for (let i = 0; i < 3; i++) expect(counting.deck('/lightning/').join?.qrSvg).toBe('<svg n="1"/>');
    expect(createStage({ engine: engine! }).deck('/lightning/').join).toBeUndefined();
  });

  it('announces every new run on every deck\'s stream', () => {
    const stage = makeStage();
    const heard: Record<string, string[]> = { '/': [], '/lightning/': [] };
    for (const deck of [stage.deck('/'), stage.deck('/lightning/')]) {
      deck.log.subscribe(0, (event) => heard[deck.deck]!.push(event.type === 'run-started' ? `${event.seq}:${event.run.runId}` : event.type));
    }
    const { run } = engine!.start({ demo: 'quick' });
    expect(heard).toEqual({ '/': [`1:${run.runId}`], '/lightning/': [`1:${run.runId}`] });
  });
});
