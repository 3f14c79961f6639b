/**
 * The work-per-call chart: ns per call against N, both on log scales, one line per
 * caller; where an FFI's line meets the direct call's within 10 %, its crossing stops
 * mattering. Only draws: the points come from view-model.ts.
 */
import type { Chart } from 'chart.js';
import { createChart, createChartCanvas, seriesColor } from '../client/charts.ts';
import type { WorkView } from './view-model.ts';

type LineChart = Chart<'line', Array<{ x: number; y: number }>, unknown>;

/** WorkChart is a mounted chart. */
export type WorkChart = { update(view: WorkView): void; destroy(): void };

/** createWorkChart draws the chart into `parent`; Chart.js loads on first use. */
export async function createWorkChart(parent: HTMLElement, heightPx: number): Promise<WorkChart> {
  const canvas = createChartCanvas(parent, heightPx);
  const chart = (await createChart<'line', Array<{ x: number; y: number }>, unknown>(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      parsing: false,
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 18 } } },
      scales: {
        x: { type: 'logarithmic', title: { display: true, text: 'N: adds of work per call' }, ticks: { maxRotation: 0, callback: (value) => (Math.log10(Number(value)) % 1 === 0 ? `10${superscript(Math.log10(Number(value)))}` : '') } },
        y: { type: 'logarithmic', title: { display: true, text: 'ns per call' }, ticks: { callback: (value) => (Math.log10(Number(value)) % 1 === 0 ? Number(value).toLocaleString('en') : '') } },
      },
    },
  })) as LineChart;
  return {
    update(view) {
      chart.data.datasets = view.rows
        .filter((row) => !row.missing)
        .map((row, i) => ({
          label: row.id === 'direct' ? 'C (direct)' : row.id,
          data: view.sizes.map((x, j) => ({ x, y: row.nsPerCall[j] ?? NaN })).filter((p) => Number.isFinite(p.y)),
          borderColor: seriesColor(i),
          backgroundColor: seriesColor(i),
          borderWidth: row.id === 'direct' ? 4 : 3,
          pointRadius: 3,
        }));
      chart.update();
    },
    destroy() {
      chart.destroy();
    },
  };
}

/** superscript writes a small exponent for the log axis: 10⁶. */
function superscript(n: number): string {
  return String(Math.round(n)).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]!);
}
