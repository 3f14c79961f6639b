/**
 * remote-shot: the README's picture of the phone remote, `docs/remote-phone.png`: the
 * remote at 390×844 (a phone, 2× pixels) on a live slide, after Run, with the demo's
 * headline in. It starts the demo server on loopback over the built deck, makes a remote
 * as the speaker view does, puts the stage on the slide and runs its demo from the phone.
 * Builds nothing: run `npm run build` first.
 *
 * Usage: npm run shots:remote [-- --slide ID] [--out FILE]
 */
import { join, resolve } from 'node:path';
import type { DeckSlides, IssuedRemote } from '../demos/protocol.ts';
import { launchBrowser, rootDir, speakerHeaders, startLiveServer } from '../tests/e2e/harness.ts';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const slideId = option('--slide') ?? 'cgocall-source-live';
const out = resolve(option('--out') ?? join(rootDir, 'docs/remote-phone.png'));
const server = await startLiveServer([]);
const browser = await launchBrowser();
try {
  const slides = (await (await fetch(`${server.url}slides.json`)).json()) as DeckSlides;
  const slide = slides.slides.find((item) => item.id === slideId);
  if (!slide) throw new Error(`no slide "${slideId}" in the built deck`);
  const remote = (await (await fetch(`${server.url}api/remote/tokens`, { method: 'POST', headers: speakerHeaders(server), body: '{}' })).json()) as IssuedRemote;
  // Where the speaker's deck would say it is: the title first (the talk's clock starts with the next move), then the slide.
  for (const [n, position] of [{ h: 0, v: 0, f: -1 }, { h: slide.h, v: slide.v, f: -1 }].entries()) {
    await fetch(`${server.url}api/stage/position`, { method: 'POST', headers: speakerHeaders(server), body: JSON.stringify({ requestId: `shot-${n}`, position }) });
  }
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const phone = await context.newPage();
  await phone.goto(`${server.url}remote/#token=${encodeURIComponent(remote.token)}`);
  const card = phone.locator('.card').first();
  await card.locator('.card-run').waitFor({ state: 'visible', timeout: 60_000 });
  await card.locator('.card-run').tap();
  await card.locator('[data-headline-figure]').waitFor({ state: 'visible', timeout: 120_000 });
  await phone.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { dataset: { runState?: string } } | null } }).document.querySelector('.card')?.dataset.runState === 'ended', undefined, { timeout: 120_000 });
  await phone.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready.then(() => undefined));
  await phone.screenshot({ path: out });
  console.log(`${out}: the remote on "${slide.title}" (slide ${slide.h + 1}.${slide.v + 1}) at 390×844`);
} finally {
  await browser.close();
  await server.close();
}
