/**
 * `npm run export` — the deck as a PDF, and with `--png` as one PNG per slide and
 * sub-slide too, from the freshly built static deck (`npm run export` builds it first)
 * in headless Chromium: every recorded result in place, every fragment shown, pages
 * numbered as the deck numbers its slides, text selectable.
 *
 * Usage: npm run export [-- --deck NAME (default the flagship)] [--png [--only id,id]] [--out DIR (default export/)] [--dist DIR (default dist/)]
 *
 * Writes `<out>/<deck>.pdf` (print-deck.ts: the deck's own print view, `?print-pdf`) and,
 * with --png, `<out>/png/` (the PNGs of `npm run shots`, capture-deck.ts, at 1280×720,
 * named by the deck's numbers, with an index.html; `--only` takes those slides alone). Exit status 1 when something came out
 * cut or a demo did not settle (the files are written all the same), 2 for bad usage.
 */
import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { captureDeck } from './capture-deck.ts';
import { printDeck } from './print-deck.ts';
import { distDir as defaultDistDir, rootDir } from '../tests/e2e/harness.ts';
import { runMain } from '../server/cli/cli-process.ts';
import { deckDirOf, UnknownDeckError } from '../server/decks/deck-demos.ts';
import { flagshipDeck } from '../slides/compiler/deck-folders.ts';

const usage = 'usage: npm run export [-- --deck NAME] [--png [--only id,id]] [--out DIR] [--dist DIR]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { deck: { type: 'string' }, png: { type: 'boolean' }, only: { type: 'string' }, out: { type: 'string' }, dist: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    console.error(`export: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const deck = values.deck ?? flagshipDeck;
  try {
    deckDirOf(join(rootDir, 'slides'), deck);
  } catch (error) {
    if (!(error instanceof UnknownDeckError)) throw error;
    console.error(`export: ${error.message}\n${usage}`);
    return 2;
  }
  // The build puts the flagship at the root of dist/ and every other deck in dist/<deck>/.
  const distRoot = resolve(values.dist ?? defaultDistDir);
  const distDir = deck === flagshipDeck ? distRoot : join(distRoot, deck);
  const outDir = resolve(values.out ?? join(rootDir, 'export'));
  try {
    await stat(join(distDir, 'index.html'));
  } catch {
    console.error(`export: ${distDir}/index.html not found; run \`npm run build\` first (npm run export does)`);
    return 2;
  }
  const only = values.only?.split(',').map((id) => id.trim()).filter(Boolean);
  if (only && !values.png) {
    console.error(`export: --only picks the slides of --png (the PDF is always the whole deck)\n${usage}`);
    return 2;
  }
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, `${deck}.pdf`);
  const started = performance.now();
  const printed = await printDeck({ distDir, file, log: (line) => console.log(line) });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${file}: ${printed.pages} pages (${printed.slides} slides and sub-slides, ${printed.readerPages} pages of long demo output printed whole) in ${seconds} s`);
  for (const problem of printed.problems) console.log(`cut: ${problem}`);
  let unsettled = printed.unsettled;
  if (values.png) {
    const pngStarted = performance.now();
    const pngDir = deck === flagshipDeck ? join(outDir, 'png') : join(outDir, 'png', deck);
    const shots = await captureDeck({ distDir, outDir: pngDir, phone: false, ...(only ? { only } : {}) });
    unsettled ||= shots.some((shot) => !shot.settled);
    const unknown = (only ?? []).filter((id) => !shots.some((shot) => shot.slide.id === id));
    if (unknown.length > 0) {
      console.error(`export: --only names no slide: ${unknown.join(', ')}`);
      return 2;
    }
    console.log(`${pngDir}: ${shots.length} PNGs, one per slide and sub-slide, in ${((performance.now() - pngStarted) / 1000).toFixed(1)} s (open index.html)`);
  }
  return printed.problems.length > 0 || unsettled ? 1 : 0;
}

runMain(main);
