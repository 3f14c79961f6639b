import { describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '../../tests/support/temp-dir.ts';
import { deckOutPath, describeDeck, findDecks, flagshipDeck } from './deck-folders.ts';

async function writeDeck(decksDir: string, name: string, yaml: string, sections: Record<string, string> = {}): Promise<void> {
  await mkdir(join(decksDir, name, 'sections'), { recursive: true });
  await writeFile(join(decksDir, name, 'deck.yaml'), yaml);
  for (const [file, text] of Object.entries(sections)) await writeFile(join(decksDir, name, file), text);
}

describe('findDecks', () => {
  it('lists folders with a deck.yaml, the flagship first, then by name', async () => {
    const dir = await makeTempDir('decks-');
    await writeDeck(dir, 'zebra', 'title: Z\nsections: [a.md]\n');
    await writeDeck(dir, flagshipDeck, 'title: F\nsections: [a.md]\n');
    await writeDeck(dir, 'alpha', 'title: A\nsections: [a.md]\n');
    await mkdir(join(dir, 'runtime'));
    await writeFile(join(dir, 'loose.yaml'), 'title: x');
    expect(findDecks(dir)).toEqual([flagshipDeck, 'alpha', 'zebra']);
  });

  it('finds nothing in a folder that is not there', () => {
    expect(findDecks('/nonexistent/decks')).toEqual([]);
  });
});

describe('deckOutPath', () => {
  it('puts the flagship at the root of the site and every other deck in its folder', () => {
    expect(deckOutPath(flagshipDeck)).toBe('');
    expect(deckOutPath('lightning')).toBe('lightning');
  });
});

describe('describeDeck', () => {
  it("counts a deck's slides and sub-slides and names its demos", async () => {
    const dir = await makeTempDir('decks-');
    await writeDeck(dir, 'talk', 'title: A talk\nauthor: Me\nevent: Meetup\nsections:\n  - sections/a.md\n  - sections/missing.md\n', {
      'sections/a.md': '@slide one\n# One\n@slide two\n@demo zeta {"n": 1}\n@sub two-b\n@demo alpha\n@sub two-c\n@demo zeta\n',
    });
    expect(describeDeck(dir, 'talk')).toEqual({ name: 'talk', title: 'A talk', author: 'Me', event: 'Meetup', slides: 2, subSlides: 2, demos: ['alpha', 'zeta'] });
  });
});
