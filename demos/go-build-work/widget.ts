/**
 * go-build-work widget: the build's commands as they run (each tagged cgo / gcc /
 * compile / link / pack / other), then the files left in `$WORK/b001/`, then the three
 * files that matter, highlighted (shiki, loaded lazily) with the lines found by the
 * runner focused: the rewritten call, the `_Cfunc_` wrapper calling runtime.cgocall,
 * and the C trampoline unpacking its argument struct.
 */
import type { RunEvent } from '../protocol.ts';
import type { CreateWidget, DemoWidget } from '../client/widget-contract.ts';
import { el, ensureStyleOnce, problemBox, sharedWidgetCss } from '../go-shared/dom.ts';
import { liveCodeCss } from '../go-shared/highlight.ts';
import { codeTabsCss, createCodeTabs } from '../go-shared/code-tabs.ts';

interface KeyFile {
  name: string;
  lang: string;
  content: string;
  focus: Array<{ from: number; to: number; label: string }>;
}

interface WorkFile {
  name: string;
  sizeBytes: number;
  kind: string;
  role: string;
}

const css = `
.gbw .gbw-cols { grid-template-columns: 2fr 3fr; }
.gbw .gbw-left { display: flex; flex-direction: column; gap: 0.5em; min-width: 0; }
.reveal .gbw .gbw-commands { height: 8em; overflow: auto; padding: 0; list-style: none; font-size: 0.85em; }
.gbw .gbw-commands li { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; line-height: 1.4; }
.gbw .gbw-commands li.internal { opacity: 0.55; }
.gbw .step { display: inline-block; min-width: 4.6em; margin-right: 0.5em; padding: 0 0.3em; border-radius: 3px; font-size: 0.85em; text-align: center; color: #0a0c10; background: #9aa4ad; }
.gbw .step-cgo { background: #00add8; }
.gbw .step-gcc { background: #f0a35e; }
.gbw .step-compile { background: #7ee787; }
.gbw .step-link { background: #d2a8ff; }
.gbw .step-pack { background: #ffd600; }
.gbw .gbw-files { height: 6.6em; overflow: auto; font-size: 0.85em; }
.reveal .gbw .gbw-files table { width: 100%; }
.gbw .gbw-files td { white-space: nowrap; padding: 0.05em 0.4em; }
.gbw .gbw-files td.role { white-space: normal; opacity: 0.75; font-size: 0.9em; }
.gbw .gbw-files tr.key td:first-child { color: #ffd600; }
.gbw .gbw-right { min-width: 0; --live-code-max-height: 12.5em; --live-code-size: 13px; }
`;

const createWidget: CreateWidget = (host) => {
  ensureStyleOnce('r12-shared', sharedWidgetCss);
  ensureStyleOnce('r12-live-code', liveCodeCss);
  ensureStyleOnce('r12-code-tabs', codeTabsCss);
  ensureStyleOnce('r12-gbw', css);

  const status = el('div', 'r12-status');
  const commands = el('ol', 'gbw-commands r12-mono');
  const counts = el('span', 'r12-note');
  const files = el('div', 'gbw-files');
  const tabs = createCodeTabs();
  const problems = el('div');
  const root = el(
    'div',
    'r12 gbw',
    status,
    problems,
    el(
      'div',
      'r12-grid gbw-cols',
      el(
        'div',
        'gbw-left',
        el('div', 'r12-panel', el('h4', undefined, 'go build -x -work ', counts), commands),
        el('div', 'r12-panel', el('h4', undefined, '$WORK/b001/'), files),
      ),
      el('div', 'r12-panel gbw-right', tabs.el),
    ),
  );
  host.el.replaceChildren(root);
  const stepCounts = new Map<string, number>();
  let keyFiles: KeyFile[] = [];

  function showResult(data: Record<string, unknown>): void {
    const list = (data.files as WorkFile[] | undefined) ?? [];
    keyFiles = (data.keyFiles as KeyFile[] | undefined) ?? [];
    const keyNames = new Set(keyFiles.map((f) => f.name));
    const table = el('table', 'r12-mono');
    for (const f of list) {
      const row = el('tr', keyNames.has(f.name) ? 'key' : undefined, el('td', undefined, f.name), el('td', 'num', String(f.sizeBytes)), el('td', 'role', f.role));
      row.dataset.file = f.name;
      table.append(row);
    }
    files.replaceChildren(table);
    tabs.set(keyFiles.map((f) => ({ title: f.name, code: f.content, lang: f.lang === 'go' || f.lang === 'c' ? f.lang : 'text', focus: f.focus })));
    // All steps counted by the runner, including those done inside the go command.
    const all = (data.commands ?? {}) as Record<string, number>;
    counts.textContent = `(${['cgo', 'gcc', 'compile', 'pack', 'link', 'other'].map((s) => `${s} ${all[s] ?? 0}`).join(' · ')})`;
    // The story starts at cgo: show it rather than the tail of the stream.
    const firstCgo = commands.querySelector<HTMLElement>('li[data-step="cgo"]');
    if (firstCgo) commands.scrollTop = Math.max(0, firstCgo.offsetTop - commands.offsetTop - 4);
    status.textContent = `${String(data.goVersion ?? '')}: the program printed “${String(data.programOutput ?? '')}”; $WORK was read, then deleted.`;
  }

  const widget: DemoWidget = {
    reset() {
      status.textContent = host.canRun ? 'Press run: a fresh go build -x -work of native/go-build-work.' : '';
      commands.replaceChildren();
      files.replaceChildren();
      tabs.clear();
      problems.replaceChildren();
      counts.textContent = '';
      stepCounts.clear();
      keyFiles = [];
    },
    onEvent(event: RunEvent) {
      switch (event.type) {
        case 'status':
          status.textContent = event.message;
          break;
        case 'progress': {
          const step = event.step ?? 'other';
          const row = el('li', event.source === 'go (internal)' ? 'internal' : undefined, el('span', `step step-${step}`, step), event.message);
          row.title = event.message;
          row.dataset.step = step;
          commands.append(row);
          commands.scrollTop = commands.scrollHeight;
          stepCounts.set(step, (stepCounts.get(step) ?? 0) + 1);
          counts.textContent = `(${[...stepCounts].map(([s, n]) => `${s} ${n}`).join(' · ')})`;
          break;
        }
        case 'result':
          showResult(event.data);
          break;
        case 'error':
          problems.append(problemBox(event.code, event.message, event.detail));
          break;
        default:
          break;
      }
    },
    destroy() {
      host.el.replaceChildren();
    },
  };
  return widget;
};

export default createWidget;
