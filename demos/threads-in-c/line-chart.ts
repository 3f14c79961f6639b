/**
 * line-chart: a minimal SVG line chart (a few named series, y from 0, axes with round
 * ticks, a legend). Enough for "threads over time" and "ticks over time"; it redraws
 * whole on every point, which at a few hundred points is cheaper than any library load.
 */

const svgNs = 'http://www.w3.org/2000/svg';

/** SeriesStyle names and colours a series. */
export interface SeriesStyle { label: string; colour: string }

/** LineChart is a mounted chart. */
export interface LineChart {
  add(key: string, style: SeriesStyle, x: number, y: number): void;
  clear(): void;
}

/** LineChartOptions label the axes. */
export interface LineChartOptions { xLabel: string; yLabel: string; width?: number; height?: number }

/** niceStep picks the step of 1, 2 or 5 × 10^k nearest to `span / ticks`, for round axis ticks. */
export function niceStep(span: number, ticks = 5): number {
  if (!(span > 0)) return 1;
  const raw = span / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1.5 ? 1 : unit <= 3 ? 2 : unit <= 7 ? 5 : 10) * power;
}

/** createLineChart draws into `into`, replacing its children. */
export function createLineChart(into: HTMLElement, options: LineChartOptions): LineChart {
  const width = options.width ?? 560;
  const height = options.height ?? 220;
  const pad = { left: 50, right: 12, top: 28, bottom: 40 };
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.style.width = '100%';
  // A fixed height (the drawing keeps its aspect inside it) so the widget fits a slide.
  svg.style.height = '14em';
  svg.classList.add('r34-line-chart');
  into.replaceChildren(svg);
  const series = new Map<string, { style: SeriesStyle; points: Array<[number, number]> }>();

  function node(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
    const n = document.createElementNS(svgNs, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    if (text !== undefined) n.textContent = text;
    svg.append(n);
    return n;
  }

  function draw(): void {
    svg.replaceChildren();
    let maxX = 1;
    let maxY = 4;
    for (const s of series.values()) {
      for (const [x, y] of s.points) {
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
      }
    }
    const yStep = niceStep(maxY);
    const yTop = Math.ceil((maxY * 1.05) / yStep) * yStep;
    const xStep = niceStep(maxX);
    const xRight = Math.ceil(maxX / xStep) * xStep;
    const px = (x: number): number => pad.left + (x / xRight) * (width - pad.left - pad.right);
    const py = (y: number): number => height - pad.bottom - (y / yTop) * (height - pad.top - pad.bottom);
    const axis = 'rgba(255,255,255,0.35)';
    const font = { fill: 'currentColor', 'font-size': 15 };
    for (let y = 0; y <= yTop + 1e-9; y += yStep) {
      node('line', { x1: pad.left, x2: width - pad.right, y1: py(y), y2: py(y), stroke: 'rgba(255,255,255,0.1)' });
      node('text', { ...font, x: pad.left - 6, y: py(y) + 5, 'text-anchor': 'end' }, String(Math.round(y * 100) / 100));
    }
    for (let x = 0; x <= xRight + 1e-9; x += xStep) {
      node('text', { ...font, x: px(x), y: height - pad.bottom + 17, 'text-anchor': 'middle' }, String(Math.round(x * 100) / 100));
    }
    node('line', { x1: pad.left, x2: pad.left, y1: pad.top, y2: height - pad.bottom, stroke: axis });
    node('line', { x1: pad.left, x2: width - pad.right, y1: height - pad.bottom, y2: height - pad.bottom, stroke: axis });
    node('text', { ...font, x: (pad.left + width - pad.right) / 2, y: height - 4, 'text-anchor': 'middle' }, options.xLabel);
    node('text', { ...font, x: 4, y: 16 }, options.yLabel);
    let legendX = pad.left + 110;
    for (const [key, s] of series) {
      const points = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
      node('polyline', { points, fill: 'none', stroke: s.style.colour, 'stroke-width': 2.5, 'data-series': key });
      const last = s.points.at(-1);
      if (last) node('circle', { cx: px(last[0]), cy: py(last[1]), r: 3.5, fill: s.style.colour });
      node('rect', { x: legendX, y: 9, width: 14, height: 5, fill: s.style.colour });
      const label = node('text', { ...font, x: legendX + 18, y: 16 }, `${s.style.label}${last ? `: ${last[1]}` : ''}`);
      legendX += 30 + (label.textContent?.length ?? 0) * 8.2;
    }
  }

  draw();
  return {
    add(key, style, x, y) {
      let s = series.get(key);
      if (!s) {
        s = { style, points: [] };
        series.set(key, s);
      }
      s.points.push([x, y]);
      draw();
    },
    clear() {
      series.clear();
      draw();
    },
  };
}
