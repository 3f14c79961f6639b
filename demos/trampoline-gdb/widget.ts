/**
 * trampoline-gdb widget (slide 23 and its sub-slides): the answer is slide 23's picture
 * with real frames in it — four boxes in slide 23's colours (Go cyan, ASM orange, C
 * purple), each filled with the functions gdb found there, lit as the backtrace streams
 * in. Below: every frame as gdb printed it (function, file:line), and where the two stacks
 * are, with the argument frame and the stack pointer placed on them. The way back (C
 * calling Go) mirrors the boxes; the Go → C call it happens inside is one line above them.
 */
import type { DemoResult } from '../define-demo.ts';
import type { RunEvent } from '../protocol.ts';
import { defineWidget } from '../client/define-widget.ts';
import { el, ensureStyleOnce } from '../go-shared/dom.ts';
import { chainOf, type ChainFrame } from './chain.ts';
import { classifyFrame, type FrameLanguage, type StackBounds } from './gdb-output.ts';
import manifest from './manifest.ts';

type DirectionRun = DemoResult<typeof manifest>['runs'][number];
type Direction = 'go-to-c' | 'c-to-go';

const css = `
.demo .tgdb { --go: #00add8; --asm: #f5a524; --c: #c792ea; }
.demo .tgdb-there { font-size: 19px; color: var(--demo-muted); margin-bottom: 6px; overflow-wrap: anywhere; }
.demo .tgdb-there code { font-family: var(--demo-mono); font-size: 19px; color: var(--demo-fg); background: none; padding: 0; }
.demo .tgdb-boxes { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 22px; margin: 6px 0 4px; font-size: 20px; }
.demo .tgdb-box { position: relative; border-radius: 12px; padding: 4px 10px 6px; background: color-mix(in srgb, var(--lang) 18%, transparent); border: 3px solid var(--lang); opacity: 0.45; min-width: 0; }
.demo .tgdb-box.lit { opacity: 1; }
.demo .tgdb-box + .tgdb-box::before { content: '→'; position: absolute; left: -22px; top: 30%; width: 22px; text-align: center; font-size: 26px; color: var(--demo-muted); }
.demo .tgdb-box .lang { font-size: 19px; line-height: 1.15; font-weight: 800; color: var(--lang); }
.demo .tgdb-box .role { font-size: 19px; line-height: 1.15; color: var(--demo-muted); }
.demo .tgdb-box .fn { display: block; font-family: var(--demo-mono); font-size: 19px; line-height: 1.2; overflow-wrap: anywhere; margin-top: 2px; }
.demo .tgdb-box .fn.main { font-size: 21px; font-weight: 700; }
.demo .tgdb-box .fn.pending { color: var(--demo-muted); font-style: italic; font-weight: 400; }
.demo .lang-go { --lang: var(--go); }
.demo .lang-asm { --lang: var(--asm); }
.demo .lang-c { --lang: var(--c); }
.demo .tgdb-bottom { grid-template-columns: minmax(0, 50fr) minmax(0, 50fr); }
.demo .tgdb-frames .reader-preview { font-size: 19px; line-height: 1.2; }
.demo .tgdb-frames .reader-line.lang-go { box-shadow: inset 5px 0 0 var(--go); padding-left: 8px; }
.demo .tgdb-frames .reader-line.lang-asm { box-shadow: inset 5px 0 0 var(--asm); padding-left: 8px; }
.demo .tgdb-frames .reader-line.lang-c { box-shadow: inset 5px 0 0 var(--c); padding-left: 8px; }
.demo .tgdb-frames .reader-line.lang-none { color: var(--demo-muted); }
.demo .tgdb-stack { margin: 0 0 6px; font-size: 19px; }
.demo .tgdb-stack .bar { position: relative; height: 20px; border-radius: 3px; background: color-mix(in srgb, var(--lang) 30%, transparent); border: 1px solid var(--lang); margin: 2px 0; }
.demo .tgdb-stack .mark { position: absolute; top: 0; width: 8px; height: 100%; background: #ffd600; border-radius: 2px; }
.demo .tgdb-stack .addr { font-family: var(--demo-mono); font-size: 19px; }
.demo .tgdb-verdict { font-size: 19px; font-weight: 700; }
@media (max-width: 700px) { .demo .tgdb-boxes { grid-template-columns: repeat(2, minmax(0, 1fr)); } .demo .tgdb-box:nth-child(3)::before { content: none; } }
`;

/** directionOf picks what this slide draws: the run's direction or, for a run of both, the slide's own. */
function directionOf(run: string, slide: string): Direction {
  return (run === 'both' ? slide : run) === 'c-to-go' ? 'c-to-go' : 'go-to-c';
}

