/**
 * stack-growth widget (slides 27–33): the answer first — how many times the goroutine's
 * stack was copied, with the same local's address before and after each copy in a table
 * (stacks move) beside the stack in use against recursion depth, a marker at each copy.
 * The heap object's address, which never changes, is the line under the table: why Go
 * pointers handed to C must point to the heap.
 */
import type { RunEvent } from '../protocol.ts';
import { defineWidget } from '../client/define-widget.ts';
import { formatBytes, formatCount } from '../client/format.ts';
import { createLineChart } from '../client/line-chart.ts';
import { el, ensureStyleOnce, hex } from '../go-shared/dom.ts';
import manifest from './manifest.ts';

const css = `
.demo .sgr-cols { grid-template-columns: minmax(0, 55fr) minmax(0, 45fr); height: 100%; }
.demo .sgr-chart { height: 100%; box-sizing: border-box; }
.demo .sgr-moves { width: 100%; border-collapse: collapse; font-size: 19px; line-height: 1.2; margin: 0; }
.demo .sgr-moves th { font-size: 19px; font-weight: 600; color: var(--demo-muted); text-align: right; padding: 0 8px 2px; border-bottom: 2px solid var(--demo-border); }
.demo .sgr-moves th:last-child, .demo .sgr-moves td:last-child { text-align: left; }
.demo .sgr-moves td { padding: 1px 8px; border-bottom: 1px solid var(--demo-border); text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.demo .sgr-moves tr.fresh td { color: #ffd600; }
.demo .sgr-moves .sgr-arrow { color: var(--demo-muted); }
.demo .sgr-left { display: flex; flex-direction: column; gap: 6px; min-width: 0; }
`;

/** shownMoves is how many copies the table shows in place; the rest are in the reader view. */
const shownMoves = 12;

type Move = { depth: number; fromAddr: string; toAddr: string; inUseBytes: number };

export default defineWidget({
  manifest,
  mount(stage) {
    ensureStyleOnce('stage-stack-growth', css);
    const body = el('tbody');
    const table = el('table', 'sgr-moves stage-mono', el('thead', undefined, el('tr', undefined, el('th', undefined, 'depth'), el('th', undefined, 'in use'), el('th', undefined, '&anchor: before → after'))), body);
    const heap = el('div', 'stage-note');
    const reader = stage.readerBlock();
    const chartBox = el('div', 'stage-box sgr-chart stage-chart');
    stage.el.replaceChildren(el('div', 'stage-columns sgr-cols', el('div', 'sgr-left', table, heap, reader.el), chartBox));
    const chart = createLineChart(chartBox, { yLabel: 'KiB', xLabel: 'recursion depth (frames)', formatX: (x) => formatCount(x), formatY: (y) => formatCount(y) });
    let moves: Move[] = [];

    function drawMoves(): void {
      const shown = moves.slice(-shownMoves);
      body.replaceChildren(
        ...shown.map((m, i) =>
          el(
            'tr',
            i === shown.length - 1 ? 'fresh' : undefined,
            el('td', undefined, formatCount(m.depth)),
            el('td', undefined, formatBytes(m.inUseBytes)),
            el('td', undefined, m.fromAddr, el('span', 'sgr-arrow', ' → '), m.toAddr),
          ),
        ),
      );
      if (moves.length > shownMoves) {
        reader.set({ title: 'every copy of the stack', lines: moves.map((m) => `depth ${formatCount(m.depth)}, ${formatBytes(m.inUseBytes)} in use: ${m.fromAddr} → ${m.toAddr}`), visible: 0 });
      } else {
        reader.clear();
      }
    }

    return {
      reset() {
        moves = [];
        drawMoves();
        heap.textContent = '';
        chart.clear();
      },
      onEvent(event: RunEvent) {
        if (event.type !== 'sample') return;
        const v = event.values;
        if (event.key === 'depth') {
          chart.add('in-use', { label: 'stack in use', colour: '#4fc3f7' }, v.depth ?? 0, (v.inUseBytes ?? 0) / 1024);
          heap.textContent = `heap object: ${hex(v.heapAddr ?? 0)}, not copied with the stack`;
        } else if (event.key === 'moved') {
          chart.add('copies', { label: 'copied here', colour: '#f0b429', markers: true }, v.depth ?? 0, (v.inUseBytes ?? 0) / 1024);
          moves.push({ depth: v.depth ?? 0, inUseBytes: v.inUseBytes ?? 0, fromAddr: hex(v.fromAddr ?? 0), toAddr: hex(v.toAddr ?? 0) });
          drawMoves();
        }
      },
      onResult(result) {
        moves = result.moves;
        drawMoves();
        stage.headline.show({
          before: 'the stack was copied',
          figure: `${result.moveCount} times`,
          after: 'and the same local moved each time',
          detail: `${result.goVersion}: a goroutine starts with ${formatBytes(result.startingStackBytes)}; depth ${formatCount(result.depth)} needs ${formatBytes(result.finalInUseBytes ?? 0)} (~${result.bytesPerFrame ?? '?'} bytes per frame)`,
        });
        heap.textContent = `heap object: ${result.heapAddr ?? '?'}, ${result.heapAddrStable ? 'the same address at every sample' : 'its address changed (unexpected)'}`;
      },
      destroy() {
        chart.destroy();
      },
    };
  },
});
