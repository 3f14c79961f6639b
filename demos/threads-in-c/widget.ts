/**
 * threads-in-c widget (slides 38–42): the answer first — "101 threads vs 5": the OS
 * threads of N goroutines blocked in C `sleep` against N blocked in `time.Sleep` — then
 * the thread count over time as two lines, beside the M/P/G picture of slides 38–42
 * drawn from the live numbers (Gs = N, Ps = GOMAXPROCS, Ms = the process's threads now).
 * The SetMaxThreads variant's answer is the runtime's own "fatal error: thread
 * exhaustion", shown as the expected outcome it is. Colours follow the deck: Go cyan,
 * C purple.
 */
import type { DemoParams } from '../define-demo.ts';
import type { RunEvent } from '../protocol.ts';
import { defineWidget, type Stage } from '../client/define-widget.ts';
import { createLineChart } from '../client/line-chart.ts';
import { el, ensureStyleOnce } from '../go-shared/dom.ts';
import manifest from './manifest.ts';
import { createMpgPicture } from './mpg-picture.ts';

type Params = DemoParams<typeof manifest>;

const css = `
.demo .thr-form { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; font-size: 19px; margin-bottom: 6px; }
.demo .thr-form input { width: 4.5em; font: inherit; }
.demo .thr-form button { font: inherit; cursor: pointer; border-radius: 4px; border: 1px solid var(--demo-accent); background: var(--demo-bg-2); color: var(--demo-accent); padding: 0 10px; }
.demo .thr-cols { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); height: 100%; min-height: 0; }
.demo .thr-chart, .demo .thr-mpg { min-height: 0; height: 100%; box-sizing: border-box; }
.demo .thr-body { display: flex; flex-direction: column; height: 100%; }
.demo .thr-body > .thr-cols { flex: 1; }
`;

const seriesStyle = {
  c: { label: 'C sleep()', colour: '#c792ea' },
  go: { label: 'time.Sleep', colour: '#00add8' },
} as const;

/** numberInput is a small integer field for the live form. */
function numberInput(value: number, min: number, max: number): HTMLInputElement {
  const input = el('input');
  input.type = 'number';
  input.min = String(min);
  input.max = String(max);
  input.step = '1';
  input.value = String(value);
  return input;
}

/** liveForm offers the same program with other N / GOMAXPROCS, or under SetMaxThreads (live only). */
function liveForm(stage: Stage<Params>): HTMLElement {
  const form = el('div', 'thr-form');
  if (!stage.canRun) return form;
  const n = numberInput(stage.slideParams.n, 1, 500);
  const procs = numberInput(stage.slideParams.gomaxprocs, 1, 8);
  const maxThreads = numberInput(stage.slideParams.maxThreads, 10, 1000);
  const compare = el('button', undefined, 'C sleep vs time.Sleep');
  const crash = el('button', undefined, 'under debug.SetMaxThreads');
  compare.addEventListener('click', () => {
    compare.blur();
    stage.requestRun({ n: n.valueAsNumber, gomaxprocs: procs.valueAsNumber, variant: 'compare' });
  });
  crash.addEventListener('click', () => {
    crash.blur();
    stage.requestRun({ n: n.valueAsNumber, gomaxprocs: procs.valueAsNumber, variant: 'max-threads', maxThreads: maxThreads.valueAsNumber });
  });
  form.append(el('label', undefined, 'N ', n), el('label', undefined, 'GOMAXPROCS ', procs), compare, el('label', undefined, 'limit ', maxThreads), crash);
  return form;
}

export default defineWidget({
  manifest,
  mount(stage) {
    ensureStyleOnce('stage-threads-in-c', css);
    const chartBox = el('div', 'stage-box thr-chart stage-chart');
    const pictureBox = el('div', 'stage-box thr-mpg');
    stage.el.replaceChildren(el('div', 'thr-body', liveForm(stage), el('div', 'stage-columns thr-cols', chartBox, pictureBox)));
    const chart = createLineChart(chartBox, { yLabel: 'OS threads', xLabel: 'seconds' });
    const picture = createMpgPicture(pictureBox);
    let params = stage.slideParams;
    let mode: 'c' | 'go' = 'c';
    let threadsNow = 0;

    function drawPicture(): void {
      picture.update({ goroutines: params.n, procs: params.gomaxprocs, threads: threadsNow, blockedInC: mode === 'c' });
    }

    return {
      reset(run) {
        params = run.params;
        mode = 'c'; // both variants start with the goroutines in C
        threadsNow = 0;
        chart.clear();
        drawPicture();
      },
      onEvent(event: RunEvent) {
        if (event.type !== 'sample') return;
        const key = event.key === 'go' ? 'go' : 'c';
        mode = key;
        threadsNow = event.values.threads ?? 0;
        chart.add(key, seriesStyle[key], (event.values.elapsedMs ?? 0) / 1000, threadsNow);
        drawPicture();
      },
      onResult(result) {
        if (result.variant === 'compare') {
          stage.headline.show({
            figure: `${result.modes.c.peakThreads} threads vs ${result.modes.go.peakThreads}`,
            after: `for ${result.n} goroutines`,
            detail: `OS threads of the process: ${result.n} goroutines blocked in C sleep() vs in time.Sleep, GOMAXPROCS=${result.gomaxprocs} (peak of Threads: in /proc/self/status, ${result.goVersion})`,
          });
          return;
        }
        if (result.crashed) {
          stage.headline.show({
            figure: result.fatal ?? 'fatal error',
            tone: 'bad',
            detail: `${result.runtimeMessage ?? ''} — expected: ${result.n} goroutines in C need ${result.n} threads, debug.SetMaxThreads(${result.maxThreads}) allows fewer (${result.goVersion})`,
          });
        } else {
          stage.headline.show({ figure: 'no crash', detail: result.note });
        }
      },
      destroy() {
        chart.destroy();
      },
    };
  },
});
