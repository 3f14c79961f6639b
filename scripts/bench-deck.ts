/**
 * bench-deck: how fast the built deck (`dist/`, from `npm run build`; this builds
 * nothing of the deck) becomes a usable first slide for a reader with no server, beside
 * a bare two-slide reveal.js deck (`scripts/bare-deck/`, built here with the same
 * reveal.js and Vite). Both are served by plain static servers on 127.0.0.1 and loaded
 * in headless Chromium with a cold cache, interleaved (deck, bare, bare, deck, …) so a
 * busy moment of the machine falls on both alike. It prints a table with the goal
 * beside each figure:
 *
 *   first contentful paint   the browser's FCP, median of the runs, for the deck and
 *                            for the bare deck, and their ratio (goal ≤ 1.3×)
 *   first slide interactive  Reveal's "ready" plus one frame: keys and clicks work
 *   JS / CSS before ready    every script and stylesheet fetched before that moment,
 *                            raw and gzip (gzip computed here, level 9, as a static
 *                            host would serve them; the test server sends raw files)
 *   fonts before ready       woff2 files fetched before that moment
 *   dist/ total              everything a static host would publish for this deck (the
 *                            other decks' folders in dist/ left out)
 *
 * With `--before DIR` (another build of the deck, e.g. of an earlier commit) that build
 * is loaded in the same rounds, interleaved with the other two, and its first paint and
 * ratio are printed beside this one's: a change compared at the same moment of the
 * machine.
 *
 * Usage: npm run bench:deck [-- --runs 11] [--dist DIR] [--before DIR] [--json]
 */
import { cpus, loadavg } from 'node:os';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { distDir as defaultDistDir, launchBrowser, rootDir, serveStatic } from '../tests/e2e/harness.ts';
import { folderSize } from '../slides/compiler/build-decks.ts';
import { deckIndexFolder, findDecks } from '../slides/compiler/deck-folders.ts';

/** Goals for each figure (why: a deck on a conference Wi-Fi or a phone must start at once). */
const goals = {
  firstPaintMs: 1000,
  /** The deck's FCP at most this multiple of the bare reveal.js deck's (issue 8). */
  paintRatio: 1.3,
  interactiveMs: 1500,
  jsGzipBytes: 250 * 1024,
  cssGzipBytes: 60 * 1024,
  fontBytes: 200 * 1024,
  // Monaco and its workers dominate; they load lazily, so they only cost disk.
  distBytes: 30 * 1024 * 1024,
};

/** minRuns: fewer cold loads than this make the medians too noisy to compare. */
const minRuns = 10;

const bareDeckDir = join(rootDir, 'scripts/bare-deck');
const bareDistDir = join(rootDir, '.cache/bench-deck/bare-dist');

