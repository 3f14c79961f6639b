/**
 * The editable pointer-rules demo end to end, in headless Chromium against the live demo
 * server: on the slide that holds it, Monaco loads; the program is edited and run, and the
 * panic the installed Go prints appears beside the 2018 wording; then a syntax error is
 * typed, run, and the editor shows a marker on that line.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { becomeSpeaker, launchBrowser, startLiveServer, watchPage, type LiveServer } from './harness.ts';
import { skipIfMissing } from '../support/toolchains.ts';

const demo = '.demo[data-demo="pointer-rules"]';

function goRoot(): string | undefined {
  try {
    return execFileSync('go', ['env', 'GOROOT']).toString().trim();
  } catch {
    return undefined;
  }
}
const goroot = goRoot();

let browser: Browser;
let server: LiveServer;
let recordings: string;
beforeAll(async () => {
  browser = await launchBrowser();
  // A scratch recordings dir: runs of edited code must not replace the committed recording.
  recordings = await mkdtemp(join(tmpdir(), 'r34-e2e-recordings-'));
  server = await startLiveServer(['--recordings', recordings]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (recordings) await rm(recordings, { recursive: true, force: true });
});

describe('pointer-rules, editable, live', () => {
  beforeEach((ctx) => skipIfMissing(ctx, 'go', 'cc'));
  it('runs an edited program to the panic, then marks a syntax error in the editor', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    await becomeSpeaker(page, server);
    await page.waitForSelector('.reveal.ready', { timeout: 30_000 });
    // The slide is found by its demo, so moving slides around does not break the test.
    // (Locators, not page.evaluate: this file compiles without DOM types.) The innermost
    // section comes last in document order.
    const slideId = await page.locator(`section[id]:has(${demo})`).last().getAttribute('id');
    expect(slideId, 'the deck has a slide with @demo pointer-rules').toBeTruthy();
    await page.goto(`${server.url}#/${slideId}`);

    await page.waitForSelector(`${demo} .ptr[data-editor="ready"]`, { timeout: 60_000 });
    const run = page.locator(`${demo} .ptr-run`);
    await page.waitForSelector(`${demo} .ptr-run:not([disabled])`, { timeout: 60_000 });

    // Edit: a line at the end, so the server gets main.go rather than a variant name.
    // Near the top of the editor box (not of its scrolled content): the point the caret lands on does not matter (Ctrl+End follows), and
    // the top of the editor stays on the slide whatever the panel shows below.
    await page.click(`${demo} .monaco-editor`, { position: { x: 200, y: 12 } });
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n// edited on stage\n');
    await run.click();
    // Until the run's result arrives the slide may still show the recording's (also a panic).
    await expect.poll(() => page.locator(`${demo} .stage-headline`).textContent(), { timeout: 90_000 }).toContain('your edited main.go');
    expect(await page.locator(`${demo} .ptr[data-verdict="panic"]`).count()).toBe(1);
    expect(await page.locator(`${demo} .ptr-wording`).textContent()).toContain('cgo argument has Go pointer to Go pointer'); // 2018, beside it
    // Today's wording is the headline's answer, as this Go's runtime source spells it (a literal + the kind name).
    const today = ((await page.locator(`${demo} [data-headline-figure]`).textContent()) ?? '').replace(/^panic: runtime error: /, '');
    const stem = today.slice(0, today.lastIndexOf(' ') + 1);
    expect(stem.length).toBeGreaterThan(10);
    expect(readFileSync(join(goroot!, 'src/runtime/cgocall.go'), 'utf8')).toContain(`"${stem}"`);

    // A syntax error: nothing runs, the editor marks the line.
    // Near the top of the editor box (not of its scrolled content): the point the caret lands on does not matter (Ctrl+End follows), and
    // the top of the editor stays on the slide whatever the panel shows below.
    await page.click(`${demo} .monaco-editor`, { position: { x: 200, y: 12 } });
    await page.keyboard.press('Control+End');
    await page.keyboard.type('func broken( {\n');
    await run.click();
    await page.waitForSelector(`${demo} .squiggly-error`, { timeout: 90_000 });
    const problem = await page.locator(`${demo} .stage-problem`).first().textContent();
    expect(problem).toMatch(/does not compile/);
    expect(await page.locator(`${demo} .ptr[data-verdict]`).count()).toBe(0);

    // Esc leaves the editor: the keys are the deck's again, → goes to the next slide.
    await page.click(`${demo} .monaco-editor`, { position: { x: 200, y: 12 } });
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((id) => document.querySelector('.reveal .slides section.present:not(.stack)')?.id !== id, slideId, { timeout: 10_000 });

    expect(watch.foreignRequests).toEqual([]);
    await page.close();
  });
});
