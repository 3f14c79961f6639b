/**
 * printDeck: the built deck (`dist/`) as a PDF, from Chromium's own print of the deck's
 * print view (`?print-pdf`: one page per slide and sub-slide, every fragment shown, each
 * page numbered as the deck numbers its slide, long demo output printed whole on pages of
 * its own after its slide). Served by a plain static server, as a reader without a demo
 * server gets it, so every demo shows its recording ("recorded on …"). The PDF keeps the
 * text as text (selectable, searchable).
 *
 * Before printing it waits for every demo's replay to end and for the reader pages, and
 * looks for anything cut: a slide taller than its page, and on each live sub-slide the
 * stage rules (tests/e2e/stage-checks.ts: the answer inside the slide, nothing scrolled
 * or cut, text ≥ 18 px).
 */
import { writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { pdfPageCount } from './pdf-pages.ts';
import { waitForDemos, settle } from '../tests/e2e/deck-pages.ts';
import { launchBrowser, serveStatic } from '../tests/e2e/harness.ts';
import { measureStage } from '../tests/e2e/stage-checks.ts';

/** PrintOptions say what to print where. */
export interface PrintOptions {
  distDir: string;
  /** The PDF file to write. */
  file: string;
  log?: (line: string) => void;
}

/** PrintedDeck is what went into the PDF. */
export interface PrintedDeck {
  /** PDF pages: slide pages plus reader pages. */
  pages: number;
  /** Slides and sub-slides, one page each. */
  slides: number;
  /** The other pages: long demo output printed whole after its slide (one block may take several). */
  readerPages: number;
  /** Demos whose replay did not end in time (their page shows them unfinished). */
  unsettled: boolean;
  /** Everything found cut, in words (empty: nothing). */
  problems: string[];
}

/** printDeck writes the PDF and says what is in it. */
export async function printDeck(options: PrintOptions): Promise<PrintedDeck> {
  const log = options.log ?? (() => undefined);
  const server = await serveStatic(options.distDir);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${server.url}?print-pdf`);
    await page.waitForSelector('.pdf-page', { timeout: 60_000 });
    const settled = await waitForDemos(page, null, 60_000);
    if (!settled) log('warning: a demo did not settle in time; its page shows it unfinished');
    await waitForReaderPages(page);
    await settle(page);
    const counts = await countPages(page);
    const problems = [...counts.tallSlides.map((n) => `slide ${n} is taller than its page: its bottom is cut`), ...(await liveSlideProblems(page))];
    const pdf = await page.pdf({ printBackground: true, preferCSSPageSize: true });
    await writeFile(options.file, pdf);
    const pages = pdfPageCount(pdf);
    return { pages, slides: counts.slides, readerPages: pages - counts.slides, unsettled: !settled, problems };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** waitForReaderPages waits until each reader block that shows part of its text has its page (added after Reveal's pdf-ready). */
async function waitForReaderPages(page: Page): Promise<void> {
  await page
    .waitForFunction(() => document.querySelectorAll('.reader-print-page').length >= document.querySelectorAll('.pdf-page:not(.reader-print-page) .reader-block.reader-has-more').length, null, { timeout: 15_000 })
    .catch(() => undefined);
}

/** countPages counts the slide pages and finds slides taller than their page. */
async function countPages(page: Page): Promise<{ slides: number; tallSlides: string[] }> {
  return page.evaluate(() => {
    const slidePages = [...document.querySelectorAll<HTMLElement>('.pdf-page:not(.reader-print-page)')];
    const tallSlides = slidePages
      .filter((p) => {
        const section = p.querySelector<HTMLElement>('section');
        return section !== null && section.scrollHeight > p.clientHeight + 1;
      })
      .map((p) => p.querySelector<HTMLElement>('section')?.dataset.deckNumber ?? '?');
    return { slides: slidePages.length, tallSlides };
  });
}

/** liveSlideProblems applies the stage rules to every live sub-slide's panel. */
async function liveSlideProblems(page: Page): Promise<string[]> {
  const ids = await page.$$eval('section.live[id]', (sections) => sections.filter((s) => s.querySelector('.demo-panel')).map((s) => s.id));
  const problems: string[] = [];
  for (const id of ids) {
    const report = await measureStage(page, id, { checkControls: false });
    problems.push(...report.problems.map((problem) => `#/${id}: ${problem}`));
  }
  return problems;
}
