/**
 * The opening every page the slide compiler writes shares (a deck's page and its phone
 * remote, deck-page.ts; the list of decks, deck-index.ts): the doctype, `<html>`, and the
 * head's first lines: UTF-8, the viewport, the dark colour scheme the shared theme is
 * drawn in, and an empty favicon so that no browser asks the server for /favicon.ico.
 * Written once so the pages cannot drift apart. Pure.
 */

/** PageHeadOptions say how one page's opening differs from the others'. */
export interface PageHeadOptions {
  /** `<html lang>`; absent when something fills it in later (the slide compiler, from deck.yaml). */
  lang?: string;
  /** The viewport meta's content. */
  viewport?: string;
  /** More `<meta name content>` pairs, in order, after the colour scheme. */
  meta?: ReadonlyArray<readonly [name: string, content: string]>;
}

/** defaultViewport fits the page to the device's width at its own scale. */
export const defaultViewport = 'width=device-width, initial-scale=1';

/**
 * pageHeadStart is a page's text from `<!doctype html>` to the favicon link, the head
 * still open, each line indented as the pages indent theirs and ending in a newline.
 */
export function pageHeadStart(options: PageHeadOptions = {}): string {
  const html = options.lang === undefined ? '<html>' : `<html lang="${escapeAttribute(options.lang)}">`;
  const meta = [['viewport', options.viewport ?? defaultViewport], ['color-scheme', 'dark'], ...(options.meta ?? [])];
  return [
    '<!doctype html>',
    html,
    '  <head>',
    '    <meta charset="utf-8" />',
    ...meta.map(([name, content]) => `    <meta name="${escapeAttribute(name)}" content="${escapeAttribute(content)}" />`),
    '    <link rel="icon" href="data:," />',
    '',
  ].join('\n');
}

/** escapeAttribute makes text safe inside a double-quoted attribute value. */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
