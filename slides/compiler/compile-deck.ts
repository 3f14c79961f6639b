/**
 * compileDeck: deck folder → the HTML of every slide, in order, ready to go inside
 * Reveal's `<div class="slides">`. Reads `deck.yaml`, each listed section, included
 * files and the demo folders through a DeckSource (so tests use in-memory files), and
 * fails with a DeckBuildError listing every `file:line: message` it found.
 *
 * Structure: a `@slide` with no `@sub` is one <section>; a `@slide` followed by `@sub`s
 * is a vertical stack `<section class="stack">` holding the slide and its subs.
 *
 * Besides errors, a compiled deck carries warnings: things that build but are probably
 * not what the author meant, such as a section file that deck.yaml does not list (it is
 * not in the deck, however much work went into it).
 */
import type { DeckSlides, DemoPlacement } from '../../demos/protocol.ts';
import { DeckBuildError, type DeckIssue } from './errors.ts';
import type { CodeHighlighter } from './highlighter.ts';
import { parseDeckManifest, type DeckManifest } from './parse-manifest.ts';
import { parseSection, type SlideBlock } from './parse-section.ts';
import { dirnamePath, joinPath } from './paths.ts';
import { createMarkdown, renderSlide, type DeckSource, type RenderContext } from './render-slide.ts';

/** OutlineEntry describes one slide of the compiled deck (tests, tooling, the outline). */
export interface OutlineEntry {
  id: string;
  /** 1-based horizontal position (the slide number) and 0-based vertical index. */
  h: number;
  v: number;
  title: string;
  file: string;
  line: number;
  since2018: boolean;
  live: boolean;
  demos: string[];
  /** Each `@demo` line's demo and params, in order. */
  placements: DemoPlacement[];
  notesText: string;
  notesHtml: string;
}

/** CompiledDeck is the compiler's output. */
export interface CompiledDeck {
  manifest: DeckManifest;
  /** Every slide's <section>, to go inside `<div class="slides">`. */
  html: string;
  outline: OutlineEntry[];
  /** Every file read (deck.yaml, sections, includes): what a dev server should watch. */
  files: string[];
  /** Probable mistakes that do not stop the build (see the module header). */
  warnings: DeckIssue[];
}

/** CompileOptions say where things are (paths relative to the project root). */
export interface CompileOptions {
  deckDir: string;
  /** Folder holding one folder per demo; a demo exists iff `<demosDir>/<id>/manifest.ts` does. */
  demosDir: string;
  source: DeckSource;
  highlighter: CodeHighlighter;
  /**
   * What is wrong with a `@demo` line's params for its demo (lines such as
   * `n: Too big: expected number to be <=20`), or undefined when its schema is not known
   * here; without it, params are checked only when a run starts.
   */
  checkDemoParams?: (demo: string, params: Record<string, unknown>) => string[] | undefined;
}

/** handWrittenEntries are the entry files a deck once carried and now must not. */
const handWrittenEntries = ['index.html', 'main.ts', 'main.js'];

