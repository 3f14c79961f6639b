/**
 * The audience follows the speaker, in real Chromium: one browser context is the speaker
 * (the printed URL with its token), another the audience (the same address without it).
 * The server listens on 127.0.0.1 with `--public` and an explicit join address that is
 * never opened (TEST-NET 192.0.2.x): its QR code, read back from screenshots with jsQR,
 * must decode to the join URL the server printed.
 *
 * - the audience page goes where the speaker's deck goes, slide and fragment;
 * - it sees a run the speaker starts as it streams (cgocall-source: ~0.1 s);
 * - it offers no Run, Cancel or editing, and its start, cancel, edited-code and drive
 *   requests are refused (403);
 * - after wandering off, "Follow the speaker" brings it back to where the speaker is now;
 * - with two talks on one server (the flagship and cgo-lightning/), each audience follows
 *   the speaker of its own deck only, and each deck offers its own page to join.
 */
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { becomeSpeaker, launchBrowser, startLiveServer, watchPage, type LiveServer, type PageWatch } from './harness.ts';
import { skipIfMissing } from '../support/toolchains.ts';

const joinAddress = '192.0.2.123';
const quick = 'cgocall-source';
const fragmentSlide = 'go-build-x-work';

let browser: Browser;
let server: LiveServer;
let recordingsDir: string;
let joinUrl: string;
let speakerContext: BrowserContext;
let audienceContext: BrowserContext;
let speaker: Page;
let audience: Page;
let audienceWatch: PageWatch;
const audiencePosts: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  recordingsDir = await mkdtemp(join(tmpdir(), 'stage-e2e-recordings-'));
  server = await startLiveServer(['--host', '127.0.0.1', '--public', joinAddress, '--recordings', recordingsDir]);
  // Printed right after the speaker's URL, which startLiveServer waits for.
  for (let i = 0; i < 200 && !/^Audience joins at: /m.test(server.output()); i++) await new Promise((r) => setTimeout(r, 50));
  joinUrl = /^Audience joins at: (\S+)$/m.exec(server.output())?.[1] ?? '';
  await fetch(`${server.url}api/health`);
  speakerContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  audienceContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  speaker = await speakerContext.newPage();
  await becomeSpeaker(speaker, server);
  audience = await audienceContext.newPage();
  audienceWatch = watchPage(audience);
  audience.on('request', (request) => {
    if (request.method() === 'POST') audiencePosts.push(new URL(request.url()).pathname);
  });
  await audience.goto(server.url);
  await Promise.all([speaker, audience].map((page) => page.locator('.reveal.ready').waitFor({ state: 'attached', timeout: 60_000 })));
});

afterAll(async () => {
  await speakerContext?.close();
  await audienceContext?.close();
  await browser?.close();
  await server?.close();
  if (recordingsDir) await rm(recordingsDir, { recursive: true, force: true });
});

/** where says where a page's deck is: the slide's id and how many fragments are shown. */
function where(page: Page): Promise<{ id: string; fragments: number }> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { id: string; querySelectorAll(s: string): { length: number } } | null } }).document;
    const present = doc.querySelector('.reveal .slides section.present:not(.stack)');
    return { id: present?.id ?? '', fragments: present?.querySelectorAll('.fragment.visible').length ?? 0 };
  });
}

/** speakerGoesTo moves the speaker's deck to a slide by its URL, as a click on a link would. */
async function speakerGoesTo(id: string): Promise<void> {
  await speaker.evaluate((target) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = `#/${target}`;
  }, id);
  await expect.poll(async () => (await where(speaker)).id, { timeout: 15_000 }).toBe(id);
}

/** decodeQr reads the QR code in an element's screenshot. */
async function decodeQr(locator: Locator): Promise<string | undefined> {
  const png = PNG.sync.read(await locator.screenshot());
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height)?.data;
}

/** audienceFollowing waits until the audience page is where the speaker is. */
async function audienceFollowing(): Promise<void> {
  const target = await where(speaker);
  await expect.poll(() => where(audience), { timeout: 20_000 }).toEqual(target);
}

