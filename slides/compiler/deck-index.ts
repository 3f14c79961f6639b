/**
 * deckIndexHtml: the page that lists every deck of the built site (`dist/decks/index.html`):
 * each deck's title, author, size and demos, linking to it. Pure. Links are relative to
 * the page (`../` for the flagship at the site's root, `../<deck>/` for the others), so
 * the site works from any folder of any static server, as the decks do. Self-contained:
 * its few styles are inline, no script, no font to fetch.
 */
import type { DeckSummary } from './deck-folders.ts';
import { pageHeadStart } from './page-head.ts';

/** DeckListing is a deck as the list shows it: its summary and its folder in the site ("" = the root). */
export interface DeckListing extends DeckSummary {
  outPath: string;
}

/** deckIndexHtml is the list page of `decks` in the order given. */
export function deckIndexHtml(decks: readonly DeckListing[]): string {
  const items = decks.map((deck) => {
    const href = deck.outPath === '' ? '../' : `../${deck.outPath}/`;
    const by = [deck.author, deck.event].filter((part) => part !== undefined).join(' · ');
    const size = `${deck.slides} slide${deck.slides === 1 ? '' : 's'}${deck.subSlides > 0 ? ` + ${deck.subSlides} sub-slides` : ''}`;
    const demos = deck.demos.length === 0 ? 'no demos' : `${deck.demos.length} demo${deck.demos.length === 1 ? '' : 's'}: ${deck.demos.join(', ')}`;
    return `    <li data-deck="${escape(deck.name)}">
      <a href="${escape(href)}">${escape(deck.title)}</a>
      ${by === '' ? '' : `<span class="by">${escape(by)}</span>\n      `}<span class="facts">${escape(size)} · ${escape(demos)}</span>
      <code>${escape(href === '../' ? '/' : `/${deck.outPath}/`)}</code>
    </li>`;
  });
  return `${pageHeadStart({ lang: 'en' })}    <title>Decks</title>
    <style>
      body { margin: 0; padding: 2rem; background: #111418; color: #f2f4f8; font: 20px/1.45 system-ui, sans-serif; }
      main { max-width: 48rem; margin: 0 auto; }
      h1 { font-size: 2rem; margin: 0 0 1rem; }
      ul { list-style: none; margin: 0; padding: 0; }
      li { display: flex; flex-direction: column; gap: 0.2rem; padding: 1rem 0; border-top: 1px solid #333a44; }
      a { color: #5fd4ff; font-size: 1.5rem; font-weight: 700; }
      .by { font-weight: 600; }
      .facts, code { color: #b6bfcc; font-size: 1rem; overflow-wrap: anywhere; }
    </style>
  </head>
  <body>
    <main>
      <h1>Decks</h1>
      <ul>
${items.join('\n')}
      </ul>
    </main>
  </body>
</html>
`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
