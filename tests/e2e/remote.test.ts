/**
 * The phone remote, in real Chromium: the speaker (the printed URL with its token, at
 * 1280×720, with the speaker-notes window open), a phone (390×844, touch) that opened the
 * remote's URL read back from the QR code in the speaker view, and the audience (the deck
 * without a token). The server listens on 127.0.0.1 with `--public` and a join address
 * that is never opened (TEST-NET 192.0.2.x): the QR code must carry that address, and
 * the phone opens the same path and token on loopback, through a proxy whose connections
 * the test cuts as a phone's network or screen lock would.
 *
 * - Next / Back on the phone move the speaker's deck; the audience follows;
 * - a retried step advances once, and a Next sent from a slide the deck has left is ignored;
 * - the phone fits 390×844 for one thumb;
 * - Run on the phone starts the slide's demo once (a double tap included), and the deck
 *   and the notes window show that run; Cancel on the phone stops it;
 * - without the remote's token the page offers the audience view, and the server refuses
 *   every control request (403); a remote may not run another demo, other params or code;
 * - with its stream cut while the deck moves on, the phone resumes after the last event it
 *   had: every stage event arrives once, in order, and the phone sends nothing by itself;
 * - a demo card offers Run only once it knows its state, and never on a phone that follows;
 * - a second remote asks to drive, the first hands over and then only follows;
 * - once revoked, the phone is refused and says so.
 */
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { DeckSlides, IssuedRemote, StageEvent, StageInfo, StepAnswer } from '../../demos/protocol.ts';
import { becomeSpeaker, launchBrowser, speakerHeaders, startLiveServer, watchPage, type LiveServer, type PageWatch } from './harness.ts';
import { startCuttableProxy, type CuttableProxy } from './cuttable-proxy.ts';
import { skipIfMissing } from '../support/toolchains.ts';
import { cancelGuardMs } from '../../demos/client/cancel-guard.ts';

const joinAddress = '192.0.2.77';
const quick = 'cgocall-source';
const phoneViewport = { width: 390, height: 844 };

let browser: Browser;
let server: LiveServer;
let proxy: CuttableProxy;
let recordingsDir: string;
let speakerContext: BrowserContext;
let phoneContext: BrowserContext;
let audienceContext: BrowserContext;
let speaker: Page;
let notes: Page;
let phone: Page;
let phoneWatch: PageWatch;
let audience: Page;
let remoteUrl: string;
let remoteToken: string;
const phonePosts: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  recordingsDir = await mkdtemp(join(tmpdir(), 'remote-e2e-recordings-'));
  server = await startLiveServer(['--host', '127.0.0.1', '--public', joinAddress, '--recordings', recordingsDir]);
  await fetch(`${server.url}api/health`);
  proxy = await startCuttableProxy(server.url);
  speakerContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  speaker = await speakerContext.newPage();
  await becomeSpeaker(speaker, server);
  await speaker.locator('.reveal.ready').waitFor({ state: 'attached', timeout: 60_000 });
  [notes] = await Promise.all([speakerContext.waitForEvent('page', { timeout: 30_000 }), speaker.keyboard.press('s')]);
  await notes.waitForLoadState();
  audienceContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  audience = await audienceContext.newPage();
  await audience.goto(server.url);
  await audience.locator('.reveal.ready').waitFor({ state: 'attached', timeout: 60_000 });
}, 300_000);

afterAll(async () => {
  for (const context of [speakerContext, phoneContext, audienceContext]) await context?.close();
  await browser?.close();
  await proxy?.close();
  await server?.close();
  if (recordingsDir) await rm(recordingsDir, { recursive: true, force: true });
});

/** where says where a deck page is: the present slide's id and how many fragments it shows. */
function where(page: Page): Promise<string> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { id: string; querySelectorAll(s: string): { length: number } } | null } }).document;
    const present = doc.querySelector('.reveal .slides section.present:not(.stack)');
    return `${present?.id ?? ''}+${present?.querySelectorAll('.fragment.visible').length ?? 0}`;
  });
}

