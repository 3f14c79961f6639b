/**
 * threads-in-c widget: the OS thread count over time of N goroutines blocked in C
 * `sleep` and of N blocked in `time.Sleep`, as two lines on one chart, beside the M/P/G
 * picture of slides 38–42 drawn from the live numbers: Gs = N, Ps = GOMAXPROCS,
 * Ms = the process's threads right now. The SetMaxThreads variant ends in the runtime's
 * "fatal error: thread exhaustion", shown as the expected outcome it is.
 *
 * The chart is a small hand-drawn SVG (two polylines and axes): it redraws on every
 * sample, prints as it shows, and needs no chart library.
 */
import type { JsonValue, RunEvent, RunParams } from '../protocol.ts';
import type { CreateWidget, DemoWidget } from '../client/widget-contract.ts';
import { el, ensureStyleOnce, problemBox, sharedWidgetCss } from '../go-shared/dom.ts';
import { createMpgPicture, type MpgPicture } from './mpg-picture.ts';
import { createLineChart } from './line-chart.ts';

const css = `
.r34-thr .thr-grid { grid-template-columns: 3fr 2fr; }
.r34-thr .thr-form { display: flex; flex-wrap: wrap; gap: 0.6em; align-items: center; }
.r34-thr .thr-form input { width: 4.5em; font: inherit; }
.r34-thr .thr-form button { font: inherit; cursor: pointer; border-radius: 4px; border: 1px solid rgba(255,255,255,0.35); background: rgba(255,255,255,0.06); color: inherit; padding: 0.1em 0.6em; }
.r34-thr .thr-summary { font-size: 1.1em; }
.r34-thr .thr-summary b.c { color: #f0a35e; }
.r34-thr .thr-summary b.go { color: #00add8; }
.r34-thr .thr-crash { border-left: 4px solid #ffd600; background: rgba(255, 214, 0, 0.1); padding: 0.3em 0.6em; white-space: pre-wrap; }
`;

const seriesStyle = {
  c: { label: 'C sleep()', colour: '#f0a35e' },
  go: { label: 'time.Sleep', colour: '#00add8' },
} as const;

const createWidget: CreateWidget = (host): DemoWidget => {
  ensureStyleOnce('r12-shared', sharedWidgetCss);
  ensureStyleOnce('r34-thr', css);

  const status = el('div', 'r12-status');
  const problems = el('div');
  const summary = el('div', 'thr-summary');
  const chartBox = el('div', 'r12-panel');
  const pictureBox = el('div', 'r12-panel');
  const form = el('div', 'thr-form');
  const root = el('div', 'r12 r34-thr', form, status, problems, el('div', 'r12-grid thr-grid', chartBox, pictureBox), summary);
  host.el.replaceChildren(root);

  const chart = createLineChart(chartBox, { yLabel: 'OS threads', xLabel: 'seconds' });
  const picture: MpgPicture = createMpgPicture(pictureBox);
  let params: RunParams = host.params;
  let mode: 'c' | 'go' = 'c';
  const latest: Record<'c' | 'go', number | undefined> = { c: undefined, go: undefined };

  // One-click variants: the same program with other N / GOMAXPROCS, or under SetMaxThreads.
  if (host.canRun) {
    const n = numberInput(Number(host.params.n ?? 100), 1, 500);
    const procs = numberInput(Number(host.params.gomaxprocs ?? 2), 1, 8);
    const maxThreads = numberInput(Number(host.params.maxThreads ?? 50), 10, 1000);
    const compare = el('button', undefined, 'C sleep vs time.Sleep');
    const crash = el('button', undefined, 'C sleep under debug.SetMaxThreads');
    compare.addEventListener('click', () => {
      compare.blur();
      host.requestRun({ n: n.valueAsNumber, gomaxprocs: procs.valueAsNumber, variant: 'compare' });
    });
    crash.addEventListener('click', () => {
      crash.blur();
      host.requestRun({ n: n.valueAsNumber, gomaxprocs: procs.valueAsNumber, variant: 'max-threads', maxThreads: maxThreads.valueAsNumber });
    });
    form.append(
      el('label', undefined, 'N ', n),
      el('label', undefined, 'GOMAXPROCS ', procs),
      compare,
      el('label', undefined, 'limit ', maxThreads),
      crash,
    );
  }

  function drawPicture(): void {
    const n = Number(params.n ?? 100);
    const procs = Number(params.gomaxprocs ?? 2);
    const threads = latest[mode] ?? 0;
    picture.update({ goroutines: n, procs, threads, blockedInC: mode === 'c' });
  }

  return {
    reset(_source, runParams) {
      params = runParams;
      mode = 'c'; // both variants start with the goroutines in C
      latest.c = undefined;
      latest.go = undefined;
      chart.clear();
      problems.replaceChildren();
      summary.replaceChildren();
      status.textContent = '';
      drawPicture();
    },
    onEvent(event: RunEvent) {
      switch (event.type) {
        case 'status':
          status.textContent = event.message;
          break;
        case 'sample': {
          const key = event.key === 'go' ? 'go' : 'c';
          const threads = event.values.threads ?? 0;
          const elapsedMs = event.values.elapsedMs ?? 0;
          mode = key;
          latest[key] = threads;
          chart.add(key, seriesStyle[key], elapsedMs / 1000, threads);
          drawPicture();
          break;
        }
        case 'result':
          summary.replaceChildren(renderResult(event.data));
          break;
        case 'error':
          problems.append(problemBox(event.code, event.message, event.detail));
          break;
        default:
          break;
      }
    },
    destroy() {
      host.el.replaceChildren();
    },
  };
};

function numberInput(value: number, min: number, max: number): HTMLInputElement {
  const input = el('input');
  input.type = 'number';
  input.min = String(min);
  input.max = String(max);
  input.step = '1';
  input.value = String(value);
  return input;
}

function num(v: JsonValue | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function renderResult(data: { [key: string]: JsonValue }): HTMLElement {
  if (data.variant === 'max-threads') {
    if (data.crashed === true) {
      return el(
        'div',
        'thr-crash',
        el('strong', undefined, 'Expected crash. '),
        `${String(data.n)} goroutines in C need ${String(data.n)} threads; debug.SetMaxThreads(${String(data.maxThreads)}) allows fewer, and the runtime gives up:\n`,
        el('code', undefined, `${String(data.runtimeMessage ?? '')}\n${String(data.fatal ?? '')}`),
      );
    }
    return el('div', 'thr-crash', String(data.note ?? 'no crash'));
  }
  const modes = (data.modes ?? {}) as Record<string, { [key: string]: JsonValue }>;
  const c = num(modes.c?.peakThreads);
  const go = num(modes.go?.peakThreads);
  return el(
    'div',
    undefined,
    `${String(data.n)} goroutines, GOMAXPROCS=${String(data.gomaxprocs)}: `,
    el('b', 'c', `${c ?? '–'} threads`),
    ' in C sleep() vs ',
    el('b', 'go', `${go ?? '–'} threads`),
    ' in time.Sleep',
    el('div', 'r12-note', `peak of Threads: in /proc/self/status, sampled every 50 ms · ${String(data.goVersion ?? '')}`),
  );
}

export default createWidget;
