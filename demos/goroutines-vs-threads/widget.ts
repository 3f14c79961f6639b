/**
 * goroutines-vs-threads widget (slide 26): the answer first — a thread's resident memory
 * as a multiple of a goroutine's — then what each costs (resident, reserved, kernel
 * stack, OS threads) in a table beside the resident memory of both processes as they
 * start N goroutines / N threads. Goroutine Go cyan, thread C purple, as in the deck.
 */
import type { RunEvent } from '../protocol.ts';
import { defineWidget } from '../client/define-widget.ts';
import { formatBytes, formatCount, formatRatio } from '../client/format.ts';
import { createLineChart } from '../client/line-chart.ts';
import { el, ensureStyleOnce } from '../go-shared/dom.ts';
import manifest from './manifest.ts';

const css = `
.demo .gvt-cols { grid-template-columns: minmax(0, 52fr) minmax(0, 48fr); height: 100%; }
.demo .gvt-chart { height: 100%; box-sizing: border-box; }
.demo .gvt-table { width: 100%; border-collapse: collapse; font-size: 20px; line-height: 1.25; margin: 0 0 8px; }
.demo .gvt-table th { font-size: 19px; font-weight: 700; text-align: right; padding: 0 8px 2px; border-bottom: 2px solid var(--demo-border); }
.demo .gvt-table th.go { color: #00add8; }
.demo .gvt-table th.th { color: #c792ea; }
.demo .gvt-table td { padding: 3px 8px; border-bottom: 1px solid var(--demo-border); text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.demo .gvt-table td:first-child, .demo .gvt-table th:first-child { text-align: left; white-space: normal; }
`;

const mib = 1024 * 1024;
const seriesStyle = {
  goroutines: { label: 'goroutines', colour: '#00add8' },
  threads: { label: 'threads', colour: '#c792ea' },
} as const;

export default defineWidget({
  manifest,
  mount(stage) {
    ensureStyleOnce('stage-goroutines-vs-threads', css);
    const tbody = el('tbody');
    const table = el('table', 'gvt-table', el('thead', undefined, el('tr', undefined, el('th', undefined, 'cost of one'), el('th', 'go', 'goroutine'), el('th', 'th', 'thread'))), tbody);
    const note = el('div', 'stage-note');
    const chartBox = el('div', 'stage-box gvt-chart stage-chart');
    stage.el.replaceChildren(el('div', 'stage-columns gvt-cols', el('div', undefined, table, note), chartBox));
    const chart = createLineChart(chartBox, { yLabel: 'MiB resident', xLabel: 'started and blocked', formatX: (x) => formatCount(x), formatY: (y) => String(Math.round(y * 10) / 10) });

    function row(label: string, go: string, th: string): HTMLElement {
      return el('tr', undefined, el('td', undefined, label), el('td', undefined, go), el('td', undefined, th));
    }

    return {
      reset() {
        tbody.replaceChildren();
        note.textContent = '';
        chart.clear();
      },
      onEvent(event: RunEvent) {
        if (event.type !== 'sample' || (event.key !== 'goroutines' && event.key !== 'threads')) return;
        chart.add(event.key, seriesStyle[event.key], event.values.n ?? 0, (event.values.rssBytes ?? 0) / mib);
      },
      onResult(result) {
        const go = result.goroutines;
        const th = result.threads;
        const b = (v: number | undefined): string => (v === undefined || v < 0 ? '–' : formatBytes(v));
        tbody.replaceChildren(
          row('resident (VmRSS)', b(go?.rssPerUnitBytes), b(th?.rssPerUnitBytes)),
          row('reserved (VmSize)', b(go?.vmPerUnitBytes), b(th?.vmPerUnitBytes)),
          row('kernel stack', b(go?.kernelStackPerUnitBytes), b(th?.kernelStackPerUnitBytes)),
          row('OS threads at the end', go ? formatCount(go.threadsAtEnd) : '–', th ? formatCount(th.threadsAtEnd) : '–'),
        );
        note.textContent = `${formatCount(result.n)} of each, blocked. Kernel stack: KernelStack in /proc/meminfo, machine-wide. ${result.goVersion} · gcc ${result.ccVersion}`;
        if (result.rssRatio === null) {
          stage.headline.show({ figure: 'not comparable', detail: 'One of the two programs did not run (see above).' });
          return;
        }
        stage.headline.show({
          before: 'a thread keeps',
          figure: formatRatio(result.rssRatio),
          after: 'the memory of a goroutine',
          detail: `resident: ${b(th?.rssPerUnitBytes)} vs ${b(go?.rssPerUnitBytes)} each${th?.stackBytes ? `, and a thread reserves a ${formatBytes(th.stackBytes)} stack` : ''}`,
        });
      },
      destroy() {
        chart.destroy();
      },
    };
  },
});
