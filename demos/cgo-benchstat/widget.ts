/**
 * cgo-benchstat widget: the benchmark results as benchstat presents them (median ± the
 * 95 % confidence interval of the median), updated as each result line arrives, a bar
 * chart of the medians with their intervals, and benchstat's own table when it ran.
 */
import type { Chart } from 'chart.js';
import type { RunEvent } from '../protocol.ts';
import type { CreateWidget, DemoWidget } from '../client/widget-contract.ts';
import { createChart, createChartCanvas, seriesColor } from '../client/charts.ts';
import { formatNs, formatRatio } from '../client/format.ts';
import { el, ensureStyleOnce, problemBox, sharedWidgetCss } from '../go-shared/dom.ts';
import { summarizeBench, type BenchResult } from './bench-output.ts';

const css = `
.cbs .cbs-cols { grid-template-columns: 1fr 1fr; }
.cbs pre.cbs-benchstat { font-size: 0.85em; margin: 0.3em 0 0; white-space: pre; overflow: auto; max-height: 9em; }
`;

const order = ['GoCall', 'CgoCall', 'CgoCallNoescapeNocallback', 'CgoCallback'];

const createWidget: CreateWidget = (host) => {
  ensureStyleOnce('r12-shared', sharedWidgetCss);
  ensureStyleOnce('r12-cbs', css);
  const status = el('div', 'r12-status');
  const problems = el('div');
  const rowsEl = el('tbody');
  const note = el('div', 'r12-note');
  const benchstatBox = el('div');
  const chartBox = el('div', 'r12-panel');
  host.el.replaceChildren(
    el(
      'div',
      'r12 cbs',
      status,
      problems,
      el(
        'div',
        'r12-grid cbs-cols',
        el(
          'div',
          'r12-panel',
          el('table', 'r12-mono', el('thead', undefined, el('tr', undefined, el('th', undefined, 'benchmark'), el('th', 'num', 'time/op'), el('th', 'num', '±'), el('th', 'num', 'n'), el('th', 'num', 'vs Go'))), rowsEl),
          note,
          benchstatBox,
        ),
        chartBox,
      ),
    ),
  );
  const canvas = createChartCanvas(chartBox, 230);
  const results: BenchResult[] = [];
  const labels: Record<string, string> = {};
  let chart: Chart<'bar', Array<number | [number, number]>, string> | undefined;
  let destroyed = false;
  const chartReady = createChart(canvas, {
    type: 'bar',
    data: {
      labels: [] as string[],
      datasets: [
        { label: 'median ns/op', data: [] as Array<number | [number, number]>, backgroundColor: seriesColor(0) },
        { label: '95 % interval of the median', data: [] as Array<number | [number, number]>, backgroundColor: seriesColor(1), barPercentage: 0.25 },
      ],
    },
    options: { indexAxis: 'y', scales: { x: { min: 0, title: { display: true, text: 'ns per call' } }, y: { stacked: false } } },
  })
    .then((c) => {
      if (destroyed) c.destroy();
      else chart = c as unknown as Chart<'bar', Array<number | [number, number]>, string>;
    })
    .catch(() => chartBox.append(el('div', 'r12-note', 'The chart library did not load; the table has the figures.')));

  function redraw(): void {
    const rows = summarizeBench(results).sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    const go = rows.find((r) => r.name === 'GoCall');
    rowsEl.replaceChildren(
      ...rows.map((r) => {
        const tr = el(
          'tr',
          undefined,
          el('td', undefined, r.name),
          el('td', 'num', formatNs(r.medianNs)),
          el('td', 'num', r.plusMinusPct === null ? '∞' : `${Math.round(r.plusMinusPct)}%`),
          el('td', 'num', String(r.samples)),
          el('td', 'num', go && r.name !== 'GoCall' ? formatRatio(r.medianNs / go.medianNs) : ''),
        );
        tr.title = labels[r.name] ?? r.name;
        tr.dataset.bench = r.name;
        return tr;
      }),
    );
    if (!chart) return;
    chart.data.labels = rows.map((r) => r.name);
    chart.data.datasets[0]!.data = rows.map((r) => r.medianNs);
    chart.data.datasets[1]!.data = rows.map((r): [number, number] => [r.lowNs ?? r.medianNs, r.highNs ?? r.medianNs]);
    chart.update();
  }

  const widget: DemoWidget = {
    reset() {
      results.length = 0;
      rowsEl.replaceChildren();
      problems.replaceChildren();
      benchstatBox.replaceChildren();
      note.textContent = '';
      status.textContent = '';
      void chartReady.then(redraw);
    },
    onEvent(event: RunEvent) {
      switch (event.type) {
        case 'status':
          status.textContent = event.message;
          break;
        case 'sample':
          results.push({ name: event.key, procs: 1, iterations: event.values.iterations ?? 0, nsPerOp: event.values.nsPerOp ?? NaN });
          if (event.label) labels[event.key] = event.label;
          status.textContent = `${event.key} run ${String(event.values.run ?? '')}: ${formatNs(event.values.nsPerOp ?? NaN)}`;
          redraw();
          break;
        case 'result': {
          const d = event.data;
          status.textContent = `${String(d.goVersion)} · ${String(d.cpu ?? '')} · -count ${String(d.count)} -benchtime ${String(d.benchtimeMs)}ms`;
          note.textContent = String(d.statsNote ?? '');
          if (typeof d.benchstat === 'string') benchstatBox.replaceChildren(el('pre', 'cbs-benchstat r12-mono', d.benchstat));
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
