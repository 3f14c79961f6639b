/**
 * The ffi-overhead widget (slides 5–8): a live table of ns per call per runtime beside
 * the 2018 figures, and a horizontal bar chart, both filling in as samples arrive (live
 * or replayed alike). Statistics come from the same pure module the server uses
 * (summary.ts → demos/stats); this file only draws.
 *
 * `view: "table"` shows every row; `view: "ratio"` puts the headline first: cgo over
 * the C call through the .so today, against slide 8's "(29x)".
 */
import type { RunEvent, RunParams } from '../protocol.ts';
import type { CreateWidget, DemoWidget, RunSource, WidgetHost } from '../client/widget-contract.ts';
import { createChart, createChartCanvas, seriesColor } from '../client/charts.ts';
import { formatNs, formatRatio } from '../client/format.ts';
import { ffiRuntimeIds, ffiRuntimes, isFfiRuntimeId, type FfiRuntimeId } from './runtimes.ts';
import { summarizeFfi, type FfiResult, type FfiRow, type FfiRowState } from './summary.ts';
import { talk2018, talk2018CgoRatio, talk2018Source } from './talk-2018.ts';
import './widget.css';

type Chart = Awaited<ReturnType<typeof createChart<'bar', Array<number | null>, string>>>;

/** busySharePct: below this CPU share of a batch's wall time, a row is flagged as disturbed. */
const busySharePct = 90;

/** ratioViewRows are the rows the ratio view keeps: the two C baselines and Go. */
const ratioViewRows: readonly FfiRuntimeId[] = ['c-direct', 'c-so', 'go', 'go-cgo', 'go-cgo-noescape'];

const stateText: Record<FfiRowState, string> = {
  pending: 'waiting',
  building: 'building…',
  running: 'running…',
  done: 'done',
  missing: 'missing',
  error: 'error',
};

function h<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function readRuntimes(params: RunParams): FfiRuntimeId[] {
  const raw = params.runtimes;
  if (!Array.isArray(raw)) return [...ffiRuntimeIds];
  const ids = raw.filter((id): id is FfiRuntimeId => typeof id === 'string' && isFfiRuntimeId(id));
  return ids.length > 0 ? ids : [...ffiRuntimeIds];
}

function readView(params: RunParams): 'table' | 'ratio' {
  return params.view === 'ratio' ? 'ratio' : 'table';
}

const fmtNs = (ns: number | null): string => (ns === null ? '–' : formatNs(ns));
const fmtRatio = (r: number | null): string => (r === null ? '–' : formatRatio(r));
const fmtPct = (p: number | null): string => (p === null ? '–' : `±${(p / 2).toFixed(p < 20 ? 1 : 0)} %`);

