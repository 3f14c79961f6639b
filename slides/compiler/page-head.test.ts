import { describe, expect, it } from 'vitest';
import { deckIndexHtml } from './deck-index.ts';
import { deckPageHtml, remotePageHtml } from './deck-page.ts';
import { pageHeadStart } from './page-head.ts';

describe('pageHeadStart', () => {
  it('opens a page: doctype, html, and the head up to the favicon, the head left open', () => {
    expect(pageHeadStart()).toBe(
      [
        '<!doctype html>',
        '<html>',
        '  <head>',
        '    <meta charset="utf-8" />',
        '    <meta name="viewport" content="width=device-width, initial-scale=1" />',
        '    <meta name="color-scheme" content="dark" />',
        '    <link rel="icon" href="data:," />',
        '',
      ].join('\n'),
    );
  });

  it('takes a language, a viewport and more meta in order, escaped', () => {
    const head = pageHeadStart({ lang: 'en', viewport: 'width=390', meta: [['theme-color', '#000'], ['x', 'a "b" & <c>']] });
    expect(head).toContain('<html lang="en">\n');
    expect(head).toContain('    <meta name="viewport" content="width=390" />\n    <meta name="color-scheme" content="dark" />\n    <meta name="theme-color" content="#000" />\n    <meta name="x" content="a &quot;b&quot; &amp; &lt;c>" />\n    <link rel="icon"');
  });

  it('is how every page the compiler writes begins', () => {
    expect(deckPageHtml({ entrySrc: './e.ts', fontPreloads: [] }).startsWith(pageHeadStart())).toBe(true);
    expect(deckIndexHtml([]).startsWith(pageHeadStart({ lang: 'en' }))).toBe(true);
    const remote = remotePageHtml({ entrySrc: './r.ts' });
    expect(remote.startsWith('<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8" />\n')).toBe(true);
    expect(remote).toContain('    <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />\n    <meta name="color-scheme" content="dark" />\n    <meta name="theme-color" content="#0f1218" />\n    <meta name="referrer" content="no-referrer" />\n    <link rel="icon" href="data:," />\n');
  });
});
