/**
 * highlight: live code highlighting for widgets that show code only known at run time
 * (files cgo generated, runtime sources, disassembly). The deck highlights its static
 * code at build time; these widgets need shiki in the browser, so it is loaded lazily,
 * behind one promise, with only the Go, C and assembly grammars and the deck's theme
 * (github-dark-high-contrast, as slides/compiler/highlighter.ts), and only when a widget
 * that needs it mounts.
 *
 * The markup matches the deck's static code blocks (slides/compiler/render-slide.ts), so
 * the shared theme styles both alike:
 *   <div class="code-block numbers" data-lang="go">
 *     <div class="code-file">x.cgo1.go</div>
 *     <pre class="shiki"><code><span class="line" data-line="1">…</span>\n…</code></pre>
 *   </div>
 * Focused lines get the class `live-focus` (and a `title` with the reason); when any line
 * is focused, the others get `live-dim`.
 */
import type { HighlighterCore } from 'shiki/core';

/** LiveLanguage is a grammar this helper loads. */
export type LiveLanguage = 'go' | 'c' | 'asm' | 'text';

/** LiveFocus marks lines (inclusive, numbered like the block: from `firstLine`) with why they matter. */
export interface LiveFocus {
  from: number;
  to: number;
  label?: string;
}

/** CodeViewOptions describe one block. */
export interface CodeViewOptions {
  code: string;
  lang: LiveLanguage;
  /** File name shown as a tab above the code. */
  file?: string;
  focus?: LiveFocus[];
  /** Number the lines starting here (default 1); false hides numbers. */
  firstLine?: number | false;
}

const themeName = 'github-dark-high-contrast';

let loading: Promise<HighlighterCore> | undefined;

/**
 * loadHighlighter returns the one shared highlighter, starting to load it on the first
 * call. The regex engine is shiki's JavaScript one: no WebAssembly to fetch.
 */
export function loadHighlighter(): Promise<HighlighterCore> {
  loading ??= (async () => {
    const [{ createHighlighterCore }, { createJavaScriptRegexEngine }] = await Promise.all([
      import('shiki/core'),
      import('shiki/engine/javascript'),
    ]);
    return createHighlighterCore({
      themes: [import('@shikijs/themes/github-dark-high-contrast')],
      langs: [import('@shikijs/langs/go'), import('@shikijs/langs/c'), import('@shikijs/langs/asm')],
      engine: createJavaScriptRegexEngine(),
    });
  })();
  // A failed load (e.g. a chunk missing from a partial deploy) may be retried later.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** focusedLines expands focus ranges into a line → label map. */
export function focusedLines(focus: LiveFocus[] | undefined): Map<number, string> {
  const lines = new Map<number, string>();
  for (const range of focus ?? []) {
    for (let line = range.from; line <= range.to; line++) {
      const before = lines.get(line);
      lines.set(line, before && range.label ? `${before}; ${range.label}` : (range.label ?? before ?? ''));
    }
  }
  return lines;
}

function buildBlock(options: CodeViewOptions, fill: (code: HTMLElement) => { fg?: string; bg?: string }): HTMLElement {
  const block = document.createElement('div');
  block.className = 'code-block live-code';
  if (options.firstLine !== false) block.classList.add('numbers');
  block.dataset.lang = options.lang;
  if (options.file) {
    const tab = document.createElement('div');
    tab.className = 'code-file';
    tab.textContent = options.file;
    block.append(tab);
  }
  const pre = document.createElement('pre');
  pre.className = 'shiki';
  const code = document.createElement('code');
  pre.append(code);
  block.append(pre);
  const colours = fill(code);
  if (colours.bg) block.style.setProperty('--code-bg', colours.bg);
  if (colours.fg) block.style.setProperty('--code-fg', colours.fg);
  if (typeof options.firstLine === 'number' && options.firstLine !== 1) {
    block.style.setProperty('--code-first-line', String(options.firstLine - 1));
  }
  const focus = focusedLines(options.focus);
  if (focus.size > 0) block.classList.add('has-live-focus');
  code.querySelectorAll<HTMLElement>('span.line').forEach((line) => {
    const n = Number(line.dataset.line);
    if (focus.has(n)) {
      line.classList.add('live-focus');
      const label = focus.get(n);
      if (label) line.title = label;
    } else if (focus.size > 0) {
      line.classList.add('live-dim');
    }
  });
  return block;
}

/**
 * renderPlainCode draws the block at once, uncoloured (same markup), so a widget shows
 * the code while shiki loads, and still shows it if shiki fails to load.
 */
export function renderPlainCode(options: CodeViewOptions): HTMLElement {
  return buildBlock(options, (code) => {
    const first = typeof options.firstLine === 'number' ? options.firstLine : 1;
    options.code.replace(/\n$/, '').split('\n').forEach((text, i) => {
      if (i > 0) code.append('\n');
      const line = document.createElement('span');
      line.className = 'line';
      line.dataset.line = String(first + i);
      line.textContent = text;
      code.append(line);
    });
    return {};
  });
}

/** renderCode draws the block coloured by shiki (loading it on first use). */
export async function renderCode(options: CodeViewOptions): Promise<HTMLElement> {
  if (options.lang === 'text') return renderPlainCode(options);
  const shiki = await loadHighlighter();
  const result = shiki.codeToTokens(options.code.replace(/\n$/, ''), { lang: options.lang, theme: themeName });
  return buildBlock(options, (code) => {
    const first = typeof options.firstLine === 'number' ? options.firstLine : 1;
    result.tokens.forEach((tokens, i) => {
      if (i > 0) code.append('\n');
      const line = document.createElement('span');
      line.className = 'line';
      line.dataset.line = String(first + i);
      for (const token of tokens) {
        const span = document.createElement('span');
        span.textContent = token.content;
        if (token.color) span.style.color = token.color;
        if (token.fontStyle && token.fontStyle & 1) span.style.fontStyle = 'italic';
        if (token.fontStyle && token.fontStyle & 2) span.style.fontWeight = 'bold';
        line.append(span);
      }
      code.append(line);
    });
    return { fg: result.fg, bg: result.bg };
  });
}
