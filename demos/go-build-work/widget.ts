/**
 * go-build-work widget (slides 14–18): the answer first — how many commands one `go
 * build` of a small cgo package runs, by tool — then the commands as they stream (each
 * tagged cgo / gcc / compile / link / pack / other, shortened to program, output and
 * input; every one whole in the reader view), the files left in `$WORK/b001/`, and the
 * three files that matter, their key lines in view with the reason beside each: the
 * rewritten call, the `_Cfunc_` wrapper calling runtime.cgocall, the C trampoline.
 */
import type { DemoResult } from '../define-demo.ts';
import type { RunEvent } from '../protocol.ts';
import { defineWidget } from '../client/define-widget.ts';
import { codeWindowCss, createCodeWindow } from '../go-shared/code-window.ts';
import { el, ensureStyleOnce } from '../go-shared/dom.ts';
import { summarizeCommand } from './build-log.ts';
import manifest from './manifest.ts';

type Result = DemoResult<typeof manifest>;
type KeyFile = Result['keyFiles'][number];

const css = `
.demo .gbw-cols { grid-template-columns: minmax(0, 37fr) minmax(0, 63fr); }
.demo .gbw-commands-list { font-family: var(--demo-mono); font-size: 19px; line-height: 1.25; margin: 0; padding: 0; list-style: none; }
.demo .gbw-commands-list li { margin: 0; overflow-wrap: anywhere; }
.demo .gbw-files { font-family: var(--demo-mono); font-size: 19px; line-height: 1.3; margin: 0 0 8px; overflow-wrap: anywhere; }
.demo .gbw-files .key { color: #ffd600; }
.demo .gbw-files .sep { color: var(--demo-muted); }
.demo .gbw-tabs { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 6px; }
.demo .gbw-tabs button { font: inherit; font-size: 19px; font-family: var(--demo-mono); background: transparent; color: inherit; border: 1px solid var(--demo-border); border-radius: 4px; padding: 0 8px; cursor: pointer; }
.demo .gbw-tabs button[aria-selected='true'] { background: rgba(255, 214, 0, 0.18); border-color: #ffd600; }
.demo .reader-line.step-cgo { color: #00add8; }
.demo .reader-line.step-gcc { color: #c792ea; }
.demo .reader-line.step-compile, .demo .reader-line.step-link, .demo .reader-line.step-pack { color: #7ee787; }
`;

/** stepsInOrder is how the headline lists the tools. */
const stepsInOrder = ['cgo', 'gcc', 'compile', 'pack', 'link'] as const;

/** totalCommands is the headline's figure: every command the build ran, the go command's own steps included. */
export function totalCommands(commands: Result['commands']): number {
  return Object.values(commands).reduce((sum, n) => sum + (n ?? 0), 0);
}

export default defineWidget({
  manifest,
  mount(stage) {
    ensureStyleOnce('stage-code-window', codeWindowCss);
    ensureStyleOnce('stage-go-build-work', css);
    const commandsBlock = stage.readerBlock('gbw-commands');
    const files = el('div', 'gbw-files');
    const tabs = el('div', 'gbw-tabs');
    const code = createCodeWindow();
    stage.el.replaceChildren(
      el(
        'div',
        'stage-columns gbw-cols',
        el('div', 'stage-box', el('h4', undefined, 'the commands, as they ran'), commandsBlock.el),
        el('div', 'stage-box', el('h4', undefined, '$WORK/b001/, left by -work'), files, tabs, code.el),
      ),
    );
    let commands: Array<{ step: string; text: string }> = [];

    function drawCommands(): void {
      const firstCgo = Math.max(0, commands.findIndex((c) => c.step === 'cgo'));
      commandsBlock.set({
        title: 'every command go build -x -work printed',
        lines: commands.map((c) => `${c.step.padEnd(7)} ${c.text}`),
        visible: 0,
      });
      // In place: the tools' commands from the first cgo on, one short line each, in the
      // tool's colour (cd, mkdir and the like only in the reader view).
      const preview = el('ul', 'gbw-commands-list');
      for (const c of commands.slice(firstCgo).filter((c) => c.step !== 'other').slice(0, 10)) {
        const line = el('li', `reader-line step-${c.step}`, summarizeCommand(c.text));
        line.dataset.step = c.step;
        preview.append(line);
      }
      commandsBlock.el.prepend(preview);
    }

    function showFile(file: KeyFile, index: number): void {
      tabs.querySelectorAll('button').forEach((b, i) => b.setAttribute('aria-selected', String(i === index)));
      const focusLines = file.focus.reduce((n, f) => n + f.to - f.from + 1, 0);
      void code.show({ code: file.content, lang: file.lang === 'go' || file.lang === 'c' ? file.lang : 'text', file: file.name, focus: file.focus, context: focusLines > 4 ? 0 : 2 });
    }

    return {
      reset() {
        commands = [];
        commandsBlock.clear();
        files.replaceChildren();
        tabs.replaceChildren();
        code.clear();
      },
      onEvent(event: RunEvent) {
        if (event.type !== 'progress' || event.source === 'go (internal)') return;
        commands.push({ step: event.step ?? 'other', text: event.message });
        drawCommands();
      },
      onResult(result) {
        const keyNames = new Set(result.keyFiles.map((f) => f.name));
        files.replaceChildren(
          ...result.files.flatMap((f, i) => {
            const name = el('span', keyNames.has(f.name) ? 'key' : undefined, f.name);
            name.dataset.file = f.name;
            name.title = f.role;
            return [...(i > 0 ? [el('span', 'sep', ' · ')] : []), name];
          }),
        );
        tabs.replaceChildren(
          ...result.keyFiles.map((f, i) => {
            const b = el('button', undefined, f.name);
            b.type = 'button';
            b.addEventListener('click', () => {
              b.blur();
              showFile(f, i);
            });
            return b;
          }),
        );
        const first = result.keyFiles[0];
        if (first) showFile(first, 0);
        const counts = stepsInOrder.map((s) => `${s} ${result.commands[s] ?? 0}`).join(' · ');
        stage.headline.show({
          before: 'one small cgo package →',
          figure: `${totalCommands(result.commands)} build commands`,
          detail: `${counts} · ${result.commands.other ?? 0} other steps (${result.goVersion}; the program printed “${result.programOutput}”)`,
        });
      },
    };
  },
});
