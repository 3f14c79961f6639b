/**
 * The stage fallback, in the built deck with the live server: when a live run does not
 * end well (here: cancelled, the way a speaker stops one that hangs) or the demo server is
 * gone (stopped before Run), the panel offers the slide's recording ("Show recording (Y)");
 * one key or one click shows it, marked with the recorded badge and "instead of the live
 * run", drawing the recording's own headline figure; the speaker-notes window's preview of
 * the slide shows the same, and so does the audience's page (over the stage stream).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { IssuedRemote, RunParams } from '../../demos/protocol.ts';
import { becomeSpeaker, launchBrowser, speakerHeaders, startLiveServer, type LiveServer } from './harness.ts';
import { expectedFigure, liveSlides, recordedResult } from './recorded-figures.ts';
import { skipIfMissing } from '../support/toolchains.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** liveSlideOf is the deck's live sub-slide of a demo, with its params. */
function liveSlideOf(demo: string): { id: string; params: RunParams } {
  const slide = liveSlides().find((s) => s.demo === demo);
  expect(slide, `a live sub-slide of ${demo}`).toBeDefined();
  return slide!;
}

/** openAsSpeaker opens the slide as the speaker and waits for its panel to show the recording it starts with. */
async function openAsSpeaker(page: Page, server: LiveServer, slideId: string) {
  await becomeSpeaker(page, server);
  await page.goto(`${server.url}#/${slideId}`);
  const panel = page.locator(`section#${slideId} .demo-panel`);
  // A server with no run of the demo shows its recording: then the recording is loaded.
  await panel.locator('.demo-badge-recorded').waitFor({ timeout: 60_000 });
  return panel;
}

