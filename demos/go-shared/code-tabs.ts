/**
 * code-tabs: a tab strip over live-highlighted code blocks (highlight.ts), with the
 * focused lines' reasons listed under the code. Used by the widgets that show files a
 * run read or generated.
 */
import { el } from './dom.ts';
import { mountCode, type LiveFocus, type LiveLanguage } from './highlight.ts';

/** CodeTab is one file (or excerpt) shown in a tab. */
export interface CodeTab {
  title: string;
  code: string;
  lang: LiveLanguage;
  /** File name shown above the code (defaults to the title). */
  file?: string;
  firstLine?: number;
  focus?: LiveFocus[];
}

/** CodeTabs is the mounted component. */
export interface CodeTabs {
  readonly el: HTMLElement;
  set(tabs: CodeTab[]): void;
  show(index: number): void;
  clear(): void;
}

/** codeTabsCss styles the tab strip; add it once with ensureStyleOnce. */
export const codeTabsCss = `
.r12-tabs { display: flex; flex-wrap: wrap; gap: 0.4em; margin-bottom: 0.3em; }
.r12-tabs button { font: inherit; background: transparent; color: inherit; border: 1px solid rgba(255,255,255,0.3); border-radius: 4px; padding: 0.1em 0.6em; cursor: pointer; }
.r12-tabs button[aria-selected="true"] { background: rgba(255, 214, 0, 0.2); border-color: #ffd600; }
.r12-focus-labels { margin: 0.3em 0 0; padding-left: 1.2em; }
`;

/** createCodeTabs builds an empty tab component. */
export function createCodeTabs(): CodeTabs {
  const strip = el('div', 'r12-tabs');
  strip.setAttribute('role', 'tablist');
  const code = el('div', 'r12-code');
  const labels = el('ul', 'r12-focus-labels r12-note');
  const root = el('div', 'r12-code-tabs', strip, code, labels);
  let tabs: CodeTab[] = [];

  function show(index: number): void {
    const tab = tabs[index];
    if (!tab) return;
    strip.querySelectorAll('button').forEach((b, i) => b.setAttribute('aria-selected', String(i === index)));
    void mountCode(code, { code: tab.code, lang: tab.lang, file: tab.file ?? tab.title, focus: tab.focus, firstLine: tab.firstLine ?? 1 });
    labels.replaceChildren(
      ...(tab.focus ?? []).map((f) => el('li', undefined, `line ${f.from === f.to ? f.from : `${f.from}–${f.to}`}: ${f.label ?? ''}`)),
    );
  }

  return {
    el: root,
    set(next) {
      tabs = next;
      strip.replaceChildren(
        ...tabs.map((t, i) => {
          const b = el('button', undefined, t.title);
          b.type = 'button';
          b.setAttribute('role', 'tab');
          b.addEventListener('click', () => show(i));
          return b;
        }),
      );
      show(0);
    },
    show,
    clear() {
      tabs = [];
      strip.replaceChildren();
      code.replaceChildren();
      labels.replaceChildren();
    },
  };
}
