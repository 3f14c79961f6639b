/**
 * The FFI overhead demo end to end, in headless Chromium:
 * - live: the demo server (real toolchains) serves the deck; on the live sub-slide of the
 *   FFI table, clicking Run fills the table's rows with measured ns per call, each row
 *   ending done or missing (never stuck), and the ratio to C via .so appears;
 * - static: the built deck from a plain file server replays the committed recording
 *   (recordings/ffi-overhead.json) into the same widget, badged as recorded;
 * - flagged: a real run of two rows on a CPU shared with a busy loop, recorded and served
 *   by a live server, shows each row's "⚠ +N %" flag, the sentinel line under the table
 *   and the flag in the recorded badge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { runDemoToEnd } from '../../server/engine/run-to-end.ts';
import { openEngine } from '../../server/engine/open-engine.ts';
import { collectMachineInfo } from '../../server/recordings/machine-info.ts';
import { formatRecording, recordingFromRun } from '../../server/recordings/recorder.ts';
import { shareCoreWithBusyLoop } from '../../native/ffi/busy-core.ts';
import { becomeSpeaker, launchBrowser, serveStatic, startLiveServer, watchPage, type LiveServer, type StaticServer } from './harness.ts';

const slideHash = '#/ffi-table-live';
const demo = '[data-demo="ffi-overhead"]';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * watchFailures lists the page's failed HTTP responses, except the two a deck makes on
 * purpose: the static build's probe for a live server (`/api/health`, 404 on a plain
 * file server) and the live server's answer for a demo with no recording yet.
 * Chromium logs each failed response as a console error without its URL, so the test
 * checks URLs here and ignores those console lines.
 */
function watchFailures(page: Page): string[] {
  const failures: string[] = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (response.status() >= 400 && !/\/api\/(health|recordings\/ffi-overhead)$/.test(path)) failures.push(`${response.status()} ${path}`);
  });
  return failures;
}

const realErrors = (errors: string[]): string[] => errors.filter((e) => !e.startsWith('Failed to load resource'));

/** rowFigures reads the widget's table: runtime id → [state, median text, ratio text]. */
async function rowFigures(page: Page): Promise<Record<string, [string, string, string]>> {
  const rows = page.locator(`${demo} tr[data-runtime]`);
  const figures: Record<string, [string, string, string]> = {};
  for (let i = 0, n = await rows.count(); i < n; i++) {
    const row = rows.nth(i);
    figures[(await row.getAttribute('data-runtime')) ?? `row ${i}`] = [
      (await row.getAttribute('data-state')) ?? '',
      (await row.locator('.ffi-live-median').textContent()) ?? '',
      (await row.locator('.ffi-live-ratio').textContent()) ?? '',
    ];
  }
  return figures;
}

/** waitForFigure waits until a runtime's median cell shows a measured duration. */
function waitForFigure(page: Page, runtime: string, timeout: number): Promise<void> {
  return page
    .locator(`${demo} tr[data-runtime="${runtime}"] .ffi-live-median`)
    .filter({ hasText: /\d.*[nµ]s/ })
    .waitFor({ timeout });
}

describe('ffi-overhead, live', () => {
  let server: LiveServer;
  let recordings: string;
  beforeAll(async () => {
    // A scratch recordings dir: this short live run must not replace the committed recording.
    recordings = await mkdtemp(join(tmpdir(), 'ffi-e2e-recordings-'));
    server = await startLiveServer(['--recordings', recordings]);
  });
  afterAll(async () => {
    await server?.close();
    if (recordings) await rm(recordings, { recursive: true, force: true });
  });

  it('fills the table with measured ns per call when Run is clicked', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    const failures = watchFailures(page);
    await becomeSpeaker(page, server);
    await page.goto(`${server.url}${slideHash}`);
    await page.waitForSelector('.reveal.ready', { timeout: 30_000 });
    // The panel first replays the newest recording (the slide's content grows while it
    // does, and Reveal re-centres it): wait until it has settled.
    const panel = (stage: string) => page.locator(`${demo} .demo-panel[data-stage="${stage}"]`);
    await panel('ended').or(panel('idle')).waitFor({ timeout: 120_000 });
    const run = page.locator(`${demo} .demo-run:not([disabled])`);
    await run.waitFor({ state: 'visible', timeout: 30_000 });
    await run.click();
    await panel('working').or(panel('queued')).waitFor({ timeout: 30_000 });

    // The first rows fill in while later harnesses are still building or running.
    await waitForFigure(page, 'c-so', 120_000);
    // Then the run ends (the server's result replaces the live estimate).
    await panel('ended').waitFor({ timeout: 150_000 });
    const outcome = await page.locator(`${demo} .demo-panel`).getAttribute('data-outcome');
    expect(outcome).toBe('ok');

    const rows = await rowFigures(page);
    expect(Object.keys(rows)).toEqual(expect.arrayContaining(['c-direct', 'c-so', 'go-cgo']));
    for (const [id, [state, median]] of Object.entries(rows)) {
      expect(['done', 'missing', 'error'], `${id} ended ${state}`).toContain(state);
      if (state === 'done') expect(median, id).toMatch(/^\d+(\.\d+)? (ns|µs)$/);
    }
    expect(rows['c-so']![0]).toBe('done');
    expect(rows['c-so']![2]).toBe('1.00×');
    expect(rows['go-cgo']![0]).toBe('done');
    // cgo's ratio to the C call through a .so, as measured (how large depends on the load).
    expect(rows['go-cgo']![2]).toMatch(/^\d+(\.\d+)?×$/);
    expect(await page.textContent(`${demo} .stage-headline`)).toMatch(/today/);
    // Slide 5's picture: a bar per row on its 0–80 ns scale, no chart beside the table.
    expect(await page.locator(`${demo} tr[data-runtime="go-cgo"] .ffi-bar-today`).count()).toBe(1);
    expect(await page.locator(`${demo} canvas`).count()).toBe(0);
    expect(watch.foreignRequests).toEqual([]);
    expect(failures).toEqual([]);
    expect(realErrors(watch.consoleErrors)).toEqual([]);
    await page.close();
  }, 360_000); // a whole table on a busy shared machine can take a minute or more
});

