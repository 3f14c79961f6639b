/**
 * The demo client in the built deck, in real Chromium: with no server (a plain static
 * host) a demo slide replays its recording and says where it was recorded; with the demo
 * server the same build says "live" and offers Run (but never starts a run by itself);
 * the speaker-notes preview only watches; and the deck's first-slide bundle carries none
 * of the heavy libraries (Chart.js, zod, Monaco, shiki), which load with their slides.
 *
 * It does not run the ffi-overhead benchmark (heavy; the integration tests' job): the one
 * run it starts is cgocall-source (reads Go's sources, ~0.1 s), to check that a double
 * click makes one run, into a temporary recordings folder so the committed ones stay.
 * Slides are found by `[data-demo="…"]` (a live sub-slide when there is one), not by
 * number, so moving slides does not break this.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { becomeSpeaker, distDir, launchBrowser, rootDir, serveStatic, startLiveServer, watchPage, type LiveServer, type StaticServer } from './harness.ts';
import { skipIfMissing } from '../support/toolchains.ts';

const demo = 'ffi-overhead';
const hasRecording = existsSync(join(rootDir, 'recordings', `${demo}.json`));

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** demoSlideHash is the URL hash of the slide holding the demo, preferring a `live` sub-slide. */
async function demoSlideHash(page: Page, demo: string): Promise<string> {
  await page.locator('.reveal.ready').waitFor({ state: 'attached', timeout: 60_000 });
  // Innermost slides only (a vertical stack's outer section has no id). The DOM lookup
  // runs in the page; this file is type-checked without DOM types.
  const sectionIds = await page.locator(`section:not(:has(section)):has(.demo[data-demo="${demo}"])`).evaluateAll(
    (sections) => sections.map((s) => ({ id: (s as { id: string }).id, live: (s as { className: string }).className.split(/\s+/).includes('live') })),
  );
  const withId = sectionIds.filter((s) => s.id);
  const id = (withId.find((s) => s.live) ?? withId[0])?.id ?? null;
  expect(id, `a slide with [data-demo="${demo}"] and an id`).toBeTruthy();
  return `#/${id}`;
}

/**
 * warmUp asks the server's health once: its first answer waits for toolchain detection
 * (seconds on a busy machine), which a speaker's browser would otherwise wait for.
 */
async function warmUp(server: LiveServer): Promise<void> {
  await fetch(`${server.url}api/health`);
}

/** openDemoSlide loads the deck, goes to the demo's slide and returns its panel. */
async function openDemoSlide(page: Page, baseUrl: string, query = '', id = demo) {
  await page.goto(`${baseUrl}${query}`);
  const hash = await demoSlideHash(page, id);
  await page.goto(`${baseUrl}${query}${hash}`);
  const slidePanel = page.locator(`section.present .demo[data-demo="${id}"] .demo-panel`).first();
  await slidePanel.waitFor({ timeout: 60_000 });
  return slidePanel;
}

describe('static build (no server)', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveStatic(distDir);
  });
  afterAll(async () => {
    await server?.close();
  });

  it(hasRecording ? 'replays the recording and says where it was recorded' : 'says "not recorded"', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    const panel = await openDemoSlide(page, server.url);
    if (hasRecording) {
      const recording = JSON.parse(await readFile(join(rootDir, 'recordings', `${demo}.json`), 'utf8')) as {
        machine: { cpuModel: string };
      };
      const badge = panel.locator('.demo-badge-recorded');
      await badge.waitFor({ timeout: 15_000 });
      // "recorded on <machine>, <date>"; a timing demo's recording adds its machine-speed check.
      expect(await badge.textContent()).toMatch(/^recorded on .+, \d{4}-\d{2}-\d{2}( · (machine checked: \d+\.\d\d GHz, quiet|⚠ .+))?$/);
      expect(await badge.textContent()).toContain(recording.machine.cpuModel);
      // The replay plays through to its end (it is squeezed into a few seconds).
      await expect.poll(() => panel.getAttribute('data-stage'), { timeout: 30_000 }).toBe('ended');
      // One state: where it was recorded and how long it took, never "running".
      expect(await panel.locator('.demo-status').textContent()).toMatch(/^recorded on [^·]+, \d{4}-\d{2}-\d{2}( · [^·]+)?( (Failed|Timed out|Cancelled).*)?$/);
      expect(await panel.locator('.demo-status').textContent()).not.toMatch(/running|replaying/i);
    } else {
      await panel.locator('.demo-badge-none').waitFor({ timeout: 15_000 });
      expect(await panel.locator('.demo-status').textContent()).toMatch(/not recorded/);
    }
    expect(await panel.locator('.demo-badge-live').count()).toBe(0);
    expect(await panel.locator('.demo-run').isHidden()).toBe(true);
    expect(watch.foreignRequests).toEqual([]);
    await page.close();
  });

  it('keeps Chart.js, zod, Monaco, shiki and the speaker-notes plugin out of the first-slide bundle', async () => {
    const html = await readFile(join(distDir, 'index.html'), 'utf8');
    const entries = [...html.matchAll(/<script[^>]+type="module"[^>]+src="\.\/([^"]+\.js)"/g)].map((m) => m[1]!);
    const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\.\/([^"]+\.js)"/g)].map((m) => m[1]!);
    expect(entries.length).toBeGreaterThan(0);
    for (const file of [...entries, ...preloads]) {
      // Chunk file names listed for lazy imports (e.g. "./chart-x.js") are not code.
      const code = (await readFile(join(distDir, file), 'utf8')).replace(/"\.\/[^"]+\.(js|css)"/g, '""');
      expect(code, `${file} must not contain Chart.js`).not.toContain('$chartjs');
      expect(code, `${file} must not contain zod`).not.toContain('ZodError');
      expect(code, `${file} must not contain Monaco`).not.toMatch(/monaco-editor|MonacoEnvironment/);
      expect(code, `${file} must not contain shiki`).not.toMatch(/createHighlighter|shiki/);
      // reveal.js's notes plugin (its speaker window and a Markdown parser) loads after the first slide.
      expect(code, `${file} must not contain the speaker-notes plugin`).not.toContain('reveal-notes');
    }
  });
});

