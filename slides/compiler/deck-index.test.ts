import { describe, expect, it } from 'vitest';
import { deckIndexHtml } from './deck-index.ts';

describe('deckIndexHtml', () => {
  const html = deckIndexHtml([
    { name: 'why-cgo-is-slow', title: 'Why cgo is slow', author: 'Filippo Valsorda', event: 'CapitalGo 2018', slides: 53, subSlides: 30, demos: ['ffi-overhead', 'go-releases'], outPath: '' },
    { name: 'lightning', title: 'cgo <fast>', slides: 1, subSlides: 0, demos: [], outPath: 'lightning' },
  ]);

  it('links each deck relative to dist/decks/: the flagship at the root, the others in their folders', () => {
    const links = [...html.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['../', 'Why cgo is slow'],
      ['../lightning/', 'cgo &lt;fast&gt;'],
    ]);
  });

  it('says who, how long and which demos', () => {
    expect(html).toContain('<span class="by">Filippo Valsorda · CapitalGo 2018</span>');
    expect(html).toContain('53 slides + 30 sub-slides · 2 demos: ffi-overhead, go-releases');
    expect(html).toContain('1 slide · no demos');
    expect(html).toContain('<code>/lightning/</code>');
    expect(html.match(/<span class="by">/g)).toHaveLength(1);
  });

  it('is a page of its own: no script, nothing fetched', () => {
    expect(html).not.toMatch(/<script|<link rel="stylesheet"|src=/);
    expect(html).toContain('<title>Decks</title>');
  });
});
