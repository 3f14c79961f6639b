/** new-deck's checks: a bad name, title or author is refused, naming it, and nothing is written. */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir } from '../../tests/support/temp-dir.ts';
import { newDeck, NewDeckRefused } from './new-deck.ts';

const rootDir = resolve(import.meta.dirname, '../..');

/** listAll lists every path under a folder, so "nothing written" is checked to the last file. */
async function listAll(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).sort();
}

async function decksWithOneDeck(): Promise<string> {
  const decks = await makeTempDir('new-deck-');
  await mkdir(join(decks, 'old-talk/sections'), { recursive: true });
  await writeFile(join(decks, 'old-talk/deck.yaml'), 'title: Old\n');
  return decks;
}

describe('newDeck', () => {
  it('writes the deck folder', async () => {
    const decks = await decksWithOneDeck();
    const made = await newDeck(decks, { name: 'meetup-2026', title: 'Meetup', author: 'Ann' });
    expect(made).toEqual({ dir: join(decks, 'meetup-2026'), files: ['deck.yaml', 'sections/01-start.md'] });
    expect(await readFile(join(decks, 'meetup-2026/deck.yaml'), 'utf8')).toContain('title: Meetup');
    expect(await listAll(decks)).toEqual(['meetup-2026', 'meetup-2026/deck.yaml', 'meetup-2026/sections', 'meetup-2026/sections/01-start.md', 'old-talk', 'old-talk/deck.yaml', 'old-talk/sections']);
  });

  it.each([
    ['old-talk', {}, 'deck name "old-talk": exists already (slides/old-talk/); pick another name'],
    ['My Talk', {}, 'deck name "My Talk": contains a space'],
    ['MyTalk', {}, 'deck name "MyTalk": has uppercase letters'],
    ['team/talk', {}, 'deck name "team/talk": contains "/"'],
    ['..', {}, 'deck name "..": contains ".."'],
    ['decks', {}, 'deck name "decks": reserved'],
    ['assets', {}, 'deck name "assets": reserved'],
    ['api', {}, 'deck name "api": reserved'],
    ['talk', { title: '' }, '--title is empty'],
    ['talk', { title: 'two\nlines' }, '--title "two\\nlines": one line, please'],
    ['talk', { author: '  ' }, '--author is empty'],
  ])('refuses %j %j and writes nothing', async (name, options, message) => {
    const decks = await decksWithOneDeck();
    const before = await listAll(decks);
    const refusal = await newDeck(decks, { name, ...options }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(NewDeckRefused);
    expect((refusal as Error).message).toContain(message);
    expect(await listAll(decks)).toEqual(before);
  });
});

describe('npm run new-deck', () => {
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', join(rootDir, 'scripts/new-deck.ts'), ...args], { cwd: rootDir }).then(
      (out) => ({ code: 0, ...out }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it('exits 2 naming a bad name, 0 with the next commands for a good one', async () => {
    const decks = await decksWithOneDeck();
    const refused = await run(['assets', '--decks', decks]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('new-deck: deck name "assets": reserved');
    const existing = await run(['old-talk', '--decks', decks]);
    expect(existing.code).toBe(2);
    expect(existing.stderr).toContain('"old-talk": exists already');
    expect(await listAll(decks)).toEqual(['old-talk', 'old-talk/deck.yaml', 'old-talk/sections']);
    const made = await run(['new-talk', '--title', 'New talk', '--decks', decks]);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`npm run dev -- --deck new-talk --decks ${decks}`);
    expect(await readFile(join(decks, 'new-talk/deck.yaml'), 'utf8')).toContain('title: New talk');
  }, 60_000);

  it('exits 2 without a name', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('give the deck a name');
  }, 30_000);
});
