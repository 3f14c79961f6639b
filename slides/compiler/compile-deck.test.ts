import { beforeAll, describe, expect, it } from 'vitest';
import { compileDeck, deckSlidesOf } from './compile-deck.ts';
import { z } from 'zod';
import { paramProblems } from '../../demos/param-problems.ts';
import { DeckBuildError, formatIssue } from './errors.ts';
import { createCodeHighlighter, type CodeHighlighter } from './highlighter.ts';
import { createMemorySource } from './fixtures/memory-source.ts';

let highlighter: CodeHighlighter;
beforeAll(async () => {
  highlighter = await createCodeHighlighter();
}, 60_000);

const manifest = 'title: Test deck\nauthor: Someone\nrequireNotes: true\nsections:\n  - sections/one.md\n';

function compile(files: Record<string, string>) {
  return compileDeck({
    deckDir: 'deck',
    demosDir: 'demos',
    source: createMemorySource({ 'deck/deck.yaml': manifest, 'demos/ffi-overhead/manifest.ts': '', ...files }),
    highlighter,
  });
}

function errorsOf(files: Record<string, string>): string[] {
  try {
    compile(files);
  } catch (error) {
    if (error instanceof DeckBuildError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected the deck not to build');
}

describe('compileDeck', () => {
  it('renders slides, stacks, badges, notes, demos, includes and code', () => {
    const deck = compile({
      'deck/sections/one.md': [
        '@slide intro class=title',
        '# Why cgo is slow',
        '@notes',
        'Hello **room**.',
        '@slide cost',
        '## Cost',
        '```go {file="x.go" steps="2|all" numbers}',
        'package main',
        'func f() {}',
        '```',
        '@include ../pictures/p.svg',
        '@notes',
        'n',
        '@sub cost-live live since-2018',
        '@demo ffi-overhead {"n": "it\'s"}',
        '@notes',
        'live notes',
      ].join('\n'),
      'deck/pictures/p.svg': '<?xml version="1.0"?>\n<svg viewBox="0 0 10 10"><text>stack</text></svg>',
    });
    expect(deck.outline.map((s) => [s.id, s.h, s.v])).toEqual([
      ['intro', 1, 0],
      ['cost', 2, 0],
      ['cost-live', 2, 1],
    ]);
    expect(deck.html).toContain('<section id="intro" class="title" data-title="Why cgo is slow" data-source="deck/sections/one.md:1">');
    expect(deck.html).toContain('<aside class="notes">\n<p>Hello <strong>room</strong>.</p>\n</aside>');
    expect(deck.html).toMatch(/<section class="stack">\n<section id="cost"[\s\S]*<section id="cost-live" class="since-2018 live has-demo"/);
    expect(deck.html).toContain('<span class="badge badge-since-2018">Since 2018</span><span class="badge badge-live">Live demo</span>');
    expect(deck.html).toContain(`<div class="demo" data-demo="ffi-overhead" data-params='{&quot;n&quot;:&quot;it&#39;s&quot;}'></div>`);
    expect(deck.html).toContain('<figure class="picture"><svg viewBox="0 0 10 10"><text>stack</text></svg></figure>');
    expect(deck.html).not.toContain('<?xml');
    expect(deck.html).toContain('<div class="code-file">x.go</div>');
    expect(deck.html).toMatch(/class="code-block numbers has-steps" data-lang="go"/);
    expect(deck.html).toContain('<span class="line" data-line="2">');
    expect(deck.html).toContain('<span class="fragment code-step" data-lines="2"></span><span class="fragment code-step" data-lines="all"></span>');
    expect(deck.files).toEqual(['deck/deck.yaml', 'deck/sections/one.md', 'deck/pictures/p.svg']);
    // slides.json: Reveal's indices (h from 0), titles, notes as HTML, each demo with its params.
    expect(deckSlidesOf(deck)).toEqual({
      format: 1,
      title: 'Test deck',
      slides: [
        { h: 0, v: 0, id: 'intro', title: 'Why cgo is slow', notesHtml: '<p>Hello <strong>room</strong>.</p>', demos: [] },
        { h: 1, v: 0, id: 'cost', title: 'Cost', notesHtml: '<p>n</p>', demos: [] },
        { h: 1, v: 1, id: 'cost-live', title: 'cost-live', notesHtml: '<p>live notes</p>', demos: [{ demo: 'ffi-overhead', params: { n: "it's" } }] },
      ],
    });
  });

  it('highlights every language the talk needs', () => {
    for (const lang of ['go', 'c', 'asm', 'x86', 'bash', 'sh', 'shell', 'console', 'text', 'java', 'rust', 'lua', 'js', 'ts', 'python', 'json', 'yaml', 'diff']) {
      expect(() => highlighter.highlight('x', lang), lang).not.toThrow();
    }
    const go = highlighter.highlight('func main() {}', 'go');
    expect(go.lines[0]?.some((t) => t.color !== undefined && t.color.toLowerCase() !== go.fg.toLowerCase())).toBe(true);
  });

  it('highlights the languages a deck adds in deck.yaml, and names one shiki does not know at its line', async () => {
    const own = await createCodeHighlighter();
    expect(() => own.highlight('fun main() {}', 'kotlin')).toThrow(/unknown code language "kotlin"/);
    expect(await own.load!(['kotlin', 'klingon'])).toEqual(['klingon']);
    const withKotlin = (languages: string) =>
      compileDeck({
        deckDir: 'deck',
        demosDir: 'demos',
        source: createMemorySource({
          'deck/deck.yaml': `title: T\nlanguages: [${languages}]\nsections:\n  - one.md\n`,
          'deck/one.md': '@slide k\n```kotlin\nfun main() {}\n```\n',
        }),
        highlighter: own,
      });
    const deck = withKotlin('kotlin');
    expect(deck.html).toContain('data-lang="kotlin"');
    expect(deck.html).toMatch(/<span style="color:#[0-9a-fA-F]{6}">fun<\/span>/);
    expect(() => withKotlin('kotlin, klingon')).toThrow('deck/deck.yaml:2: languages: "klingon" is not a code language the highlighter (shiki) knows');
  }, 60_000);

  it('includes SVG from the deck folder too, Markdown rendered and source files as code', () => {
    const deck = compile({
      'deck/sections/one.md': '@slide a\n@include pictures/p.svg\n@include ../snippets/intro.md\n@include ../snippets/x.c\n@notes\nn',
      'deck/pictures/p.svg': '<svg><text>p</text></svg>',
      'deck/snippets/intro.md': 'Some *emphasis*.',
      'deck/snippets/x.c': 'int add(int a, int b) { return a + b; }\n',
    });
    expect(deck.html).toContain('<figure class="picture"><svg><text>p</text></svg></figure>');
    expect(deck.html).toContain('<p>Some <em>emphasis</em>.</p>');
    expect(deck.html).toMatch(/<div class="code-block" data-lang="c"[^>]*><div class="code-file">x\.c<\/div>/);
  });

  it('rewrites image paths from the section file to the deck folder', () => {
    const deck = compile({ 'deck/sections/one.md': '@slide a\n![gopher](../pictures/g.png)\n@notes\nn', 'deck/pictures/g.png': 'x' });
    expect(deck.html).toContain('<img src="./pictures/g.png" alt="gopher">');
  });

  it('names file and line for each author mistake, all at once', () => {
    const errors = errorsOf({
      'deck/sections/one.md': [
        '@slide a', // 1
        '@demo no-such-demo', // 2
        '@include ../pictures/missing.svg', // 3
        '```cobol', // 4
        'x', // 5
        '```', // 6
        '```go {steps="9"}', // 7
        'x', // 8
        '```', // 9
        '@slide a', // 10
        '@notes', // 11
        'n', // 12
      ].join('\n'),
    });
    expect(errors).toEqual([
      expect.stringMatching(/^deck\/sections\/one\.md:1: slide "a" has no @notes/),
      expect.stringMatching(/^deck\/sections\/one\.md:2: unknown demo "no-such-demo" \(no demos\/no-such-demo\/manifest\.ts; known: ffi-overhead\)/),
      'deck/sections/one.md:3: @include: file not found: ../pictures/missing.svg',
      expect.stringMatching(/^deck\/sections\/one\.md:4: unknown code language "cobol"/),
      expect.stringMatching(/^deck\/sections\/one\.md:7: steps="9": line 9 is outside the block/),
      'deck/sections/one.md:10: duplicate slide id "a" (first used at deck/sections/one.md:1)',
    ]);
  });

  it('reports a section listed in deck.yaml that does not exist at its deck.yaml line', () => {
    expect(errorsOf({})).toEqual(['deck/deck.yaml:5: section file not found: sections/one.md (looked for deck/sections/one.md)']);
  });

  it('reports invalid @demo JSON and empty notes', () => {
    expect(errorsOf({ 'deck/sections/one.md': '@slide a\n@demo ffi-overhead {oops}\n@notes\n\n' })).toEqual([
      'deck/sections/one.md:1: slide "a" has an empty @notes',
      expect.stringMatching(/^deck\/sections\/one\.md:2: @demo ffi-overhead: invalid JSON params: /),
    ]);
  });

  it('refuses a hand-written page or entry: the build generates them and would ignore these', () => {
    const ok = { 'deck/sections/one.md': '@slide a\n# A\n@notes\nn\n' };
    expect(() => compile(ok)).not.toThrow();
    const why = "not used: a deck's page and entry are generated from deck.yaml (its own styles go in theme.css)";
    expect(errorsOf({ ...ok, 'deck/index.html': '<html>', 'deck/main.ts': '', 'deck/main.js': '', 'deck/theme.css': '' })).toEqual([
      `deck/index.html: ${why}; remove index.html`,
      `deck/main.ts: ${why}; remove main.ts`,
      `deck/main.js: ${why}; remove main.js`,
    ]);
  });

  it('checks each @demo line’s params against its demo’s schema, at the line', () => {
    const schema = z.object({ n: z.number().int().max(20).default(5), mode: z.enum(['go', 'c']).default('go') });
    const checked: string[] = [];
    const checkDemoParams = (demo: string, params: Record<string, unknown>): string[] | undefined => {
      checked.push(demo);
      return demo === 'ffi-overhead' ? paramProblems(schema, params) : undefined;
    };
    const section = ['@slide a', '@demo ffi-overhead {"n": 21}', '@demo ffi-overhead {"n": 20, "mode": "c"}', '@demo ffi-overhead {"nn": 3}', '@demo other {"n": 99}', '@notes', 'n'].join('\n');
    const files = { 'deck/sections/one.md': section, 'demos/other/manifest.ts': '' };
    let message = '';
    try {
      compileDeck({ deckDir: 'deck', demosDir: 'demos', source: createMemorySource({ 'deck/deck.yaml': manifest, 'demos/ffi-overhead/manifest.ts': '', ...files }), highlighter, checkDemoParams });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'deck/sections/one.md:2: @demo ffi-overhead: n: Too big: expected number to be <=20',
      'deck/sections/one.md:4: @demo ffi-overhead: nn: unknown parameter (known: n, mode)',
    ]);
    // A demo whose schema is not known is left to the run; an unknown demo is its own error.
    expect(checked).toEqual(['ffi-overhead', 'ffi-overhead', 'ffi-overhead', 'other']);
  });

  it('warns about a section file deck.yaml does not list, naming it, and builds', () => {
    const deck = compile({
      'deck/sections/one.md': '@slide a\n# A\n@include two-part.md\n@notes\nn',
      'deck/sections/two-part.md': 'included text',
      'deck/sections/zz-draft.md': '@slide draft\n# Draft',
      'deck/sections/notes.txt': 'not a section',
      'deck/pictures/other.md': 'not beside a section',
    });
    expect(deck.outline.map((slide) => slide.id)).toEqual(['a']);
    expect(deck.warnings.map(formatIssue)).toEqual(['deck/sections/zz-draft.md: not in the deck: deck/deck.yaml does not list it under sections:']);
  });

  it('has no warnings when every section is listed', () => {
    expect(compile({ 'deck/sections/one.md': '@slide a\n# A\n@notes\nn' }).warnings).toEqual([]);
  });

  it('says a deck without deck.yaml has none', () => {
    expect(() => compileDeck({ deckDir: 'deck', demosDir: 'demos', source: createMemorySource({}), highlighter })).toThrow(new DeckBuildError([{ file: 'deck/deck.yaml', line: 0, message: 'deck manifest not found' }]));
  });

  it('says a section without slides has none, unless it already said what is wrong with it', () => {
    expect(errorsOf({ 'deck/sections/one.md': '\n\n' })).toEqual(['deck/sections/one.md:1: section has no slides (start one with "@slide <id>")']);
    expect(errorsOf({ 'deck/sections/one.md': 'text\n' })).toEqual(['deck/sections/one.md:1: content before the first @slide (start the file with "@slide <id>")']);
  });

  it('does not call two slides without an id duplicates', () => {
    expect(errorsOf({ 'deck/sections/one.md': '@slide\n@notes\nn\n@slide\n@notes\nn\n' })).toEqual([
      'deck/sections/one.md:1: @slide needs an id: "@slide my-slide-id"',
      'deck/sections/one.md:4: @slide needs an id: "@slide my-slide-id"',
    ]);
  });

  it('knows the demos that have a manifest, and lists them in order', () => {
    const errors = compileDeckErrors({
      'deck/deck.yaml': 'title: T\nsections: [sections/one.md]\n',
      'deck/sections/one.md': '@slide a\n@demo b-demo\n@demo no-manifest\n',
      'demos/b-demo/manifest.ts': '',
      'demos/a-demo/manifest.ts': '',
      'demos/no-manifest/widget.ts': '',
    });
    expect(errors).toEqual([expect.stringMatching(/^deck\/sections\/one\.md:3: unknown demo "no-manifest" \(no demos\/no-manifest\/manifest\.ts; known: a-demo, b-demo\)/)]);
  });

  it('reports a @sub before any @slide instead of failing on it', () => {
    expect(errorsOf({ 'deck/sections/one.md': '@sub a\n@notes\nn\n' })).toEqual(['deck/sections/one.md:1: @sub needs a @slide before it in the same file']);
  });

  it('asks for notes only where deck.yaml requires them', () => {
    const deck = compileDeck({ deckDir: 'deck', demosDir: 'demos', highlighter, source: createMemorySource({ 'deck/deck.yaml': 'title: T\nsections: [sections/one.md]\n', 'deck/sections/one.md': '@slide a\n# A\n' }) });
    expect(deck.outline.map((s) => s.id)).toEqual(['a']);
  });

  it('stacks a slide with its sub-slides, and leaves a slide alone', () => {
    const deck = compile({ 'deck/sections/one.md': '@slide a\n@notes\nn\n@sub b\n@notes\nn\n@slide c\n@notes\nn\n' });
    expect(deck.html.startsWith('<section class="stack">\n<section id="a"')).toBe(true);
    expect(deck.html).toContain('</section>\n<section id="b"');
    expect(deck.html).toMatch(/<\/section>\n<\/section>\n<section id="c"/);
    expect(deck.html.match(/class="stack"/g)).toHaveLength(1);
  });

  it('lists issues file by file in the order the files came, then by line', () => {
    const errors = compileDeckErrors({
      'deck/deck.yaml': 'title: T\nsections:\n  - sections/one.md\n  - sections/two.md\n',
      'deck/sections/one.md': '@slide a\n@notes\nn\n\n\n\n\n\n@bogus\n',
    });
    expect(errors.map((line) => line.split(': ')[0])).toEqual(['deck/sections/one.md:9', 'deck/deck.yaml:4']);
  });
});

function compileDeckErrors(files: Record<string, string>): string[] {
  try {
    compileDeck({ deckDir: 'deck', demosDir: 'demos', source: createMemorySource(files), highlighter });
  } catch (error) {
    if (error instanceof DeckBuildError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected the deck not to build');
}
