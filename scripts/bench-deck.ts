/**
 * bench-deck: how fast the built deck (`dist/`, from `npm run build`; this builds
 * nothing) becomes a usable first slide for a reader with no server. Serves dist/ with a
 * plain static server on 127.0.0.1, loads it in headless Chromium a few times with a
 * cold cache, and prints a table with the goal beside each figure:
 *
 *   first paint              the browser's first-contentful-paint (median of runs)
 *   first slide interactive  Reveal's "ready" plus one frame: keys and clicks work
 *   JS / CSS before ready    every script and stylesheet fetched before that moment,
 *                            raw and gzip (gzip computed here, level 9, as a static
 *                            host would serve them; the test server sends raw files)
 *   fonts before ready       woff2 files fetched before that moment
 *   dist/ total              everything a static host would publish
 *
 * Usage: npm run bench:deck [-- --runs 5] [--dist DIR] [--json]
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { distDir as defaultDistDir, launchBrowser, serveStatic } from '../tests/e2e/harness.ts';

/** Goals for each figure (why: a deck on a conference Wi-Fi or a phone must start at once). */
const goals = {
  firstPaintMs: 1000,
  interactiveMs: 1500,
  jsGzipBytes: 250 * 1024,
  cssGzipBytes: 60 * 1024,
  fontBytes: 200 * 1024,
  // Monaco and its workers dominate; they load lazily, so they only cost disk.
  distBytes: 30 * 1024 * 1024,
};

interface RunFigures {
  firstPaintMs: number;
  interactiveMs: number;
  urls: string[];
}

async function dirSize(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
    files += 1;
  }
  return { bytes, files };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsArg = args.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
  const asJson = args.includes('--json');
  const distArg = args.indexOf('--dist');
  const distDir = distArg >= 0 ? resolve(args[distArg + 1] ?? '') : defaultDistDir;
  try {
    await stat(join(distDir, 'index.html'));
  } catch {
    console.error(`bench-deck: ${distDir}/index.html not found; run \`npm run build\` first`);
    process.exit(1);
  }

  const server = await serveStatic(distDir);
  const browser = await launchBrowser();
  const results: RunFigures[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      // A fresh context per run: nothing cached, as for a first visit.
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      // A string, not a function: tsx would wrap a function's inner names in helpers the page lacks.
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
      await page.goto(server.url);
      await page.waitForFunction('window.__deckInteractiveMs !== undefined', null, { timeout: 60_000 });
      // A string too: this file is checked without DOM types.
      const figures = (await page.evaluate(`(() => {
        const interactiveMs = window.__deckInteractiveMs;
        const paint = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
        const urls = performance.getEntriesByType('resource').filter((e) => e.startTime <= interactiveMs).map((e) => e.name);
        return { firstPaintMs: paint ? paint.startTime : NaN, interactiveMs, urls: [location.href, ...urls] };
      })()`)) as RunFigures;
      results.push(figures);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }

  // Sizes come from the files themselves, so they do not depend on the test server.
  const seen = new Set(results.flatMap((r) => r.urls).map((u) => new URL(u).pathname));
  const sizes = { js: { raw: 0, gzip: 0, files: 0 }, css: { raw: 0, gzip: 0, files: 0 }, font: { raw: 0, gzip: 0, files: 0 } };
  for (const path of seen) {
    const kind = path.endsWith('.js') || path.endsWith('.mjs') ? 'js' : path.endsWith('.css') ? 'css' : /\.woff2?$/.test(path) ? 'font' : null;
    if (kind === null) continue;
    const body = await readFile(join(distDir, decodeURIComponent(path)));
    sizes[kind].raw += body.length;
    sizes[kind].gzip += gzipSync(body, { level: 9 }).length;
    sizes[kind].files += 1;
  }
  const dist = await dirSize(distDir);
  const firstPaintMs = median(results.map((r) => r.firstPaintMs));
  const interactiveMs = median(results.map((r) => r.interactiveMs));
  const rows: [string, string, string, boolean][] = [
    [`first paint (median of ${runs})`, `${firstPaintMs.toFixed(0)} ms`, `< ${goals.firstPaintMs} ms`, firstPaintMs < goals.firstPaintMs],
    [`first slide interactive (median of ${runs})`, `${interactiveMs.toFixed(0)} ms`, `< ${goals.interactiveMs} ms`, interactiveMs < goals.interactiveMs],
    [`JS before ready (${sizes.js.files} files), gzip`, `${kib(sizes.js.gzip)} (raw ${kib(sizes.js.raw)})`, `< ${kib(goals.jsGzipBytes)}`, sizes.js.gzip < goals.jsGzipBytes],
    [`CSS before ready (${sizes.css.files} files), gzip`, `${kib(sizes.css.gzip)} (raw ${kib(sizes.css.raw)})`, `< ${kib(goals.cssGzipBytes)}`, sizes.css.gzip < goals.cssGzipBytes],
    [`fonts before ready (${sizes.font.files} files)`, kib(sizes.font.raw), `< ${kib(goals.fontBytes)}`, sizes.font.raw < goals.fontBytes],
    [`dist/ total (${dist.files} files)`, kib(dist.bytes), `< ${kib(goals.distBytes)}`, dist.bytes < goals.distBytes],
  ];
  if (asJson) {
    console.log(JSON.stringify({ runs, firstPaintMs, interactiveMs, sizes, dist, goals }, null, 2));
    return;
  }
  console.log(`Deck load from a static server (${distDir}), headless Chromium, 1280×720, cold cache\n`);
  console.log('| measure | value | goal | met |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, value, goal, met] of rows) console.log(`| ${name} | ${value} | ${goal} | ${met ? 'yes' : 'NO'} |`);
}

await main();
