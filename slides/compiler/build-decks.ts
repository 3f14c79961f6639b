/**
 * buildDecks: every deck of a decks folder built side by side into one site, one Vite
 * build each (so each deck's folder holds only its own chunks and recordings and can be
 * published alone): the flagship at the site's root, every other deck in `<deck>/`
 * (deck-folders.ts), then `decks/index.html` listing them all.
 *
 * Building only some decks leaves the others' output as it was: the flagship's build
 * clears the site's root but keeps the other decks' folders.
 */
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { deckIndexFolder, deckOutPath, describeDeck, findDecks, flagshipDeck } from './deck-folders.ts';
import { deckIndexHtml, type DeckListing } from './deck-index.ts';
import { deckViteConfig } from './deck-vite-config.ts';

/** BuildDecksOptions say what to build and where (paths absolute or relative to `rootDir`). */
export interface BuildDecksOptions {
  rootDir: string;
  /** The folder of deck folders; default `<rootDir>/slides`. */
  decksDir?: string;
  /** The site; default `<rootDir>/dist`. */
  outDir?: string;
  /** Only these decks (names); default every deck. */
  only?: readonly string[];
  demosDir?: string;
  recordingsDir?: string;
  /** Vite's log level; default "warn". */
  logLevel?: 'info' | 'warn' | 'error' | 'silent';
  /** Told when each deck starts and ends. */
  onDeck?: (event: { deck: string; outDir: string; phase: 'start' } | DeckBuildResult & { phase: 'end' }) => void;
}

/** DeckBuildResult is one deck's build: where it went, its size and how long it took. */
export interface DeckBuildResult {
  deck: string;
  outDir: string;
  bytes: number;
  files: number;
  durationMs: number;
}

/** UnknownDeckError names decks asked for that the decks folder does not have. */
export class UnknownDeckError extends Error {
  constructor(readonly names: string[], readonly known: string[]) {
    super(`no such deck: ${names.join(', ')} (decks: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownDeckError';
  }
}

/** buildDecks builds the decks and the deck list; rejects with the first deck's build error. */
export async function buildDecks(options: BuildDecksOptions): Promise<{ decks: DeckBuildResult[]; indexFile: string }> {
  const rootDir = resolve(options.rootDir);
  const decksDir = resolve(rootDir, options.decksDir ?? 'slides');
  const siteDir = resolve(rootDir, options.outDir ?? 'dist');
  const all = findDecks(decksDir);
  const unknown = (options.only ?? []).filter((name) => !all.includes(name));
  if (unknown.length > 0) throw new UnknownDeckError(unknown, all);
  const chosen = options.only ? all.filter((name) => options.only?.includes(name)) : all;
  const results: DeckBuildResult[] = [];
  for (const deck of chosen) {
    const outDir = join(siteDir, deckOutPath(deck));
    options.onDeck?.({ deck, outDir, phase: 'start' });
    const started = performance.now();
    if (deck === flagshipDeck) await clearSiteRoot(siteDir, all);
    const config = deckViteConfig({
      rootDir,
      deckDir: join(decksDir, deck),
      outDir,
      ...(options.demosDir ? { demosDir: options.demosDir } : {}),
      ...(options.recordingsDir ? { recordingsDir: options.recordingsDir } : {}),
    });
    // The flagship's folder is the site: emptying it would take the other decks along.
    await build({ ...config, configFile: false, logLevel: options.logLevel ?? 'warn', build: { ...config.build, emptyOutDir: deck !== flagshipDeck } });
    const size = await folderSize(outDir, deck === flagshipDeck ? new Set([...all.filter((name) => name !== flagshipDeck), deckIndexFolder]) : new Set());
    const result = { deck, outDir, ...size, durationMs: performance.now() - started };
    results.push(result);
    options.onDeck?.({ ...result, phase: 'end' });
  }
  const listings: DeckListing[] = all.map((name) => ({ ...describeDeck(decksDir, name), outPath: deckOutPath(name) }));
  const indexFile = join(siteDir, deckIndexFolder, 'index.html');
  await mkdir(join(siteDir, deckIndexFolder), { recursive: true });
  await writeFile(indexFile, deckIndexHtml(listings));
  return { decks: results, indexFile };
}

/** clearSiteRoot empties the site's root for the flagship's build, keeping the other decks' folders. */
async function clearSiteRoot(siteDir: string, decks: readonly string[]): Promise<void> {
  let names: string[];
  try {
    names = await readdir(siteDir);
  } catch {
    return;
  }
  const keep = new Set(decks.filter((name) => name !== flagshipDeck));
  for (const name of names) if (!keep.has(name)) await rm(join(siteDir, name), { recursive: true, force: true });
}

/** folderSize adds up a folder's files, leaving out the top-level folders in `skip` (other decks in the site's root). */
export async function folderSize(dir: string, skip: ReadonlySet<string> = new Set()): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const top = path.slice(dir.length + 1).split('/')[0] ?? '';
    if (skip.has(top) && path.slice(dir.length + 1).includes('/')) continue;
    bytes += (await stat(path)).size;
    files += 1;
  }
  return { bytes, files };
}
