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
