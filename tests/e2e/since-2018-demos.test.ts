/**
 * The two "Since 2018" measurement slides end to end in headless Chromium, from the static
 * build (no server): go-releases (6.x) and work-per-call (8.x) replay their committed
 * recordings; once the replay ends, the headline is on the slide at ≥ 28 px, inside the
 * 1280×720 box, and says exactly what the recording's result says (computed from the run,
 * never typed in); the table has a row per release / caller of the recording.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, rootDir, serveStatic, watchPage, type StaticServer } from './harness.ts';

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

/** recordedResult reads the `result` data of a committed recording. */
function recordedResult(demo: string): Record<string, unknown> | undefined {
  const file = join(rootDir, 'recordings', `${demo}.json`);
  if (!existsSync(file)) return undefined;
  const recording = JSON.parse(readFileSync(file, 'utf8')) as { events: Array<{ type: string; data?: Record<string, unknown> }> };
  return recording.events.find((event) => event.type === 'result')?.data;
}

const cases = [
  { demo: 'go-releases', slide: 'go-releases-live', headline: '.stage-headline [data-headline-figure]', rows: '.gr-table tbody tr', expected: (r: Record<string, unknown>) => ({ text: (r.headline as { text: string }).text, rows: (r.releases as unknown[]).length }) },
  { demo: 'work-per-call', slide: 'work-per-call-live', headline: '.stage-headline [data-headline-figure]', rows: '.wpc-table tbody tr', expected: (r: Record<string, unknown>) => ({ text: r.headline as string, rows: (r.rows as unknown[]).length }) },
];

describe('Since 2018 measurement slides, replayed from the static build', () => {
  for (const c of cases) {
    const result = recordedResult(c.demo);
    it(`${c.slide}: the recorded headline, large, inside the slide; one table row per recorded ${c.demo === 'go-releases' ? 'release' : 'caller'}`, async () => {
      expect(result, `recordings/${c.demo}.json is committed with a result event`).toBeDefined();
      const { text, rows } = c.expected(result!);
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      const watch = watchPage(page);
      await page.goto(`${server.url.replace(/\/$/, '')}/#/${c.slide}`);
      await page.waitForSelector('.reveal.ready', { timeout: 30_000 });
      // The replay has ended once the shell shows the result (the headline is redrawn until then).
      await page.waitForSelector(`section[id="${c.slide}"] .stage[data-state="done"]`, { timeout: 60_000 });
      const headline = page.locator(`section[id="${c.slide}"] ${c.headline}`);
      expect(await headline.textContent()).toBe(text);
      const box = await headline.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
      expect(box!.y + box!.height).toBeLessThanOrEqual(720);
      const fontPx = await headline.evaluate((node) => parseFloat(getComputedStyle(node).fontSize));
      expect(fontPx).toBeGreaterThanOrEqual(28);
      await expect.poll(() => page.locator(`section[id="${c.slide}"] ${c.rows}`).count()).toBe(rows);
      expect(await page.locator(`section[id="${c.slide}"] canvas`).count()).toBe(1);
      expect(watch.foreignRequests).toEqual([]);
      await page.close();
    });
  }
});
