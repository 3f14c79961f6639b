/**
 * preamble-disasm widget: the Go function's machine code with its stack check focused
 * (compare with g.stackguard0, branch, call morestack, jump back to the start), beside
 * the same recursion compiled by gcc, which has none.
 */
import type { RunEvent } from '../protocol.ts';
import type { CreateWidget, DemoWidget } from '../client/widget-contract.ts';
import { el, ensureStyleOnce, problemBox, sharedWidgetCss } from '../go-shared/dom.ts';
import { liveCodeCss, type LiveFocus } from '../go-shared/highlight.ts';
import { codeTabsCss, createCodeTabs, type CodeTab } from '../go-shared/code-tabs.ts';
import type { DisasmFunction, PreambleCheck } from './disasm.ts';

const css = `
.pre .pre-cols { grid-template-columns: 3fr 2fr; }
.pre .live-code pre { --live-code-max-height: 16em; }
`;

function listing(fn: DisasmFunction): string {
  return fn.instructions.map((i) => `${i.address.padEnd(10)} ${i.text}`).join('\n');
}

function goTab(fn: DisasmFunction & { preamble: PreambleCheck | null }, goVersion: string): CodeTab {
  const p = fn.preamble;
  const focus: LiveFocus[] = [];
  if (p) {
    if (p.frameAdjust !== null) focus.push({ from: p.frameAdjust + 1, to: p.frameAdjust + 1, label: `frame > 128 bytes: compute ${p.compares} first` });
    focus.push({ from: p.compare + 1, to: p.compare + 1, label: `compare ${p.compares} with g.stackguard0 (g is in R14)` });
    focus.push({ from: p.branch + 1, to: p.branch + 1, label: 'too close to the end of the stack? jump to the slow path' });
    focus.push({ from: p.morestackCall + 1, to: p.morestackCall + 1, label: `${p.morestackSymbol}: allocate a bigger stack, copy the frames` });
    if (p.retryJump !== null) focus.push({ from: p.retryJump + 1, to: p.retryJump + 1, label: 'start the function again, on the new stack' });
  }
  return { title: fn.name, file: `${fn.name} — go tool objdump (${goVersion})`, code: listing(fn), lang: 'asm', focus };
}

const createWidget: CreateWidget = (host) => {
  ensureStyleOnce('r12-shared', sharedWidgetCss);
  ensureStyleOnce('r12-live-code', liveCodeCss);
  ensureStyleOnce('r12-code-tabs', codeTabsCss);
  ensureStyleOnce('r12-pre', css);
  const status = el('div', 'r12-status');
  const problems = el('div');
  const goTabs = createCodeTabs();
  const cTabs = createCodeTabs();
  const cVerdict = el('div', 'r12-note');
  host.el.replaceChildren(
    el(
      'div',
      'r12 pre',
      status,
      problems,
      el(
        'div',
        'r12-grid pre-cols',
        el('div', 'r12-panel lang-go', el('h4', undefined, 'Go'), goTabs.el),
        el('div', 'r12-panel lang-c', el('h4', undefined, 'C (gcc)'), cTabs.el, cVerdict),
      ),
    ),
  );

  const widget: DemoWidget = {
    reset() {
      status.textContent = '';
      problems.replaceChildren();
      goTabs.clear();
      cTabs.clear();
      cVerdict.textContent = '';
    },
    onEvent(event: RunEvent) {
      if (event.type === 'status' || event.type === 'progress') status.textContent = event.message;
      if (event.type === 'error') problems.append(problemBox(event.code, event.message, event.detail));
      if (event.type !== 'result') return;
      const goVersion = String(event.data.goVersion);
      const goFunctions = (event.data.goFunctions as Array<DisasmFunction & { preamble: PreambleCheck | null }> | undefined) ?? [];
      const cFunctions = (event.data.cFunctions as Array<DisasmFunction & { stackChecks: number[] }> | undefined) ?? [];
      goTabs.set(goFunctions.map((fn) => goTab(fn, goVersion)));
      cTabs.set(
        cFunctions.map((fn) => ({
          title: fn.name,
          file: `${fn.name} — cc ${String(event.data.cFlags)}, objdump -d`,
          code: listing(fn),
          lang: 'asm',
          focus: fn.stackChecks.map((k) => ({ from: k + 1, to: k + 1, label: 'stack-related instruction' })),
        })),
      );
      const clean = cFunctions.every((fn) => fn.stackChecks.length === 0);
      cVerdict.textContent = clean
        ? 'No compare against a stack bound, no morestack: C code trusts its thread’s big, fixed stack.'
        : 'This C build has stack-related instructions (see the focused lines).';
      status.textContent = `${goVersion} · ${String(event.data.ccVersion)}`;
    },
    destroy() {
      host.el.replaceChildren();
    },
  };
  return widget;
};

export default createWidget;
