/**
 * Reasons 1–2 end to end in headless Chromium: against the live demo server, the
 * `go build -x -work` slide streams the build and shows the generated files with the
 * key lines focused, and the gdb slide lights the Go → ASM → C chain frame by frame;
 * against the static build (no server), the committed recordings replay the same.
 * Slides are found by their demo, so moving slides does not break the test.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { becomeSpeaker, distDir, rootDir, launchBrowser, serveStatic, startLiveServer, watchPage, type LiveServer, type PageWatch, type StaticServer } from './harness.ts';
import { skipIfMissing } from '../support/toolchains.ts';

const buildDemo = '.demo[data-demo="go-build-work"]';
const gdbDemo = '.demo[data-demo="trampoline-gdb"]';

let browser: Browser;
let server: LiveServer;
let recordings: string;
beforeAll(async () => {
  browser = await launchBrowser();
  // A scratch recordings dir: test runs must not replace the committed recordings.
  recordings = await mkdtemp(join(tmpdir(), 'r12-e2e-recordings-'));
  // …seeded with the committed ones, as a real server has them (a missing one is a 404).
  await cp(join(rootDir, 'recordings'), recordings, { recursive: true });
  server = await startLiveServer(['--recordings', recordings]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (recordings) await rm(recordings, { recursive: true, force: true });
});

/** openSlideOf opens the deck at the (first) slide holding `selector`. */
async function openSlideOf(baseUrl: string, selector: string, nth: 'first' | 'last' = 'first'): Promise<{ page: Page; watch: PageWatch; scope: string }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const watch = watchPage(page);
  // On the live server, as the speaker (from the printed URL): the tests click Run.
  if (baseUrl === server.url) await becomeSpeaker(page, server);
  await page.goto(baseUrl);
  await page.waitForSelector('.reveal.ready', { timeout: 30_000 });
  // The innermost section comes last in document order among those that contain it.
  const sections = page.locator(`section[id]:not(.stack):has(${selector})`);
  const slideId = await (nth === 'first' ? sections.first() : sections.last()).getAttribute('id');
  expect(slideId, `the deck has a slide with ${selector}`).toBeTruthy();
  await page.goto(`${baseUrl}#/${slideId}`);
  // Reveal keeps neighbouring slides mounted too: scope every selector to this slide.
  return { page, watch, scope: `section[id="${slideId}"] ${selector}` };
}

/** expectRecording fails, naming it, when the build lacks a committed recording the static deck replays. */
function expectRecording(demo: string): void {
  expect(existsSync(join(distDir, `recordings/${demo}.json`)), `dist/recordings/${demo}.json (from the committed recordings/${demo}.json)`).toBe(true);
}

/** focusedLines returns the text of the focused lines of the code block shown. */
async function focusedLines(page: Page, root: string): Promise<string> {
  return (await page.locator(`${root} .live-code .line.live-focus`).allTextContents()).join('\n');
}

