import { describe, expect, it } from 'vitest';
import { DeckBuildError } from './errors.ts';
import { parseDeckManifest } from './parse-manifest.ts';

const file = 'deck/deck.yaml';

function issuesOf(text: string): string[] {
  try {
    parseDeckManifest(text, file);
  } catch (error) {
    if (error instanceof DeckBuildError) return error.message.split('\n');
    throw error;
  }
  return [];
}

describe('parseDeckManifest', () => {
  it('reads a manifest', () => {
    const manifest = parseDeckManifest('title: T\nauthor: A\nrequireNotes: true\nsections:\n  - sections/a.md\n  - sections/b.md\n', file);
    expect(manifest).toEqual({
      title: 'T',
      author: 'A',
      lang: 'en',
      requireNotes: true,
      sections: [
        { path: 'sections/a.md', line: 5 },
        { path: 'sections/b.md', line: 6 },
      ],
      languages: [],
    });
  });

  it('reads the code languages a deck adds, each with its line', () => {
    const manifest = parseDeckManifest('title: T\nlanguages:\n  - Kotlin\n  - swift\nsections: [a.md]\n', file);
    expect(manifest.languages).toEqual([
      { name: 'kotlin', line: 3 },
      { name: 'swift', line: 4 },
    ]);
    expect(parseDeckManifest('title: T\nlanguages: [zig]\nsections: [a.md]\n', file).languages).toEqual([{ name: 'zig', line: 2 }]);
    expect(issuesOf('title: T\nlanguages: kotlin\nsections: [a.md]\n')).toEqual(['deck/deck.yaml:2: languages must be a list of code language names, e.g. [kotlin, swift]']);
    expect(issuesOf('title: T\nlanguages:\n  - go\n  - {a: 1}\n  - "../x"\nsections: [a.md]\n')).toEqual([
      'deck/deck.yaml:4: each language must be a name such as kotlin',
      'deck/deck.yaml:5: each language must be a name such as kotlin',
    ]);
  });

  it('reports invalid YAML with its line', () => {
    expect(issuesOf('title: T\nsections:\n  - a.md\n - b: [\n')).toEqual([expect.stringMatching(/^deck\/deck\.yaml:4: invalid YAML/)]);
  });

  it('reports missing and wrong fields with their lines', () => {
    expect(issuesOf('title: T\nsection:\n  - a.md\nrequireNotes: yes please\n')).toEqual([
      'deck/deck.yaml:2: unknown key "section" (known: title, author, event, lang, requireNotes, languages, sections)',
      'deck/deck.yaml:4: requireNotes must be true or false',
      'deck/deck.yaml:1: missing "sections:" (the section files in order)',
    ]);
    expect(issuesOf('title: T\nsections:\n  - a.md\n  - a.md\n')).toEqual(['deck/deck.yaml:4: section a.md is listed twice (first at line 3)']);
  });
});

describe('parseDeckManifest, rule by rule', () => {
  it('defaults: English, notes not required, no author or event', () => {
    expect(parseDeckManifest('title: T\nsections: [a.md]\n', file)).toStrictEqual({ title: 'T', lang: 'en', requireNotes: false, languages: [], sections: [{ path: 'a.md', line: 2 }] });
    expect(parseDeckManifest('title: T\nevent: E\nlang: de\nsections: [a.md]\n', file)).toMatchObject({ event: 'E', lang: 'de' });
  });

  it('words a YAML error as its first line, without the place the line number already gives', () => {
    const sections = Array.from({ length: 8 }, (_, i) => `  - s${i}.md`).join('\n');
    expect(issuesOf(`title: T\nsections:\n${sections}\n - b: [\n`)).toEqual(['deck/deck.yaml:11: invalid YAML: A block sequence may not be used as an implicit map key']);
  });

  it('wants a mapping, whatever else the file holds', () => {
    const why = 'deck.yaml must be a mapping (title:, sections: …)';
    expect(issuesOf('just text\n')).toEqual([`deck/deck.yaml:1: ${why}`]);
    expect(issuesOf('\n\n- a\n- b\n')).toEqual([`deck/deck.yaml:3: ${why}`]);
    expect(issuesOf('')).toEqual([`deck/deck.yaml:1: ${why}`]);
  });

  it('wants each text field a non-empty string, naming the line of the value or of its key', () => {
    expect(issuesOf('title: 3\nauthor: "  "\nevent: [x]\nlang: 5\nsections: [a.md]\n')).toEqual([
      'deck/deck.yaml:1: title must be a non-empty string',
      'deck/deck.yaml:2: author must be a non-empty string',
      'deck/deck.yaml:3: event must be a non-empty string',
      'deck/deck.yaml:4: lang must be a non-empty string',
    ]);
    expect(issuesOf('sections: [a.md]\ntitle: T\n? author\n')).toEqual(['deck/deck.yaml:3: author must be a non-empty string']);
    expect(issuesOf('title:\nsections: [a.md]\n')).toEqual(['deck/deck.yaml:1: title must be a non-empty string']);
  });

  it('wants sections a non-empty list of paths, trimmed', () => {
    expect(issuesOf('title: T\nsections: a.md\n')).toEqual(['deck/deck.yaml:2: sections must be a list of section files (at least one)']);
    expect(issuesOf('title: T\nsections: []\n')).toEqual(['deck/deck.yaml:2: sections must be a list of section files (at least one)']);
    const why = 'each section must be a file path, e.g. sections/01-intro.md';
    expect(issuesOf('title: T\nsections:\n  - 3\n  - "  "\n  - [x]\n')).toEqual([`deck/deck.yaml:3: ${why}`, `deck/deck.yaml:4: ${why}`, `deck/deck.yaml:5: ${why}`]);
    expect(parseDeckManifest('title: T\nsections:\n  - "  a.md  "\n', file).sections).toEqual([{ path: 'a.md', line: 3 }]);
  });

  it('names a key that is not text, and a missing title', () => {
    expect(issuesOf('title: T\nsections: [a.md]\n? [a, b]\n: x\n')).toEqual(['deck/deck.yaml:3: unknown key "" (known: title, author, event, lang, requireNotes, languages, sections)']);
    expect(issuesOf('sections: [a.md]\n')).toEqual(['deck/deck.yaml:1: missing "title:"']);
  });
});
