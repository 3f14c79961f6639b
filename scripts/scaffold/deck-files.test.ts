/** The starter deck's files compile as they are: every part of the format they show works. */
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileDeck } from '../../slides/compiler/compile-deck.ts';
import { createMemorySource } from '../../slides/compiler/fixtures/memory-source.ts';
import { createCodeHighlighter, type CodeHighlighter } from '../../slides/compiler/highlighter.ts';
import { deckFiles, starterDemo, titleOf } from './deck-files.ts';

let highlighter: CodeHighlighter;
beforeAll(async () => {
  highlighter = await createCodeHighlighter();
}, 60_000);

function compile(files: Map<string, string>) {
  const source: Record<string, string> = { [`demos/${starterDemo}/manifest.ts`]: '' };
  for (const [path, text] of files) source[`slides/talk/${path}`] = text;
  return compileDeck({ deckDir: 'slides/talk', demosDir: 'demos', source: createMemorySource(source), highlighter });
}

describe('deckFiles', () => {
  it('writes deck.yaml and one starter section, and nothing the build generates', () => {
    const files = deckFiles({ name: 'talk', title: 'A talk', author: 'Ann' });
    expect([...files.keys()]).toEqual(['deck.yaml', 'sections/01-start.md']);
    expect(parse(files.get('deck.yaml') ?? '')).toEqual({ title: 'A talk', author: 'Ann', requireNotes: true, sections: ['sections/01-start.md'] });
  });

  it('compiles to a title slide, a code walk-through in steps and a live demo, each with notes', () => {
    const deck = compile(deckFiles({ name: 'talk', title: 'A talk', author: 'Ann' }));
    expect(deck.outline.map((slide) => [slide.id, slide.title, slide.live, slide.demos])).toEqual([
      ['title', 'A talk', false, []],
      ['code-walk', 'A code walk-through', false, []],
      ['demo', 'Live: ns per call, language by language', true, [starterDemo]],
    ]);
    expect(deck.outline.every((slide) => slide.notesText.length > 40)).toBe(true);
    expect(deck.html).toContain('<p class="byline">Ann</p>');
    expect(deck.html.match(/class="fragment code-step" data-lines="[^"]*"/g)).toEqual([
      'class="fragment code-step" data-lines="3-4"',
      'class="fragment code-step" data-lines="7"',
      'class="fragment code-step" data-lines="all"',
    ]);
    expect(deck.manifest.title).toBe('A talk');
  });

  it('keeps a title and author as text, never as markup or YAML', () => {
    const files = deckFiles({ name: 'talk', title: 'Go & C: <b>fast</b>? #1', author: '"Ann": @ann' });
    expect(parse(files.get('deck.yaml') ?? '')).toMatchObject({ title: 'Go & C: <b>fast</b>? #1', author: '"Ann": @ann' });
    const deck = compile(files);
    expect(deck.html).toContain('Go &amp; C: &lt;b&gt;fast&lt;/b&gt;? #1</h1>');
    expect(deck.html).toContain('<p class="byline">&quot;Ann&quot;: @ann</p>');
  });

  it('titles a deck by its name when no title is given, and leaves out the byline without an author', () => {
    expect(titleOf({ name: 'my-first-talk' })).toBe('My first talk');
    const files = deckFiles({ name: 'my-first-talk' });
    expect(parse(files.get('deck.yaml') ?? '')).toEqual({ title: 'My first talk', requireNotes: true, sections: ['sections/01-start.md'] });
    const deck = compile(files);
    expect(deck.html).toContain('<h1>My first talk</h1>');
    expect(deck.html).not.toContain('byline');
  });
});