describe('go build -x -work, live', () => {
  beforeEach((ctx) => skipIfMissing(ctx, 'go', 'cc'));
  it('streams the build commands, lists $WORK/b001 and focuses the generated wrappers', async () => {
    const { page, watch, scope } = await openSlideOf(server.url, buildDemo);
    const root = scope;
    await page.waitForSelector(`${scope} .demo-run:not([disabled])`, { timeout: 30_000 });
    await page.click(`${scope} .demo-run`);
    await page.waitForSelector(`${root} .gbw-files [data-file="_cgo_gotypes.go"]`, { timeout: 120_000 });
    for (const step of ['cgo', 'gcc', 'compile', 'link']) {
      expect(await page.locator(`${root} .gbw-commands li[data-step="${step}"]`).count(), step).toBeGreaterThan(0);
    }
    for (const file of ['add.cgo1.go', 'add.cgo2.c', '_cgo_export.h', '_cgo_import.go']) {
      expect(await page.locator(`${root} .gbw-files [data-file="${file}"]`).count(), file).toBe(1);
    }
    // The answer: how many commands one build ran, counted by the runner.
    expect(await page.locator(`${root} [data-headline-figure]`).textContent()).toMatch(/^\d+ build commands$/);
    // The first tab (x.cgo1.go) is shown, coloured by shiki, with the rewritten call focused.
    await page.waitForSelector(`${root} .live-code .line.live-focus span[style*="color"]`, { timeout: 30_000 });
    expect(await page.locator(`${root} .live-code .line.live-focus`).first().textContent()).toMatch(/_Cfunc_add/);
    // _cgo_gotypes.go: the wrapper's call of runtime.cgocall is focused.
    await page.click(`${root} .gbw-tabs button:has-text("_cgo_gotypes.go")`);
    await expect.poll(() => focusedLines(page, root), { timeout: 30_000 }).toMatch(/_cgo_runtime_cgocall\(_cgo_[0-9a-f]+_Cfunc_add/);
    await page.click(`${root} .gbw-tabs button:has-text("add.cgo2.c")`);
    await expect.poll(() => focusedLines(page, root), { timeout: 30_000 }).toMatch(/_cgo_a = v;/);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    await page.close();
  });
});

describe('trampoline under gdb, live', () => {
  beforeEach((ctx) => skipIfMissing(ctx, 'go', 'cc', 'gdb'));
  it('lights every box of the Go → ASM → C chain and places the argument frame on the goroutine stack', async () => {
    const { page, watch, scope } = await openSlideOf(server.url, gdbDemo, 'first');
    await page.waitForSelector(`${scope} .demo-run:not([disabled])`, { timeout: 30_000 });
    await page.click(`${scope} .demo-run`);
    await page.waitForSelector(`${scope} .tgdb-verdict`, { timeout: 120_000 });
    // Slide 23's four boxes, each lit with the real frames gdb saw there.
    expect(await page.locator(`${scope} .tgdb-box`).count()).toBe(4);
    expect(await page.locator(`${scope} .tgdb-box.lit`).count()).toBe(4);
    const frames = (await page.locator(`${scope} .tgdb-box .fn`).allTextContents()).join('\n');
    expect(frames).toMatch(/runtime\.asmcgocall/);
    expect(frames).toMatch(/runtime\.cgocall/);
    expect(await page.locator(`${scope} [data-headline-figure]`).textContent()).toMatch(/^_cgo_[0-9a-f]+_Cfunc_cfunc$/);
    expect(await page.locator(`${scope} .tgdb-verdict`).textContent()).toMatch(/on the goroutine stack.*on the thread \(g0\) stack/);
    expect(await page.locator(`${scope} .tgdb-stack .mark`).count()).toBe(2);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });
});

describe('the static build replays the recordings', () => {
  let statics: StaticServer;
  beforeAll(async () => {
    statics = await serveStatic();
  });
  afterAll(async () => {
    await statics?.close();
  });

  it('go-build-work shows the recorded build and files', async () => {
    expectRecording('go-build-work');
    const { page, watch, scope } = await openSlideOf(statics.url, buildDemo);
    await page.waitForSelector(`${scope} .gbw-files [data-file="_cgo_gotypes.go"]`, { timeout: 60_000 });
    expect(await page.locator(`${scope} .gbw-commands li[data-step="cgo"]`).count()).toBeGreaterThan(0);
    expect(await page.locator(`${scope} .demo-run`).isVisible()).toBe(false);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('trampoline-gdb lights the chain from the recording', async () => {
    expectRecording('trampoline-gdb');
    const { page, watch, scope } = await openSlideOf(statics.url, gdbDemo, 'first');
    await page.waitForSelector(`${scope} .tgdb-verdict`, { timeout: 60_000 });
    expect(await page.locator(`${scope} .tgdb-box.lit`).count()).toBe(4);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });

  it('the c-to-go sub-slide replays its half of the same recording', async () => {
    expectRecording('trampoline-gdb');
    const { page, watch, scope } = await openSlideOf(statics.url, gdbDemo, 'last');
    await page.waitForSelector(`${scope} .tgdb-verdict`, { timeout: 60_000 });
    expect(await page.locator(`${scope} .tgdb-box.lit`).count()).toBe(4);
    const frames = (await page.locator(`${scope} .tgdb-box .fn`).allTextContents()).join('\n');
    expect(frames).toMatch(/crosscall2/);
    expect(frames).toMatch(/runtime\.cgocallback/);
    expect(watch.consoleErrors).toEqual([]);
    await page.close();
  });
});
