/**
 * code-window: code on a stage without a scroll box. A listing (a runtime function, a
 * generated file, a disassembly) is shown as windows around the lines that matter (the
 * focus lines the notes talk about, with `context` lines either side), joined by "⋮ n
 * lines" markers, each focus line's reason beside it, long lines wrapped; the whole
 * listing is one key away in the reader view (the caller's reader block).
 *
 * Highlighting is the live one (highlight.ts: shiki, loaded lazily; plain text first).
 */
import { focusedLines, renderCode, renderPlainCode, type CodeViewOptions } from './highlight.ts';

/** CodeWindowOptions are a listing and what of it to show. */
export interface CodeWindowOptions extends CodeViewOptions {
  /** Lines shown either side of each focus range (default 1). */
  context?: number;
  /** With no focus at all, the first `lines` lines are shown (default 8). */
  lines?: number;
}

/** CodeWindow is a mounted window. */
export interface CodeWindow {
  readonly el: HTMLElement;
  show(options: CodeWindowOptions): Promise<void>;
  clear(): void;
}

/** visibleLines picks which line numbers a window shows: focus ± context, or the first lines. */
export function visibleLines(options: Pick<CodeWindowOptions, 'focus' | 'context' | 'lines' | 'firstLine'>, lineCount: number): Set<number> {
  const first = typeof options.firstLine === 'number' ? options.firstLine : 1;
  const last = first + lineCount - 1;
  const shown = new Set<number>();
  const context = options.context ?? 1;
  for (const range of options.focus ?? []) {
    for (let n = Math.max(first, range.from - context); n <= Math.min(last, range.to + context); n++) shown.add(n);
  }
  if (shown.size === 0) for (let n = first; n < first + Math.min(lineCount, options.lines ?? 8); n++) shown.add(n);
  return shown;
}

/** createCodeWindow makes an empty window. */
export function createCodeWindow(className = ''): CodeWindow {
  const el = document.createElement('div');
  el.className = `code-window ${className}`.trim();
  let generation = 0;

  function trim(block: HTMLElement, options: CodeWindowOptions): HTMLElement {
    const code = block.querySelector('code');
    if (!code) return block;
    const lines = [...code.querySelectorAll<HTMLElement>(':scope > span.line')];
    const shown = visibleLines(options, lines.length);
    const labels = focusedLines(options.focus);
    const rows: Node[] = [];
    let skipped = 0;
    const flushGap = (): void => {
      if (skipped === 0) return;
      const gap = document.createElement('span');
      gap.className = 'line code-gap';
      gap.textContent = `⋮ ${skipped} line${skipped === 1 ? '' : 's'}`;
      rows.push(gap);
      skipped = 0;
    };
    for (const line of lines) {
      const n = Number(line.dataset.line);
      if (!shown.has(n)) {
        skipped += 1;
        continue;
      }
      flushGap();
      line.dataset.number = String(n);
      const label = labels.get(n);
      if (label) {
        const note = document.createElement('span');
        note.className = 'code-label';
        note.textContent = label;
        line.append(note);
      }
      rows.push(line);
    }
    flushGap();
    code.replaceChildren(...rows);
    block.classList.add('code-windowed');
    return block;
  }

  return {
    el,
    async show(options) {
      const mine = ++generation;
      el.replaceChildren(trim(renderPlainCode(options), options));
      try {
        const coloured = await renderCode(options);
        if (mine === generation) el.replaceChildren(trim(coloured, options));
      } catch {
        // Plain code is still the real code: keep it.
      }
    },
    clear() {
      generation += 1;
      el.replaceChildren();
    },
  };
}

/** codeWindowCss styles windows at stage size: 19 px mono, wrapped, numbers from data-number. */
export const codeWindowCss = `
.demo .code-window .code-block { margin: 0; width: auto; max-width: none; box-shadow: none; font-size: 19px; }
.demo .code-window .code-block pre { padding: 4px 10px; line-height: 1.28; white-space: pre-wrap; overflow-wrap: anywhere; max-height: none; overflow: visible; }
.demo .code-window .code-block pre code { white-space: pre-wrap; }
.demo .code-window .code-block .code-file { font-size: 19px; padding: 2px 10px; }
.demo .code-window .line { display: block; padding-left: 3.4em; text-indent: -3.4em; }
.demo .code-window .line::before { content: attr(data-number); display: inline-block; width: 2.8em; margin-right: 0.6em; text-align: right; text-indent: 0; color: #8b97a8; }
.demo .code-window .code-block.numbers .line::before { counter-increment: none; content: attr(data-number); }
.demo .code-window .line.code-gap { color: #8b97a8; font-style: italic; font-size: 19px; line-height: 1.1; }
.demo .code-window .line.code-gap::before { content: ''; }
.demo .code-window .line.live-dim { opacity: 1; color: #c9d1d9; }
.demo .code-window .line.live-focus { background: rgba(255, 214, 0, 0.16); box-shadow: inset 4px 0 0 #ffd600; }
.demo .code-window .code-label { margin-left: 1em; font-family: var(--demo-font, Inter, system-ui, sans-serif); font-size: 19px; color: #ffd600; white-space: normal; }
.demo .code-window .code-label::before { content: '← '; }
`;
