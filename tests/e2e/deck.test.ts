/**
 * The built deck (`dist/`, made by global-setup) from a plain static server, in headless
 * Chromium: all 53 slides of the talk visited, each showing the text of the original
 * slide (tests/e2e/fixtures/talk-slides.txt), no request leaving localhost, no console error,
 * notes on every slide, print view with one page per slide, out-of-range URLs landing
 * on the nearest slide, the scroll view on a narrow screen and code walk-throughs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, rootDir, serveStatic, watchPage, type PageWatch, type StaticServer } from './harness.ts';

// The callbacks given to page.evaluate/$eval run in the page. This file is type-checked
// without DOM types (tsconfig.server.json), so the page's globals are declared here,
// loosely and only in this module.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare const NodeFilter: any;
type HTMLElement = any;

/** The original talk's slide text, committed with the tests (fixtures/README.md says whence). */
const talkSlidesPath = resolve(rootDir, 'tests/e2e/fixtures/talk-slides.txt');
/** How many of the 53 original slides show text (the rest are pictures: "No content"). */
const talkSlidesWithText = 39;
const horizontalSlideCount = 53;

/** TalkSlide is one slide of the original talk: its 1-based number and the words it shows. */
interface TalkSlide {
  n: number;
  words: string[];
}

/** words splits text into comparable words: lower case, letters and digits, two or more characters. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w.length >= 2);
}

/** readTalkSlides parses slides.txt ("Slide N" / "Slide N text" / text), dropping URLs and "No content". */
function readTalkSlides(text: string): TalkSlide[] {
  const slides: TalkSlide[] = [];
  const parts = text.split(/^Slide (\d+) text\s*$/m);
  for (let i = 1; i < parts.length; i += 2) {
    const n = Number(parts[i]);
    const body = (parts[i + 1] ?? '')
      .replace(/^Slide \d+\s*$/m, '')
      .replace(/https?:\/\/\S+/g, ' ')
      .replace(/\S*\[email[^\]]*\]\S*/g, ' ')
      // The credit for the original's gopher artwork: this deck reproduces none of that art.
      .replace(/Olga Shalakhina artwork[\s\S]*?Attributions\.?/, ' ')
      .trim();
    if (body === '' || body === 'No content') continue;
    slides.push({ n, words: [...new Set(words(body))] });
  }
  return slides;
}

let server: StaticServer;
let browser: Browser;
beforeAll(async () => {
  // DECK_DIST serves another build (e.g. a preview of a deck in progress); default dist/.
  server = await serveStatic(process.env.DECK_DIST ?? undefined);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openDeck(hash = '', viewport = { width: 1280, height: 720 }, query = ''): Promise<{ page: Page; watch: PageWatch }> {
  const page = await browser.newPage({ viewport });
  const watch = watchPage(page);
  await page.goto(`${server.url}${query}${hash}`);
  // Generous: the machine is shared and a cold Chromium under load takes its time.
  await page.waitForSelector('.reveal.ready', { timeout: 90_000 });
  return { page, watch };
}

/**
 * slideTextIn is what a slide shows: its text nodes joined by spaces (table cells and SVG
 * labels are separate words), without speaker notes, nested slides or step markers.
 */
function slideTextIn(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => {
    const clone = el.cloneNode(true) as HTMLElement;
    for (const hidden of clone.querySelectorAll('aside.notes, section, script, style, .code-step')) hidden.remove();
    const walker = document.createTreeWalker(clone, NodeFilter.SHOW_TEXT);
    const parts: string[] = [];
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) parts.push(node.textContent ?? '');
    return parts.join(' ');
  });
}