describe('with the demo server', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer();
    await warmUp(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('says live or where its recording was made (never both), offers Run, and starts nothing by itself', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const posts: string[] = [];
    page.on('request', (request) => {
      // Run requests only: the speaker's deck also posts its moves (api/stage/position).
      if (request.method() === 'POST' && new URL(request.url()).pathname.startsWith('/api/runs')) posts.push(request.url());
    });
    await becomeSpeaker(page, server);
    const panel = await openDemoSlide(page, server.url);
    const badges = panel.locator('.demo-badge-live, .demo-badge-recorded');
    await badges.first().waitFor({ timeout: 15_000 });
    expect(await badges.count()).toBe(1);
    expect(await badges.first().textContent()).toMatch(hasRecording ? /^recorded on / : /^live$/);
    const run = panel.locator('.demo-run');
    await run.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await run.textContent()).toMatch(/^Run( again)?$/);
    await page.waitForTimeout(1000);
    expect(posts).toEqual([]);
    await page.close();
  });

  it('lets the speaker-notes preview watch but not start', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const panel = await openDemoSlide(page, server.url, '?receiver');
    await panel.locator('.demo-badge-live, .demo-badge-recorded').first().waitFor({ timeout: 15_000 });
    expect(await panel.locator('.demo-run').isHidden()).toBe(true);
    await page.close();
  });
});

