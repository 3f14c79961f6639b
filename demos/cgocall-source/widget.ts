/**
 * cgocall-source widget: the runtime's own code for a cgo call, as installed on the
 * machine that ran (or recorded) the demo, one tab per function, the talk's lines
 * focused, and the Go version and GOROOT it came from.
 */
import type { RunEvent } from '../protocol.ts';
import type { CreateWidget, DemoWidget } from '../client/widget-contract.ts';
import { el, ensureStyleOnce, problemBox, sharedWidgetCss } from '../go-shared/dom.ts';
import { liveCodeCss } from '../go-shared/highlight.ts';
import { codeTabsCss, createCodeTabs } from '../go-shared/code-tabs.ts';
import type { SourceExcerpt } from './excerpt.ts';

const createWidget: CreateWidget = (host) => {
  ensureStyleOnce('r12-shared', sharedWidgetCss);
  ensureStyleOnce('r12-live-code', liveCodeCss);
  ensureStyleOnce('r12-code-tabs', codeTabsCss);
  const status = el('div', 'r12-status');
  const problems = el('div');
  const tabs = createCodeTabs();
  host.el.replaceChildren(el('div', 'r12 cgs', status, problems, el('div', 'r12-panel', tabs.el)));

  const widget: DemoWidget = {
    reset() {
      status.textContent = '';
      problems.replaceChildren();
      tabs.clear();
    },
    onEvent(event: RunEvent) {
      if (event.type === 'status' || event.type === 'progress') status.textContent = event.message;
      if (event.type === 'error') problems.append(problemBox(event.code, event.message, event.detail));
      if (event.type !== 'result') return;
      const excerpts = (event.data.excerpts as SourceExcerpt[] | undefined) ?? [];
      status.textContent = `${String(event.data.goVersion)} — read from ${String(event.data.goroot)}/src/runtime`;
      tabs.set(
        excerpts.map((x) => ({
          title: x.symbol.replace(/^runtime\./, ''),
          file: `${x.file}:${x.startLine}–${x.endLine} (${String(event.data.goVersion)})`,
          code: x.code,
          lang: x.lang,
          firstLine: x.startLine,
          focus: x.focus,
        })),
      );
    },
    destroy() {
      host.el.replaceChildren();
    },
  };
  return widget;
};

export default createWidget;
