/**
 * The multi-deck build on a scratch decks folder (two starter decks from new-deck, one of
 * them named as the flagship): the flagship's build is the site's root, the other deck
 * its own folder; rebuilding one deck keeps the other's output and clears only its own;
 * an unknown `--deck` is refused with exit status 2, naming it, before anything is built.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildDecks, UnknownDeckError } from '../../slides/compiler/build-decks.ts';
import { flagshipDeck } from '../../slides/compiler/deck-folders.ts';
import { newDeck } from '../../scripts/scaffold/new-deck.ts';
import { rootDir } from './harness.ts';

let work: string;
let decks: string;
let site: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'build-decks-'));
  decks = join(work, 'slides');
  site = join(work, 'dist');
  await newDeck(decks, { name: flagshipDeck, title: 'Root deck' });
  await newDeck(decks, { name: 'side-deck', title: 'Side deck' });
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('buildDecks', () => {
  it('builds the flagship at the root and the other deck beside it, with sizes and the list', async () => {
    const { decks: built, indexFile } = await buildDecks({ rootDir, decksDir: decks, outDir: site, logLevel: 'silent' });
    expect(built.map((deck) => [deck.deck, deck.outDir])).toEqual([
      [flagshipDeck, site],
      ['side-deck', join(site, 'side-deck')],
    ]);
    // The root deck's size is its own: the side deck's folder is not counted in it.
    expect(built[0]!.bytes).toBeGreaterThan(100_000);
    expect(built[0]!.bytes).toBeLessThan(built[1]!.bytes * 1.5);
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('<title>Root deck</title>');
    expect(readFileSync(join(site, 'side-deck/index.html'), 'utf8')).toContain('<title>Side deck</title>');
    expect(indexFile).toBe(join(site, 'decks/index.html'));
    expect(readFileSync(indexFile, 'utf8')).toMatch(/<a href="\.\.\/">Root deck<\/a>[\s\S]*<a href="\.\.\/side-deck\/">Side deck<\/a>/);
  }, 300_000);

  it("rebuilds one deck without touching the other's output", async () => {
    await writeFile(join(site, 'stale.txt'), 'left by an old build');
    await writeFile(join(site, 'side-deck/kept.txt'), 'the side deck is not rebuilt');
    const { decks: built } = await buildDecks({ rootDir, decksDir: decks, outDir: site, only: [flagshipDeck], logLevel: 'silent' });
    expect(built.map((deck) => deck.deck)).toEqual([flagshipDeck]);
    expect(existsSync(join(site, 'stale.txt'))).toBe(false);
    expect(existsSync(join(site, 'side-deck/kept.txt'))).toBe(true);
    expect(existsSync(join(site, 'decks/index.html'))).toBe(true);
    await buildDecks({ rootDir, decksDir: decks, outDir: site, only: ['side-deck'], logLevel: 'silent' });
    expect(existsSync(join(site, 'side-deck/kept.txt'))).toBe(false);
    expect(existsSync(join(site, 'index.html'))).toBe(true);
  }, 300_000);

  it('refuses an unknown deck before building anything', async () => {
    const refusal = await buildDecks({ rootDir, decksDir: decks, outDir: join(work, 'none'), only: ['nope'] }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UnknownDeckError);
    expect((refusal as Error).message).toBe(`no such deck: nope (decks: ${flagshipDeck}, side-deck)`);
    expect(existsSync(join(work, 'none'))).toBe(false);
    const cli = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(rootDir, 'scripts/build.ts'), '--deck', 'nope', '--decks', decks, '--out', join(work, 'none')], { cwd: rootDir }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(cli).toMatchObject({ code: 2 });
    expect((cli as { stderr: string }).stderr).toContain('build: no such deck: nope');
  }, 60_000);
});
