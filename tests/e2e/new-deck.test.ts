/**
 * `npm run new-deck` makes a deck that builds at once: scaffolded into a scratch decks
 * folder, built there by `npm run build -- --decks … --out …` (no page, entry or theme of
 * its own), and loaded in headless Chromium from a plain static server: no console
 * error, its title and byline, the code slide's steps focus their lines, every slide has
 * notes, and the demo slide replays the committed recording.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser, rootDir, serveStatic, watchPage, type StaticServer } from './harness.ts';
import { listSlides, showSlide, waitForDeck, waitForDemos } from './deck-pages.ts';

// Page callbacks run in the browser; this file is checked without DOM types.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;

const runTsx = (script: string, args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', join(rootDir, script), ...args], { cwd: rootDir, maxBuffer: 16 * 1024 * 1024 });

let work: string;
let site: string;
let server: StaticServer;
let browser: Browser;
let buildOutput: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'new-deck-e2e-'));
  const decks = join(work, 'slides');
  site = join(work, 'dist');
  await runTsx('scripts/new-deck.ts', ['meetup', '--title', 'cgo at the meetup', '--author', 'Ann Speaker', '--decks', decks]);
  buildOutput = (await runTsx('scripts/build.ts', ['--decks', decks, '--out', site])).stdout;
  server = await serveStatic(site);
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('a deck made by npm run new-deck', () => {
  it('builds into its own folder of the site, listed in dist/decks/', () => {
    expect(buildOutput).toMatch(/^meetup → .*\/meetup\/ /m);
    expect(readdirSync(join(work, 'slides/meetup')).sort()).toEqual(['deck.yaml', 'sections']);
    expect(existsSync(join(site, 'meetup/index.html'))).toBe(true);
    expect(readFileSync(join(site, 'decks/index.html'), 'utf8')).toContain('<a href="../meetup/">cgo at the meetup</a>');
    // Only its one demo's recordings.
    expect(readdirSync(join(site, 'meetup/recordings')).sort()).toEqual(['ffi-overhead.json', 'index.json']);
  });

  it('loads with no console error: title, code steps, notes, and the demo replaying its recording', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await page.goto(`${server.url}meetup/`);
    await waitForDeck(page, true);
    expect(await page.title()).toBe('cgo at the meetup — Ann Speaker');
    expect(await page.locator('#title h1').textContent()).toBe('cgo at the meetup');
    expect(await page.locator('#title .byline').textContent()).toBe('Ann Speaker');
    const slides = await listSlides(page);
    expect(slides.map((slide) => slide.id)).toEqual(['title', 'code-walk', 'demo']);
    expect(await page.locator('.reveal .slides section aside.notes').count()).toBe(3);

    // The code walk-through: the first step lights lines 3-4 and dims the rest.
    const code = slides[1]!;
    await showSlide(page, code, false);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('#code-walk .code-block.focusing') !== null);
    const focused = await page.$$eval('#code-walk .line.focus', (lines) => lines.map((line: any) => Number(line.dataset.line)));
    expect(focused).toEqual([3, 4]);

    const demo = slides[2]!;
    await showSlide(page, demo);
    expect(await waitForDemos(page, 'demo', 60_000)).toBe(true);
    const panel = page.locator('#demo .demo-panel');
    expect(await panel.getAttribute('data-source')).toBe('recorded');
    expect(await panel.getAttribute('data-outcome')).toBe('ok');
    expect(await panel.locator('.demo-badge-recorded').textContent()).toMatch(/^recorded on /);
    expect((await panel.locator('[data-headline-figure]').first().textContent())?.trim()).not.toBe('');

    expect(watch.consoleErrors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    await page.close();
  });
});
