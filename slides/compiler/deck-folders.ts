/**
 * The decks of a checkout and where each one's build goes. A deck is a folder of
 * `slides/` holding a `deck.yaml` (slides/compiler, slides/runtime and slides/shared-theme
 * hold none). The flagship's build is the site's root, `dist/`, so `npm start`, the tests
 * and `npm run bench:deck` find it where they always did; every other deck goes to
 * `dist/<deck>/`, and `dist/decks/index.html` lists them all.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDeckManifest } from './parse-manifest.ts';
import { parseSection } from './parse-section.ts';

/** flagshipDeck is the deck built at the site's root. */
export const flagshipDeck = 'why-cgo-is-slow';

/** deckIndexFolder is the folder of the built site that lists every deck. */
export const deckIndexFolder = 'decks';

/** findDecks lists the decks in `decksDir` (folders with a deck.yaml), the flagship first, then by name. */
export function findDecks(decksDir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(decksDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(decksDir, entry.name, 'deck.yaml')))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
  return entries.sort((a, b) => Number(b === flagshipDeck) - Number(a === flagshipDeck) || a.localeCompare(b));
}

/** deckOutPath is where a deck's build goes inside the site: "" for the flagship, else its name. */
export function deckOutPath(name: string): string {
  return name === flagshipDeck ? '' : name;
}

/** DeckSummary is what the deck list shows of a deck. */
export interface DeckSummary {
  name: string;
  title: string;
  author?: string;
  event?: string;
  /** Horizontal slides (the slide numbers) and sub-slides under them. */
  slides: number;
  subSlides: number;
  /** The demo ids its slides use, sorted. */
  demos: string[];
}

/**
 * describeDeck reads a deck's deck.yaml and sections for the deck list. It does not
 * render anything (the build does, and reports mistakes with file:line); a file that is
 * missing here simply counts no slides.
 */
export function describeDeck(decksDir: string, name: string): DeckSummary {
  const deckDir = join(decksDir, name);
  const manifestFile = join(deckDir, 'deck.yaml');
  const manifest = parseDeckManifest(readFileSync(manifestFile, 'utf8'), manifestFile);
  let slides = 0;
  let subSlides = 0;
  const demos = new Set<string>();
  for (const section of manifest.sections) {
    const file = join(deckDir, section.path);
    if (!existsSync(file)) continue;
    for (const slide of parseSection(readFileSync(file, 'utf8'), file).slides) {
      if (slide.kind === 'slide') slides += 1;
      else subSlides += 1;
      for (const embed of slide.embeds) if (embed.kind === 'demo') demos.add(embed.demo);
    }
  }
  return {
    name,
    title: manifest.title,
    ...(manifest.author !== undefined ? { author: manifest.author } : {}),
    ...(manifest.event !== undefined ? { event: manifest.event } : {}),
    slides,
    subSlides,
    demos: [...demos].sort(),
  };
}