/** compileDeck compiles a deck or throws a DeckBuildError with every issue found. */
export function compileDeck(options: CompileOptions): CompiledDeck {
  const { deckDir, demosDir, highlighter } = options;
  const files = new Set<string>();
  const source: DeckSource = {
    readText(path) {
      files.add(path);
      return options.source.readText(path);
    },
    exists: (path) => options.source.exists(path),
    list: (path) => options.source.list(path),
  };
  const issues: DeckIssue[] = [];
  const manifestFile = joinPath(deckDir, 'deck.yaml');
  const manifestText = source.readText(manifestFile);
  if (manifestText === undefined) throw new DeckBuildError([{ file: manifestFile, line: 0, message: 'deck manifest not found' }]);
  const manifest = parseDeckManifest(manifestText, manifestFile);
  // The caller loads a deck's extra grammars (highlighter.load) before compiling it.
  const highlighted = new Set(highlighter.languages());
  for (const language of manifest.languages) {
    if (!highlighted.has(language.name)) issues.push({ file: manifestFile, line: language.line, message: `languages: "${language.name}" is not a code language the highlighter (shiki) knows` });
  }
  // A deck's page and entry are generated (deck-page.ts): a hand-written one would be ignored.
  for (const name of handWrittenEntries) {
    const file = joinPath(deckDir, name);
    if (source.exists(file)) issues.push({ file, line: 0, message: `not used: a deck's page and entry are generated from deck.yaml (its own styles go in theme.css); remove ${name}` });
  }

  const blocks: SlideBlock[] = [];
  for (const section of manifest.sections) {
    const file = joinPath(deckDir, section.path);
    const text = source.exists(file) ? source.readText(file) : undefined;
    if (text === undefined) {
      issues.push({ file: manifestFile, line: section.line, message: `section file not found: ${section.path} (looked for ${file})` });
      continue;
    }
    const parsed = parseSection(text, file);
    issues.push(...parsed.issues);
    if (parsed.slides.length === 0 && parsed.issues.length === 0) {
      issues.push({ file, line: 1, message: 'section has no slides (start one with "@slide <id>")' });
    }
    blocks.push(...parsed.slides);
  }

  const firstById = new Map<string, SlideBlock>();
  for (const block of blocks) {
    if (block.id === '') continue;
    const first = firstById.get(block.id);
    if (first) issues.push({ file: block.file, line: block.line, message: `duplicate slide id "${block.id}" (first used at ${first.file}:${first.line})` });
    else firstById.set(block.id, block);
  }

  const demoIds = (): string[] => source.list(demosDir).filter((name) => source.exists(joinPath(demosDir, name, 'manifest.ts'))).sort();
  const ctx: RenderContext = {
    highlighter,
    source,
    deckDir,
    report: (issue) => issues.push(issue),
    demoExists: (id) => source.exists(joinPath(demosDir, id, 'manifest.ts')),
    demoIds,
    ...(options.checkDemoParams ? { checkDemoParams: options.checkDemoParams } : {}),
  };
  const md = createMarkdown();
  const outline: OutlineEntry[] = [];
  const stacks: string[][] = [];
  let h = 0;
  let v = 0;
  for (const block of blocks) {
    const rendered = renderSlide(md, block, ctx);
    if (block.kind === 'slide') {
      h += 1;
      v = 0;
      stacks.push([rendered.html]);
    } else {
      v += 1;
      stacks[stacks.length - 1]?.push(rendered.html);
    }
    if (manifest.requireNotes && block.notes === null) {
      issues.push({ file: block.file, line: block.line, message: `slide "${block.id}" has no @notes (deck.yaml sets requireNotes)` });
    } else if (block.notes !== null && rendered.notesText === '') {
      issues.push({ file: block.file, line: block.line, message: `slide "${block.id}" has an empty @notes` });
    }
    outline.push({
      id: block.id,
      h,
      v,
      title: rendered.title,
      file: block.file,
      line: block.line,
      since2018: block.options.since2018,
      live: block.options.live,
      demos: rendered.demos,
      placements: rendered.placements,
      notesText: rendered.notesText,
      notesHtml: rendered.notesHtml,
    });
  }
  // No "the deck has no slides" case: deck.yaml lists at least one section, and each has slides or an issue.
  if (issues.length > 0) throw new DeckBuildError(sortIssues(issues));

  const html = stacks
    .map((stack) => (stack.length === 1 ? stack[0] : `<section class="stack">\n${stack.join('')}</section>\n`))
    .join('');
  return { manifest, html, outline, files: [...files], warnings: unlistedSections(manifest, deckDir, source, files) };
}

/**
 * unlistedSections warns about each Markdown file beside the listed sections (in the
 * folders that hold them) that deck.yaml does not list and no slide includes.
 */
function unlistedSections(manifest: DeckManifest, deckDir: string, source: DeckSource, read: ReadonlySet<string>): DeckIssue[] {
  const listed = new Set(manifest.sections.map((section) => joinPath(deckDir, section.path)));
  const folders = new Set([...listed].map((file) => dirnamePath(file)));
  const warnings: DeckIssue[] = [];
  for (const folder of [...folders].sort()) {
    for (const name of source.list(folder).sort()) {
      const file = joinPath(folder, name);
      if (!name.endsWith('.md') || listed.has(file) || read.has(file)) continue;
      warnings.push({ file, line: 0, message: `not in the deck: ${joinPath(deckDir, 'deck.yaml')} does not list it under sections:` });
    }
  }
  return warnings;
}

/**
 * deckSlidesOf is `slides.json` (protocol.ts DeckSlides): the outline in Reveal's indices,
 * with what the phone remote shows (title, notes) and what the server checks a remote's
 * run against (each slide's demos and params).
 */
export function deckSlidesOf(deck: Pick<CompiledDeck, 'manifest' | 'outline'>): DeckSlides {
  return {
    format: 1,
    title: deck.manifest.title,
    slides: deck.outline.map((slide) => ({
      h: slide.h - 1,
      v: slide.v,
      id: slide.id,
      title: slide.title,
      notesHtml: slide.notesHtml,
      demos: slide.placements.map((placement) => ({ demo: placement.demo, params: { ...placement.params } })),
    })),
  };
}

/** sortIssues orders issues by file order of appearance, then line, so output reads top to bottom. */
function sortIssues(issues: DeckIssue[]): DeckIssue[] {
  const fileOrder = new Map<string, number>();
  for (const issue of issues) if (!fileOrder.has(issue.file)) fileOrder.set(issue.file, fileOrder.size);
  return [...issues].sort((a, b) => (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || a.line - b.line);
}
