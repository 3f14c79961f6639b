/**
 * cgocall-source widget (slides 19–22): the runtime's own code for a cgo call, as
 * installed on the machine that ran (or recorded) the demo. The answer first: the lines
 * the talk walks through, where they are in this Go's source; then one tab per function
 * with those lines (and one either side) in view, each with its reason beside it, never a
 * scroll box. The whole function is in the reader view (R).
 */
import { defineWidget } from '../client/define-widget.ts';
import { codeWindowCss, createCodeWindow } from '../go-shared/code-window.ts';
import { el, ensureStyleOnce } from '../go-shared/dom.ts';
import manifest from './manifest.ts';
import type { DemoResult } from '../define-demo.ts';

type Excerpt = DemoResult<typeof manifest>['excerpts'][number];

const css = `
.demo .cgs-tabs { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 6px; }
.demo .cgs-tabs button { font: inherit; font-size: 19px; font-family: var(--demo-mono); background: transparent; color: inherit; border: 1px solid var(--demo-border); border-radius: 4px; padding: 0 10px; cursor: pointer; }
.demo .cgs-tabs button[aria-selected='true'] { background: rgba(255, 214, 0, 0.18); border-color: #ffd600; }
`;

/** focusLinesText is the headline's figure: the focused lines of an excerpt, "167 · 185 · 198". */
export function focusLinesText(excerpt: Excerpt): string {
  return excerpt.focus.map((f) => (f.from === f.to ? String(f.from) : `${f.from}–${f.to}`)).join(' · ');
}

export default defineWidget({
  manifest,
  mount(stage) {
    ensureStyleOnce('stage-code-window', codeWindowCss);
    ensureStyleOnce('stage-cgocall-source', css);
    const tabs = el('div', 'cgs-tabs');
    tabs.setAttribute('role', 'tablist');
    const code = createCodeWindow();
    const reader = stage.readerBlock();
    stage.el.replaceChildren(tabs, code.el, reader.el);
    let excerpts: Excerpt[] = [];
    let goVersion = '';

    function show(index: number): void {
      const x = excerpts[index];
      if (!x) return;
      tabs.querySelectorAll('button').forEach((b, i) => b.setAttribute('aria-selected', String(i === index)));
      void code.show({ code: x.code, lang: x.lang, file: `${x.file}:${x.startLine}–${x.endLine} (${goVersion})`, firstLine: x.startLine, focus: x.focus, context: 1 });
      const lines = x.code.split('\n');
      reader.set({
        title: `${x.symbol}, ${x.file}:${x.startLine}–${x.endLine} (${goVersion})`,
        lines: lines.map((line, i) => `${String(x.startLine + i).padStart(4)}  ${line}`),
        marked: x.focus.flatMap((f) => Array.from({ length: f.to - f.from + 1 }, (_, k) => f.from - x.startLine + k)),
        visible: 0,
      });
    }

    return {
      reset() {
        excerpts = [];
        tabs.replaceChildren();
        code.clear();
        reader.clear();
      },
      onResult(result) {
        excerpts = result.excerpts;
        goVersion = result.goVersion;
        tabs.replaceChildren(
          ...excerpts.map((x, i) => {
            const b = el('button', undefined, x.symbol.replace(/^runtime\./, ''));
            b.type = 'button';
            b.setAttribute('role', 'tab');
            b.addEventListener('click', () => {
              b.blur();
              show(i);
            });
            return b;
          }),
        );
        show(0);
        const first = excerpts[0];
        if (!first) return;
        stage.headline.show({
          before: `${first.symbol} in ${result.goVersion}: lines`,
          figure: focusLinesText(first),
          detail: `read from ${result.goroot}/src/runtime on the machine that ran it (${result.goarch})`,
        });
      },
    };
  },
});
