/**
 * createCodeFocusPlugin: the walk-through of code blocks compiled with `steps="3|5-7"`.
 * Each step is an empty fragment (`<span class="fragment code-step" data-lines="5-7">`)
 * inside its `.code-block`; Reveal shows and hides fragments as usual, and this plugin
 * dims every line outside the latest visible step. Going back, jumping by URL and the
 * scroll view all end in the same recomputation from the DOM, so the state can't drift.
 * In print view every line stays lit (a PDF page shows the whole block).
 */
import type { DeckApi, DeckPlugin } from './reveal-api.ts';
import { parseLineList } from './step-lines.ts';

/** applyCodeFocus sets `.focus` on the lines of the latest visible step of one block. */
export function applyCodeFocus(block: HTMLElement, printing: boolean): void {
  const visible = block.querySelectorAll<HTMLElement>('.code-step.visible');
  const latest = visible.length > 0 ? visible[visible.length - 1] : undefined;
  const lines = printing || latest === undefined ? null : parseLineList(latest.dataset.lines ?? 'all');
  block.classList.toggle('focusing', lines !== null);
  for (const line of block.querySelectorAll<HTMLElement>('.line')) {
    line.classList.toggle('focus', lines !== null && lines.has(Number(line.dataset.line)));
  }
}

/** createCodeFocusPlugin is the Reveal plugin that keeps every stepped block in sync. */
export function createCodeFocusPlugin(): DeckPlugin {
  let cleanup = (): void => {};
  return {
    id: 'code-focus',
    init(deck: DeckApi) {
      const update = (): void => {
        const printing = deck.isPrintView();
        for (const block of deck.getRevealElement()?.querySelectorAll<HTMLElement>('.code-block.has-steps') ?? []) {
          applyCodeFocus(block, printing);
        }
      };
      const events = ['ready', 'slidechanged', 'fragmentshown', 'fragmenthidden', 'pdf-ready'];
      for (const name of events) deck.on(name, update);
      cleanup = () => {
        for (const name of events) deck.off(name, update);
      };
    },
    destroy() {
      cleanup();
    },
  };
}
