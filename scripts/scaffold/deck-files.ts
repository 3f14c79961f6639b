/**
 * The files of a new deck (`npm run new-deck`), as text: a deck.yaml and one starter
 * section with a title slide, a code slide walked through in steps, a live demo slide
 * and speaker notes on each, so the deck builds at once and shows each part of the slide
 * format to copy from. No page, entry or theme: the build generates the first two and the
 * shared theme styles everything (a deck may add its own `theme.css`). Pure.
 *
 * The demo slide shows `starterDemo` at its default params, whose recording is committed,
 * so the new deck's static build replays it with no server.
 */
import { stringify } from 'yaml';

/** starterDemo is the demo on the starter section's demo slide. */
export const starterDemo = 'ffi-overhead';

/** starterSection is the starter section's path inside the deck folder. */
export const starterSection = 'sections/01-start.md';

/** NewDeck says what the new deck is called and who gives it. */
export interface NewDeck {
  /** The folder name (checked by names.ts). */
  name: string;
  /** The talk's title; default the name in words ("my-talk" → "My talk"). */
  title?: string;
  author?: string;
}

/** titleOf is a deck's title: the one given, or its name in words. */
export function titleOf(deck: NewDeck): string {
  if (deck.title !== undefined) return deck.title;
  const words = deck.name.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** deckFiles maps each file of the new deck (path inside its folder) to its text. */
export function deckFiles(deck: NewDeck): Map<string, string> {
  const title = titleOf(deck);
  const manifest = {
    title,
    ...(deck.author !== undefined ? { author: deck.author } : {}),
    requireNotes: true,
    sections: [starterSection],
  };
  const yaml = `# The deck: its title, who gives it, the sections in order (docs/slide-format.md).\n${stringify(manifest)}`;
  return new Map([
    ['deck.yaml', yaml],
    [starterSection, starterSectionText(title, deck.author)],
  ]);
}

function starterSectionText(title: string, author: string | undefined): string {
  const byline = author === undefined ? '' : `\n<p class="byline">${escapeHtml(author)}</p>\n`;
  return `@slide title class=title
# ${escapeHtml(title)}
${byline}
@notes
Speaker notes go under @notes: press S during the talk to see them. Every slide of this
deck needs some (deck.yaml sets requireNotes). The format: docs/slide-format.md.

@slide code-walk
## A code walk-through

\`\`\`go {file="main.go" steps="3-4|7|all"}
package main

// int add(int a, int b) { return a + b; }
import "C"

func main() {
	println(C.add(1, 2))
}
\`\`\`

@notes
Each step of steps="3-4|7|all" is one press of the right arrow: it lights those lines and
dims the others. Code is highlighted when the deck is built.

@slide demo live
## Live: ns per call, language by language

@demo ${starterDemo}

@notes
A live demo: with a demo server (npm start) the speaker's Run measures it on this machine;
without one, the slide replays the committed recording and says where and when it was made.
npm run demo -- --list names every demo and its params.
`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
