/**
 * trampoline-gdb widget: the chain of a cgo call as boxes coloured by who compiled each
 * frame (Go, assembly, C), lit one by one as gdb's backtrace names them; the raw frames
 * as gdb printed them; and where the two stacks are, with the argument frame and the
 * stack pointer placed on them.
 */
import type { RunEvent, RunParams } from '../protocol.ts';
import type { CreateWidget, DemoWidget } from '../client/widget-contract.ts';
import { el, ensureStyleOnce, problemBox, sharedWidgetCss } from '../go-shared/dom.ts';
import { classifyFrame, type FrameLanguage, type GdbFrame, type StackBounds } from './gdb-output.ts';

/** Slot is one box of the picture: a frame the chain must pass. */
interface Slot {
  match: RegExp;
  placeholder: string;
  role: string;
}

const slots: Record<'go-to-c' | 'c-to-go', Slot[]> = {
  'go-to-c': [
    { match: /^main\.main$/, placeholder: 'main.main', role: 'your Go code' },
    { match: /^main\._Cfunc_/, placeholder: 'main._Cfunc_cfunc', role: 'rewritten call (generated Go)' },
    { match: /^runtime\.cgocall$/, placeholder: 'runtime.cgocall', role: 'enter syscall state' },
    { match: /^runtime\.asmcgocall$/, placeholder: 'runtime.asmcgocall', role: 'switch to the thread stack' },
    { match: /^_cgo_[0-9a-f]+_Cfunc_/, placeholder: '_cgo_…_Cfunc_cfunc', role: 'trampoline: unpack the arguments' },
    { match: /^cfunc$/, placeholder: 'cfunc', role: 'the real C function' },
  ],
  'c-to-go': [
    { match: /^main\.main$/, placeholder: 'main.main', role: 'your Go code' },
    { match: /^main\._Cfunc_/, placeholder: 'main._Cfunc_call_go', role: 'rewritten call' },
    { match: /^runtime\.cgocall$/, placeholder: 'runtime.cgocall', role: 'Go → C' },
    { match: /^runtime\.asmcgocall$/, placeholder: 'runtime.asmcgocall', role: 'switch stacks' },
    { match: /^_cgo_[0-9a-f]+_Cfunc_/, placeholder: '_cgo_…_Cfunc_call_go', role: 'trampoline' },
    { match: /^call_go$/, placeholder: 'call_go', role: 'C calls Go…' },
    { match: /^goCallback$/, placeholder: 'goCallback', role: 'C stub from _cgo_export.c' },
    { match: /^crosscall2$/, placeholder: 'crosscall2', role: 'C ABI → Go ABI' },
    { match: /^runtime\.cgocallback$/, placeholder: 'runtime.cgocallback', role: 'back to the goroutine stack' },
    { match: /^runtime\.cgocallbackg$/, placeholder: 'runtime.cgocallbackg', role: 'leave syscall state' },
    { match: /^_cgoexp_[0-9a-f]+_/, placeholder: '_cgoexp_…_goCallback', role: 'unpack the arguments (generated Go)' },
    { match: /^main\.goCallback$/, placeholder: 'main.goCallback', role: 'your exported Go function' },
  ],
};

const css = `
.tgdb .tgdb-chain { display: flex; flex-wrap: wrap; gap: 0.35em; align-items: stretch; }
.tgdb .tgdb-slot { border: 2px dashed rgba(255,255,255,0.25); border-radius: 6px; padding: 0.25em 0.5em; min-width: 7em; opacity: 0.45; transition: opacity 0.3s, background 0.3s; }
.tgdb .tgdb-slot.lit { opacity: 1; border-style: solid; border-color: var(--lang); background: color-mix(in srgb, var(--lang) 22%, transparent); }
.tgdb .tgdb-slot .fn { font-family: var(--r-code-font, monospace); font-size: 0.9em; word-break: break-all; }
.tgdb .tgdb-slot .role { font-size: 0.8em; opacity: 0.8; }
.tgdb .tgdb-slot .lang { font-size: 0.7em; font-weight: bold; color: var(--lang); }
.tgdb .tgdb-arrow { align-self: center; opacity: 0.6; }
.tgdb .tgdb-bottom { grid-template-columns: 3fr 2fr; }
.reveal .tgdb .tgdb-frames { padding: 0; list-style: none; max-height: 8.5em; overflow: auto; font-size: 0.85em; }
.tgdb .tgdb-frames li { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; border-left: 4px solid var(--lang, #888); padding-left: 0.4em; margin: 0.1em 0; }
.tgdb .tgdb-frames li.section { border: 0; opacity: 0.7; font-style: italic; margin-top: 0.3em; }
.tgdb .tgdb-stack { margin: 0.2em 0 0.5em; }
.tgdb .tgdb-stack .bar { position: relative; height: 1.1em; border-radius: 3px; background: color-mix(in srgb, var(--lang) 30%, transparent); border: 1px solid var(--lang); }
.tgdb .tgdb-stack .mark { position: absolute; top: -0.25em; width: 0.5em; height: 1.6em; background: #ffd600; border-radius: 2px; }
.tgdb .tgdb-verdict { font-weight: bold; }
`;

