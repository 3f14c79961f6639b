/**
 * newDeck writes a new deck's folder (deck-files.ts) into the decks folder, after every
 * check passes: the name (names.ts: malformed, reserved, or a folder that exists), the
 * title and author (one line each, not empty). A refusal writes nothing; a write that
 * fails half-way removes the folder it started.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { deckFiles, type NewDeck } from './deck-files.ts';
import { nameError } from './names.ts';

/** NewDeckRefused is bad input: its message names the bad thing (the CLI exits 2). */
export class NewDeckRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NewDeckRefused';
  }
}

/** newDeck checks the input, writes `<decksDir>/<name>/` and returns the folder and its files (relative paths). */
export async function newDeck(decksDir: string, deck: NewDeck): Promise<{ dir: string; files: string[] }> {
  const existing = await folderNames(decksDir);
  const problem =
    nameError('deck', deck.name, existing) ?? lineError('--title', deck.title) ?? lineError('--author', deck.author);
  if (problem !== undefined) throw new NewDeckRefused(problem);
  const dir = join(decksDir, deck.name);
  const files = deckFiles(deck);
  await mkdir(decksDir, { recursive: true });
  // Not recursive: a folder made meanwhile by someone else is not written into.
  await mkdir(dir);
  try {
    for (const [path, text] of files) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text, { flag: 'wx' });
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, files: [...files.keys()] };
}

async function folderNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** lineError refuses an empty or multi-line value of an option (it becomes a heading and a YAML line). */
function lineError(option: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') return `${option} is empty; give some text or leave the option out`;
  if (/[\r\n]/.test(value)) return `${option} ${JSON.stringify(value)}: one line, please`;
  return undefined;
}