describe('starting a run', () => {
  let server: LiveServer;
  let recordingsDir: string;
  beforeAll(async () => {
    recordingsDir = await mkdtemp(join(tmpdir(), 'demo-client-recordings-'));
    server = await startLiveServer(['--recordings', recordingsDir]);
    await warmUp(server);
  });
  afterAll(async () => {
    await server?.close();
    if (recordingsDir) await rm(recordingsDir, { recursive: true, force: true });
  });

  it('makes one run from a double click, and shows it to the end', async (ctx) => {
    const quick = 'cgocall-source';
    const demos = (await (await fetch(`${server.url}api/demos`)).json()) as Array<{ id: string; missing: string[] }>;
    const info = demos.find((d) => d.id === quick);
    expect(info, `${quick} is registered`).toBeDefined();
    await skipIfMissing(ctx, ...info!.missing);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const posts: string[] = [];
    page.on('request', (request) => {
      // Run requests only: the speaker's deck also posts its moves (api/stage/position).
      if (request.method() === 'POST' && new URL(request.url()).pathname.startsWith('/api/runs')) posts.push(new URL(request.url()).pathname);
    });
    await becomeSpeaker(page, server);
    const panel = await openDemoSlide(page, server.url, '', quick);
    const run = panel.locator('.demo-run');
    await run.waitFor({ state: 'visible', timeout: 15_000 });
    await expect.poll(() => run.isEnabled(), { timeout: 15_000 }).toBe(true);
    // As a speaker would: the panel has said what it shows (its recording, or live) first.
    await expect.poll(() => panel.locator('.demo-badge').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await run.dblclick();
    // Until the click the panel may show the build's recording (already ended): wait for
    // the live run to replace it, then for its end.
    await expect.poll(() => panel.locator('.demo-badge-recorded').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => panel.locator('.demo-badge-live').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => panel.getAttribute('data-outcome'), { timeout: 60_000 }).toBeTruthy();
    // The second click of the double click must not land on Cancel: the Run button keeps
    // its place when Cancel appears beside it, so the run ends ok.
    expect(await panel.getAttribute('data-outcome')).toBe('ok');
    await expect.poll(() => panel.locator('.demo-badge-live').count(), { timeout: 10_000 }).toBe(1);
    expect(await panel.locator('.demo-badge-recorded').count()).toBe(0);
    expect(await run.textContent()).toBe('Run again');
    expect(posts).toEqual(['/api/runs']);
    const runs = (await (await fetch(`${server.url}api/runs?demo=${quick}`)).json()) as unknown[];
    expect(runs).toHaveLength(1);
    await page.close();
  });

  it('keeps the run a click started on screen when the panel’s first lookup answers after it', async (ctx) => {
    const slow = 'preemption';
    const demos = (await (await fetch(`${server.url}api/demos`)).json()) as Array<{ id: string; missing: string[] }>;
    await skipIfMissing(ctx, ...(demos.find((d) => d.id === slow)?.missing ?? []));
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await becomeSpeaker(page, server);
    // The panel's first "which runs are there?" lookup (two GETs: a run going on, else the
    // newest) is answered only after Run has been clicked, with what was true before the
    // click: on a slow server, or with a fast speaker, the answer comes after the start.
    let releaseLookup: () => void = () => {};
    const released = new Promise<void>((release) => (releaseLookup = release));
    let stale = true;
    await page.goto(server.url);
    const hash = await demoSlideHash(page, slow);
    let before: string | undefined;
    const lookupHeld = new Promise<void>((held) => {
      void page.route(`**/api/runs?demo=${slow}`, async (route) => {
        if (!stale || route.request().method() !== 'GET') return route.continue();
        before ??= await (await route.fetch()).text();
        held();
        await released;
        await route.fulfill({ status: 200, contentType: 'application/json', body: before });
      });
    });
    // A new document, whose panels ask anew.
    await page.goto('about:blank');
    await page.goto(`${server.url}${hash}`);
    const panel = page.locator(`section.present .demo[data-demo="${slow}"] .demo-panel`).first();
    await panel.waitFor({ timeout: 60_000 });
    await lookupHeld;
    const run = panel.locator('.demo-run');
    const cancel = panel.locator('.demo-cancel');
    await expect.poll(() => run.isEnabled(), { timeout: 15_000 }).toBe(true);
    await run.click();
    await cancel.waitFor({ state: 'visible', timeout: 30_000 });
    releaseLookup();
    // The old answers (no run yet) must not replace the run on screen.
    await page.waitForTimeout(1000);
    expect(await cancel.isVisible()).toBe(true);
    expect(await panel.locator('.demo-badge-live').count()).toBe(1);
    expect(await panel.getAttribute('data-outcome')).toBeNull();
    stale = false;
    await cancel.click({ timeout: 10_000 });
    await expect.poll(() => panel.getAttribute('data-outcome'), { timeout: 60_000 }).toBe('cancelled');
    await page.close();
  });

  it('takes no cancel in the moment after Run (a double click’s second click), and cancels after it', async (ctx) => {
    // preemption runs for seconds (three busy loops, 3 s each): long enough to be cancelled.
    const slow = 'preemption';
    const demos = (await (await fetch(`${server.url}api/demos`)).json()) as Array<{ id: string; missing: string[] }>;
    await skipIfMissing(ctx, ...(demos.find((d) => d.id === slow)?.missing ?? []));
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    // The page's clock is Playwright's: it runs as usual until paused, so the moment after
    // the click lasts as long as the test needs, whatever the machine's load.
    await page.clock.install();
    await becomeSpeaker(page, server);
    const panel = await openDemoSlide(page, server.url, '', slow);
    const run = panel.locator('.demo-run');
    const cancel = panel.locator('.demo-cancel');
    await expect.poll(() => run.isEnabled(), { timeout: 15_000 }).toBe(true);
    await page.clock.pauseAt(Date.now() + 60_000);
    await run.click();
    await cancel.waitFor({ state: 'visible', timeout: 30_000 });
    // Still the moment of the start: Cancel is there but takes no click.
    expect(await cancel.isDisabled()).toBe(true);
    await cancel.click({ force: true });
    await page.waitForTimeout(1500);
    expect(await panel.getAttribute('data-outcome')).toBeNull();
    expect(await cancel.isVisible()).toBe(true);
    // Once the moment has passed, Cancel cancels.
    await page.clock.resume();
    await cancel.click({ timeout: 10_000 });
    await expect.poll(() => panel.getAttribute('data-outcome'), { timeout: 60_000 }).toBe('cancelled');
    await page.close();
  });
});