describe('the stage fallback', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer();
    await fetch(`${server.url}api/health`);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('offers the recording when a live run does not end well; Y shows it, marked as recorded, in the speaker view too', async (ctx) => {
    await skipIfMissing(ctx, 'go', 'cc');
    const demo = 'preemption';
    const slide = liveSlideOf(demo);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const panel = await openAsSpeaker(page, server, slide.id);
    const popupOpened = page.waitForEvent('popup', { timeout: 30_000 });
    await page.keyboard.press('s');
    const notes = await popupOpened;
    const preview = notes.frameLocator('#current-slide iframe').locator(`section#${slide.id} .demo-panel`);
    await preview.waitFor({ timeout: 60_000 });

    const offer = panel.locator('.demo-fallback');
    await expect.poll(() => panel.locator('.demo-run').isEnabled(), { timeout: 15_000 }).toBe(true);
    expect(await offer.isHidden()).toBe(true);
    await panel.locator('.demo-run').click();
    const cancel = panel.locator('.demo-cancel');
    await cancel.waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(() => cancel.isEnabled(), { timeout: 10_000 }).toBe(true);
    await cancel.click();
    await expect.poll(() => panel.getAttribute('data-outcome'), { timeout: 60_000 }).toBe('cancelled');
    expect(await panel.locator('.demo-badge-live').count()).toBe(1);
    // The offer: one button, naming its key.
    await offer.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await offer.textContent()).toBe('Show recording (Y)');
    expect(await panel.getAttribute('data-fallback')).toBe('offered');

    await page.keyboard.press('y');
    await expect.poll(() => panel.getAttribute('data-fallback'), { timeout: 10_000 }).toBe('shown');
    const badge = panel.locator('.demo-badge-recorded');
    await badge.waitFor({ timeout: 10_000 });
    expect(await badge.textContent()).toMatch(/^recorded on .+, \d{4}-\d{2}-\d{2}/);
    expect(await panel.locator('.demo-badge-live').count()).toBe(0);
    expect(await panel.locator('.demo-fallback-note').textContent()).toBe(' instead of the live run');
    expect(await offer.isHidden()).toBe(true);
    await expect.poll(() => panel.getAttribute('data-stage'), { timeout: 30_000 }).toBe('ended');
    const figure = expectedFigure(demo, (await recordedResult(demo, slide.params))!, slide.params);
    expect(await panel.locator('[data-headline-figure]').textContent()).toBe(figure);
    // It stays: the newest run (the cancelled one) does not come back on the next poll.
    await page.waitForTimeout(3000);
    expect(await panel.getAttribute('data-fallback')).toBe('shown');

    // The speaker view's preview of the slide shows the same recording, marked the same way.
    await expect.poll(() => preview.getAttribute('data-fallback'), { timeout: 15_000 }).toBe('shown');
    await preview.locator('.demo-badge-recorded').waitFor({ timeout: 10_000 });
    expect(await preview.locator('.demo-badge-live').count()).toBe(0);
    await expect.poll(() => preview.locator('[data-headline-figure]').textContent(), { timeout: 30_000 }).toBe(figure);
    await notes.close();
    await page.close();
  });

  it('the audience sees what the speaker shows: the recording in place of the failed live run', async (ctx) => {
    await skipIfMissing(ctx, 'go', 'cc');
    const demo = 'preemption';
    const slide = liveSlideOf(demo);
    // A server of its own: no run of the demo yet, so the speaker's panel starts on its recording.
    const own = await startLiveServer();
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    // The audience: another browser (no token, no shared window channel), following the speaker.
    const audienceContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const audience = await audienceContext.newPage();
    try {
      const panel = await openAsSpeaker(page, own, slide.id);
      await audience.goto(own.url);
      // And the speaker's phone remote.
      const made = await fetch(`${own.url}api/remote/tokens`, { method: 'POST', headers: speakerHeaders(own), body: JSON.stringify({ label: 'phone' }) });
      const phone = await audienceContext.newPage();
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(`${own.url}remote/#token=${encodeURIComponent(((await made.json()) as IssuedRemote).token)}`);
      const card = phone.locator(`.card[data-demo="${demo}"]`);
      const seen = audience.locator(`section#${slide.id} .demo-panel`);
      await expect.poll(() => audience.locator('section.present:not(.stack)').first().getAttribute('id'), { timeout: 30_000 }).toBe(slide.id);
      await seen.waitFor({ timeout: 60_000 });
      await expect.poll(() => panel.locator('.demo-run').isEnabled(), { timeout: 15_000 }).toBe(true);
      await panel.locator('.demo-run').click();
      const cancel = panel.locator('.demo-cancel');
      await cancel.waitFor({ state: 'visible', timeout: 30_000 });
      await expect.poll(() => cancel.isEnabled(), { timeout: 10_000 }).toBe(true);
      const runId = await panel.getAttribute('data-run-id');
      await cancel.click();
      await expect.poll(() => panel.getAttribute('data-outcome'), { timeout: 60_000 }).toBe('cancelled');
      // The audience watched the same live run end cancelled.
      await expect.poll(() => seen.getAttribute('data-run-id'), { timeout: 30_000 }).toBe(runId);
      await expect.poll(() => seen.getAttribute('data-outcome'), { timeout: 30_000 }).toBe('cancelled');
      await expect.poll(() => card.getAttribute('data-run-id'), { timeout: 30_000 }).toBe(runId);
      await expect.poll(() => card.locator('.card-state').textContent(), { timeout: 30_000 }).toBe('Cancelled');

      await page.keyboard.press('y');
      await expect.poll(() => panel.getAttribute('data-fallback'), { timeout: 10_000 }).toBe('shown');
      // …and now the recording, marked as such, with the speaker's figure.
      await expect.poll(() => seen.getAttribute('data-fallback'), { timeout: 20_000 }).toBe('shown');
      await seen.locator('.demo-badge-recorded').waitFor({ timeout: 10_000 });
      expect(await seen.locator('.demo-badge-live').count()).toBe(0);
      expect(await seen.locator('.demo-fallback-note').textContent()).toBe(' instead of the live run');
      const figure = expectedFigure(demo, (await recordedResult(demo, slide.params))!, slide.params);
      await expect.poll(() => seen.locator('[data-headline-figure]').textContent(), { timeout: 30_000 }).toBe(figure);
      expect(await panel.locator('[data-headline-figure]').textContent()).toBe(figure);
      // The phone says the same: the recording, as one, with the same figure; Run starts a live run again.
      await expect.poll(() => card.getAttribute('data-fallback'), { timeout: 20_000 }).toBe('shown');
      expect(await card.locator('.card-state').textContent()).toBe('Recorded result, instead of the live run');
      await expect.poll(() => card.locator('[data-headline-figure]').textContent(), { timeout: 30_000 }).toBe(figure);
      expect(await card.locator('.card-run').textContent()).toBe('Run again');
      // It stays through the audience's next polls, as on the speaker's screen.
      await audience.waitForTimeout(3000);
      expect(await seen.getAttribute('data-fallback')).toBe('shown');
    } finally {
      await audienceContext.close();
      await page.close();
      await own.close();
    }
  });

  it('offers the recording when the server is gone; a click shows it', async () => {
    const own = await startLiveServer();
    const demo = 'stack-growth';
    const slide = liveSlideOf(demo);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      const panel = await openAsSpeaker(page, own, slide.id);
      await expect.poll(() => panel.locator('.demo-run').isEnabled(), { timeout: 15_000 }).toBe(true);
      await own.close();
      await panel.locator('.demo-run').click();
      // The start is retried a few times, then given up: the error, and the offer.
      const offer = panel.locator('.demo-fallback');
      await offer.waitFor({ state: 'visible', timeout: 60_000 });
      expect(await panel.locator('.demo-error').textContent()).toMatch(/^Could not start the run: /);
      await offer.click();
      await expect.poll(() => panel.getAttribute('data-fallback'), { timeout: 10_000 }).toBe('shown');
      expect(await panel.locator('.demo-badge-recorded').count()).toBe(1);
      expect(await panel.locator('.demo-fallback-note').count()).toBe(1);
      expect(await panel.locator('.demo-error').isHidden()).toBe(true);
      await expect.poll(() => panel.getAttribute('data-stage'), { timeout: 30_000 }).toBe('ended');
      const figure = expectedFigure(demo, (await recordedResult(demo, slide.params))!, slide.params);
      expect(await panel.locator('[data-headline-figure]').textContent()).toBe(figure);
    } finally {
      await page.close();
      await own.close();
    }
  });
});
