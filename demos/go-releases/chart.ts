/**
 * The go-releases chart: ns per plain cgo call by release (bars, with the 95 % interval
 * of the median as a thin bar over each), slide 6's two 2018 figures at the left in
 * another colour, and each significant change written above its bar ("−31 %"). Only
 * draws: the bars come from view-model.ts.
 */
import type { Chart, Plugin } from 'chart.js';
import { chartTheme, createChart, createChartCanvas } from '../client/charts.ts';
import type { ChartBar } from './view-model.ts';

type BarChart = Chart<'bar', Array<number | [number, number] | null>, string | string[]>;

const todayColor = '#4fc3f7';
const talk2018Color = '#f0b429';
const fasterColor = '#2ecc71';
const slowerColor = '#ff6b6b';

/** ReleasesChart is a mounted chart. */
export type ReleasesChart = { update(bars: readonly ChartBar[]): void; destroy(): void };

/** changeLabels writes each bar's change above it, and "missing" on a missing release. */
function changeLabelsPlugin(getBars: () => readonly ChartBar[]): Plugin<'bar'> {
  return {
    id: 'goReleasesChangeLabels',
    afterDatasetsDraw(chart) {
      const bars = getBars();
      const meta = chart.getDatasetMeta(0);
      const { ctx } = chart;
      const yScale = chart.scales.y!;
      ctx.save();
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      bars.forEach((bar, index) => {
        const element = meta.data[index];
        if (!element) return;
        const x = element.x;
        if (bar.kind === 'missing') {
          ctx.font = `${chartTheme.fontSizePx - 2}px ${chartTheme.fontFamily}`;
          ctx.fillStyle = chartTheme.mutedColor;
          ctx.fillText('missing', x, yScale.getPixelForValue(0) - 4);
          return;
        }
        if (!bar.changeLabel || bar.medianNs === null) return;
        const top = yScale.getPixelForValue(Math.max(bar.medianNs, bar.highNs ?? 0));
        ctx.font = `bold ${chartTheme.fontSizePx}px ${chartTheme.fontFamily}`;
        ctx.fillStyle = bar.faster ? fasterColor : slowerColor;
        ctx.fillText(bar.changeLabel, x, top - 4);
      });
      ctx.restore();
    },
  };
}

/** createReleasesChart draws the chart into `parent`; it loads Chart.js on first use. */
export async function createReleasesChart(parent: HTMLElement, heightPx: number): Promise<ReleasesChart> {
  const canvas = createChartCanvas(parent, heightPx);
  let bars: readonly ChartBar[] = [];
  const chart = (await createChart<'bar', Array<number | [number, number] | null>, string | string[]>(canvas, {
    type: 'bar',
    data: {
      labels: [] as Array<string | string[]>,
      datasets: [
        { label: 'ns per plain cgo call (median)', data: [] as Array<number | [number, number] | null>, backgroundColor: [] as string[], grouped: false, order: 2 },
        { label: '95 % interval', data: [] as Array<number | [number, number] | null>, backgroundColor: 'rgba(236, 239, 244, 0.55)', barPercentage: 0.18, grouped: false, order: 1 },
      ],
    },
    options: {
      layout: { padding: { top: 28 } },
      plugins: { legend: { display: false }, tooltip: { enabled: true } },
      scales: {
        y: { min: 0, grace: '12%', title: { display: true, text: 'ns per call' } },
        x: { grid: { display: false }, ticks: { autoSkip: false, maxRotation: 0, font: { size: chartTheme.fontSizePx - 2 } } },
      },
    },
    plugins: [changeLabelsPlugin(() => bars)],
  })) as BarChart;
  return {
    update(next) {
      bars = next;
      // "2018 before" as two lines, so twelve bars fit without slanted labels.
      chart.data.labels = next.map((bar) => (bar.kind === 'talk2018' ? bar.label.split(' ') : bar.label));
      chart.data.datasets[0]!.data = next.map((bar) => bar.medianNs);
      chart.data.datasets[0]!.backgroundColor = next.map((bar) => (bar.kind === 'talk2018' ? talk2018Color : todayColor));
      chart.data.datasets[1]!.data = next.map((bar) => (bar.lowNs !== null && bar.highNs !== null ? [bar.lowNs, bar.highNs] : null));
      chart.update();
    },
    destroy() {
      chart.destroy();
    },
  };
}
