/**
 * A deck's demos, looked up by the deck's name: which decks there are, which one a name
 * means, and which decks use each demo. A deck's use of a demo comes from its `@demo`
 * lines (a manifest says nothing about slides: a demo can be on any deck, at any place).
 */
import { join } from 'node:path';
import { describeDeck, findDecks } from '../../slides/compiler/deck-folders.ts';

/** UnknownDeckError says a name names no deck, and which decks there are. */
export class UnknownDeckError extends Error {
  constructor(
    readonly deck: string,
    readonly known: readonly string[],
  ) {
    super(`no deck named ${JSON.stringify(deck)} (decks: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownDeckError';
  }
}

/**
 * deckDirOf is the folder of the deck `name` in `slidesDir`; throws UnknownDeckError for
 * a name that is not one of its decks (a path such as `../x` never is).
 */
export function deckDirOf(slidesDir: string, name: string): string {
  const decks = findDecks(slidesDir);
  if (!decks.includes(name)) throw new UnknownDeckError(name, decks);
  return join(slidesDir, name);
}

/** decksUsing maps each demo id to the decks whose `@demo` lines use it (a deck that does not parse uses none). */
export function decksUsing(slidesDir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const deck of findDecks(slidesDir)) {
    let demos: string[];
    try {
      demos = describeDeck(slidesDir, deck).demos;
    } catch {
      continue;
    }
    for (const demo of demos) out.set(demo, [...(out.get(demo) ?? []), deck]);
  }
  return out;
}
