/**
 * Section files: Markdown cut into slides by directive lines. A directive is a line that
 * starts with `@` in column 0, outside a code fence:
 *
 *   @slide <id> [flags] [key=value …]   a horizontal slide (URL `#/<id>`)
 *   @sub <id> [flags] [key=value …]     a vertical sub-slide under the previous @slide
 *   @notes                              the rest of the slide is speaker notes
 *   @demo <demo-id> [{json params}]     a live demo placeholder
 *   @include <path>                     a file (SVG, HTML, Markdown, code) relative to this file
 *   @@…                                 a literal line starting with `@…`
 *
 * Pure: this module only cuts and validates; rendering is render-slide.ts. Each body
 * line keeps its source line so later stages can report `file:line`.
 */
import type { DeckIssue } from './errors.ts';

/** SourceLine is one line of Markdown and where it came from. */
export interface SourceLine {
  text: string;
  line: number;
}

/** Embed is something placed in a slide's body by a directive, rendered after Markdown. */
export type Embed =
  | { kind: 'demo'; demo: string; params: Record<string, unknown>; line: number }
  | { kind: 'include'; path: string; line: number };

/** SlideOptions are the flags and keys of a `@slide` / `@sub` line. */
export interface SlideOptions {
  since2018: boolean;
  live: boolean;
  autoAnimate: boolean;
  classes: string[];
  background?: string;
  transition?: string;
  title?: string;
  /** Extra `data-*` attributes passed through to the <section>. */
  data: Record<string, string>;
}

/** SlideBlock is one slide as cut from a section file, not yet rendered. */
export interface SlideBlock {
  kind: 'slide' | 'sub';
  id: string;
  file: string;
  line: number;
  options: SlideOptions;
  /** Markdown lines; embeds appear as `<!--deck-embed:N-->` lines (N indexes `embeds`). */
  body: SourceLine[];
  embeds: Embed[];
  /** Notes Markdown, or null when the slide has no `@notes`. */
  notes: SourceLine[] | null;
}

/** SectionParse is the result of cutting one file: its slides and every problem found. */
export interface SectionParse {
  slides: SlideBlock[];
  issues: DeckIssue[];
}

/** embedMarker is the placeholder line for embed `index`; an HTML comment survives Markdown untouched. */
export function embedMarker(index: number): string {
  return `<!--deck-embed:${index}-->`;
}

/** slideIdPattern: kebab-case starting with a letter (Reveal reads a leading digit as a slide number). */
export const slideIdPattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** demoIdPattern: the kebab-case ids of demos/<id>/. */
export const demoIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const flagNames = ['since-2018', 'live', 'auto-animate'];
const keyNames = ['class', 'background', 'transition', 'title'];

/** parseSection cuts a section file into slide blocks; `file` is the name used in errors. */
export function parseSection(text: string, file: string): SectionParse {
  const issues: DeckIssue[] = [];
  const add = (line: number, message: string): void => {
    issues.push({ file, line, message });
  };
  const slides: SlideBlock[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let current: SlideBlock | null = null;
  let inNotes = false;
  let fence: { char: string; length: number; line: number } | null = null;
  let sawHorizontal = false;

  const push = (sourceLine: SourceLine): void => {
    if (current === null) {
      if (sourceLine.text.trim() !== '') add(sourceLine.line, 'content before the first @slide (start the file with "@slide <id>")');
      return;
    }
    if (inNotes) (current.notes ??= []).push(sourceLine);
    else current.body.push(sourceLine);
  };

  lines.forEach((text, index) => {
    const line = index + 1;
    if (fence !== null) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(text);
      if (close?.[1] && close[1][0] === fence.char && close[1].length >= fence.length) fence = null;
      push({ text, line });
      return;
    }
    const open = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(text);
    if (open?.[1] && !(open[1][0] === '`' && (open[2] ?? '').includes('`'))) {
      fence = { char: open[1][0] ?? '`', length: open[1].length, line };
      push({ text, line });
      return;
    }
    if (!text.startsWith('@')) {
      push({ text, line });
      return;
    }
    if (text.startsWith('@@')) {
      push({ text: text.slice(1), line });
      return;
    }
    const match = /^@([a-z]+)(?:\s+(.*))?$/.exec(text.trimEnd());
    const name = match?.[1] ?? '';
    const rest = (match?.[2] ?? '').trim();
    switch (name) {
      case 'slide':
      case 'sub': {
        if (name === 'sub' && !sawHorizontal) {
          add(line, '@sub needs a @slide before it in the same file');
        }
        const block = parseSlideLine(name, rest, file, line, add);
        if (name === 'slide') sawHorizontal = true;
        current = block;
        inNotes = false;
        slides.push(block);
        return;
      }
      case 'notes':
        if (current === null) add(line, '@notes before the first @slide');
        else if (inNotes) add(line, 'a second @notes in the same slide');
        else if (rest !== '') add(line, '@notes takes nothing on its line; write the notes below it');
        else {
          inNotes = true;
          current.notes ??= [];
        }
        return;
      case 'demo':
      case 'include': {
        if (current === null) {
          add(line, `@${name} before the first @slide`);
          return;
        }
        if (inNotes) {
          add(line, `@${name} inside @notes (put it above the @notes line)`);
          return;
        }
        const embed = name === 'demo' ? parseDemoLine(rest, line, add) : parseIncludeLine(rest, line, add);
        if (embed === null) return;
        current.embeds.push(embed);
        // Blank lines around the marker make it an HTML block of its own, never part of a paragraph.
        current.body.push({ text: '', line }, { text: embedMarker(current.embeds.length - 1), line }, { text: '', line });
        return;
      }
      default:
        add(line, `unknown directive "${text.split(/\s/)[0]}" (known: @slide, @sub, @notes, @demo, @include; write @@ for a literal @)`);
    }
  });
  if (fence !== null) add((fence as { line: number }).line, 'unclosed code fence (it runs to the end of the file)');
  return { slides, issues };
}

