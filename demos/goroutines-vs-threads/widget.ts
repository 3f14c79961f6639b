/**
 * goroutines-vs-threads widget: resident memory of each process as its goroutines or
 * threads start (Chart.js, lazily), and a table of what one goroutine and one thread
 * cost: resident, reserved, kernel stack, OS threads — each labelled with its source.
 */
import type { Chart } from 'chart.js';
import type { RunEvent } from '../protocol.ts';
import type { CreateWidget, DemoWidget } from '../client/widget-contract.ts';
import { createChart, createChartCanvas, seriesColor } from '../client/charts.ts';
import { formatBytes, formatCount, formatRatio } from '../client/format.ts';
import { el, ensureStyleOnce, problemBox, sharedWidgetCss } from '../go-shared/dom.ts';
import type { MemoryCost } from './memory.ts';

const css = `
.gvt .gvt-cols { grid-template-columns: 3fr 2fr; }
.gvt td.go { color: ${seriesColor(0)}; }
.gvt td.th { color: ${seriesColor(1)}; }
`;

type Point = { x: number; y: number };
const mib = 1024 * 1024;

const createWidget: CreateWidget = (host) => {
  ensureStyleOnce('r12-shared', sharedWidgetCss);
  ensureStyleOnce('r12-gvt', css);
  const status = el('div', 'r12-status');
  const problems = el('div');
  const chartBox = el('div', 'r12-panel');
  const table = el('tbody');
  const verdict = el('div', 'r12-note');
  host.el.replaceChildren(
    el(
      'div',
      'r12 gvt',
      status,
      problems,
      el(
        'div',
        'r12-grid gvt-cols',
        chartBox,
        el(
          'div',
          'r12-panel',
          el('h4', undefined, 'Cost of one'),
          el('table', undefined, el('thead', undefined, el('tr', undefined, el('th', undefined, ''), el('th', 'num', 'goroutine'), el('th', 'num', 'thread'))), table),
          verdict,
        ),
      ),
    ),
  );
  const canvas = createChartCanvas(chartBox, 230);
  const series: Record<'goroutines' | 'threads', Point[]> = { goroutines: [], threads: [] };
  const latest: Record<'goroutines' | 'threads', Record<string, number> | undefined> = { goroutines: undefined, threads: undefined };
  let chart: Chart<'line', Point[]> | undefined;
  let destroyed = false;
  let pending = false;
  const chartReady = createChart(canvas, {
    type: 'line',
    data: {
      datasets: [
        { label: 'goroutines: resident (VmRSS, MiB)', data: series.goroutines, borderColor: seriesColor(0), backgroundColor: seriesColor(0), borderWidth: 3, pointRadius: 2 },
        { label: 'threads: resident (VmRSS, MiB)', data: series.threads, borderColor: seriesColor(1), backgroundColor: seriesColor(1), borderWidth: 3, pointRadius: 2 },
      ],
    },
    options: {
      parsing: false,
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: 'started and blocked' } },
        y: { type: 'linear', min: 0, title: { display: true, text: 'MiB resident' } },
      },
    },
  })
    .then((c) => {
      if (destroyed) c.destroy();
      else chart = c as unknown as Chart<'line', Point[]>;
    })
    .catch(() => chartBox.append(el('div', 'r12-note', 'The chart library did not load; the table has the figures.')));

  function redraw(): void {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      chart?.update();
    });
  }

  function row(label: string, go: string, th: string): HTMLElement {
    return el('tr', undefined, el('td', undefined, label), el('td', 'num go', go), el('td', 'num th', th));
  }

  function showCosts(go: MemoryCost | null, th: (MemoryCost & { stackBytes: number | null }) | null): void {
    const b = (v: number | undefined): string => (v === undefined || v < 0 ? '–' : formatBytes(v));
    table.replaceChildren(
      row('resident (VmRSS)', b(go?.rssPerUnitBytes), b(th?.rssPerUnitBytes)),
      row('reserved (VmSize)', b(go?.vmPerUnitBytes), b(th?.vmPerUnitBytes)),
      row('kernel stack (KernelStack, machine-wide)', b(go?.kernelStackPerUnitBytes), b(th?.kernelStackPerUnitBytes)),
      row('OS threads at the end', go ? formatCount(go.threadsAtEnd) : '–', th ? formatCount(th.threadsAtEnd) : '–'),
    );
  }

  const widget: DemoWidget = {
    reset() {
      series.goroutines.length = 0;
      series.threads.length = 0;
      latest.goroutines = latest.threads = undefined;
      table.replaceChildren();
      problems.replaceChildren();
      verdict.textContent = '';
      status.textContent = '';
      void chartReady.then(redraw);
    },
    onEvent(event: RunEvent) {
      switch (event.type) {
        case 'status':
          status.textContent = event.message;
          break;
        case 'sample': {
          if (event.key !== 'goroutines' && event.key !== 'threads') break;
          const v = event.values;
          series[event.key].push({ x: v.n ?? 0, y: (v.rssBytes ?? 0) / mib });
          latest[event.key] = v;
          status.textContent = `${event.key}: ${formatCount(v.n ?? 0)} started — resident ${formatBytes(v.rssBytes ?? 0)}, reserved ${formatBytes(v.vmBytes ?? 0)}, ${formatCount(v.threads ?? 0)} OS threads`;
          redraw();
          break;
        }
        case 'result': {
          const d = event.data as Record<string, unknown>;
          showCosts((d.goroutines as MemoryCost | null) ?? null, (d.threads as (MemoryCost & { stackBytes: number | null }) | null) ?? null);
          const ratio = typeof d.rssRatio === 'number' ? d.rssRatio : undefined;
          const th = d.threads as (MemoryCost & { stackBytes: number | null }) | null;
          verdict.textContent = [
            ratio ? `A thread keeps ${formatRatio(ratio)} the resident memory of a goroutine` : '',
            th?.stackBytes ? `and reserves a ${formatBytes(th.stackBytes)} stack (default pthread size), plus a kernel stack.` : '',
            `${String(d.goVersion)} · ${String(d.ccVersion)}.`,
          ]
            .filter(Boolean)
            .join(' ');
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