describe('the static deck', () => {
  it('has the 53 slides of the talk, each showing its text, with nothing fetched from elsewhere and no console error', async () => {
    const { page, watch } = await openDeck();
    const failedRequests: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failedRequests.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    const ids = await page.$$eval('.reveal .slides > section', (sections) =>
      sections.map((s) => (s.classList.contains('stack') ? s.querySelector('section')?.id ?? '' : s.id)),
    );
    expect(ids).toHaveLength(horizontalSlideCount);
    // No fixture, no check: a missing or cut file must fail here, not compare nothing.
    const talk = readTalkSlides(readFileSync(talkSlidesPath, 'utf8'));
    expect(talk, `${talkSlidesPath}: the slides with text`).toHaveLength(talkSlidesWithText);
    const problems: string[] = [];
    for (const [index, id] of ids.entries()) {
      // Reveal's postMessage API (the page talking to itself), not the hash: Reveal writes
      // the hash with a 1 s debounce, which can overwrite a hash set right after a move.
      await page.evaluate((h) => {
        window.postMessage(JSON.stringify({ method: 'slide', args: [h, 0] }), '*');
      }, index);
      const reached = await page
        .waitForFunction((target) => document.querySelector('.reveal .slides section.present:not(.stack)')?.id === target, id, { timeout: 10_000 })
        .then(() => true, () => false);
      if (!reached) {
        const at = await page.evaluate(() => `${document.querySelector('.reveal .slides section.present:not(.stack)')?.id} ${window.location.hash}`);
        problems.push(`slide ${index + 1} (#/${id}) could not be reached (at ${at})`);
        continue;
      }
      const visible = await page.$eval(`[id="${id}"]`, (el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0;
      });
      if (!visible) problems.push(`slide ${index + 1} (#/${id}) is not visible`);
      const expected = talk.find((s) => s.n === index + 1);
      if (!expected) continue;
      const shown = new Set(words(await slideTextIn(page, `[id="${id}"]`)));
      const missing = expected.words.filter((w) => !shown.has(w));
      // A tenth of the words may differ (typography, a figure re-measured); more is a wrong slide.
      if (missing.length > Math.floor(expected.words.length / 10)) {
        problems.push(`slide ${index + 1} (#/${id}) lacks: ${missing.join(' ')}`);
      }
    }
    expect(problems).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('has non-empty speaker notes on every slide and sub-slide', async () => {
    const { page } = await openDeck();
    const withoutNotes = await page.$$eval('.reveal .slides section:not(.stack)', (sections) =>
      sections.filter((s) => (s.querySelector(':scope > aside.notes')?.textContent ?? '').trim() === '').map((s) => s.id),
    );
    expect(withoutNotes).toEqual([]);
    await page.close();
  });

  it('shows the "Since 2018" and "Live demo" badges on flagged slides', async () => {
    const { page } = await openDeck();
    const flagged = await page.$$eval('.reveal .slides section.since-2018, .reveal .slides section.live', (sections) =>
      sections.map((s) => ({
        id: s.id,
        since: s.classList.contains('since-2018') === (s.querySelector(':scope > .slide-badges .badge-since-2018')?.textContent === 'Since 2018'),
        live: s.classList.contains('live') === (s.querySelector(':scope > .slide-badges .badge-live')?.textContent === 'Live demo'),
      })),
    );
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.filter((f) => !f.since || !f.live)).toEqual([]);
    await page.close();
  });

  it('prints every slide, one page each, with code fully lit (?print-pdf)', async () => {
    const { page, watch } = await openDeck('', { width: 1280, height: 720 }, '?print-pdf');
    await page.waitForSelector('.pdf-page', { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('.pdf-page').length > 0 && document.documentElement.classList.contains('print-pdf'));
    const { pages, slides, dimmed, numbers, readerPages } = await page.evaluate(() => ({
      // Pages of slides; long demo output adds pages of its own after its slide.
      pages: document.querySelectorAll('.pdf-page:not(.reader-print-page)').length,
      slides: document.querySelectorAll('.reveal .slides section:not(.stack)').length,
      dimmed: document.querySelectorAll('.code-block.focusing').length,
      numbers: [...document.querySelectorAll('.pdf-page:not(.reader-print-page) .slide-number-pdf')].map((n) => n.textContent),
      readerPages: [...document.querySelectorAll('.reader-print-page')].map((p) => p.previousElementSibling?.querySelector('.reader-block.reader-has-more') !== null || p.previousElementSibling?.classList.contains('reader-print-page')),
    }));
    expect(slides).toBeGreaterThanOrEqual(horizontalSlideCount);
    expect(pages).toBe(slides);
    // Pages are numbered as the deck numbers its slides: 5, 5.2, 5.3, 6 …
    expect(numbers.slice(0, 7)).toEqual(['1', '2', '3', '4', '5', '5.2', '5.3']);
    expect(numbers.filter((n) => !n?.includes('.'))).toHaveLength(horizontalSlideCount);
    // Long output is printed whole, on a page right after its slide.
    expect(readerPages.length).toBeGreaterThan(0);
    expect(readerPages.every(Boolean)).toBe(true);
    expect(dimmed).toBe(0);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('lands on the nearest slide for an out-of-range URL and corrects the address', async () => {
    const { page: past } = await openDeck('#/99');
    const last = await past.$eval('.reveal .slides > section:last-child', (s) => (s.classList.contains('stack') ? s.querySelector('section')?.id : s.id));
    await past.waitForFunction((id) => window.location.hash === `#/${id}`, last);
    expect(await past.$eval('.reveal .slides section.present:not(.stack)', (s) => s.id)).toBe(last);
    await past.close();

    const { page: unknown } = await openDeck('#/no-such-slide');
    const first = await unknown.$eval('.reveal .slides > section:first-child', (s) => (s.classList.contains('stack') ? s.querySelector('section')?.id : s.id));
    await unknown.waitForFunction((id) => window.location.hash === `#/${id}`, first);
    expect(await unknown.$eval('.reveal .slides section.present:not(.stack)', (s) => s.id)).toBe(first);
    await unknown.close();
  });

  it('opens the speaker view on S, showing the current slide\'s notes and leaving the deck where it was', async () => {
    const { page, watch } = await openDeck();
    const id = await page.$eval('.reveal .slides > section:nth-child(16)', (s) => (s.classList.contains('stack') ? s.querySelector('section')?.id : s.id));
    await page.evaluate((target) => {
      window.location.hash = `#/${target}`;
    }, id);
    await page.waitForFunction((target) => document.querySelector('section.present:not(.stack)')?.id === target, id);
    const notes = await page.$eval(`[id="${id}"] > aside.notes`, (a) => (a.textContent ?? '').trim().slice(0, 40));
    const popupOpened = page.waitForEvent('popup', { timeout: 30_000 });
    await page.keyboard.press('s');
    const popup = await popupOpened;
    await popup.waitForFunction((text) => (document.querySelector('.speaker-controls-notes')?.textContent ?? '').includes(text), notes, { timeout: 30_000 });
    expect(await page.evaluate(() => document.querySelector('section.present:not(.stack)')?.id)).toBe(id);
    expect(watch.consoleErrors).toEqual([]);
    await popup.close();
    await page.close();
  });

  it('reads as a scrolling page on a narrow screen', async () => {
    const { page } = await openDeck('', { width: 400, height: 800 });
    await page.waitForFunction(() => document.querySelector('.reveal-viewport')?.classList.contains('reveal-scroll'), null, { timeout: 10_000 });
    await page.close();
  });

  it('walks through stepped code blocks with fragments', async () => {
    const { page } = await openDeck();
    const id = await page.$eval('.reveal .slides', (slides) => slides.querySelector('.code-block.has-steps')?.closest('section')?.id ?? null);
    expect(id, 'the deck has a code block with steps').not.toBeNull();
    await page.evaluate((target) => {
      window.location.hash = `#/${target}`;
    }, id);
    await page.waitForFunction((target) => document.querySelector('section.present:not(.stack)')?.id === target, id);
    expect(await page.$$eval(`[id="${id}"] .code-block.focusing`, (b) => b.length)).toBe(0);
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector(`[id="${id}"] .code-block.focusing .line.focus`, { timeout: 5_000 });
    await page.close();
  });
});