describe('ffi-overhead, static build', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveStatic();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('replays the committed recording into the table', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const watch = watchPage(page);
    const failures = watchFailures(page);
    await page.goto(`${server.url}${slideHash}`);
    await page.waitForSelector('.reveal.ready', { timeout: 30_000 });
    await page.waitForSelector(`${demo} .demo-badge-recorded`, { timeout: 30_000 });
    await waitForFigure(page, 'go-cgo', 60_000);
    const rows = await rowFigures(page);
    expect(rows['c-so']![1]).toMatch(/\d/);
    expect(rows['go-cgo']![2]).toMatch(/×$/);
    expect(await page.locator(`${demo} .demo-run`).isVisible()).toBe(false);
    expect(watch.foreignRequests).toEqual([]);
    expect(failures).toEqual([]);
    expect(realErrors(watch.consoleErrors)).toEqual([]);
    await page.close();
  });
});

describe('ffi-overhead, a recording the machine-speed check flagged', () => {
  let server: LiveServer | undefined;
  let recordings = '';
  let staged = false;
  beforeAll(async () => {
    // A real run of two rows while a busy loop shares the CPU, recorded by hand: the
    // recorder itself keeps only whole tables, and a test must not touch recordings/.
    recordings = await mkdtemp(join(tmpdir(), 'ffi-e2e-flagged-'));
    const restore = await shareCoreWithBusyLoop();
    if (!restore) return;
    staged = true;
    const { engine } = await openEngine({ record: false, log: () => undefined });
    try {
      // 50 ms batches: a 2 ms batch often runs whole between the busy loop's time slices,
      // and the table keeps the least disturbed attempt of each batch (as it should).
      const { summary } = await runDemoToEnd(engine, 'ffi-overhead', { runtimes: ['c-so', 'go-cgo'], batchesPerProcess: 2, batchUs: 50_000 });
      const run = engine.run(summary.runId)!;
      const recording = recordingFromRun(run, await collectMachineInfo(await engine.toolchains()), new Date().toISOString());
      await writeFile(join(recordings, 'ffi-overhead.json'), formatRecording(recording));
    } finally {
      await engine.close();
      await restore();
    }
    server = await startLiveServer(['--recordings', recordings]);
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    if (recordings) await rm(recordings, { recursive: true, force: true });
  });

  it('shows each flagged row, the sentinel line and the flag beside "recorded on"', async (test) => {
    // util-linux's taskset stages the busy core (scripts/setup.sh installs it).
    if (!staged) return test.skip();
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${server!.url}${slideHash}`);
    await page.waitForSelector('.reveal.ready', { timeout: 30_000 });
    await page.locator(`${demo} .demo-panel[data-stage="ended"]`).waitFor({ timeout: 60_000 });
    for (const id of ['c-so', 'go-cgo']) {
      expect(await page.textContent(`${demo} tr[data-runtime="${id}"] td.ffi-live-flag`), id).toMatch(/^⚠ \+\d+ %$/);
    }
    const provenance = await page.textContent(`${demo} .ffi-live-provenance`);
    expect(provenance).toMatch(/Machine check: \d+\.\d\d GHz effective clock .*— slowed down: figures inflated ≈ \d+ %/);
    expect(provenance).toContain('slowed down: figures inflated ≈');
    expect(provenance).toContain('(⚠ +N %)');
    const badge = page.locator(`${demo} .demo-badge-recorded`);
    expect(await badge.textContent()).toMatch(/^recorded on .* · ⚠ machine slowed down ≈ \+\d+ %$/);
    expect(await badge.getAttribute('data-machine-flagged')).toBe('true');
    if (process.env.FFI_SHOT) await page.screenshot({ path: process.env.FFI_SHOT });
    await page.close();
  });
});
