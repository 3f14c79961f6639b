/**
 * The deck manifest (`deck.yaml`): the talk's title and author, whether every slide must
 * carry speaker notes, and the section files in order (paths relative to the deck
 * folder). Pure: gets the text, returns the manifest or throws a DeckBuildError whose
 * issues name `deck.yaml` and the line.
 *
 *   title: Why cgo is slow        (required)
 *   author: Filippo Valsorda      (optional)
 *   event: CapitalGo 2018         (optional, shown nowhere but the <title> suffix)
 *   lang: en                      (optional, <html lang>)
 *   requireNotes: true            (optional, default false)
 *   languages: [kotlin, swift]    (optional: code languages beyond the built-in ones,
 *                                 any of shiki's; see highlighter.ts)
 *   sections:                     (required, at least one)
 *     - sections/01-intro.md
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { createIssueList } from './errors.ts';

/** DeckManifest is a parsed `deck.yaml`. */
export interface DeckManifest {
  title: string;
  author?: string;
  event?: string;
  lang: string;
  requireNotes: boolean;
  /** Section paths relative to the deck folder, each with the line that names it. */
  sections: { path: string; line: number }[];
  /** Code languages the deck adds to the highlighter's own, each with its line. */
  languages: { name: string; line: number }[];
}

const knownKeys = ['title', 'author', 'event', 'lang', 'requireNotes', 'languages', 'sections'];

/** parseDeckManifest parses and validates `deck.yaml`; `file` is the name used in errors. */
export function parseDeckManifest(text: string, file: string): DeckManifest {
  const issues = createIssueList();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  // The first YAML error is the real one; the rest are usually its echoes.
  const yamlError = doc.errors[0];
  if (yamlError) {
    issues.add(file, yamlError.linePos?.[0].line ?? 1, `invalid YAML: ${firstLine(yamlError.message).replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  issues.throwIfAny();

  // A node without a place (a key given no value: `? author`, `{title}`) reads as the line of what holds it.
  const lineOf = (node: Node | null | undefined, fallback: number): number =>
    node?.range ? lineCounter.linePos(node.range[0]).line : fallback;
  const root = doc.contents;
  if (!isMap(root)) {
    issues.add(file, lineOf(root, 1), 'deck.yaml must be a mapping (title:, sections: …)');
    issues.throwIfAny();
    throw new Error('unreachable');
  }

  const manifest: DeckManifest = { title: '', lang: 'en', requireNotes: false, sections: [], languages: [] };
  const seen = new Set<string>();
  for (const pair of root.items) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const value = pair.value as Node | null;
    const line = lineOf(keyNode, 1);
    seen.add(key);
    const stringValue = (): string | undefined => {
      if (isScalar(value) && typeof value.value === 'string' && value.value.trim() !== '') return value.value;
      issues.add(file, lineOf(value, line), `${key} must be a non-empty string`);
      return undefined;
    };
    switch (key) {
      case 'title':
        manifest.title = stringValue() ?? '';
        break;
      case 'author': {
        const author = stringValue();
        // Stryker disable next-line ConditionalExpression: an undefined author is already an issue, so this manifest is never returned
        if (author !== undefined) manifest.author = author;
        break;
      }
      case 'event': {
        const event = stringValue();
        // Stryker disable next-line ConditionalExpression: an undefined event is already an issue, so this manifest is never returned
        if (event !== undefined) manifest.event = event;
        break;
      }
      case 'lang':
        manifest.lang = stringValue() ?? 'en';
        break;
      case 'requireNotes':
        if (isScalar(value) && typeof value.value === 'boolean') manifest.requireNotes = value.value;
        else issues.add(file, line, 'requireNotes must be true or false');
        break;
      case 'sections':
        if (!isSeq(value) || value.items.length === 0) {
          issues.add(file, line, 'sections must be a list of section files (at least one)');
          break;
        }
        for (const item of value.items) {
          const itemNode = item as Node;
          if (isScalar(itemNode) && typeof itemNode.value === 'string' && itemNode.value.trim() !== '') {
            manifest.sections.push({ path: itemNode.value.trim(), line: lineOf(itemNode, line) });
          } else {
            issues.add(file, lineOf(itemNode, line), 'each section must be a file path, e.g. sections/01-intro.md');
          }
        }
        break;
      case 'languages':
        if (!isSeq(value)) {
          issues.add(file, line, 'languages must be a list of code language names, e.g. [kotlin, swift]');
          break;
        }
        for (const item of value.items) {
          const itemNode = item as Node;
          if (isScalar(itemNode) && typeof itemNode.value === 'string' && /^[a-z0-9][a-z0-9+#.-]*$/i.test(itemNode.value.trim())) {
            manifest.languages.push({ name: itemNode.value.trim().toLowerCase(), line: lineOf(itemNode, line) });
          } else {
            issues.add(file, lineOf(itemNode, line), 'each language must be a name such as kotlin');
          }
        }
        break;
      default:
        issues.add(file, line, `unknown key "${key}" (known: ${knownKeys.join(', ')})`);
    }
  }
  if (!seen.has('title')) issues.add(file, 1, 'missing "title:"');
  if (!seen.has('sections')) issues.add(file, 1, 'missing "sections:" (the section files in order)');
  const paths = new Map<string, number>();
  for (const section of manifest.sections) {
    const earlier = paths.get(section.path);
    if (earlier !== undefined) issues.add(file, section.line, `section ${section.path} is listed twice (first at line ${earlier})`);
    else paths.set(section.path, section.line);
  }
  issues.throwIfAny();
  return manifest;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