interface LoadFigures {
  firstPaintMs: number;
  interactiveMs: number;
  urls: string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** buildBareDeck builds the baseline deck with the project's Vite and reveal.js (quietly). */
async function buildBareDeck(): Promise<void> {
  await build({
    root: bareDeckDir,
    base: './',
    configFile: false,
    publicDir: false,
    logLevel: 'error',
    build: { outDir: bareDistDir, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  });
}

/**
 * loadOnce opens `url` in a fresh browser context (nothing cached, as for a first visit)
 * and returns its first contentful paint, the moment Reveal is ready plus one frame, and
 * every resource fetched by then.
 */
async function loadOnce(browser: Browser, url: string): Promise<LoadFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    // Strings, not functions: tsx would wrap a function's inner names in helpers the page
    // lacks, and this file is checked without DOM types.
    await page.addInitScript(`(() => {
      const mark = () => {
        if (document.querySelector('.reveal.ready')) {
          requestAnimationFrame(() => { window.__deckInteractiveMs = performance.now(); });
          return;
        }
        requestAnimationFrame(mark);
      };
      requestAnimationFrame(mark);
    })();`);
    await page.goto(url);
    await page.waitForFunction(`window.__deckInteractiveMs !== undefined && performance.getEntriesByName('first-contentful-paint').length > 0`, null, { timeout: 60_000 });
    return (await page.evaluate(`(() => {
      const interactiveMs = window.__deckInteractiveMs;
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const urls = performance.getEntriesByType('resource').filter((e) => e.startTime <= interactiveMs).map((e) => e.name);
      return { firstPaintMs: paint ? paint.startTime : NaN, interactiveMs, urls: [location.href, ...urls] };
    })()`)) as LoadFigures;
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsArg = args.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 11;
  if (!Number.isInteger(runs) || runs < 1) {
    console.error('bench-deck: --runs takes a whole number ≥ 1');
    process.exit(2);
  }
  const asJson = args.includes('--json');
  const distArg = args.indexOf('--dist');
  const distDir = distArg >= 0 ? resolve(args[distArg + 1] ?? '') : defaultDistDir;
  const beforeArg = args.indexOf('--before');
  const beforeDir = beforeArg >= 0 ? resolve(args[beforeArg + 1] ?? '') : undefined;
  for (const dir of [distDir, ...(beforeDir === undefined ? [] : [beforeDir])]) {
    try {
      await stat(join(dir, 'index.html'));
    } catch {
      console.error(`bench-deck: ${dir}/index.html not found; run \`npm run build\` first`);
      process.exit(dir === distDir ? 1 : 2);
    }
  }
  await buildBareDeck();

  const deckServer = await serveStatic(distDir);
  const bareServer = await serveStatic(bareDistDir);
  const beforeServer = beforeDir === undefined ? undefined : await serveStatic(beforeDir);
  const browser = await launchBrowser();
  const deck: LoadFigures[] = [];
  const bare: LoadFigures[] = [];
  const before: LoadFigures[] = [];
  const targets = [
    { url: deckServer.url, loads: deck },
    { url: bareServer.url, loads: bare },
    ...(beforeServer ? [{ url: beforeServer.url, loads: before }] : []),
  ];
  const loadBefore = loadavg()[0] ?? 0;
  try {
    // One load of each first, not counted: Chromium's own first start is not the deck's.
    for (const target of targets) await loadOnce(browser, target.url);
    for (let i = 0; i < runs; i++) {
      // Forwards then backwards (ABBA, or ABCCBA): no deck always loads right after another.
      const order = i % 2 === 0 ? targets : [...targets].reverse();
      for (const target of order) target.loads.push(await loadOnce(browser, target.url));
    }
  } finally {
    await browser.close();
    await deckServer.close();
    await bareServer.close();
    await beforeServer?.close();
  }
  const loadAfter = loadavg()[0] ?? 0;

  // Sizes come from the files themselves, so they do not depend on the test server.
  const seen = new Set(deck.flatMap((r) => r.urls).map((u) => new URL(u).pathname));
  const sizes = { js: { raw: 0, gzip: 0, files: 0 }, css: { raw: 0, gzip: 0, files: 0 }, font: { raw: 0, gzip: 0, files: 0 } };
  for (const path of seen) {
    const kind = path.endsWith('.js') || path.endsWith('.mjs') ? 'js' : path.endsWith('.css') ? 'css' : /\.woff2?$/.test(path) ? 'font' : null;
    if (kind === null) continue;
    const body = await readFile(join(distDir, decodeURIComponent(path)));
    sizes[kind].raw += body.length;
    sizes[kind].gzip += gzipSync(body, { level: 9 }).length;
    sizes[kind].files += 1;
  }
  // The flagship's own files: the other decks' folders and the deck list beside it are theirs.
  const dist = await folderSize(distDir, new Set([...findDecks(join(rootDir, 'slides')), deckIndexFolder]));
  const firstPaintMs = median(deck.map((r) => r.firstPaintMs));
  const bareFirstPaintMs = median(bare.map((r) => r.firstPaintMs));
  const paintRatio = firstPaintMs / bareFirstPaintMs;
  const interactiveMs = median(deck.map((r) => r.interactiveMs));
  const beforeFirstPaintMs = before.length > 0 ? median(before.map((r) => r.firstPaintMs)) : undefined;
  const tooFew = runs < minRuns ? ` (fewer than ${minRuns} runs: too noisy to judge)` : '';
  const rows: [string, string, string, boolean][] = [
    [`first contentful paint, this deck (median of ${runs})`, `${firstPaintMs.toFixed(0)} ms`, `< ${goals.firstPaintMs} ms`, firstPaintMs < goals.firstPaintMs],
    [`first contentful paint, bare reveal.js deck (median of ${runs})`, `${bareFirstPaintMs.toFixed(0)} ms`, 'the baseline', true],
    [`this deck ÷ bare deck${tooFew}`, `${paintRatio.toFixed(2)}×`, `≤ ${goals.paintRatio.toFixed(1)}×`, paintRatio <= goals.paintRatio && runs >= minRuns],
    ...(beforeFirstPaintMs === undefined
      ? []
      : ([
          [`first contentful paint, --before deck (median of ${runs})`, `${beforeFirstPaintMs.toFixed(0)} ms, ${(beforeFirstPaintMs / bareFirstPaintMs).toFixed(2)}× bare`, 'for comparison', true],
        ] as [string, string, string, boolean][])),
    [`first slide interactive (median of ${runs})`, `${interactiveMs.toFixed(0)} ms`, `< ${goals.interactiveMs} ms`, interactiveMs < goals.interactiveMs],
    [`JS before ready (${sizes.js.files} files), gzip`, `${kib(sizes.js.gzip)} (raw ${kib(sizes.js.raw)})`, `< ${kib(goals.jsGzipBytes)}`, sizes.js.gzip < goals.jsGzipBytes],
    [`CSS before ready (${sizes.css.files} files), gzip`, `${kib(sizes.css.gzip)} (raw ${kib(sizes.css.raw)})`, `< ${kib(goals.cssGzipBytes)}`, sizes.css.gzip < goals.cssGzipBytes],
    [`fonts before ready (${sizes.font.files} files)`, kib(sizes.font.raw), `< ${kib(goals.fontBytes)}`, sizes.font.raw < goals.fontBytes],
    [`dist/ total (${dist.files} files)`, kib(dist.bytes), `< ${kib(goals.distBytes)}`, dist.bytes < goals.distBytes],
  ];
  const machine = { cpus: cpus().length, loadAverage1mBefore: loadBefore, loadAverage1mAfter: loadAfter };
  if (asJson) {
    const paints = { deck: deck.map((r) => r.firstPaintMs), bare: bare.map((r) => r.firstPaintMs), ...(beforeDir === undefined ? {} : { before: before.map((r) => r.firstPaintMs) }) };
    const compared = beforeFirstPaintMs === undefined ? {} : { beforeFirstPaintMs, beforePaintRatio: beforeFirstPaintMs / bareFirstPaintMs };
    console.log(JSON.stringify({ runs, firstPaintMs, bareFirstPaintMs, paintRatio, ...compared, interactiveMs, paints, sizes, dist, goals, machine }, null, 2));
    return;
  }
  console.log(`Deck load from a static server (${distDir}) beside a bare two-slide reveal.js deck (same reveal.js and Vite),`);
  console.log(`headless Chromium, 1280×720, cold cache, ${runs} interleaved loads of each${beforeDir === undefined ? '' : ` (and of --before ${beforeDir})`}`);
  const busy = Math.max(loadBefore, loadAfter) > machine.cpus * 0.7;
  console.log(`machine: ${machine.cpus} CPUs, load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after${busy ? ' — busy: the times are noisy, compare the ratio' : ''}\n`);
  console.log('| measure | value | goal | met |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, value, goal, met] of rows) console.log(`| ${name} | ${value} | ${goal} | ${met ? 'yes' : 'NO'} |`);
}

await main();
