/**
 * captureDeck: a PNG of every slide and sub-slide of the built deck (`dist/`), served by a
 * plain static server (no demo server: what a reader of the static deck sees), at
 * 1280×720 with every fragment shown and every demo's replay ended; the live sub-slides
 * also at phone size (390×844, opened by their deep link, as a phone would). Files are
 * named by the deck's own numbers (`05.3-ffi-table-live.png`, `…@390x844.png`), and an
 * `index.html` contact sheet shows them all at a glance.
 *
 * `npm run shots` is the command line; an export (PNG/PDF) reuses `captureDeck` or its
 * pieces (tests/e2e/deck-pages.ts).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { listSlides, settle, showSlide, waitForDeck, waitForDemos, type DeckSlide } from '../tests/e2e/deck-pages.ts';
import { launchBrowser, serveStatic } from '../tests/e2e/harness.ts';

/** Viewport is a screen size to capture at. */
export interface Viewport {
  width: number;
  height: number;
}

/** stageViewport is the deck's design size; phoneViewport a common phone. */
export const stageViewport: Viewport = { width: 1280, height: 720 };
export const phoneViewport: Viewport = { width: 390, height: 844 };

/** CaptureOptions say what to capture where. */
export interface CaptureOptions {
  distDir: string;
  outDir: string;
  /** Only these slide ids (default: all). */
  only?: string[];
  /** Also capture the live sub-slides at phone size (default true). */
  phone?: boolean;
  /** Told about each file written and each demo that did not settle. */
  log?: (line: string) => void;
}

/** CapturedShot is one file written. */
export interface CapturedShot {
  slide: DeckSlide;
  viewport: Viewport;
  file: string;
  /** Whether every demo on the slide had settled (replay ended, or "not recorded"). */
  settled: boolean;
}

/** shotName is a slide's file name: its deck number (zero-padded for sorting) and id. */
export function shotName(slide: DeckSlide, viewport: Viewport = stageViewport): string {
  const [h = '', v] = slide.number.split('.');
  const size = viewport === stageViewport ? '' : `@${viewport.width}x${viewport.height}`;
  return `${h.padStart(2, '0')}${v ? `.${v}` : ''}-${slide.id}${size}.png`;
}

/** captureDeck writes the PNGs and the contact sheet; returns what it wrote. */
export async function captureDeck(options: CaptureOptions): Promise<CapturedShot[]> {
  const log = options.log ?? (() => undefined);
  await rm(options.outDir, { recursive: true, force: true });
  await mkdir(options.outDir, { recursive: true });
  const server = await serveStatic(options.distDir);
  const browser = await launchBrowser();
  const shots: CapturedShot[] = [];
  try {
    const slides = await captureAtStage(browser, server.url, options, shots, log);
    if (options.phone ?? true) {
      for (const slide of slides.filter((s) => s.live)) shots.push(await captureOnPhone(browser, server.url, slide, options.outDir, log));
    }
  } finally {
    await browser.close();
    await server.close();
  }
  await writeFile(join(options.outDir, 'index.html'), contactSheet(shots));
  return shots;
}

async function captureAtStage(browser: Browser, url: string, options: CaptureOptions, shots: CapturedShot[], log: (line: string) => void): Promise<DeckSlide[]> {
  const page = await browser.newPage({ viewport: stageViewport });
  await page.goto(url);
  await waitForDeck(page, true);
  const slides = (await listSlides(page)).filter((s) => !options.only || options.only.includes(s.id));
  for (const slide of slides) {
    await showSlide(page, slide);
    const settled = slide.demos.length === 0 || (await waitForDemos(page, slide.id));
    if (!settled) log(`${slide.number} #/${slide.id}: a demo did not settle in time`);
    await settle(page);
    const file = join(options.outDir, shotName(slide));
    await page.screenshot({ path: file });
    shots.push({ slide, viewport: stageViewport, file, settled });
    log(`${shotName(slide)}`);
  }
  await page.close();
  return slides;
}

async function captureOnPhone(browser: Browser, url: string, slide: DeckSlide, outDir: string, log: (line: string) => void): Promise<CapturedShot> {
  const page = await browser.newPage({ viewport: phoneViewport, isMobile: true, hasTouch: true });
  await page.goto(`${url}#/${slide.id}`);
  await waitForDeck(page);
  const settled = await waitForDemos(page, slide.id);
  await settle(page);
  // The phone's scroll view: bring the slide's top into view, as the deep link should.
  await page.evaluate((id) => document.getElementById(id)?.scrollIntoView({ block: 'start' }), slide.id);
  await settle(page);
  const file = join(outDir, shotName(slide, phoneViewport));
  await page.screenshot({ path: file });
  await page.close();
  log(shotName(slide, phoneViewport));
  return { slide, viewport: phoneViewport, file, settled };
}

function contactSheet(shots: CapturedShot[]): string {
  const cell = (shot: CapturedShot): string => {
    const name = shot.file.split('/').pop() ?? '';
    const warn = shot.settled ? '' : ' <b>(demo not settled)</b>';
    return `<figure><a href="${name}"><img src="${name}" loading="lazy" alt="${shot.slide.id}"></a><figcaption>${shot.slide.number} · #/${shot.slide.id}${warn}</figcaption></figure>`;
  };
  const stage = shots.filter((s) => s.viewport === stageViewport).map(cell).join('\n');
  const phone = shots.filter((s) => s.viewport !== stageViewport).map(cell).join('\n');
  return `<!doctype html><meta charset="utf-8"><title>Deck shots</title>
<style>body{background:#0b0e14;color:#ddd;font:14px system-ui;margin:16px}main{display:grid;grid-template-columns:repeat(auto-fill,minmax(400px,1fr));gap:12px}
.phone{grid-template-columns:repeat(auto-fill,minmax(200px,1fr))}figure{margin:0}img{width:100%;border:1px solid #333}</style>
<h1>1280×720</h1><main>${stage}</main><h1>390×844, live sub-slides</h1><main class="phone">${phone}</main>\n`;
}
