/**
 * `npm run export` on the built deck (the suite's global setup builds it): the PDF has
 * one page per slide and sub-slide, in the deck's order and numbered as the deck numbers
 * them, plus the pages on which the print view prints long demo output whole (right
 * after their slide; pages without a number); no page is blank; its text, read back with
 * pdftotext (poppler-utils), holds every slide's title and, on each live sub-slide's own
 * page, the headline figure of the recording it replays; nothing came out cut. With
 * `--png --only`, the PNGs of `npm run shots` for those slides, named by their numbers.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compileDeck } from '../../slides/compiler/compile-deck.ts';
import { createCodeHighlighter } from '../../slides/compiler/highlighter.ts';
import { createNodeDeckSource } from '../../slides/compiler/vite-plugin.ts';
import { deckNumber } from '../../slides/runtime/print-numbers.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { rootDir } from './harness.ts';
import { expectedFigure, liveSlides, recordedResult } from './recorded-figures.ts';

const run = promisify(execFile);
/** squash drops all white space: pdftotext breaks lines and spaces runs of text its own way. */
const squash = (text: string): string => text.replace(/\s+/g, '');

/** folios reads each page's number from its bottom-left corner (where the print view puts it), '' for a page without one. */
async function folios(pdf: string): Promise<string[]> {
  const { stdout } = await run('pdftotext', ['-x', '0', '-y', '530', '-W', '40', '-H', '32', pdf, '-']);
  return stdout.split('\f').slice(0, -1).map((page) => page.trim());
}

describe('npm run export', () => {
  it('prints the deck to a PDF: a page per slide and sub-slide, numbered, titled, every live headline in place, text selectable', async () => {
    const out = await makeTempDir('export-');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/export-deck.ts', '--out', out, '--png', '--only', 'title,ffi-table-live'], { cwd: rootDir, maxBuffer: 16 * 1024 * 1024, timeout: 170_000 });
    const file = join(out, 'why-cgo-is-slow.pdf');
    const summary = /why-cgo-is-slow\.pdf: (\d+) pages \((\d+) slides and sub-slides, (\d+) pages of long demo output printed whole\) in [\d.]+ s$/m.exec(stdout);
    expect(summary, stdout).not.toBeNull();
    expect(stdout).not.toMatch(/^cut: /m);

    const deck = compileDeck({ deckDir: 'slides/why-cgo-is-slow', demosDir: 'demos', source: createNodeDeckSource(rootDir), highlighter: await createCodeHighlighter() });
    const numbers = deck.outline.map((slide) => deckNumber(slide.h - 1, slide.v));
    const { stdout: info } = await run('pdfinfo', [file]);
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
    expect(pages).toBe(Number(summary![1]));
    expect(Number(summary![2])).toBe(deck.outline.length);

    // One numbered page per slide, in order; the pages between them are long output printed whole.
    const onPages = await folios(file);
    expect(onPages).toHaveLength(pages);
    expect(onPages.filter(Boolean)).toEqual(numbers);
    expect(onPages.filter((n) => n === '').length).toBe(Number(summary![3]));
    expect(onPages[0]).toBe('1');

    const { stdout: text } = await run('pdftotext', [file, '-'], { maxBuffer: 16 * 1024 * 1024 });
    const pageTexts = text.split('\f').slice(0, -1);
    expect(pageTexts).toHaveLength(pages);
    expect(pageTexts.map((page, i) => (page.trim() === '' ? i + 1 : 0)).filter(Boolean), 'blank pages').toEqual([]);
    const whole = squash(text);
    expect(deck.outline.filter((slide) => !whole.includes(squash(slide.title))).map((slide) => `${slide.id}: ${slide.title}`), 'titles not in the PDF').toEqual([]);

    const live = liveSlides();
    expect(live.length).toBeGreaterThanOrEqual(14);
    const missing: string[] = [];
    for (const slide of live) {
      const number = numbers[deck.outline.findIndex((s) => s.id === slide.id)];
      const page = pageTexts[onPages.indexOf(number ?? '-')] ?? '';
      const result = await recordedResult(slide.demo, slide.params);
      const figure = result ? expectedFigure(slide.demo, result, slide.params) : 'Not recorded';
      if (!squash(page).includes(squash(figure))) missing.push(`${number} #/${slide.id}: ${figure}`);
    }
    expect(missing, 'headline figures not on their slide’s page').toEqual([]);

    // --png --only: the shots of those slides, named by their deck numbers.
    expect(stdout).toMatch(/png: 2 PNGs, one per slide and sub-slide, in [\d.]+ s/);
    const pngs = (await readdir(join(out, 'png'))).filter((name) => name.endsWith('.png')).sort();
    expect(pngs).toEqual(['01-title.png', '05.3-ffi-table-live.png']);
    const png = await readFile(join(out, 'png', '05.3-ffi-table-live.png'));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 720]);
  });

  it('prints another deck of the build by its name (--deck), and refuses a name that is no deck', async () => {
    const out = await makeTempDir('export-');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/export-deck.ts', '--deck', 'cgo-lightning', '--out', out], { cwd: rootDir, maxBuffer: 16 * 1024 * 1024, timeout: 170_000 });
    const deck = compileDeck({ deckDir: 'slides/cgo-lightning', demosDir: 'demos', source: createNodeDeckSource(rootDir), highlighter: await createCodeHighlighter() });
    const summary = /cgo-lightning\.pdf: (\d+) pages \((\d+) slides and sub-slides/m.exec(stdout);
    expect(summary, stdout).not.toBeNull();
    expect(Number(summary![2])).toBe(deck.outline.length);
    const { stdout: text } = await run('pdftotext', [join(out, 'cgo-lightning.pdf'), '-'], { maxBuffer: 16 * 1024 * 1024 });
    expect(squash(text)).toContain(squash(deck.outline[0]!.title));

    const refused = await run(process.execPath, ['--import', 'tsx', 'scripts/export-deck.ts', '--deck', 'no-such-deck', '--out', out], { cwd: rootDir }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^export: no deck named "no-such-deck"/m);
  });
});
