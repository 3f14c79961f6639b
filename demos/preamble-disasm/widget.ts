/**
 * preamble-disasm widget (slide 34): the answer first — the instruction every Go function
 * starts with (compare SP with g.stackguard0) — then the Go function's machine code with
 * its whole stack check in view (compare, branch, the morestack call, the jump back),
 * each line's reason beside it, and the same recursion compiled by gcc, which has none.
 * Whole listings are in the reader view (R); nothing scrolls.
 */
import type { DemoResult } from '../define-demo.ts';
import { defineWidget } from '../client/define-widget.ts';
import { codeWindowCss, createCodeWindow } from '../go-shared/code-window.ts';
import { el, ensureStyleOnce } from '../go-shared/dom.ts';
import type { LiveFocus } from '../go-shared/highlight.ts';
import manifest from './manifest.ts';

type Result = DemoResult<typeof manifest>;
type GoFunction = Result['goFunctions'][number];
type Instruction = GoFunction['instructions'][number];

const css = `
.demo .pre-cols { grid-template-columns: minmax(0, 58fr) minmax(0, 42fr); }
.demo .pre-tabs { display: flex; gap: 8px; margin-bottom: 4px; }
.demo .pre-tabs button { font: inherit; font-size: 19px; font-family: var(--demo-mono); background: transparent; color: inherit; border: 1px solid var(--demo-border); border-radius: 4px; padding: 0 8px; cursor: pointer; }
.demo .pre-tabs button[aria-selected='true'] { background: rgba(255, 214, 0, 0.18); border-color: #ffd600; }
.demo .pre-side > h4 { color: var(--demo-muted); }
`;

function listing(instructions: Instruction[]): string {
  return instructions.map((i) => `${i.address.padEnd(10)} ${i.text}`).join('\n');
}

/** preambleFocus marks the stack check's lines (1-based) with what each does. */
export function preambleFocus(fn: GoFunction): LiveFocus[] {
  const p = fn.preamble;
  if (!p) return [];
  const focus: LiveFocus[] = [];
  const at = (index: number, label: string): void => void focus.push({ from: index + 1, to: index + 1, label });
  if (p.frameAdjust !== null) at(p.frameAdjust, `frame > 128 bytes: compute ${p.compares} first`);
  at(p.compare, `compare ${p.compares} with g.stackguard0 (g in R14)`);
  at(p.branch, 'too close to the end? slow path');
  at(p.morestackCall, 'a bigger stack, the frames copied');
  if (p.retryJump !== null) at(p.retryJump, 'start again, on the new stack');
  return focus;
}

export default defineWidget({
  manifest,
  mount(stage) {
    ensureStyleOnce('stage-code-window', codeWindowCss);
    ensureStyleOnce('stage-preamble', css);
    const goTabs = el('div', 'pre-tabs');
    const goCode = createCodeWindow();
    const cCode = createCodeWindow();
    const cNote = el('div', 'stage-note');
    const reader = stage.readerBlock();
    stage.el.replaceChildren(
      el('div', 'stage-columns pre-cols', el('div', 'pre-side', goTabs, goCode.el), el('div', 'pre-side', cCode.el, cNote)),
      reader.el,
    );
    let result: Result | null = null;

    function showGo(index: number): void {
      const fn = result?.goFunctions[index];
      if (!result || !fn) return;
      goTabs.querySelectorAll('button').forEach((b, i) => b.setAttribute('aria-selected', String(i === index)));
      void goCode.show({ code: listing(fn.instructions), lang: 'asm', file: `${fn.name}: go tool objdump (${result.goVersion})`, focus: preambleFocus(fn), context: 1 });
    }

    return {
      reset() {
        result = null;
        goTabs.replaceChildren();
        goCode.clear();
        cCode.clear();
        cNote.textContent = '';
        reader.clear();
      },
      onResult(next) {
        result = next;
        goTabs.replaceChildren(
          ...next.goFunctions.map((fn, i) => {
            const b = el('button', undefined, fn.name);
            b.type = 'button';
            b.addEventListener('click', () => {
              b.blur();
              showGo(i);
            });
            return b;
          }),
        );
        showGo(0);
        const cFn = next.cFunctions[0];
        if (cFn) {
          void cCode.show({
            code: listing(cFn.instructions),
            lang: 'asm',
            file: `${cFn.name}: cc ${next.cFlags}`,
            focus: cFn.stackChecks.map((k) => ({ from: k + 1, to: k + 1, label: 'stack-related' })),
            lines: 14,
          });
        }
        const clean = next.cFunctions.every((fn) => fn.stackChecks.length === 0);
        cNote.textContent = clean ? 'No compare against a stack bound, no morestack: C trusts its thread’s big, fixed stack.' : 'This C build has stack-related instructions (marked).';
        reader.set({
          title: `whole listings: Go (${next.goVersion}) and C (gcc ${next.ccVersion})`,
          lines: [...next.goFunctions.flatMap((fn) => [`${fn.name}:`, ...listing(fn.instructions).split('\n'), '']), ...next.cFunctions.flatMap((fn) => [`${fn.name} (C):`, ...listing(fn.instructions).split('\n'), ''])],
          visible: 0,
        });
        const go = next.goFunctions.find((fn) => fn.preamble !== null);
        const p = go?.preamble;
        if (!go || !p) {
          stage.headline.show({ figure: 'no stack check found', tone: 'bad', detail: 'go tool objdump printed no stack-bound compare in these functions' });
          return;
        }
        stage.headline.show({
          before: `${go.name} starts with`,
          figure: go.instructions[p.compare]?.text ?? '?',
          after: clean ? '— C: no such check' : '',
          detail: `then ${go.instructions[p.branch]?.text ?? ''} to CALL ${p.morestackSymbol} (${next.goVersion}, gcc ${next.ccVersion})`,
        });
      },
    };
  },
});