/** createFfiOverheadWidget is the demo's CreateWidget. */
const createFfiOverheadWidget: CreateWidget = (host: WidgetHost): DemoWidget => {
  const root = h('div', 'ffi-live');
  const headline = h('div', 'ffi-live-headline');
  const body = h('div', 'ffi-live-body');
  const table = h('table', 'ffi-live-table');
  const chartBox = h('div', 'ffi-live-chart');
  body.append(table, chartBox);
  const fidelity = h('div', 'ffi-live-fidelity');
  const picker = h('details', 'ffi-live-picker');
  const footnote = h('div', 'ffi-live-footnote');
  footnote.textContent =
    `2018: ${talk2018Source.table} (${talk2018Source.machine}); LuaJIT note: ${talk2018Source.luajitNote}. ` +
    'Today: median of batches on this machine; spread = ± half the p10–p90 range.';
  root.append(headline, body, fidelity, picker, footnote);
  host.el.replaceChildren(root);

  let view: 'table' | 'ratio' = readView(host.params);
  let runtimes: FfiRuntimeId[] = readRuntimes(host.params);
  let nsPerCall: Partial<Record<FfiRuntimeId, number[]>> = {};
  let cpuNsPerCall: Partial<Record<FfiRuntimeId, number[]>> = {};
  let cpuShare: Partial<Record<FfiRuntimeId, number[]>> = {};
  let iterations: Partial<Record<FfiRuntimeId, number>> = {};
  let states: Partial<Record<FfiRuntimeId, FfiRowState>> = {};
  let messages: Partial<Record<FfiRuntimeId, string>> = {};
  let versions: Partial<Record<FfiRuntimeId, string>> = {};
  let final: FfiResult | null = null;
  let active: FfiRuntimeId | null = null;
  let chart: Chart | null = null;
  let chartPending: Promise<void> | null = null;
  let frame = 0;
  let destroyed = false;

  const canvas = createChartCanvas(chartBox, 290);

  function current(): FfiResult {
    return final ?? summarizeFfi({ runtimes, nsPerCall, cpuNsPerCall, cpuShare, iterations, states, messages, versions });
  }

  function visibleRows(result: FfiResult): FfiRow[] {
    const rows = result.rows.filter((r) => r.group !== 'fidelity');
    return view === 'ratio' ? rows.filter((r) => ratioViewRows.includes(r.id)) : rows;
  }

  function renderHeadline(result: FfiResult): void {
    const today = result.cgo.ratioToCSo;
    headline.dataset.view = view;
    headline.replaceChildren(
      h('span', 'ffi-live-headline-label', 'cgo ÷ C via .so: '),
      h('strong', 'ffi-live-headline-today', today === null ? '…' : `${fmtRatio(today)} today`),
      h('span', 'ffi-live-headline-then', ` (2018: ${formatRatio(talk2018CgoRatio)}, ${formatNs(result.cgo.talk2018Ns)} vs ${formatNs(talk2018['c-so'].nsPerCall)})`),
    );
  }

  function renderTable(result: FfiResult): void {
    const head = h('tr');
    for (const [text, cls] of [
      ['Runtime', 'ffi-live-label'], ['What it measures', 'ffi-live-measures'], ['2018', 'ffi-live-num'], ['Today', 'ffi-live-num'],
      ['× C .so', 'ffi-live-num'], ['spread', 'ffi-live-num'], ['', 'ffi-live-state'],
    ] as const) head.append(h('th', cls, text));
    const rows = visibleRows(result).map((row) => {
      const tr = h('tr');
      tr.dataset.runtime = row.id;
      tr.dataset.state = row.state;
      if (row.id === 'go-cgo') tr.classList.add('ffi-live-cgo');
      if (row.group === 'reference') tr.classList.add('ffi-live-reference');
      const label = h('td', 'ffi-live-label', row.label);
      if (row.version) label.title = row.version;
      const measures = h('td', 'ffi-live-measures', row.measures);
      if (row.version) measures.append(h('span', 'ffi-live-version', ` — ${row.version}`));
      measures.title = row.version ? `${row.measures} (${row.version})` : row.measures;
      const state = h('td', `ffi-live-state ffi-live-state-${row.state}`, row.message ?? stateText[row.state]);
      if (row.message) state.title = row.message;
      if (row.cpuSharePct !== null && row.cpuSharePct < busySharePct) {
        // The harness had the CPU only part of the time: other processes inflated its batches.
        state.append(h('span', 'ffi-live-busy', ` · busy (CPU ${Math.round(row.cpuSharePct)} %)`));
        state.title = `The machine was busy: this harness ran ${Math.round(row.cpuSharePct)} % of the wall time. By its CPU clock: ${fmtNs(row.cpuMedianNs)} per call.`;
      }
      tr.append(
        label,
        measures,
        h('td', 'ffi-live-num ffi-live-then', row.talk2018Ns === null ? '' : formatNs(row.talk2018Ns)),
        h('td', 'ffi-live-num ffi-live-median', fmtNs(row.medianNs)),
        h('td', 'ffi-live-num ffi-live-ratio', fmtRatio(row.ratioToCSo)),
        h('td', 'ffi-live-num ffi-live-spread', fmtPct(row.spreadPct)),
        state,
      );
      return tr;
    });
    table.replaceChildren(h('thead'), h('tbody'));
    table.tHead!.append(head);
    table.tBodies[0]!.append(...rows);
  }

  function renderFidelity(result: FfiResult): void {
    const parts = result.fidelity
      .filter((f) => f.harnessNs !== null || f.standaloneNs !== null)
      .map((f) => {
        const diff = f.differencePct === null ? '' : ` (${f.differencePct >= 0 ? '+' : ''}${f.differencePct.toFixed(1)} %)`;
        return `${ffiRuntimes[f.id].label}: batches ${fmtNs(f.harnessNs)} vs standalone loop ${fmtNs(f.standaloneNs)}${diff}`;
      });
    const c = result.conditions;
    if (c && Math.max(c.loadAvgStart, c.loadAvgEnd) > c.cpuCount * 0.75) {
      parts.push(`machine busy during the run (load ${Math.max(c.loadAvgStart, c.loadAvgEnd).toFixed(1)} on ${c.cpuCount} CPUs): figures inflated`);
    }
    fidelity.textContent = parts.length > 0 ? `Fidelity check — ${parts.join('; ')}` : '';
  }

  function chartData(result: FfiResult): { labels: string[]; today: Array<number | null>; then: Array<number | null> } {
    if (view === 'ratio') {
      return {
        labels: ['cgo ÷ C via .so'],
        today: [result.cgo.ratioToCSo],
        then: [talk2018CgoRatio],
      };
    }
    const rows = visibleRows(result);
    return { labels: rows.map((r) => r.label), today: rows.map((r) => r.medianNs), then: rows.map((r) => r.talk2018Ns) };
  }

  async function ensureChart(): Promise<void> {
    if (chart || destroyed) return;
    const data = chartData(current());
    const created = await createChart<'bar', Array<number | null>, string>(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: [
          { label: 'today (median)', data: data.today, backgroundColor: seriesColor(0) },
          { label: '2018 (slide)', data: data.then, backgroundColor: seriesColor(1) },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: {
          x: { type: 'logarithmic', ticks: { font: { size: 13 } }, title: { display: true, font: { size: 13 }, text: view === 'ratio' ? '× C' : 'ns per call (log scale)' } },
          y: { ticks: { font: { size: 13 }, autoSkip: false } },
        },
        plugins: { legend: { position: 'bottom', labels: { font: { size: 13 }, boxWidth: 14 } } },
      },
    });
    if (destroyed) {
      created.destroy();
      return;
    }
    chart = created;
  }

  function updateChart(result: FfiResult): void {
    if (!chart) {
      // Chart.js loads lazily; the table is already up meanwhile.
      chartPending ??= ensureChart()
        .catch((err: unknown) => {
          chartBox.textContent = `chart unavailable: ${String(err)}`;
        })
        .finally(() => {
          chartPending = null;
          if (chart) updateChart(current());
        });
      return;
    }
    const data = chartData(result);
    chart.data.labels = data.labels;
    chart.data.datasets[0]!.data = data.today;
    chart.data.datasets[1]!.data = data.then;
    const x = chart.options.scales?.x;
    if (x?.title) x.title.text = view === 'ratio' ? '× C' : 'ns per call (log scale)';
    chart.update();
  }

  function renderPicker(): void {
    picker.replaceChildren();
    picker.append(h('summary', '', 'Runtimes'));
    const boxes = h('div', 'ffi-live-picker-boxes');
    for (const id of ffiRuntimeIds) {
      const label = h('label', 'ffi-live-picker-item');
      const box = h('input');
      box.type = 'checkbox';
      box.value = id;
      box.checked = runtimes.includes(id);
      box.disabled = !host.canRun;
      label.append(box, document.createTextNode(` ${ffiRuntimes[id].label}`));
      boxes.append(label);
    }
    const again = h('button', 'demo-button ffi-live-run-again', 'Run again');
    again.type = 'button';
    again.disabled = !host.canRun;
    again.addEventListener('click', () => {
      const chosen = [...boxes.querySelectorAll('input')].filter((b) => b.checked).map((b) => b.value);
      if (chosen.length === 0) return;
      host.requestRun({ runtimes: chosen });
    });
    picker.append(boxes, again);
  }

  function render(): void {
    frame = 0;
    if (destroyed) return;
    const result = current();
    root.dataset.view = view;
    renderHeadline(result);
    renderTable(result);
    renderFidelity(result);
    updateChart(result);
  }

  function schedule(): void {
    // Samples arrive in bursts (a whole harness's batches at once in a replay): draw once per frame.
    if (frame === 0) frame = requestAnimationFrame(render);
  }

  function finishActive(): void {
    if (active && (states[active] === 'running' || states[active] === 'building')) {
      states[active] = (nsPerCall[active]?.length ?? 0) > 0 ? 'done' : 'pending';
    }
    active = null;
  }

  renderPicker();
  render();

  return {
    reset(_source: RunSource, params: RunParams) {
      view = readView({ ...host.params, ...params });
      runtimes = readRuntimes({ ...host.params, ...params });
      nsPerCall = {};
      cpuNsPerCall = {};
      cpuShare = {};
      iterations = {};
      states = {};
      messages = {};
      versions = {};
      final = null;
      active = null;
      renderPicker();
      schedule();
    },
    onEvent(event: RunEvent) {
      switch (event.type) {
        case 'progress': {
          const id = event.source;
          if (!id || !isFfiRuntimeId(id) || (event.step !== 'build' && event.step !== 'run')) return;
          if (active !== id) finishActive();
          active = id;
          states[id] = event.step === 'build' ? 'building' : 'running';
          break;
        }
        case 'sample': {
          if (!isFfiRuntimeId(event.key)) return;
          const ns = event.values.nsPerCall ?? (event.values.durationNs ?? NaN) / (event.values.iterations ?? NaN);
          if (!Number.isFinite(ns)) return;
          (nsPerCall[event.key] ??= []).push(ns);
          if (event.values.iterations !== undefined) iterations[event.key] = event.values.iterations;
          const { cpuNs, durationNs, iterations: n } = event.values;
          if (cpuNs !== undefined && durationNs && n) {
            (cpuNsPerCall[event.key] ??= []).push(cpuNs / n);
            (cpuShare[event.key] ??= []).push(cpuNs / durationNs);
          }
          break;
        }
        case 'error': {
          const id = event.source;
          if (!id || !isFfiRuntimeId(id)) return;
          states[id] = event.code === 'toolchain-missing' ? 'missing' : 'error';
          // The row already names the runtime: drop the "<label>: " the message starts with.
          const prefix = `${ffiRuntimes[id].label}: `;
          messages[id] = event.message.startsWith(prefix) ? event.message.slice(prefix.length) : event.message;
          if (active === id) active = null;
          break;
        }
        case 'result':
          finishActive();
          // The server's summary is authoritative (same module, all batches).
          final = event.data as unknown as FfiResult;
          break;
        case 'end':
          finishActive();
          break;
        default:
          return;
      }
      schedule();
    },
    destroy() {
      destroyed = true;
      if (frame !== 0) cancelAnimationFrame(frame);
      chart?.destroy();
      chart = null;
      host.el.replaceChildren();
    },
  };
};

export default createFfiOverheadWidget;