/** slideIdAt is the id of the slide at a stage position `h/v/f` (slides.json). */
async function slideIdAt(position: string): Promise<string> {
  const [h, v] = position.split('/').map(Number);
  const slides = (await (await fetch(`${server.url}slides.json`)).json()) as DeckSlides;
  return slides.slides.find((slide) => slide.h === h && slide.v === v)?.id ?? '';
}

/** stageWhere is the stage's position written as `where` writes a page's (fragments shown = index of the last one + 1). */
async function stageWhere(): Promise<string> {
  const position = (await stage()).position;
  return position ? `${await slideIdAt(`${position.h}/${position.v}`)}+${position.f + 1}` : '';
}

/** stage is the server's stage as the audience reads it. */
async function stage(): Promise<StageInfo> {
  return (await (await fetch(`${server.url}api/stage`)).json()) as StageInfo;
}

/** stageEvents reads the stage stream's kept events (after 1: the whole log) until the stream goes quiet. */
async function stageEvents(): Promise<StageEvent[]> {
  const controller = new AbortController();
  const response = await fetch(`${server.url}api/stage/events?after=1`, { signal: controller.signal });
  const reader = response.body!.getReader();
  const lastSeq = (await stage()).lastSeq;
  const events: StageEvent[] = [];
  let text = '';
  while (!events.some((event) => event.seq >= lastSeq)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    const blocks = text.split('\n\n');
    text = blocks.pop() ?? '';
    for (const block of blocks) {
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (data) events.push(JSON.parse(data.slice(6)) as StageEvent);
    }
  }
  controller.abort();
  return events;
}

/** stagePosition is the driver's position as `h/v/f`. */
async function stagePosition(): Promise<string> {
  const position = (await stage()).position;
  return position ? `${position.h}/${position.v}/${position.f}` : '';
}

/** decodeQr reads the QR code in an element's screenshot. */
async function decodeQr(locator: Locator): Promise<string | undefined> {
  const png = PNG.sync.read(await locator.screenshot());
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data;
}

/**
 * speakerGoesTo moves the speaker's deck to a slide by its URL, as a click on a link would,
 * and waits until the server has the move too (the deck publishes it a moment later): what
 * a test reads from the stage afterwards is the new slide, not the one before.
 */
async function speakerGoesTo(id: string): Promise<void> {
  await speaker.evaluate((target) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = `#/${target}`;
  }, id);
  await expect.poll(() => speaker.locator('section.present:not(.stack)').first().getAttribute('id'), { timeout: 15_000 }).toBe(id);
  await expect.poll(stageWhere, { timeout: 20_000 }).toBe(await where(speaker));
}

/**
 * phoneShowsStage waits until the phone shows where the stage is, read again at each look:
 * a position read once could be one the stage has already left (a move still on its way),
 * which the phone then shows only for a moment or never.
 */
async function phoneShowsStage(page: Page = phone): Promise<void> {
  const mismatch = async (): Promise<string> => {
    const [shown, position] = await Promise.all([page.locator('#remote').getAttribute('data-position'), stagePosition()]);
    return shown === position ? '' : `the phone shows ${shown}, the stage is at ${position}`;
  };
  await expect.poll(mismatch, { timeout: 30_000 }).toBe('');
}

/**
 * listWrongRunOffers runs in a phone's page from its start and lists, in
 * `window.wrongRunOffers`, each time a demo card offered Run (an enabled button) when it
 * should not have: before the card knew its state (no `data-run-state` yet: its widget
 * still loading, the run going now not yet asked for), or while the phone follows another
 * remote. It looks at every change of the page, so a button enabled only for a moment is
 * listed too.
 */