const languageName: Record<FrameLanguage, string> = { go: 'Go', asm: 'ASM', c: 'C', unknown: '?' };

type Direction = 'go-to-c' | 'c-to-go';

/**
 * directionOf picks what this widget draws: the run's direction, or — for a run of
 * "both" — the slide's own.
 */
function directionOf(runParams: RunParams, slideParams: RunParams): Direction {
  const pick = runParams.direction === 'both' || runParams.direction === undefined ? slideParams.direction : runParams.direction;
  return pick === 'c-to-go' ? 'c-to-go' : 'go-to-c';
}

function sizeOf(bounds: StackBounds): bigint {
  return BigInt(bounds.hi) - BigInt(bounds.lo);
}

function formatSize(bytes: bigint): string {
  const n = Number(bytes);
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

const createWidget: CreateWidget = (host) => {
  ensureStyleOnce('r12-shared', sharedWidgetCss);
  ensureStyleOnce('r12-tgdb', css);
  const status = el('div', 'r12-status');
  const problems = el('div');
  const chain = el('div', 'tgdb-chain');
  const frames = el('ol', 'tgdb-frames r12-mono');
  const stacks = el('div', 'tgdb-stacks');
  const root = el(
    'div',
    'r12 tgdb',
    status,
    problems,
    chain,
    el(
      'div',
      'r12-grid tgdb-bottom',
      el('div', 'r12-panel', el('h4', undefined, 'gdb backtrace'), frames),
      el('div', 'r12-panel', el('h4', undefined, 'where the stacks are'), stacks),
    ),
  );
  host.el.replaceChildren(root);
  let slotEls: HTMLElement[] = [];
  let direction: Direction = directionOf(host.params, host.params);
  let lastSection = '';

  function drawChain(): void {
    const list = slots[direction];
    chain.replaceChildren();
    slotEls = list.map((slot, i) => {
      const lang = classifyFrame(slot.placeholder.replace('…', '0')).language;
      const box = el(
        'div',
        `tgdb-slot lang-${lang}`,
        el('div', 'lang', languageName[lang]),
        el('div', 'fn', slot.placeholder),
        el('div', 'role', slot.role),
      );
      box.dataset.slot = String(i);
      if (i > 0) chain.append(el('span', 'tgdb-arrow', '→'));
      chain.append(box);
      return box;
    });
  }

  function light(fn: string): void {
    const list = slots[direction];
    list.forEach((slot, i) => {
      const box = slotEls[i];
      if (!box || box.classList.contains('lit') || !slot.match.test(fn)) return;
      box.classList.add('lit');
      const name = box.querySelector('.fn');
      if (name) name.textContent = fn;
    });
  }

  function stackRow(title: string, lang: FrameLanguage, bounds: StackBounds | null, marks: Array<{ at: string | null; label: string }>): HTMLElement {
    const row = el('div', `tgdb-stack lang-${lang}`);
    if (!bounds) {
      row.append(el('div', 'r12-note', `${title}: not found`));
      return row;
    }
    row.append(el('div', undefined, `${title}: `, el('span', 'r12-mono', `${bounds.lo} – ${bounds.hi}`), ` (${formatSize(sizeOf(bounds))})`));
    const bar = el('div', 'bar');
    const notes = el('div', 'r12-note r12-mono');
    for (const mark of marks) {
      if (!mark.at) continue;
      const a = BigInt(mark.at);
      if (a < BigInt(bounds.lo) || a >= BigInt(bounds.hi)) continue;
      const fraction = Number(((a - BigInt(bounds.lo)) * 1000n) / sizeOf(bounds)) / 1000;
      const m = el('div', 'mark');
      m.style.left = `calc(${(fraction * 100).toFixed(1)}% - 0.25em)`;
      m.title = `${mark.label} ${mark.at}`;
      bar.append(m);
      notes.append(el('div', undefined, `▲ ${mark.label} = ${mark.at}`));
    }
    row.append(bar, notes);
    return row;
  }

  function showResult(data: Record<string, unknown>): void {
    const st = (data.stacks ?? {}) as { goroutine?: StackBounds | null; thread?: StackBounds | null };
    const sp = (data.sp as string | null) ?? null;
    const argFrame = (data.argFrame as string | null) ?? null;
    const goToC = direction === 'go-to-c';
    const spLabel = goToC ? 'SP inside the C function' : 'SP inside main.goCallback';
    const argLabel = goToC ? 'argument frame v (= &p0 in _Cfunc_cfunc)' : 'argument frame a (built by C for _cgoexp)';
    const marks = [
      { at: sp, label: spLabel },
      { at: argFrame, label: argLabel },
    ];
    stacks.replaceChildren(
      stackRow(`goroutine ${String(data.goid ?? '')} stack`, 'go', st.goroutine ?? null, marks),
      stackRow('thread stack (g0, the pthread stack)', 'c', st.thread ?? null, marks),
      el('div', 'tgdb-verdict', `${argLabel}: on the ${String(data.argFrameOn)}; ${spLabel}: on the ${String(data.spOn)}.`),
      el('div', 'r12-note', `${String(data.goVersion)} · gdb ${String(data.gdbVersion)}. Goroutine stacks live in Go-managed memory; the C code runs on the thread's own stack.`),
    );
  }

  const widget: DemoWidget = {
    reset(_source, params) {
      direction = directionOf(params, host.params);
      drawChain();
      frames.replaceChildren();
      stacks.replaceChildren();
      problems.replaceChildren();
      lastSection = '';
      status.textContent = direction === 'go-to-c' ? 'gdb will stop inside cfunc, called from Go.' : 'gdb will stop in crosscall2 and then in main.goCallback, called from C.';
    },
    onEvent(event: RunEvent) {
      switch (event.type) {
        case 'status':
          // A run of both directions reports both gdb sessions; say only this slide's.
          if (!event.message.startsWith('gdb:') || event.message.includes(direction === 'go-to-c' ? 'cfunc' : 'crosscall2')) status.textContent = event.message;
          break;
        case 'progress': {
          const m = /^#\d+\s+(\S+)/.exec(event.message);
          if (!m?.[1]) break;
          // source is "<direction> <section>": a run of both directions shows only this slide's half.
          const [from, section] = (event.source ?? '').includes(' ') ? (event.source ?? '').split(' ') : [direction, event.source ?? ''];
          if (from !== direction) break;
          if (section !== lastSection) {
            lastSection = section ?? '';
            frames.append(el('li', 'section', section === 'bt-c' ? 'bt (this thread)' : direction === 'go-to-c' ? 'goroutine 1 bt (runtime-gdb.py)' : 'bt (after continue)'));
          }
          const { language } = classifyFrame(m[1]);
          const row = el('li', `lang-${language}`, event.message);
          row.dataset.stage = event.step ?? '';
          row.dataset.function = m[1];
          frames.append(row);
          light(m[1]);
          break;
        }
        case 'result': {
          const runs = (event.data.runs as Array<Record<string, unknown>> | undefined) ?? [];
          const mine = runs.find((r) => r.direction === direction);
          if (!mine) break;
          for (const f of (mine.frames as GdbFrame[] | undefined) ?? []) light(f.function);
          showResult({ ...mine, goVersion: event.data.goVersion, gdbVersion: event.data.gdbVersion });
          break;
        }
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
  drawChain();
  return widget;
};

export default createWidget;
