/**
 * Editing a deck under the dev server (`npm run dev`), as an author does: a mistake turns
 * the page into the "does not build" slide naming file and line, and once it is fixed the
 * page comes back by itself on the slide that was being edited, not on the first one.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deckViteConfig } from '../../slides/compiler/deck-vite-config.ts';
import { testCacheDir } from '../support/test-paths.ts';
import { launchBrowser, rootDir, watchPage } from './harness.ts';

let root = '';
let server: ViteDevServer | undefined;
let browser: Browser | undefined;
let url = '';

beforeAll(async () => {
  // Inside the checkout, like a deck being written (the fixture's stand-in manifest loads as a module of it).
  await mkdir(testCacheDir, { recursive: true });
  root = await mkdtemp(join(testCacheDir, 'dev-deck-'));
  await cp(join(rootDir, 'slides/compiler/fixtures/sample-deck'), join(root, 'deck'), { recursive: true });
  await cp(join(rootDir, 'slides/compiler/fixtures/demos'), join(root, 'demos'), { recursive: true });
  const config = deckViteConfig({ rootDir: root, deckDir: 'deck', outDir: 'dist' });
  server = await createServer({ ...config, configFile: false, logLevel: 'silent', server: { ...config.server, port: 0 } });
  await server.listen();
  url = `http://127.0.0.1:${(server.httpServer?.address() as AddressInfo).port}/`;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/** currentSlide is the id of the slide on screen. */
const currentSlide = `(document.querySelector('.reveal .slides section.present:not(.stack)')?.id ?? '')`;

describe('the dev server', () => {
  it('shows a mistake as a slide, then returns to the slide being edited once it is fixed', async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    // No demo server in this test: its /api answers as a static host's does.
    await page.route('**/api/**', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ live: false, static: true }) }));
    await page.goto(`${url}#/bars`);
    await page.waitForFunction(`${currentSlide} === 'bars'`, undefined, { timeout: 30_000 });

    const section = join(root, 'deck/sections/02-second.md');
    const good = await readFile(section, 'utf8');
    await writeFile(section, good.replace('@slide bars', '@slid bars'));
    const errorSlide = page.locator('#deck-build-error');
    await errorSlide.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await errorSlide.textContent()).toContain('deck/sections/02-second.md:7: unknown directive "@slid"');
    // The error page leaves the address alone: it still names the slide being edited.
    expect(new URL(page.url()).hash).toBe('#/bars');

    await writeFile(section, good);
    await page.waitForFunction(`!document.getElementById('deck-build-error') && ${currentSlide} !== ''`, undefined, { timeout: 30_000 });
    expect(await page.evaluate(currentSlide)).toBe('bars');
    expect(new URL(page.url()).hash).toBe('#/bars');
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  }, 120_000);
});
