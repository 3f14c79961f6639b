/**
 * The stage checks, over the static build as a reader without a server gets it, in
 * headless Chromium at 1280×720 (issue 8): for every live sub-slide, once its replay has
 * ended, the headline figure is visible, inside the slide, ≥ 28 px, and says exactly
 * what the slide's own recording says (computed here from the recording, independently
 * of the widget); no element of the panel scrolls or is cut (the code editor excepted),
 * every box lies inside the slide and clear of the navigation arrows, text is ≥ 18 px, a
 * chart and a table never overlap (tests/e2e/stage-checks.ts). The same in the print view.
 *
 * Also: every variant a widget offers replays its own recording on its slide; a slide
 * whose params have no recording says "not recorded"; deep links land on their slides on
 * a phone; dimmed lines of a code walk-through keep ≥ 3:1 contrast.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunParams } from '../../demos/protocol.ts';
import { distDir, launchBrowser, serveStatic, watchPage, type StaticServer } from './harness.ts';
import { listSlides, settle, showSlide, waitForDeck, waitForDemos } from './deck-pages.ts';
import { measureStage } from './stage-checks.ts';
import { expectedFigure, liveSlides, manifestOf, recordedResult } from './recorded-figures.ts';

let browser: Browser;
let server: StaticServer;
beforeAll(async () => {
  browser = await launchBrowser();
  server = await serveStatic();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const slides = liveSlides();

describe('every live sub-slide of the static build, at 1280×720', () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(server.url);
    await waitForDeck(page, true);
  });
  afterAll(async () => {
    await page?.close();
  });

  it('has live sub-slides to check', () => {
    expect(slides.length).toBeGreaterThanOrEqual(14);
  });

  it.each(slides.map((s) => [s.id, s] as const))('%s: its answer is readable from the back row, nothing cut', async (_id, live) => {
    const slide = (await listSlides(page)).find((s) => s.id === live.id);
    expect(slide, `#/${live.id} is in the built deck`).toBeDefined();
    await showSlide(page, slide!);
    expect(await waitForDemos(page, live.id, 60_000), 'the replay ends').toBe(true);
    await settle(page);
    const report = await measureStage(page, live.id);
    expect(report.problems).toEqual([]);
    const result = await recordedResult(live.demo, live.params);
    expect(result, `a recording for #/${live.id}`).toBeDefined();
    expect(report.figure).toBe(expectedFigure(live.demo, result!, live.params));
  });
});

describe('the print view (?print-pdf)', () => {
  it('shows every live sub-slide the same way, its answer included', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${server.url}?print-pdf`);
    await page.waitForSelector('.pdf-page', { timeout: 60_000 });
    await page.waitForFunction((ids) => ids.every((id) => document.getElementById(id)?.querySelector('.stage[data-state="done"]')), slides.map((s) => s.id), { timeout: 60_000 });
    await settle(page);
    const problems: string[] = [];
    for (const live of slides) {
      const report = await measureStage(page, live.id, { checkControls: false });
      problems.push(...report.problems.map((p) => `#/${live.id}: ${p}`));
      const result = await recordedResult(live.demo, live.params);
      if (result && report.figure !== expectedFigure(live.demo, result, live.params)) problems.push(`#/${live.id}: the figure is ${JSON.stringify(report.figure)}`);
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('recording variants', () => {
  it('replays each pointer-rules variant’s own recording when its button is pressed', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await page.goto(`${server.url}#/pointer-rules-live`);
    await waitForDeck(page, true);
    expect(await waitForDemos(page, 'pointer-rules-live', 60_000)).toBe(true);
    const manifest = await manifestOf('pointer-rules');
    for (const variant of manifest.variants ?? []) {
      const selector = `#pointer-rules-live .ptr-bar button[data-variant="${String(variant.variant)}"]${variant.cgocheck2 ? '[data-cgocheck2="true"]' : ':not([data-cgocheck2])'}`;
      await page.click(selector);
      const expected = expectedFigure('pointer-rules', (await recordedResult('pointer-rules', variant as RunParams))!, variant as RunParams);
      await expect.poll(() => page.locator('#pointer-rules-live [data-headline-figure]').textContent(), { timeout: 30_000 }).toBe(expected);
      expect(await page.locator('#pointer-rules-live .demo-badge-recorded').count()).toBe(1);
    }
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('says "not recorded" on a slide whose params have no recording', async () => {
    // The built deck without the SetMaxThreads recording: its slide must not replay another.
    const copy = await mkdtemp(join(tmpdir(), 'stage-no-recording-'));
    try {
      await cp(distDir, copy, { recursive: true });
      const key = 'threads-in-c--variant-max-threads';
      await rm(join(copy, 'recordings', `${key}.json`));
      const index = JSON.parse(await readFile(join(copy, 'recordings/index.json'), 'utf8')) as { recordings: Array<{ key: string }> };
      index.recordings = index.recordings.filter((entry) => entry.key !== key);
      await writeFile(join(copy, 'recordings/index.json'), JSON.stringify(index));
      const statics = await serveStatic(copy);
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${statics.url}#/threads-in-c-max-threads`);
      await waitForDeck(page, true);
      const stage = page.locator('#threads-in-c-max-threads .stage[data-state="not-recorded"]');
      await stage.waitFor({ timeout: 30_000 });
      expect(await page.locator('#threads-in-c-max-threads [data-headline-figure]').textContent()).toBe('Not recorded');
      expect(await page.locator('#threads-in-c-max-threads .stage-headline').textContent()).toContain('--param variant=max-threads');
      expect(await page.locator('#threads-in-c-max-threads .demo-badge-recorded').count()).toBe(0);
      await page.close();
      await statics.close();
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});

describe('on a phone (390×844)', () => {
  it.each(['stack-4', 'threads-in-c-live', 'pointer-rules-live'])('#/%s lands on its slide and keeps its address', async (id) => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${server.url}#/${id}`);
    await waitForDeck(page);
    await expect
      .poll(() => page.evaluate((target) => {
        const box = document.getElementById(target)?.getBoundingClientRect();
        return box !== undefined && box.top >= 0 && box.top < window.innerHeight / 2;
      }, id), { timeout: 10_000 })
      .toBe(true);
    await page.waitForTimeout(1500); // longer than Reveal's debounced address update
    expect(await page.evaluate(() => window.location.hash)).toBe(`#/${id}`);
    await page.close();
  });
});

describe('code walk-throughs', () => {
  it('keep dimmed lines at ≥ 3:1 contrast on their background', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(server.url);
    await waitForDeck(page, true);
    const id = await page.$eval('.reveal .slides', (root) => root.querySelector('.code-block.has-steps')?.closest('section')?.id ?? null);
    expect(id).toBeTruthy();
    await page.evaluate((target) => { window.location.hash = `#/${target}`; }, id!);
    await page.waitForFunction((target) => document.querySelector('section.present:not(.stack)')?.id === target, id!);
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector(`[id="${id}"] .code-block.focusing .line.focus`, { timeout: 5_000 });
    await page.waitForTimeout(500); // the dimming transition
    const worst = await page.$eval(`[id="${id}"] .code-block.focusing`, (block) => {
      const rgb = (css: string): number[] => (css.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r = 0, g = 0, b = 0]: number[]): number => {
        const c = [r, g, b].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
      };
      const bg = rgb(getComputedStyle(block).backgroundColor);
      let min = Infinity;
      for (const line of block.querySelectorAll<HTMLElement>('.line:not(.focus)')) {
        const opacity = Number(getComputedStyle(line).opacity);
        for (const span of [line, ...line.querySelectorAll<HTMLElement>('span')]) {
          if (!(span.textContent ?? '').trim()) continue;
          const fg = rgb(getComputedStyle(span).color);
          const seen = fg.slice(0, 3).map((v, i) => v * opacity + (bg[i] ?? 0) * (1 - opacity));
          const [a, b] = [lum(seen), lum(bg)].sort((x, y) => y - x);
          min = Math.min(min, (a! + 0.05) / (b! + 0.05));
        }
      }
      return min;
    });
    expect(worst).toBeGreaterThanOrEqual(3);
    await page.close();
  });
});
