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
    });
  });

  it('reports invalid YAML with its line', () => {
    expect(issuesOf('title: T\nsections:\n  - a.md\n - b: [\n')).toEqual([expect.stringMatching(/^deck\/deck\.yaml:4: invalid YAML/)]);
  });

  it('reports missing and wrong fields with their lines', () => {
    expect(issuesOf('title: T\nsection:\n  - a.md\nrequireNotes: yes please\n')).toEqual([
      'deck/deck.yaml:2: unknown key "section" (known: title, author, event, lang, requireNotes, sections)',
      'deck/deck.yaml:4: requireNotes must be true or false',
      'deck/deck.yaml:1: missing "sections:" (the section files in order)',
    ]);
    expect(issuesOf('title: T\nsections:\n  - a.md\n  - a.md\n')).toEqual(['deck/deck.yaml:4: section a.md is listed twice (first at line 3)']);
  });
});
