/**
 * Access from the browser, as the speaker and the audience get it: the deck opened from
 * the URL the server printed (`…/#token=…`) takes the token out of the address bar,
 * keeps it for the tab and can Run; the same deck opened without the fragment is a
 * watcher that offers no Run and sends no control request; the speaker-notes window,
 * opened from the speaker's tab, has the token too.
 *
 * The one run started is cgocall-source (reads Go's sources, ~0.1 s), into a scratch
 * recordings folder so the committed recordings stay.
 */
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { becomeSpeaker, launchBrowser, startLiveServer, type LiveServer } from './harness.ts';
import { skipIfMissing } from '../support/toolchains.ts';

const quick = 'cgocall-source';

let browser: Browser;
let server: LiveServer;
let recordingsDir: string;
beforeAll(async () => {
  browser = await launchBrowser();
  recordingsDir = await mkdtemp(join(tmpdir(), 'access-e2e-recordings-'));
  server = await startLiveServer(['--recordings', recordingsDir]);
  // The first health answer waits for toolchain detection; let the pages not wait for it.
  await fetch(`${server.url}api/health`);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (recordingsDir) await rm(recordingsDir, { recursive: true, force: true });
});

/** quickSlide returns the URL hash of the slide holding the quick demo. */
async function quickSlide(page: Page): Promise<string> {
  await page.locator('.reveal.ready').waitFor({ state: 'attached', timeout: 60_000 });
  const id = await page.locator(`section[id]:not(.stack):has(.demo[data-demo="${quick}"])`).first().getAttribute('id');
  expect(id, `a slide with [data-demo="${quick}"]`).toBeTruthy();
  return `#/${id}`;
}

function pageStorage(page: Page): Promise<string | null> {
  return page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('demo-token'));
}

/** skipUnlessRunnable skips (by the skip policy) when the doctor lacks the quick demo's toolchains. */
async function skipUnlessRunnable(ctx: TestContext): Promise<void> {
  const demos = (await (await fetch(`${server.url}api/demos`)).json()) as Array<{ id: string; missing: string[] }>;
  const info = demos.find((d) => d.id === quick);
  expect(info, `${quick} is registered`).toBeDefined();
  await skipIfMissing(ctx, ...info!.missing);
}

describe('access from the browser', () => {
  it('the deck opened from the printed URL can Run, and the token leaves the address bar', async (ctx) => {
    await skipUnlessRunnable(ctx);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await becomeSpeaker(page, server);
    expect(page.url()).not.toContain('token');
    expect(await pageStorage(page)).toBe(server.token);
    const hash = await quickSlide(page);
    await page.goto(`${server.url}${hash}`);
    const panel = page.locator(`section.present .demo[data-demo="${quick}"] .demo-panel`).first();
    await panel.locator('.demo-badge-live, .demo-badge-recorded').first().waitFor({ timeout: 30_000 });
    const run = panel.locator('.demo-run');
    await run.waitFor({ state: 'visible', timeout: 15_000 });
    await expect.poll(() => run.isEnabled(), { timeout: 15_000 }).toBe(true);
    await run.click();
    await expect.poll(() => panel.locator('.demo-badge-recorded').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => panel.getAttribute('data-outcome'), { timeout: 60_000 }).toBe('ok');
    const runs = (await (await fetch(`${server.url}api/runs?demo=${quick}`)).json()) as unknown[];
    expect(runs.length).toBeGreaterThan(0);
    await page.close();
  });

  it('the same deck without the fragment is a watcher: no Run, no control request', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(new URL(request.url()).pathname);
    });
    await page.goto(server.url);
    const hash = await quickSlide(page);
    await page.goto(`${server.url}${hash}`);
    const panel = page.locator(`section.present .demo[data-demo="${quick}"] .demo-panel`).first();
    await panel.locator('.demo-badge-live, .demo-badge-recorded').first().waitFor({ timeout: 30_000 });
    expect(await pageStorage(page)).toBeNull();
    await page.waitForTimeout(1000);
    expect(await panel.locator('.demo-run').isHidden()).toBe(true);
    expect(posts).toEqual([]);
    await page.close();
  });

  it('hands the token to the speaker-notes window', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await becomeSpeaker(page, server);
    await page.locator('.reveal.ready').waitFor({ state: 'attached', timeout: 60_000 });
    const [notes] = await Promise.all([page.context().waitForEvent('page', { timeout: 30_000 }), page.keyboard.press('s')]);
    await notes.waitForLoadState();
    expect(await pageStorage(notes)).toBe(server.token);
    // Its slide previews (iframes of the deck, `?receiver`) see it as well.
    await expect.poll(() => notes.frames().filter((frame) => frame.url().includes('receiver')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const preview = notes.frames().find((frame) => frame.url().includes('receiver'))!;
    await preview.waitForLoadState();
    const previewToken = await preview.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('demo-token'));
    expect(previewToken).toBe(server.token);
    expect(preview.url()).not.toContain('token');
    await notes.close();
    await page.close();
  });
});