function listWrongRunOffers(): void {
  const offers: string[] = [];
  (window as unknown as { wrongRunOffers: string[] }).wrongRunOffers = offers;
  new MutationObserver(() => {
    const following = document.querySelector<HTMLElement>('#remote')?.dataset.seat === 'following';
    for (const button of document.querySelectorAll<HTMLButtonElement>('.card .card-run')) {
      const card = button.closest<HTMLElement>('.card')!;
      if (button.disabled) continue;
      if (card.dataset.runState === undefined) offers.push(`${card.dataset.demo}: Run before the card knew its state`);
      else if (following) offers.push(`${card.dataset.demo}: Run while the phone follows`);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled', 'data-run-state', 'data-seat'] });
}

/** wrongRunOffers is what listWrongRunOffers listed in a phone's page. */
function wrongRunOffers(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { wrongRunOffers: string[] }).wrongRunOffers);
}

async function openPhone(url: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: phoneViewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await context.addInitScript(listWrongRunOffers);
  const page = await context.newPage();
  await page.goto(url);
  return { context, page };
}

async function skipUnlessRunnable(ctx: TestContext, demo = quick): Promise<void> {
  const demos = (await (await fetch(`${server.url}api/demos`)).json()) as Array<{ id: string; missing: string[] }>;
  const info = demos.find((d) => d.id === demo);
  expect(info, `${demo} is registered`).toBeDefined();
  await skipIfMissing(ctx, ...info!.missing);
}

describe('the phone remote', () => {
  it('shows a QR code only in the speaker view, carrying the remote URL on the join address', async () => {
    const show = notes.locator('.speaker-remote-show');
    await show.waitFor({ state: 'visible', timeout: 30_000 });
    await show.click();
    const code = notes.locator('.speaker-remote-qr svg');
    await code.waitFor({ state: 'visible', timeout: 15_000 });
    remoteUrl = (await decodeQr(notes.locator('.speaker-remote-qr'))) ?? '';
    const match = new RegExp(`^http://${joinAddress.replace(/\./g, '\\.')}:(\\d+)/remote/#token=([\\w%-]+)$`).exec(remoteUrl);
    expect(match, remoteUrl).not.toBeNull();
    expect(Number(match![1])).toBe(Number(new URL(server.url).port));
    remoteToken = decodeURIComponent(match![2]!);
    expect(await notes.locator('.speaker-remote-url').textContent()).toBe(remoteUrl);
    // Neither the projected deck nor the audience shows it.
    expect(await speaker.locator('.speaker-remote, .speaker-remote-qr').count()).toBe(0);
    expect(await audience.locator('.speaker-remote, .speaker-remote-qr').count()).toBe(0);
    expect(await audience.content()).not.toContain(remoteToken);
    // The phone opens the same path and token on loopback (the join address is never opened).
    ({ context: phoneContext, page: phone } = await openPhone(`${proxy.url}remote/#token=${encodeURIComponent(remoteToken)}`));
    phoneWatch = watchPage(phone);
    phone.on('request', (request) => {
      if (request.method() === 'POST') phonePosts.push(new URL(request.url()).pathname);
    });
    await phoneShowsStage();
    expect(phone.url()).not.toContain('token');
  });

  it('advances the speaker\'s deck from the phone, and the audience follows', async () => {
    await speakerGoesTo('title');
    await phoneShowsStage();
    const before = await where(speaker);
    await phone.locator('.remote-next').tap();
    await expect.poll(() => where(speaker), { timeout: 20_000 }).not.toBe(before);
    const moved = await where(speaker);
    await expect.poll(stageWhere, { timeout: 20_000 }).toBe(moved);
    await expect.poll(() => where(audience), { timeout: 20_000 }).toBe(moved);
    await phoneShowsStage();
    // Three quick taps are three steps, no more: the deck moves three times.
    await speaker.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { addEventListener(n: string, f: () => void): void; dataset: Record<string, string> } | null } }).document;
      const reveal = doc.querySelector('.reveal')!;
      reveal.dataset.testMoves = '0';
      for (const name of ['slidechanged', 'fragmentshown', 'fragmenthidden']) reveal.addEventListener(name, () => void (reveal.dataset.testMoves = String(Number(reveal.dataset.testMoves) + 1)));
    });
    for (let i = 0; i < 3; i++) await phone.locator('.remote-next').tap();
    await expect.poll(() => speaker.locator('.reveal').getAttribute('data-test-moves'), { timeout: 30_000 }).toBe('3');
    await expect.poll(() => phone.locator('.remote-pressed').count(), { timeout: 30_000 }).toBe(0);
    expect(await phone.locator('#remote').getAttribute('data-queued')).toBe('0');
    expect(await speaker.locator('.reveal').getAttribute('data-test-moves')).toBe('3');
    await phoneShowsStage();
    const further = await where(speaker);
    await phone.locator('.remote-prev').tap();
    await expect.poll(() => where(speaker), { timeout: 20_000 }).not.toBe(further);
    await expect.poll(() => where(audience), { timeout: 20_000 }).toBe(await where(speaker));
    // The slide's title and notes are the deck's.
    const slideId = await speaker.locator('section.present:not(.stack)').first().getAttribute('id');
    await expect.poll(() => phone.locator('#remote').getAttribute('data-slide'), { timeout: 20_000 }).toBe(slideId);
    const notesText = (await speaker.locator(`section#${slideId} aside.notes`).textContent())?.trim().slice(0, 30) ?? '';
    expect(await phone.locator('.remote-notes').textContent()).toContain(notesText);
    const slides = (await (await fetch(`${server.url}slides.json`)).json()) as DeckSlides;
    expect(await phone.locator('.remote-title').textContent()).toBe(slides.slides.find((slide) => slide.id === slideId)?.title);
    // The talk's clock runs from the first move off the title slide.
    await expect.poll(() => phone.locator('.remote-clock').textContent(), { timeout: 10_000 }).toMatch(/^\d+:\d\d$/);
    expect(phoneWatch.foreignRequests).toEqual([]);
  });

  it('a retried step advances once; a Next sent from a slide the deck has left is ignored', async () => {
    await phoneShowsStage();
    const step = async (requestId: string, from: StageInfo['position']): Promise<StepAnswer> => {
      const response = await fetch(`${server.url}api/stage/step`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${remoteToken}` },
        body: JSON.stringify({ requestId, step: 'next', from }),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as StepAnswer;
    };
    await speaker.evaluate(() => void ((globalThis as unknown as { document: { querySelector(s: string): { dataset: Record<string, string> } } }).document.querySelector('.reveal').dataset.testMoves = '0'));
    const moves = (): Promise<string | null> => speaker.locator('.reveal').getAttribute('data-test-moves');
    const start = (await stage()).position;
    const first = await step('retried-next', start);
    expect(first).toMatchObject({ accepted: true, position: start });
    await expect.poll(moves, { timeout: 20_000 }).toBe('1');
    await expect.poll(stagePosition, { timeout: 20_000 }).not.toBe(`${start!.h}/${start!.v}/${start!.f}`);
    // The same request again (its answer was lost): the first answer, no second step.
    expect(await step('retried-next', start)).toEqual(first);
    // A Next pressed on the slide the deck has just left: ignored.
    const stale = await step('late-next', start);
    expect(stale).toMatchObject({ accepted: false, reason: 'stale', position: (await stage()).position });
    // One more step from where the deck is now: the deck moved twice in all, not three or four times.
    expect(await step('fresh-next', (await stage()).position)).toMatchObject({ accepted: true });
    await expect.poll(moves, { timeout: 20_000 }).toBe('2');
    await expect.poll(stageWhere, { timeout: 20_000 }).toBe(await where(speaker));
    expect(await moves()).toBe('2');
    const steps = (await stageEvents()).filter((event) => event.type === 'step').map((event) => (event as { requestId: string }).requestId);
    expect(steps.filter((id) => id === 'retried-next')).toHaveLength(1);
    expect(steps).not.toContain('late-next');
  });

  it('fits a 390×844 phone for one thumb: large targets, nothing wider than the screen', async () => {
    for (const selector of ['.remote-prev', '.remote-next']) {
      const box = (await phone.locator(selector).boundingBox())!;
      expect(box.height, selector).toBeGreaterThanOrEqual(100);
      expect(box.width, selector).toBeGreaterThanOrEqual(100);
      // In the lower part of the screen, where the thumb is.
      expect(box.y + box.height, selector).toBeLessThanOrEqual(phoneViewport.height);
      expect(box.y, selector).toBeGreaterThan(phoneViewport.height * 0.6);
    }
    expect(await phone.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(phoneViewport.width);
    const sizes = await phone.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown }; getComputedStyle(el: unknown): { fontSize: string } }).document;
      const size = (selector: string): number => parseFloat((globalThis as unknown as { getComputedStyle(el: unknown): { fontSize: string } }).getComputedStyle(doc.querySelector(selector)).fontSize);
      return { notes: size('.remote-notes'), title: size('.remote-title'), clock: size('.remote-clock') };
    });
    expect(sizes.notes).toBeGreaterThanOrEqual(22);
    expect(sizes.title).toBeGreaterThanOrEqual(24);
    expect(sizes.clock).toBeGreaterThanOrEqual(20);
  });

  it('makes each deck\'s own remote: a deck of the server in /<deck>/ gets /<deck>/remote/, which steps that deck only', async () => {
    const made = await fetch(`${server.url}cgo-lightning/api/remote/tokens`, { method: 'POST', headers: speakerHeaders(server), body: JSON.stringify({ label: 'lightning' }) });
    expect(made.status).toBe(201);
    const remote = (await made.json()) as IssuedRemote;
    expect(remote.url).toMatch(new RegExp(`^http://${joinAddress.replace(/\./g, '\\.')}:\\d+/cgo-lightning/remote/#token=`));
    const page = await (await fetch(`${server.url}cgo-lightning/remote/`)).text();
    expect(page).toContain('<main id="remote">');
    // A second talk on the same server: the lightning deck on the laptop, with its phone.
    const flagshipBefore = { stage: await stagePosition(), speaker: await where(speaker) };
    const lightningSpeaker = await speakerContext.newPage();
    await lightningSpeaker.goto(`${server.url}cgo-lightning/#token=${encodeURIComponent(server.token)}`);
    await lightningSpeaker.locator('.reveal.ready').waitFor({ state: 'attached', timeout: 60_000 });
    const lightningStage = async (): Promise<string> => {
      const position = ((await (await fetch(`${server.url}cgo-lightning/api/stage`)).json()) as StageInfo).position;
      return position ? `${position.h}/${position.v}/${position.f}` : '';
    };
    await expect.poll(lightningStage, { timeout: 20_000 }).toBe('0/0/-1');
    const { context, page: lightningPhone } = await openPhone(`${server.url}cgo-lightning/remote/#token=${encodeURIComponent(remote.token)}`);
    await expect.poll(() => lightningPhone.locator('#remote').getAttribute('data-position'), { timeout: 30_000 }).toBe('0/0/-1');
    const lightningSlides = (await (await fetch(`${server.url}cgo-lightning/slides.json`)).json()) as DeckSlides;
    expect(await lightningPhone.locator('.remote-title').textContent()).toBe(lightningSlides.slides[0]!.title);
    // Its Next moves the lightning deck (whose seat is free: the flagship's phone drives the flagship only).
    await lightningPhone.locator('.remote-next').tap();
    await expect.poll(lightningStage, { timeout: 20_000 }).not.toBe('0/0/-1');
    await expect.poll(() => where(lightningSpeaker), { timeout: 20_000 }).not.toBe('title+0');
    expect(await where(lightningSpeaker)).toMatch(new RegExp(`^${lightningSlides.slides[1]!.id}\\+`));
    // The flagship's talk did not move.
    expect(await stagePosition()).toBe(flagshipBefore.stage);
    expect(await where(speaker)).toBe(flagshipBefore.speaker);
    await context.close();
    await lightningSpeaker.close();
    const revoked = await fetch(`${server.url}api/remote/tokens/${remote.id}/revoke`, { method: 'POST', headers: speakerHeaders(server), body: '{}' });
    expect(revoked.status).toBe(200);
  });

  it('a swipe is a step too', async () => {
    await phoneShowsStage();
    const before = await where(speaker);
    const box = (await phone.locator('.remote-body').boundingBox())!;
    const y = box.y + box.height / 2;
    await phone.mouse.move(box.x + box.width - 20, y);
    await phone.mouse.down();
    await phone.mouse.move(box.x + 20, y + 5, { steps: 8 });
    await phone.mouse.up();
    await expect.poll(() => where(speaker), { timeout: 20_000 }).not.toBe(before);
  });

  it('Run on the phone starts the slide\'s demo once; the deck and the notes window show that run', async (ctx) => {
    await skipUnlessRunnable(ctx);
    const id = await speaker.locator(`section[id]:not(.stack):has(.demo[data-demo="${quick}"])`).first().getAttribute('id');
    await speakerGoesTo(id!);
    await phoneShowsStage();
    const runsBefore = ((await (await fetch(`${server.url}api/runs?demo=${quick}`)).json()) as unknown[]).length;
    const card = phone.locator(`.card[data-demo="${quick}"]`);
    await card.locator('.card-run').waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => card.locator('.card-run').isEnabled(), { timeout: 15_000 }).toBe(true);
    // Run was offered only once the card knew its state (not while its widget loaded).
    expect(await wrongRunOffers(phone)).toEqual([]);
    // A double tap, its second tap before the server answered the start (stage Wi-Fi: the
    // start is held here until both taps were made): a finger does not wait for the button
    // (force), and the tap changes nothing, so still one run, and not cancelled.
    let sent!: () => void;
    let release!: () => void;
    const startSent = new Promise<void>((resolve) => (sent = resolve));
    const answer = new Promise<void>((resolve) => (release = resolve));
    await phone.route(
      '**/api/runs',
      async (route) => {
        sent();
        await answer;
        await route.continue();
      },
      { times: 1 },
    );
    await card.locator('.card-run').tap();
    await startSent;
    await card.locator('.card-run').tap({ force: true });
    release();
    await expect.poll(() => card.getAttribute('data-run-state'), { timeout: 90_000 }).toBe('ended');
    const runs = (await (await fetch(`${server.url}api/runs?demo=${quick}`)).json()) as Array<{ runId: string; outcome?: string }>;
    expect(runs.length - runsBefore).toBe(1);
    const runId = await card.getAttribute('data-run-id');
    expect(runs[0]).toMatchObject({ runId, outcome: 'ok' });
    expect(await card.locator('.card-state').textContent()).toMatch(/^Done in \d+\.\d s$/);
    expect(((await card.locator('.card-headline').textContent()) ?? '').trim().length).toBeGreaterThan(0);
    // The projected deck and the speaker view's current slide show that same run.
    const panel = speaker.locator(`section.present .demo[data-demo="${quick}"] .demo-panel`).first();
    await expect.poll(() => panel.getAttribute('data-run-id'), { timeout: 30_000 }).toBe(runId);
    await expect.poll(
      async () => {
        const frame = notes.frames().find((f) => f.url().includes('receiver'));
        return frame ? frame.locator(`section.present .demo[data-demo="${quick}"] .demo-panel`).first().getAttribute('data-run-id').catch(() => null) : null;
      },
      { timeout: 30_000 },
    ).toBe(runId);
  });

  it('Cancel on the phone stops the slide\'s run', async (ctx) => {
    const slow = 'preemption';
    await skipUnlessRunnable(ctx, slow);
    const id = await speaker.locator(`section[id]:not(.stack):has(.demo[data-demo="${slow}"])`).first().getAttribute('id');
    await speakerGoesTo(id!);
    await phoneShowsStage();
    const card = phone.locator(`.card[data-demo="${slow}"]`);
    await card.locator('.card-run').waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => card.locator('.card-run').isEnabled(), { timeout: 15_000 }).toBe(true);
    expect(await card.getAttribute('data-run-id')).toBeNull();
    await card.locator('.card-run').tap();
    // The server answered the start (the button says Cancel already while it is on its way).
    await expect.poll(() => card.getAttribute('data-run-id'), { timeout: 30_000 }).not.toBeNull();
    await expect.poll(() => card.locator('.card-run').textContent(), { timeout: 30_000 }).toBe('Cancel');
    const runId = await card.getAttribute('data-run-id');
    // Past the guard that makes a double tap on Run one press (a lower bound, not a race).
    await phone.waitForTimeout(cancelGuardMs + 200);
    await card.locator('.card-run').tap();
    await expect.poll(() => card.getAttribute('data-run-state'), { timeout: 60_000 }).toBe('ended');
    const run = (await (await fetch(`${server.url}api/runs/${runId}`)).json()) as { outcome?: string };
    expect(run.outcome).toBe('cancelled');
    expect(await card.locator('.card-state').textContent()).toMatch(/[Cc]ancel/);
    expect(await card.locator('.card-run').textContent()).toBe('Run again');
  });

  it('a remote may not run another demo, other params or code; the page without its token is the audience\'s', async () => {
    const phoneHeaders = { 'content-type': 'application/json', authorization: `Bearer ${remoteToken}` };
    const post = (path: string, body: unknown, headers: Record<string, string> = phoneHeaders) => fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const id = await speaker.locator(`section[id]:not(.stack):has(.demo[data-demo="${quick}"])`).first().getAttribute('id');
    await speakerGoesTo(id!);
    const other = await post('api/runs', { demo: 'stack-growth' });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { message: string } }).error.message).toMatch(/current slide's demo/);
    expect((await post('api/runs', { demo: quick, params: { bogus: 1 } })).status).toBe(403);
    expect((await post('api/runs', { demo: 'pointer-rules', files: { 'main.go': 'package main\nfunc main() {}\n' } })).status).toBe(403);
    expect((await post('api/stage/position', { requestId: 'x', position: { h: 0, v: 0, f: -1 } })).status).toBe(403);
    expect((await post('api/remote/tokens', {})).status).toBe(403);
    // No token: the remote page says so and points to the audience's view; control is refused.
    const plain = { 'content-type': 'application/json' };
    for (const [path, body] of [
      ['api/stage/step', { requestId: 'y', step: 'next', from: { h: 0, v: 0, f: -1 } }],
      ['api/runs', { demo: quick }],
      ['api/remote/handoff', { action: 'ask' }],
    ] as const) {
      expect((await post(path, body, plain)).status, path).toBe(403);
    }
    const { context, page } = await openPhone(`${server.url}remote/`);
    // Every Run button the audience page ever shows, caught as it is added: a count at the
    // end alone would miss one shown while its widget loads and hidden later.
    await context.addInitScript(() => {
      (window as unknown as { runButtonsShown: number }).runButtonsShown = 0;
      new MutationObserver(() => {
        for (const run of document.querySelectorAll<HTMLButtonElement>('.demo-run')) {
          if (!run.hidden && !run.dataset.counted) {
            run.dataset.counted = '1';
            (window as unknown as { runButtonsShown: number }).runButtonsShown++;
          }
        }
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] });
    });
    await page.locator('.remote-fatal').waitFor({ timeout: 30_000 });
    await page.locator('.remote-fatal a').click();
    await page.locator('.reveal.ready').waitFor({ state: 'attached', timeout: 60_000 });
    await page.locator('.demo-mounted').first().waitFor({ state: 'attached', timeout: 60_000 });
    expect(await page.locator('.demo-run:visible').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { runButtonsShown: number }).runButtonsShown)).toBe(0);
    await context.close();
  });

  it('after its stream is cut and resumed, the phone has every event once and jumps nowhere', async () => {
    const cdp = await phoneContext.newCDPSession(phone);
    const seqs: number[] = [];
    cdp.on('Network.eventSourceMessageReceived', (message: { data: string }) => {
      const event = JSON.parse(message.data) as { type?: string; seq?: number };
      if (['position', 'driver', 'step', 'run-started'].includes(event.type ?? '') && typeof event.seq === 'number') seqs.push(event.seq);
    });
    await cdp.send('Network.enable');
    await phoneShowsStage();
    const seqBefore = Number(await phone.locator('#remote').getAttribute('data-last-seq'));
    expect(seqBefore).toBe((await stage()).lastSeq);
    const postsBefore = phonePosts.length;
    proxy.cut();
    await expect.poll(() => phone.locator('.remote-link').getAttribute('data-state'), { timeout: 30_000 }).toBe('reconnecting');
    // The screen locks too: the page is frozen while the deck moves on.
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    for (const id of ['go-and-c', 'cgo-is-an-ffi', 'i-like-ffis']) {
      // Each move reaches the server before the next (moves made meanwhile would be one).
      await speakerGoesTo(id);
    }
    const lastSeq = (await stage()).lastSeq;
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    proxy.restore();
    await expect.poll(() => phone.locator('.remote-link').getAttribute('data-state'), { timeout: 60_000 }).toBe('open');
    await phoneShowsStage();
    expect(await phone.locator('#remote').getAttribute('data-last-seq')).toBe(String(lastSeq));
    // The phone got every stage event after the last one it had, in order, none twice, none missing.
    expect(lastSeq - seqBefore).toBeGreaterThanOrEqual(3);
    expect(seqs.filter((seq) => seq > seqBefore)).toEqual(Array.from({ length: lastSeq - seqBefore }, (_, i) => seqBefore + 1 + i));
    expect(new Set(seqs).size).toBe(seqs.length);
    // The phone sent nothing by itself: the deck is where the speaker put it.
    expect(phonePosts.slice(postsBefore)).toEqual([]);
    expect(await stageWhere()).toBe(await where(speaker));
    await cdp.detach();
  });

  it('a second remote asks to drive; the first hands over and then only follows', async () => {
    const made = await fetch(`${server.url}api/remote/tokens`, { method: 'POST', headers: speakerHeaders(server), body: JSON.stringify({ label: 'co-host' }) });
    const cohostRemote = (await made.json()) as IssuedRemote;
    const { context, page: cohost } = await openPhone(`${server.url}remote/#token=${encodeURIComponent(cohostRemote.token)}`);
    await phoneShowsStage(cohost);
    // The first phone drives (it moved the deck): the co-host follows.
    await expect.poll(() => cohost.locator('#remote').getAttribute('data-seat'), { timeout: 20_000 }).toBe('following');
    expect(await cohost.locator('.remote-next').isDisabled()).toBe(true);
    await cohost.locator('.remote-ask').tap();
    const handOver = phone.locator('.remote-accept');
    await handOver.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await phone.locator('.remote-seat-text').textContent()).toBe('co-host asks to drive.');
    await handOver.tap();
    await expect.poll(() => cohost.locator('#remote').getAttribute('data-seat'), { timeout: 20_000 }).toBe('driving');
    await expect.poll(() => phone.locator('#remote').getAttribute('data-seat'), { timeout: 20_000 }).toBe('following');
    expect(await phone.locator('.remote-next').isDisabled()).toBe(true);
    // Following, the phone offers no Run on a demo slide, not even while the card loads.
    const id = await speaker.locator(`section[id]:not(.stack):has(.demo[data-demo="${quick}"])`).first().getAttribute('id');
    await speakerGoesTo(id!);
    await phoneShowsStage();
    const card = phone.locator(`.card[data-demo="${quick}"]`);
    await expect.poll(() => card.getAttribute('data-run-state'), { timeout: 30_000 }).not.toBeNull();
    expect(await card.locator('.card-run').isDisabled()).toBe(true);
    expect(await wrongRunOffers(phone)).toEqual([]);
    await phoneShowsStage(cohost);
    const before = await where(speaker);
    await cohost.locator('.remote-next').tap();
    await expect.poll(() => where(speaker), { timeout: 20_000 }).not.toBe(before);
    await expect.poll(() => where(audience), { timeout: 20_000 }).toBe(await where(speaker));
    await context.close();
  });

  it('a revoked remote is refused and says so', async () => {
    const remotes = (await (await fetch(`${server.url}api/remote/tokens`, { headers: speakerHeaders(server) })).json()) as Array<{ id: string; label: string }>;
    const mine = remotes[0]!;
    await notes.locator('.speaker-remote-item', { hasText: mine.label }).first().locator('.speaker-remote-revoke').click();
    await expect.poll(async () => (await fetch(`${server.url}api/remote/me`, { headers: { authorization: `Bearer ${remoteToken}` } })).status, { timeout: 15_000 }).toBe(403);
    const refused = await fetch(`${server.url}api/stage/step`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${remoteToken}` },
      body: JSON.stringify({ requestId: 'after-revoke', step: 'next', from: (await stage()).position }),
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/was revoked by the speaker/);
    const before = await where(speaker);
    // The phone, now a follower of the co-host, asks to drive: refused, and it says why.
    await phone.locator('.remote-ask').tap();
    await phone.locator('.remote-fatal').waitFor({ timeout: 20_000 });
    expect(await phone.locator('.remote-fatal').textContent()).toMatch(/revoked/);
    expect(await where(speaker)).toBe(before);
    // In the whole session the phone asked nothing of any server but the one it opened.
    expect(phoneWatch.foreignRequests).toEqual([]);
  });
});