async function skipUnlessRunnable(ctx: TestContext): Promise<void> {
  const demos = (await (await fetch(`${server.url}api/demos`)).json()) as Array<{ id: string; missing: string[] }>;
  const info = demos.find((d) => d.id === quick);
  expect(info, `${quick} is registered`).toBeDefined();
  await skipIfMissing(ctx, ...info!.missing);
}

describe('the audience follows the speaker', () => {
  it('prints a join URL on the given address, and its QR code on the title slide and on Q decodes to it', async () => {
    expect(joinUrl).toMatch(new RegExp(`^http://${joinAddress.replace(/\./g, '\\.')}:\\d+/$`));
    expect(server.output()).toMatch(/^Deck and demos: http:\/\/127\.0\.0\.1:\d+\/#token=/m);
    // Both pages start on the title slide, which shows the code.
    for (const page of [audience, speaker]) {
      const code = page.locator('section.present .stage-join-title img.stage-join-code');
      await code.waitFor({ state: 'visible', timeout: 30_000 });
      expect(await decodeQr(code)).toBe(joinUrl);
      expect(await page.locator('section.present .stage-join-title .stage-join-url').textContent()).toBe(joinUrl.replace(/\/$/, ''));
    }
    // Q on the speaker's deck: the code over the deck, large; Q again closes it.
    await speaker.keyboard.press('q');
    const large = speaker.locator('.stage-join-overlay img.stage-join-code');
    await large.waitFor({ state: 'visible', timeout: 10_000 });
    expect((await large.boundingBox())!.height).toBeGreaterThan(400);
    expect(await decodeQr(large)).toBe(joinUrl);
    await speaker.keyboard.press('q');
    await speaker.locator('.stage-join-overlay').waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('follows slide and fragment changes', async () => {
    await speakerGoesTo(fragmentSlide);
    await audienceFollowing();
    expect((await where(audience)).fragments).toBe(0);
    await speaker.keyboard.press('ArrowRight');
    await expect.poll(async () => (await where(speaker)).fragments).toBe(1);
    await audienceFollowing();
    await speaker.keyboard.press('ArrowRight');
    await expect.poll(async () => (await where(speaker)).fragments).toBe(2);
    await audienceFollowing();
    expect(await where(audience)).toEqual({ id: fragmentSlide, fragments: 2 });
    // Back a fragment: followed too.
    await speaker.keyboard.press('ArrowLeft');
    await audienceFollowing();
    expect(await where(audience)).toEqual({ id: fragmentSlide, fragments: 1 });
    expect(await audience.locator('.stage-follow').isHidden()).toBe(true);
  });

  it('sees a run the speaker starts as it streams, with no Run or Cancel of its own', async (ctx) => {
    await skipUnlessRunnable(ctx);
    const slide = await speaker.locator(`section[id]:not(.stack):has(.demo[data-demo="${quick}"])`).first().getAttribute('id');
    await speakerGoesTo(slide!);
    await audienceFollowing();
    const speakerPanel = speaker.locator(`section.present .demo[data-demo="${quick}"] .demo-panel`);
    const audiencePanel = audience.locator(`section.present .demo[data-demo="${quick}"] .demo-panel`);
    await audiencePanel.locator('.demo-badge').first().waitFor({ timeout: 30_000 });
    const run = speakerPanel.locator('.demo-run');
    await expect.poll(() => run.isEnabled(), { timeout: 30_000 }).toBe(true);
    const before = (await (await fetch(`${server.url}api/runs?demo=${quick}`)).json()) as unknown[];
    await run.click();
    await expect.poll(() => speakerPanel.getAttribute('data-outcome'), { timeout: 60_000 }).toBe('ok');
    const runs = (await (await fetch(`${server.url}api/runs?demo=${quick}`)).json()) as Array<{ runId: string; lastSeq: number }>;
    expect(runs).toHaveLength(before.length + 1);
    // The audience shows that run, live, to its end: the same events, the same outcome.
    await expect.poll(() => audiencePanel.getAttribute('data-outcome'), { timeout: 30_000 }).toBe('ok');
    expect(await audiencePanel.getAttribute('data-source')).toBe('live');
    expect(await audiencePanel.locator('.demo-badge-live').count()).toBe(1);
    expect(await audiencePanel.locator('.stage-headline, .demo-widget').first().textContent()).toBe(await speakerPanel.locator('.stage-headline, .demo-widget').first().textContent());
    expect(await audiencePanel.locator('.demo-run').isHidden()).toBe(true);
    expect(await audiencePanel.locator('.demo-cancel').isHidden()).toBe(true);
    expect(audiencePosts).toEqual([]);
  });

  it('cannot start, cancel, edit or drive: the server refuses it (403)', async () => {
    const statuses = await audience.evaluate(async () => {
      const post = async (path: string, body: unknown): Promise<number> =>
        (await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status;
      return {
        start: await post('api/runs', { demo: 'cgocall-source' }),
        cancel: await post('api/runs/any-run/cancel', {}),
        edited: await post('api/runs', { demo: 'pointer-rules', files: { 'main.go': 'package main\nfunc main() {}\n' } }),
        drive: await post('api/stage/position', { requestId: 'audience', position: { h: 0, v: 0, f: -1 } }),
      };
    });
    expect(statuses).toEqual({ start: 403, cancel: 403, edited: 403, drive: 403 });
    // The edited-code slide offers the audience neither Run nor an editable editor.
    await speakerGoesTo((await speaker.locator('section[id]:not(.stack):has(.demo[data-demo="pointer-rules"])').first().getAttribute('id'))!);
    await audienceFollowing();
    const panel = audience.locator('section.present .demo[data-demo="pointer-rules"]');
    await panel.locator('.ptr').waitFor({ timeout: 30_000 });
    expect(await panel.locator('.ptr-run').count()).toBe(0);
    expect(await panel.locator('.demo-run:visible, .demo-cancel:visible').count()).toBe(0);
    await expect.poll(() => panel.locator('.ptr').getAttribute('data-editor'), { timeout: 60_000 }).toBe('ready');
    // Typing into the editor changes nothing.
    const lines = panel.locator('.monaco-editor .view-lines');
    expect((await lines.textContent())?.length).toBeGreaterThan(20);
    await lines.click();
    await audience.keyboard.type('zzz');
    await audience.waitForTimeout(300);
    expect(await lines.textContent()).not.toContain('zzz');
    await audience.keyboard.press('Escape');
  });

  it('a page opened on a slide of its own stays there, offering to follow', async () => {
    await speakerGoesTo(fragmentSlide);
    const reader = await audienceContext.newPage();
    await reader.goto(`${server.url}#/go-and-c`);
    await reader.locator('.reveal.ready').waitFor({ state: 'attached', timeout: 60_000 });
    const follow = reader.locator('.stage-follow');
    await follow.waitFor({ state: 'visible', timeout: 30_000 });
    expect((await where(reader)).id).toBe('go-and-c');
    await follow.click();
    await expect.poll(() => where(reader), { timeout: 15_000 }).toEqual(await where(speaker));
    await reader.close();
  });

  it('wanders off, stays put while the speaker moves on, and "Follow the speaker" brings it back', async () => {
    await speakerGoesTo(fragmentSlide);
    await audienceFollowing();
    const follow = audience.locator('.stage-follow');
    expect(await follow.isHidden()).toBe(true);
    // The reader goes back two slides by themselves.
    await audience.keyboard.press('ArrowLeft');
    await audience.keyboard.press('ArrowLeft');
    const away = await where(audience);
    expect(away).not.toEqual(await where(speaker));
    await follow.waitFor({ state: 'visible', timeout: 10_000 });
    // The speaker moves on: the wandering reader is left where they are.
    await speaker.keyboard.press('ArrowRight');
    await speaker.keyboard.press('ArrowRight');
    const speakerNow = await where(speaker);
    await expect.poll(async () => (await follow.textContent()) ?? '', { timeout: 10_000 }).toMatch(/Follow the speaker/);
    await audience.waitForTimeout(500);
    expect(await where(audience)).toEqual(away);
    // The button is large and on screen.
    const box = (await follow.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(40);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(await follow.evaluate((el) => parseFloat((globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(20);
    await follow.click();
    await expect.poll(() => where(audience), { timeout: 15_000 }).toEqual(speakerNow);
    await follow.waitFor({ state: 'hidden', timeout: 10_000 });
    // And it follows again.
    await speaker.keyboard.press('ArrowRight');
    await audienceFollowing();
    expect(audienceWatch.foreignRequests).toEqual([]);
  });

  it('follows only the speaker of its own deck: two talks can share the server', async () => {
    const lightning = 'cgo-lightning/';
    const followingNow = (page: Page) =>
      page.waitForFunction(() => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.stageFollow === 'following', null, { timeout: 30_000 });
    const reader = await audienceContext.newPage();
    await reader.goto(server.url);
    const lightningReader = await audienceContext.newPage();
    await lightningReader.goto(`${server.url}${lightning}`);
    // The other talk's speaker, on the other deck, with the same token (a second tab).
    const lightningSpeaker = await speakerContext.newPage();
    await lightningSpeaker.goto(`${server.url}${lightning}#token=${encodeURIComponent(server.token)}`);
    for (const page of [reader, lightningReader, lightningSpeaker]) await page.locator('.reveal.ready').waitFor({ state: 'attached', timeout: 60_000 });
    await Promise.all([followingNow(reader), followingNow(lightningReader)]);
    await audienceFollowing();
    await expect.poll(() => where(reader), { timeout: 20_000 }).toEqual(await where(speaker));
    const flagshipStage = (await (await fetch(`${server.url}api/stage`)).json()) as { position: unknown; lastSeq: number };
    // The lightning deck's title slide offers its own page to join.
    expect(((await (await fetch(`${server.url}${lightning}api/stage`)).json()) as { joinUrl: string }).joinUrl).toBe(`${joinUrl}${lightning}`);
    await expect.poll(() => lightningReader.locator('.stage-join-title .stage-join-url').textContent(), { timeout: 20_000 }).toBe(`${joinUrl}${lightning}`.replace(/\/$/, ''));
    const code = lightningReader.locator('.stage-join-title img.stage-join-code');
    await expect.poll(() => code.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await decodeQr(code)).toBe(`${joinUrl}${lightning}`);

    // The lightning speaker moves: its audience follows; the flagship's stage and readers stay.
    await lightningSpeaker.keyboard.press('ArrowRight');
    await lightningSpeaker.keyboard.press('ArrowRight');
    const lightningThere = await where(lightningSpeaker);
    expect(lightningThere.id).not.toBe('');
    await expect.poll(() => where(lightningReader), { timeout: 20_000 }).toEqual(lightningThere);
    expect(new URL(lightningReader.url()).pathname).toBe(`/${lightning}`);
    const flagshipNow = (await (await fetch(`${server.url}api/stage`)).json()) as { position: unknown; lastSeq: number };
    expect(flagshipNow.position).toEqual(flagshipStage.position);
    expect(flagshipNow.lastSeq).toBe(flagshipStage.lastSeq);
    expect(new URL(reader.url()).pathname).toBe('/');
    expect(await where(reader)).toEqual(await where(speaker));

    // The flagship's speaker moves: its readers follow; the lightning audience stays.
    await speaker.keyboard.press('ArrowRight');
    await audienceFollowing();
    await expect.poll(() => where(reader), { timeout: 20_000 }).toEqual(await where(speaker));
    expect(new URL(reader.url()).pathname).toBe('/');
    expect(await where(lightningReader)).toEqual(lightningThere);
    expect(new URL(lightningReader.url()).pathname).toBe(`/${lightning}`);
    for (const page of [reader, lightningReader, lightningSpeaker]) await page.close();
  });
});
