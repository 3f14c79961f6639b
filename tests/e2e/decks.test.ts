/**
 * Decks side by side, as `npm run build` makes them (global-setup): the flagship in
 * `dist/`, the lightning deck (slides/cgo-lightning, a ten-minute remix of the flagship's
 * demos) in `dist/cgo-lightning/`, and `dist/decks/index.html` listing both. Each deck's
 * folder holds its own chunks and only its demos' recordings (the lightning deck has no
 * code editor). In headless Chromium from a plain static server: the list leads to each
 * deck, the lightning deck loads with no console error and every demo slide replays its
 * recording; from the demo server, the lightning deck in its folder reaches the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { describeDeck, findDecks } from '../../slides/compiler/deck-folders.ts';
import { demoOfRecordingKey } from '../../demos/recording-key.ts';
import { becomeSpeaker, distDir, launchBrowser, rootDir, serveStatic, startLiveServer, watchPage, type StaticServer } from './harness.ts';
import { listSlides, settle, showSlide, waitForDeck, waitForDemos } from './deck-pages.ts';
import { measureStage } from './stage-checks.ts';
import { expectedFigure, liveSlides, recordedResult } from './recorded-figures.ts';

// Page callbacks run in the browser; this file is checked without DOM types.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;

const lightning = 'cgo-lightning';
const decksDir = join(rootDir, 'slides');
const lightningDir = join(distDir, lightning);
const lightningDemos = describeDeck(decksDir, lightning).demos;
const allDemos = readdirSync(join(rootDir, 'demos')).filter((name) => existsSync(join(rootDir, 'demos', name, 'manifest.ts')));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

describe('the multi-deck build', () => {
  it('puts the flagship at the root, every other deck in its folder, and lists them all', () => {
    const decks = findDecks(decksDir);
    expect(decks).toContain(lightning);
    expect(readFileSync(join(distDir, 'index.html'), 'utf8')).toContain('<title>Why cgo is slow — Filippo Valsorda</title>');
    for (const deck of decks.filter((name) => name !== 'why-cgo-is-slow')) {
      const html = readFileSync(join(distDir, deck, 'index.html'), 'utf8');
      expect(html).toContain(`<title>${describeDeck(decksDir, deck).title}`);
      // A deck's folder is a site of its own: its URLs stay inside it.
      expect(html).not.toMatch(/(src|href)="(\/(?!\/)|\.\.\/)/);
      expect(JSON.parse(readFileSync(join(distDir, deck, 'api/health'), 'utf8'))).toEqual({ live: false, static: true });
    }
    const index = readFileSync(join(distDir, 'decks/index.html'), 'utf8');
    const links = [...index.matchAll(/<li data-deck="([^"]+)">\s*<a href="([^"]+)">/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual(decks.map((deck) => [deck, deck === 'why-cgo-is-slow' ? '../' : `../${deck}/`]));
  });

  it("gives the lightning deck only its own demos' chunks: no code editor, no other demo", () => {
    const files = filesUnder(lightningDir);
    const flagshipFiles = readdirSync(join(distDir, 'assets'));
    // The flagship has the editor (its pointer-rules slide), so the check below can see one.
    expect(flagshipFiles.some((name) => /^monaco/.test(name))).toBe(true);
    expect(files.filter((name) => /monaco|editor\.worker|codicon/i.test(name))).toEqual([]);
    const scripts = files.filter((name) => name.endsWith('.js')).map((name) => readFileSync(join(lightningDir, name), 'utf8'));
    const mentioned = (id: string): boolean => scripts.some((text) => text.includes(`"${id}"`) || text.includes(`'${id}'`));
    expect(lightningDemos).toEqual(['ffi-overhead', 'go-releases', 'trampoline-gdb', 'work-per-call']);
    expect(allDemos.filter(mentioned).sort()).toEqual(lightningDemos);
  });

  it("carries exactly the recordings of the lightning deck's demos, listed in its index", () => {
    const committed = readdirSync(join(rootDir, 'recordings')).filter((name) => name.endsWith('.json'));
    const expected = committed.filter((name) => lightningDemos.includes(demoOfRecordingKey(name.slice(0, -5)))).sort();
    expect(expected).toContain('trampoline-gdb--direction-c-to-go.json');
    const shipped = readdirSync(join(lightningDir, 'recordings')).filter((name) => name !== 'index.json').sort();
    expect(shipped).toEqual(expected);
    const index = JSON.parse(readFileSync(join(lightningDir, 'recordings/index.json'), 'utf8')) as { recordings: { path: string }[] };
    expect(index.recordings.map((entry) => entry.path).sort()).toEqual(expected.map((name) => `recordings/${name}`));
    // The flagship keeps every recording its slides replay (pointer-rules among them).
    expect(existsSync(join(distDir, 'recordings/pointer-rules.json'))).toBe(true);
  });
});

describe('the lightning deck in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await serveStatic(distDir);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is reached from the list of decks, as the flagship is', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await page.goto(`${server.url}decks/`);
    expect(await page.locator('li[data-deck] a').count()).toBe(findDecks(decksDir).length);
    await page.click(`li[data-deck="${lightning}"] a`);
    await waitForDeck(page);
    expect(new URL(page.url()).pathname).toBe(`/${lightning}/`);
    expect(await page.title()).toMatch(/^Why cgo is slow, in ten minutes/);
    await page.goBack();
    await page.click('li[data-deck="why-cgo-is-slow"] a');
    await waitForDeck(page);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.title()).toBe('Why cgo is slow — Filippo Valsorda');
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('loads with no console error, has notes on every slide, and every demo slide replays its recording, readable from the back row', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await page.goto(`${server.url}${lightning}/`);
    await waitForDeck(page, true);
    const slides = await listSlides(page);
    expect(slides.length).toBeGreaterThanOrEqual(8);
    expect(slides.length).toBeLessThanOrEqual(12);
    expect(await page.locator('.reveal .slides section aside.notes').count()).toBe(slides.length);
    const demoSlides = slides.filter((slide) => slide.demos.length > 0);
    expect(demoSlides.flatMap((slide) => slide.demos).sort()).toEqual(lightningDemos);
    const sources = liveSlides(join(decksDir, lightning));
    expect(sources.map((live) => live.id)).toEqual(demoSlides.map((slide) => slide.id));
    for (const slide of demoSlides) {
      await showSlide(page, slide);
      expect(await waitForDemos(page, slide.id, 60_000), `${slide.id}: the replay did not end`).toBe(true);
      const panel = page.locator(`#${slide.id} .demo-panel`);
      expect(await panel.getAttribute('data-source'), slide.id).toBe('recorded');
      expect(await panel.getAttribute('data-outcome'), slide.id).toBe('ok');
      expect(await panel.locator('.demo-badge-recorded').textContent(), slide.id).toMatch(/^recorded on /);
      // The stage rules (tests/e2e/stage-checks.ts), and the answer is the recording's.
      await settle(page);
      const report = await measureStage(page, slide.id);
      expect(report.problems, slide.id).toEqual([]);
      const live = sources.find((source) => source.id === slide.id)!;
      const result = await recordedResult(live.demo, live.params);
      expect(report.figure, slide.id).toBe(expectedFigure(live.demo, result!, live.params));
    }
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    await page.close();
  });
});

describe('the lightning deck from the demo server', () => {
  it('finds the API beside its folder: the speaker gets Run on its demo slides', async () => {
    const live = await startLiveServer();
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      const watch = watchPage(page);
      await becomeSpeaker(page, live);
      await page.goto(`${live.url}${lightning}/#/ffi-live`);
      await waitForDeck(page);
      const panel = page.locator('#ffi-live .demo-panel');
      await panel.locator('.demo-run').waitFor({ state: 'visible', timeout: 30_000 });
      expect(await panel.locator('.demo-run').textContent()).toMatch(/^Run( again)?$/);
      expect(await page.evaluate(() => document.querySelector('#ffi-live .demo-panel')?.dataset.source)).not.toBe('not-recorded');
      expect(watch.consoleErrors).toEqual([]);
      expect(live.output()).toContain(`Every deck: ${live.url}decks/`);
    } finally {
      await browser.close();
      await live.close();
    }
  });
});
