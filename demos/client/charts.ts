/**
 * A lazy, themed Chart.js for demo widgets. Chart.js is loaded on first use only (behind
 * one promise), with just the parts the deck's charts need (bar and line charts, linear,
 * logarithmic and category axes, legend, tooltip, title), so neither the first slide nor
 * widgets that draw no chart pay for it. The theme is for the dark deck seen from afar:
 * large fonts (≥ 18px) and high-contrast colours.
 */
import type { Chart, ChartConfiguration, ChartType, DefaultDataPoint } from 'chart.js';

/** chartPalette is the deck's series colours, distinct on a dark background and in greyscale print. */
export const chartPalette = ['#4fc3f7', '#f0b429', '#2ecc71', '#ff6b6b', '#b39ddb', '#80cbc4', '#f48fb1', '#e6ee9c'];

/** chartTheme are the colours and sizes applied to every chart. */
export const chartTheme = {
  textColor: '#eceff4',
  mutedColor: '#a9b1c1',
  gridColor: 'rgba(236, 239, 244, 0.15)',
  fontFamily: "Inter, system-ui, sans-serif",
  fontSizePx: 20,
};

type ChartModule = typeof import('chart.js');
let chartModule: Promise<ChartModule> | undefined;

/** loadChartJs imports and registers Chart.js once; later calls share the same promise. */
export function loadChartJs(): Promise<ChartModule> {
  chartModule ??= import('chart.js').then((module) => {
    module.Chart.register(
      module.BarController,
      module.BarElement,
      module.LineController,
      module.LineElement,
      module.PointElement,
      module.CategoryScale,
      module.LinearScale,
      module.LogarithmicScale,
      module.Legend,
      module.Tooltip,
      module.Title,
    );
    const defaults = module.Chart.defaults;
    defaults.color = chartTheme.textColor;
    defaults.borderColor = chartTheme.gridColor;
    defaults.font.family = chartTheme.fontFamily;
    defaults.font.size = chartTheme.fontSizePx;
    // Slides redraw on every transition; animation would replay each time.
    defaults.animation = false;
    defaults.maintainAspectRatio = false;
    defaults.plugins.legend.labels.color = chartTheme.textColor;
    defaults.plugins.title.color = chartTheme.textColor;
    defaults.plugins.title.font = { size: chartTheme.fontSizePx + 2, weight: 'bold' };
    return module;
  });
  return chartModule;
}

/**
 * createChart draws a themed chart on `canvas`. The caller keeps the instance to
 * `update()` it as samples arrive and must `destroy()` it in the widget's `destroy`.
 */
export async function createChart<TType extends ChartType, TData = DefaultDataPoint<TType>, TLabel = unknown>(
  canvas: HTMLCanvasElement,
  config: ChartConfiguration<TType, TData, TLabel>,
): Promise<Chart<TType, TData, TLabel>> {
  const { Chart } = await loadChartJs();
  return new Chart(canvas, config);
}

/** seriesColor returns the palette colour for series `index` (it wraps around). */
export function seriesColor(index: number): string {
  return chartPalette[index % chartPalette.length]!;
}

/**
 * createChartCanvas makes a canvas inside a sized box: Chart.js sizes itself from its
 * parent, so the box (not the canvas) gets the height.
 */
export function createChartCanvas(parent: HTMLElement, heightPx = 360): HTMLCanvasElement {
  const box = document.createElement('div');
  box.className = 'demo-chart';
  box.style.position = 'relative';
  box.style.height = `${heightPx}px`;
  const canvas = document.createElement('canvas');
  box.append(canvas);
  parent.append(box);
  return canvas;
}