function parseSlideLine(
  kind: 'slide' | 'sub',
  rest: string,
  file: string,
  line: number,
  add: (line: number, message: string) => void,
): SlideBlock {
  const words = splitWords(rest);
  const block: SlideBlock = {
    kind,
    id: '',
    file,
    line,
    options: { since2018: false, live: false, autoAnimate: false, classes: [], data: {} },
    body: [],
    embeds: [],
    notes: null,
  };
  if (words === null) {
    add(line, `@${kind}: unclosed quote`);
    return block;
  }
  const [id, ...others] = words;
  if (id === undefined || id.includes('=')) {
    add(line, `@${kind} needs an id: "@${kind} my-slide-id"`);
  } else if (!slideIdPattern.test(id)) {
    add(line, `slide id "${id}" must be kebab-case and start with a letter (e.g. "cgo-call-cost")`);
    block.id = id;
  } else {
    block.id = id;
  }
  const options = block.options;
  for (const word of id?.includes('=') ? words : others) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      if (word === 'since-2018') options.since2018 = true;
      else if (word === 'live') options.live = true;
      else if (word === 'auto-animate') options.autoAnimate = true;
      else add(line, `unknown flag "${word}" (known: ${flagNames.join(', ')}; keys: ${keyNames.join('=, ')}=, data-*=)`);
      continue;
    }
    const key = word.slice(0, eq);
    const value = word.slice(eq + 1);
    if (key === 'class') options.classes.push(...value.split(',').map((c) => c.trim()).filter((c) => c !== ''));
    else if (key === 'background') options.background = value;
    else if (key === 'transition') options.transition = value;
    else if (key === 'title') options.title = value;
    else if (/^data-[a-z0-9-]+$/.test(key)) options.data[key] = value;
    else add(line, `unknown key "${key}=" (known: ${keyNames.join('=, ')}=, data-*=)`);
  }
  for (const cls of options.classes) {
    if (!/^[A-Za-z_][\w-]*$/.test(cls)) add(line, `class "${cls}" is not a valid CSS class name`);
  }
  return block;
}

function parseDemoLine(rest: string, line: number, add: (line: number, message: string) => void): Embed | null {
  const match = /^(\S+)\s*(.*)$/.exec(rest);
  if (!match?.[1]) {
    add(line, '@demo needs a demo id: "@demo ffi-overhead {\\"n\\": 1}"');
    return null;
  }
  const demo = match[1];
  if (!demoIdPattern.test(demo)) {
    add(line, `demo id "${demo}" must be kebab-case`);
    return null;
  }
  const json = (match[2] ?? '').trim();
  let params: Record<string, unknown> = {};
  if (json !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      add(line, `@demo ${demo}: invalid JSON params: ${(error as Error).message}`);
      return null;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      add(line, `@demo ${demo}: params must be a JSON object, e.g. {"direction": "go-to-c"}`);
      return null;
    }
    params = parsed as Record<string, unknown>;
  }
  return { kind: 'demo', demo, params, line };
}

function parseIncludeLine(rest: string, line: number, add: (line: number, message: string) => void): Embed | null {
  const words = splitWords(rest);
  if (words === null || words.length !== 1 || words[0] === undefined || words[0] === '') {
    add(line, '@include needs exactly one path: "@include ../pictures/stack.svg"');
    return null;
  }
  return { kind: 'include', path: words[0], line };
}

/** splitWords splits on spaces, keeping "double quoted" runs (quotes removed); null on an unclosed quote. */
export function splitWords(text: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  for (const char of text) {
    if (quoted) {
      if (char === '"') quoted = false;
      else word += char;
    } else if (char === '"') {
      quoted = true;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quoted) return null;
  if (inWord) words.push(word);
  return words;
}
