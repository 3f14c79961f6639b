/**
 * stack-growth widget: the goroutine's stack in use against recursion depth (Chart.js,
 * loaded lazily), a marker at each copy, and the table of copies: at which depth, and how
 * the outer local's address changed — beside the heap object's address that never does.
 */
import type { Chart } from 'chart.js';
import type { RunEvent } from '../protocol.ts';
import type { CreateWidget, DemoWidget } from '../client/widget-contract.ts';
import { createChart, createChartCanvas, seriesColor } from '../client/charts.ts';
import { formatBytes, formatCount } from '../client/format.ts';
import { el, ensureStyleOnce, hex, problemBox, sharedWidgetCss } from '../go-shared/dom.ts';

const css = `
.sgr .sgr-cols { grid-template-columns: 3fr 2fr; }
.sgr .sgr-moves { max-height: 11em; overflow: auto; }
.sgr .sgr-moves tr.fresh td { color: #ffd600; }
.sgr .sgr-heap { margin-top: 0.4em; }
`;

type Point = { x: number; y: number };

const createWidget: CreateWidget = (host) => {
  ensureStyleOnce('r12-shared', sharedWidgetCss);
  ensureStyleOnce('r12-sgr', css);
  const status = el('div', 'r12-status');
  const problems = el('div');
  const chartBox = el('div', 'r12-panel');
  const moves = el('tbody');
  const heap = el('div', 'sgr-heap r12-note');
  const anchorNow = el('div', 'r12-mono');
  host.el.replaceChildren(
    el(
      'div',
      'r12 sgr',
      status,
      problems,
      el(
        'div',
        'r12-grid sgr-cols',
        chartBox,
        el(
          'div',
          'r12-panel',
          el('h4', undefined, 'The same local, &anchor'),
          anchorNow,
          el(
            'div',
            'sgr-moves',
            el('table', 'r12-mono', el('thead', undefined, el('tr', undefined, el('th', 'num', 'depth'), el('th', 'num', 'in use'), el('th', undefined, 'moved to'))), moves),
          ),
          heap,
        ),
      ),
    ),
  );
  const canvas = createChartCanvas(chartBox, 230);
  const inUse: Point[] = [];
  const copies: Point[] = [];
  let chart: Chart<'line', Point[]> | undefined;
  let destroyed = false;
  let pending = false;
  const chartReady = createChart(canvas, {
    type: 'line',
    data: {
      datasets: [
        { label: 'stack in use (KiB)', data: inUse, borderColor: seriesColor(0), backgroundColor: seriesColor(0), pointRadius: 0, borderWidth: 3 },
        { label: 'stack copied here', data: copies, borderColor: seriesColor(1), backgroundColor: seriesColor(1), showLine: false, pointRadius: 7, pointStyle: 'triangle' },
      ],
    },
    options: {
      parsing: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'recursion depth (frames)' }, min: 0 },
        y: { type: 'linear', title: { display: true, text: 'KiB' }, min: 0 },
      },
    },
  })
    .then((c) => {
      if (destroyed) c.destroy();
      else chart = c as unknown as Chart<'line', Point[]>;
    })
    .catch(() => {
      chartBox.append(el('div', 'r12-note', 'The chart library did not load; the table beside has the same data.'));
    });

  function redraw(): void {
    // Samples can arrive faster than frames are painted: update at most once per frame.
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      chart?.update();
    });
  }

  const widget: DemoWidget = {
    reset() {
      inUse.length = 0;
      copies.length = 0;
      moves.replaceChildren();
      problems.replaceChildren();
      heap.textContent = '';
      anchorNow.textContent = '';
      status.textContent = '';
      void chartReady.then(redraw);
    },
    onEvent(event: RunEvent) {
      switch (event.type) {
        case 'status':
        case 'progress':
          if (event.type === 'status' || event.step !== 'moved') status.textContent = event.message;
          break;
        case 'sample': {
          const v = event.values;
          if (event.key === 'depth') {
            inUse.push({ x: v.depth ?? 0, y: (v.inUseBytes ?? 0) / 1024 });
            anchorNow.textContent = `depth ${formatCount(v.depth ?? 0)}: &anchor = ${hex(v.anchorAddr ?? 0)}`;
            heap.textContent = `heap object: ${hex(v.heapAddr ?? 0)} — heap memory is not copied with the stack.`;
          } else if (event.key === 'moved') {
            copies.push({ x: v.depth ?? 0, y: (v.inUseBytes ?? 0) / 1024 });
            moves.querySelectorAll('tr.fresh').forEach((r) => r.classList.remove('fresh'));
            const row = el('tr', 'fresh', el('td', 'num', formatCount(v.depth ?? 0)), el('td', 'num', formatBytes(v.inUseBytes ?? 0)), el('td', undefined, hex(v.toAddr ?? 0)));
            moves.append(row);
            // Scroll the table's own box: scrollIntoView would also scroll Reveal's slide.
            const box = moves.closest<HTMLElement>('.sgr-moves');
            if (box) box.scrollTop = box.scrollHeight;
          }
          redraw();
          break;
        }
        case 'result': {
          const d = event.data;
          status.textContent = `${String(d.goVersion)}: started at ${formatBytes(Number(d.startingStackBytes))}, copied ${String(d.moveCount)} times on the way to depth ${formatCount(Number(d.depth))} (~${String(d.bytesPerFrame)} bytes per frame).`;
          heap.textContent = `heap object: ${String(d.heapAddr)} — ${d.heapAddrStable ? 'the same address at every sample' : 'its address changed (unexpected)'}.`;
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
      destroyed = true;
      chart?.destroy();
      host.el.replaceChildren();
    },
  };
  return widget;
};

export default createWidget;