function formatSize(bytes: bigint): string {
  const n = Number(bytes);
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

export default defineWidget({
  manifest,
  mount(stage) {
    ensureStyleOnce('stage-trampoline-gdb', css);
    const there = el('div', 'tgdb-there');
    const boxes = el('div', 'tgdb-boxes');
    const frames = stage.readerBlock('tgdb-frames');
    const stacks = el('div');
    // The boxes are the answer: they live in the headline, the figure among them.
    stage.headline.el.classList.add('tgdb');
    const root = el('div', 'tgdb', el('div', 'stage-columns tgdb-bottom', el('div', 'stage-box', el('h4', undefined, 'where the stacks are'), stacks), el('div', 'stage-box', el('h4', undefined, 'gdb backtrace'), frames.el)));
    stage.el.replaceChildren(root);
    let direction: Direction = directionOf(stage.slideParams.direction, stage.slideParams.direction);
    let seen: ChainFrame[] = [];

    function drawBoxes(final: boolean): void {
      const chain = chainOf(direction, seen);
      // The Go → C call a callback happens inside is in the backtrace (reader view).
      there.replaceChildren();
      boxes.replaceChildren(
        ...chain.boxes.map((box) => {
          const [first, ...rest] = box.functions;
          const main = first === undefined ? el('span', 'fn main pending', final ? 'not seen' : '…') : el('span', 'fn main', first);
          const b = el('div', `tgdb-box lang-${box.lang}${first === undefined ? '' : ' lit'}`, el('div', 'lang', box.lang.toUpperCase()), el('div', 'role', box.role), main, ...rest.map((fn) => el('span', 'fn', fn)));
          return b;
        }),
      );
    }

    /** The backtrace as gdb printed it, by stack: every frame in the reader view, the first ones in place. */
    let lines: string[] = [];
    let lastSection = '';
    function addFrame(text: string, stageName: string, section: string): void {
      const m = /^#\d+\s+(\S+)(?: at (.+))?$/.exec(text);
      if (!m?.[1]) return;
      seen.push({ function: m[1], stage: stageName });
      if (section !== lastSection) {
        lastSection = section;
        lines.push(section === 'bt-c' ? 'the thread (g0) stack:' : 'the goroutine stack:');
      }
      lines.push(`  ${text.split(' at ')[0] ?? text}${m[2] ? `  ${m[2].split('/').pop()}` : ''}`);
      frames.set({ title: 'gdb’s backtrace, both stacks', lines, visible: direction === 'go-to-c' ? 8 : 6, lineClass: (line) => `lang-${line.startsWith('  ') ? classifyLine(line) : 'none'}` });
    }

    function classifyLine(line: string): string {
      const fn = /#\d+\s+(\S+)/.exec(line)?.[1] ?? '';
      const lang = classifyFrame(fn).language;
      return lang === 'unknown' ? 'c' : lang;
    }

    function stackRow(title: string, lang: FrameLanguage, bounds: StackBounds | null, marks: Array<{ at: string | null; label: string }>): HTMLElement {
      const row = el('div', `tgdb-stack lang-${lang}`);
      if (!bounds) {
        row.append(el('div', 'stage-note', `${title}: not found`));
        return row;
      }
      const size = BigInt(bounds.hi) - BigInt(bounds.lo);
      const head = el('div', undefined, `${title}, ${formatSize(size)}`);
      head.title = `${bounds.lo} – ${bounds.hi}`;
      row.append(head);
      const bar = el('div', 'bar');
      const notes = el('div', 'addr');
      for (const mark of marks) {
        if (!mark.at) continue;
        const a = BigInt(mark.at);
        if (a < BigInt(bounds.lo) || a >= BigInt(bounds.hi)) continue;
        const fraction = Number(((a - BigInt(bounds.lo)) * 1000n) / size) / 1000;
        const m = el('div', 'mark');
        m.style.left = `calc(${fraction.toFixed(3)} * (100% - 8px))`;
        bar.append(m);
        notes.append(el('div', undefined, `▲ ${mark.label} ${mark.at}`));
      }
      row.append(bar, notes);
      return row;
    }

    function showStacks(run: DirectionRun): void {
      const goToC = direction === 'go-to-c';
      const spLabel = goToC ? 'SP in the C function' : 'SP in main.goCallback';
      const argLabel = goToC ? 'argument frame' : 'argument frame (built by C)';
      const marks = [
        { at: run.sp, label: spLabel },
        { at: run.argFrame, label: argLabel },
      ];
      stacks.replaceChildren(
        stackRow(`goroutine ${run.goid ?? ''} stack`, 'go', run.stacks.goroutine, marks),
        stackRow('thread (g0) stack', 'c', run.stacks.thread, marks),
        el('div', 'tgdb-verdict', `${argLabel}: on the ${run.argFrameOn}; ${spLabel}: on the ${run.spOn}.`),
      );
    }

    return {
      reset(run) {
        direction = directionOf(run.params.direction, stage.slideParams.direction);
        seen = [];
        lines = [];
        lastSection = '';
        frames.clear();
        stacks.replaceChildren();
        drawBoxes(false);
        stage.headline.el.append(there, boxes);
      },
      onEvent(event: RunEvent) {
        if (event.type !== 'progress') return;
        // source is "<direction> <section>": a run of both directions shows only this slide's half.
        const [from, section] = (event.source ?? '').split(' ');
        if (from !== direction || !section?.startsWith('bt-')) return;
        addFrame(event.message, event.step ?? 'unknown', section);
        drawBoxes(false);
      },
      onResult(result) {
        const mine = result.runs.find((r) => r.direction === direction);
        if (!mine) return;
        seen = mine.frames;
        drawBoxes(true);
        showStacks(mine);
        const chain = chainOf(direction, mine.frames);
        stage.headline.show({
          before: direction === 'go-to-c' ? 'Go called C through' : 'C called back into Go through',
          figure: chain.trampoline ?? 'no trampoline frame seen',
          tone: chain.trampoline ? 'neutral' : 'bad',
        });
        stage.headline.el.classList.add('stage-headline-long');
        stage.headline.el.append(there, boxes);
        boxes.querySelector('[data-headline-figure]')?.removeAttribute('data-headline-figure');
        if (!chain.trampoline) stage.headline.el.append(el('div', 'stage-headline-detail', 'gdb did not see the trampoline frame'));
      },
    };
  },
});
