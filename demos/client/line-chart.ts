/**
 * line-chart: a small SVG line chart for stage widgets (threads over time, memory over a
 * count, stack in use over depth): a few named series, y from 0, round ticks, a legend,
 * optional marker-only series (a triangle where something happened). It draws at the
 * pixel size of its box (viewBox = box size, redrawn when the box resizes), so its text is
 * the stage's real 19 px, not a drawing scaled down; it prints as it shows and needs no
 * chart library.
 */

const svgNs = 'http://www.w3.org/2000/svg';

/** SeriesStyle names and colours a series; `markers` draws triangles and no line. */
export interface SeriesStyle { label: string; colour: string; markers?: boolean }

/** LineChart is a mounted chart. */
export interface LineChart {
  add(key: string, style: SeriesStyle, x: number, y: number): void;
  clear(): void;
  destroy(): void;
}

/** LineChartOptions label the axes and format their ticks. */
export interface LineChartOptions {
  xLabel: string;
  yLabel: string;
  formatX?: (x: number) => string;
  formatY?: (y: number) => string;
  /** Font size of ticks, labels and legend, px (default 19). */
  fontPx?: number;
}

/** niceStep picks the step of 1, 2 or 5 × 10^k nearest to `span / ticks`, for round axis ticks. */
export function niceStep(span: number, ticks = 5): number {
  if (!(span > 0)) return 1;
  const raw = span / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1.5 ? 1 : unit <= 3 ? 2 : unit <= 7 ? 5 : 10) * power;
}

const round = (v: number): string => String(Math.round(v * 100) / 100);

/** createLineChart draws into `into` (give it a height), replacing its children. */
export function createLineChart(into: HTMLElement, options: LineChartOptions): LineChart {
  const font = options.fontPx ?? 19;
  const formatX = options.formatX ?? round;
  const formatY = options.formatY ?? round;
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('role', 'img');
  svg.classList.add('stage-line-chart');
  svg.style.display = 'block';
  svg.style.width = '100%';
  svg.style.height = '100%';
  into.replaceChildren(svg);
  const series = new Map<string, { style: SeriesStyle; points: Array<[number, number]> }>();
  let frame = 0;

  function node(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
    const n = document.createElementNS(svgNs, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    if (text !== undefined) n.textContent = text;
    svg.append(n);
    return n;
  }

  function draw(): void {
    frame = 0;
    // The drawing's own size, so one unit is one CSS pixel and 19 px text is 19 px.
    const width = Math.max(200, svg.clientWidth || into.clientWidth || 560);
    const height = Math.max(120, svg.clientHeight || into.clientHeight || 220);
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.replaceChildren();
    let maxX = 1;
    let maxY = 4;
    for (const s of series.values()) {
      for (const [x, y] of s.points) {
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
      }
    }
    const charWidth = font * 0.6;
    const top = font * 2.2;
    const bottom = font * 2.8;
    // As many ticks as fit without their labels touching (a short chart on a phone gets fewer).
    const yStep = niceStep(maxY, Math.max(1, Math.min(4, Math.floor((height - top - bottom) / (font * 1.6)))));
    const yTop = Math.ceil((maxY * 1.05) / yStep) * yStep;
    const yTickWidth = Math.max(...[0, yTop / 2, yTop].map((y) => formatY(y).length)) * charWidth;
    // The last x label is centred on the axis end: half of it must fit to the right.
    const xLabelWidth = Math.max(...[0, maxX].map((x) => formatX(x).length + 1)) * charWidth;
    const right = Math.max(font * 1.5, xLabelWidth / 2 + 4);
    const xStep = niceStep(maxX, Math.max(1, Math.min(5, Math.floor((width - yTickWidth - 14 - right) / (xLabelWidth + font)))));
    const xRight = Math.ceil(maxX / xStep) * xStep;
    const pad = { left: yTickWidth + 14, right: Math.max(right, formatX(xRight).length * charWidth / 2 + 4), top, bottom };
    const px = (x: number): number => pad.left + (x / xRight) * (width - pad.left - pad.right);
    const py = (y: number): number => height - pad.bottom - (y / yTop) * (height - pad.top - pad.bottom);
    const text = { fill: 'currentColor', 'font-size': font };
    for (let y = 0; y <= yTop + 1e-9; y += yStep) {
      node('line', { x1: pad.left, x2: width - pad.right, y1: py(y), y2: py(y), stroke: 'rgba(255,255,255,0.12)' });
      node('text', { ...text, x: pad.left - 8, y: py(y) + font * 0.35, 'text-anchor': 'end' }, formatY(y));
    }
    for (let x = 0; x <= xRight + 1e-9; x += xStep) {
      node('text', { ...text, x: px(x), y: height - pad.bottom + font * 1.2, 'text-anchor': 'middle' }, formatX(x));
    }
    const axis = 'rgba(255,255,255,0.4)';
    node('line', { x1: pad.left, x2: pad.left, y1: pad.top, y2: height - pad.bottom, stroke: axis });
    node('line', { x1: pad.left, x2: width - pad.right, y1: height - pad.bottom, y2: height - pad.bottom, stroke: axis });
    node('text', { ...text, x: (pad.left + width - pad.right) / 2, y: height - 4, 'text-anchor': 'middle' }, options.xLabel);
    node('text', { ...text, x: 2, y: font }, options.yLabel);
    let legendX = Math.max(pad.left, options.yLabel.length * font * 0.55 + 24);
    for (const [key, s] of series) {
      const points = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
      const last = s.points.at(-1);
      if (s.style.markers) {
        for (const [x, y] of s.points) {
          const cx = px(x);
          const cy = py(y);
          node('path', { d: `M${cx - 7},${cy + 6} L${cx},${cy - 7} L${cx + 7},${cy + 6} Z`, fill: s.style.colour, 'data-series': key });
        }
      } else {
        node('polyline', { points, fill: 'none', stroke: s.style.colour, 'stroke-width': 3, 'data-series': key });
        if (last) node('circle', { cx: px(last[0]), cy: py(last[1]), r: 4.5, fill: s.style.colour });
      }
      node('rect', { x: legendX, y: font * 0.45, width: 16, height: 6, fill: s.style.colour });
      const label = `${s.style.label}${last && !s.style.markers ? `: ${formatY(last[1])}` : ''}`;
      node('text', { ...text, x: legendX + 22, y: font }, label);
      legendX += 46 + label.length * font * 0.55;
    }
  }

  function schedule(): void {
    if (frame === 0) frame = requestAnimationFrame(draw);
  }

  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => schedule());
  observer?.observe(into);
  draw();
  return {
    add(key, style, x, y) {
      let s = series.get(key);
      if (!s) {
        s = { style, points: [] };
        series.set(key, s);
      }
      s.points.push([x, y]);
      schedule();
    },
    clear() {
      series.clear();
      draw();
    },
    destroy() {
      observer?.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
    },
  };
}
