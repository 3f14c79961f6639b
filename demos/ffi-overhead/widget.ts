/**
 * The ffi-overhead widget (slides 5–8), drawn like slide 5's table: one row per runtime
 * with the 2018 figure, today's median, a bar on slide 5's own 0–80 ns scale (today over
 * 2018, so the eye compares them directly; a bar past 80 ns is broken at the edge), the
 * multiple of the C call through the .so, and the spread. The headline is the answer of
 * slide 8: cgo ÷ C via .so today, against 2018's 29×.
 *
 * `view: "ratio"` (slide 8's sub-slide) draws that multiple as two large bars, 2018 and
 * today, beside the rows that matter for it. `runtimes` on a slide filters the recorded
 * rows (both are display-only params: the slide's values win over the recording's).
 *
 * Rows fill in as samples arrive (live or replayed alike); statistics come from the same
 * pure module the server uses (summary.ts → demos/stats), and the server's result replaces
 * the estimate at the end. The whole table (what each row measures, min, CPU share,
 * versions) is one key away in the reader view (report.ts formats it, as the CLI does).
 *
 * Flags: a row the machine-speed check flags (its sentinel ran slow, it shared its CPU, or
 * the host stole time: demos/stats/machine-speed.ts) gets "⚠ +N %" in its own column
 * (`flagOf`); the line under the table gives the sentinel's figures, says what the flags
 * mean, where the figures come from, and how the harness was checked against a standalone
 * loop (`provenanceOf`), after how many batches ran at full clock and make the figures
 * (`fullClockLine`, report.ts).
 */
import type { RunEvent } from '../protocol.ts';
import type { RunSource } from '../client/widget-contract.ts';
import type { DemoParams } from '../define-demo.ts';
import { defineWidget, type Stage } from '../client/define-widget.ts';
import { formatNs, formatRatio } from '../client/format.ts';
import manifest from './manifest.ts';
import { formatFfiTable, fullClockLine } from './report.ts';
import { ffiRowLabel, ffiRuntimeIds, ffiRuntimes, isFfiRuntimeId, type FfiRuntimeId } from './runtimes.ts';
import { processSpan, summarizeFfi, type FfiResult, type FfiRow } from './summary.ts';
import { addFfiSample, createFfiRunState, type FfiRowState, type FfiRunState } from './run-state.ts';
import { machineSpeedLine } from '../stats/machine-speed.ts';
import { talk2018CgoRatio, talk2018Source } from './talk-2018.ts';
import './widget.css';

type Params = DemoParams<typeof manifest>;

/** barScaleNs is slide 5's bar scale: 0–80 ns. */
const barScaleNs = 80;

/** ratioViewRows are the rows the ratio view keeps: the two C baselines and Go. */
const ratioViewRows: readonly FfiRuntimeId[] = ['c-direct', 'c-so', 'go', 'go-cgo', 'go-cgo-noescape', 'go-cgo-nocallback'];

/** liveStateText is what a row says while its runtime is being built or run (live runs only). */
const liveStateText: Partial<Record<FfiRowState, string>> = { building: 'building…', running: 'measuring…' };

function h<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const fmtNs = (ns: number | null): string => (ns === null ? '–' : formatNs(ns));
const fmtRatio = (r: number | null): string => (r === null ? '–' : formatRatio(r));
const fmtPct = (p: number | null): string => (p === null ? '–' : `±${(p / 2).toFixed(p < 20 ? 1 : 0)} %`);

/**
 * flagOf is a row's warning, shown in its own column: "⚠ +N %" for "machine slowed down:
 * figures inflated ≈ N %" (the row's machine-speed check), the reasons in its title.
 */
export function flagOf(row: FfiRow): { text: string; title: string } | null {
  if (!row.flag) return null;
  const pct = Math.max(1, Math.round(row.machine.inflatedPct ?? 0));
  return {
    text: `⚠ +${pct} %`,
    title: `${row.flag}: ${row.machine.reasons.join(', ')}. By its CPU clock: ${fmtNs(row.cpuMedianNs)} per call.`,
  };
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** provenanceOf is the line under the table: where the figures come from and how far to trust them. */
export function provenanceOf(result: FfiResult, flagged: boolean): string {
  const span = result.rounds ? processSpan(result.rows) : null;
  const rounds = span ? `median of ${span} fresh processes per row, × C per round` : 'median of batches';
  const checks = result.fidelity
    .filter((f) => f.differencePct !== null)
    .map((f) => `${f.id === 'go-cgo' ? 'cgo' : 'C .so'} ${f.differencePct! >= 0 ? '+' : '−'}${Math.abs(f.differencePct!).toFixed(0)} %`);
  const parts = [`Today: ${rounds}${checks.length > 0 ? `; vs a standalone loop: ${checks.join(', ')}` : ''}.`];
  parts.push(`${capitalize(machineSpeedLine(result.machineSpeed))}${flagged ? ' (⚠ +N %)' : ''}.`);
  parts.push(`2018: ${talk2018Source.table.replace(/^https:\/\/github\.com\//, '')}.`);
  return parts.join(' ');
}

export default defineWidget({
  manifest,
  mount(stage: Stage<Params>) {
    const root = h('div', 'ffi-live');
    const body = h('div', 'ffi-live-body');
    const table = h('table', 'ffi-live-table');
    const ratioBars = h('div', 'ffi-live-ratio-bars');
    const provenance = h('div', 'ffi-live-provenance stage-note');
    const reader = stage.readerBlock('ffi-live-reader');
    body.append(ratioBars, table);
    root.append(body, provenance);
    stage.el.replaceChildren(root);

    let params: Params = stage.slideParams;
    let source: RunSource = { kind: 'none', why: 'not-run' };
    let measured: FfiRuntimeId[] = [...ffiRuntimeIds];
    let state: FfiRunState = createFfiRunState(measured);
    let final: FfiResult | null = null;
    let active: FfiRuntimeId | null = null;
    let frame = 0;

    function current(): FfiResult {
      return final ?? summarizeFfi(state);
    }

    function visibleRows(result: FfiResult): FfiRow[] {
      const shown = new Set<string>(params.runtimes);
      const rows = result.rows.filter((r) => r.group !== 'fidelity' && shown.has(r.id));
      return params.view === 'ratio' ? rows.filter((r) => ratioViewRows.includes(r.id)) : rows;
    }

    function renderHeadline(result: FfiResult): void {
      const today = result.cgo.ratioToCSo;
      if (today === null) {
        stage.headline.pending(source.kind === 'none' ? 'cgo ÷ C via .so: not measured yet' : 'cgo ÷ C via .so: waiting for both rows…');
        return;
      }
      stage.headline.show({
        before: 'cgo ÷ C via .so:',
        figure: fmtRatio(today),
        after: `today · ${formatRatio(talk2018CgoRatio)} in 2018`,
      });
    }

    function bar(valueNs: number | null, className: string): HTMLElement {
      const track = h('span', `ffi-bar ${className}`);
      if (valueNs === null) return track;
      track.style.setProperty('--bar', String(Math.min(1, valueNs / barScaleNs)));
      if (valueNs > barScaleNs) track.classList.add('ffi-bar-broken');
      return track;
    }

    function rowState(row: FfiRow): string | null {
      if (row.state === 'missing' || row.state === 'error') return row.message ?? row.state;
      // A replay never says a runtime is being measured: nothing runs.
      return source.kind === 'live' ? (liveStateText[row.state] ?? null) : null;
    }

    function renderTable(result: FfiResult): boolean {
      const head = h('tr');
      for (const [text, cls] of [
        ['runtime', 'ffi-live-label'], ['2018', 'ffi-live-num'], ['today', 'ffi-live-num'], ['0 – 80 ns', 'ffi-live-bars'],
        ['× C .so', 'ffi-live-num'], ['spread', 'ffi-live-num'], ['', 'ffi-live-flag'],
      ] as const) head.append(h('th', cls, text));
      let flagged = false;
      const rows = visibleRows(result).map((row) => {
        const tr = h('tr');
        tr.dataset.runtime = row.id;
        tr.dataset.state = row.state;
        if (row.id === 'go-cgo') tr.classList.add('ffi-live-cgo');
        if (row.group === 'reference') tr.classList.add('ffi-live-reference');
        const label = h('td', 'ffi-live-label', row.label);
        label.title = `${row.measures}${row.version ? ` (${row.version})` : ''}`;
        const bars = h('td', 'ffi-live-bars');
        const state = rowState(row);
        if (state) bars.append(h('span', `ffi-live-state ffi-live-state-${row.state}`, state));
        else bars.append(bar(row.talk2018Ns, 'ffi-bar-2018'), bar(row.medianNs, 'ffi-bar-today'));
        const flag = flagOf(row);
        const flagCell = h('td', 'ffi-live-flag', flag?.text ?? '');
        if (flag) {
          flagged = true;
          flagCell.title = flag.title;
        }
        tr.append(
          label,
          h('td', 'ffi-live-num ffi-live-then', row.talk2018Ns === null ? '' : formatNs(row.talk2018Ns)),
          h('td', 'ffi-live-num ffi-live-median', fmtNs(row.medianNs)),
          bars,
          h('td', 'ffi-live-num ffi-live-ratio', fmtRatio(row.ratioToCSo)),
          h('td', 'ffi-live-num ffi-live-spread', fmtPct(row.spreadPct)),
          flagCell,
        );
        return tr;
      });
      table.replaceChildren(h('thead'), h('tbody'));
      table.tHead!.append(head);
      table.tBodies[0]!.append(...rows);
      return flagged;
    }

    /** renderRatioBars draws slide 8's multiple as two large bars (ratio view only). */
    function renderRatioBars(result: FfiResult): void {
      if (params.view !== 'ratio') {
        ratioBars.replaceChildren();
        return;
      }
      const max = Math.max(talk2018CgoRatio, result.cgo.ratioToCSo ?? 0);
      const line = (label: string, value: number | null, cls: string): HTMLElement => {
        const row = h('div', `ffi-ratio-row ${cls}`);
        const track = h('div', 'ffi-ratio-track');
        const fill = h('div', 'ffi-ratio-fill');
        fill.style.setProperty('--bar', String(value === null ? 0 : value / max));
        track.append(fill);
        row.append(h('div', 'ffi-ratio-label', label), track, h('div', 'ffi-ratio-value', value === null ? '–' : formatRatio(value)));
        return row;
      };
      ratioBars.replaceChildren(
        h('div', 'ffi-ratio-title', 'cgo call ÷ C call through the .so'),
        line('2018 (Go 1.8)', talk2018CgoRatio, 'ffi-ratio-2018'),
        line('today, here', result.cgo.ratioToCSo, 'ffi-ratio-today'),
      );
    }

    function renderReader(result: FfiResult): void {
      if (result.rows.every((r) => r.medianNs === null)) {
        reader.clear();
        return;
      }
      reader.set({
        title: 'the whole table: what each row measures, min, CPU share, versions',
        lines: formatFfiTable(result, { includeFidelityRows: true }).split('\n'),
        visible: 0,
      });
    }

    function render(): void {
      frame = 0;
      const result = current();
      root.dataset.view = params.view;
      // The whole default table (16 rows) needs a tighter row to fit the slide.
      root.dataset.rows = visibleRows(result).length > 12 ? 'many' : 'few';
      renderHeadline(result);
      renderRatioBars(result);
      const flagged = renderTable(result);
      renderReader(result);
      // With every row on the slide there is room for the machine check only; the rest of
      // the provenance (rounds, the standalone-loop check, the 2018 source) is in the reader.
      const line = root.dataset.rows === 'many' ? `${capitalize(machineSpeedLine(result.machineSpeed))}${flagged ? ' (⚠ +N %)' : ''}.` : provenanceOf(result, flagged);
      // Which batches the figures are made of: those the host ran at full clock.
      const clock = fullClockLine(result, true);
      provenance.replaceChildren(`${clock ? `${capitalize(clock)}. ` : ''}${line} `, reader.el);
    }

    function schedule(): void {
      // Samples arrive in bursts (a whole harness's batches at once in a replay): draw once per frame.
      if (stage.print) render();
      else if (frame === 0) frame = requestAnimationFrame(render);
    }

    function finishActive(): void {
      if (active && (state.states[active] === 'running' || state.states[active] === 'building')) {
        state.states[active] = (state.processes[active]?.length ?? 0) > 0 ? 'done' : 'pending';
      }
      active = null;
    }

    return {
      reset(run) {
        params = run.params;
        source = run.source;
        measured = [...ffiRuntimeIds];
        state = createFfiRunState(measured);
        final = null;
        active = null;
        render();
      },
      onEvent(event: RunEvent) {
        switch (event.type) {
          case 'progress': {
            const id = event.source;
            if (!id || !isFfiRuntimeId(id) || (event.step !== 'build' && event.step !== 'run')) return;
            if (active !== id) finishActive();
            active = id;
            state.states[id] = event.step === 'build' ? 'building' : 'running';
            break;
          }
          case 'sample':
            if (!addFfiSample(state, event.key, event.values, event.label)) return;
            break;
          default:
            return;
        }
        schedule();
      },
      onProblem(event) {
        const id = event.source;
        if (!id || !isFfiRuntimeId(id)) return false;
        // One runtime that cannot run is a row that says why, not a failed demo.
        state.states[id] = event.code === 'toolchain-missing' ? 'missing' : 'error';
        // The message starts with the row's label (a Java row's names its JDK): the row says it already.
        const label = /^([^:]+): /.exec(event.message)?.[1];
        const own = label !== undefined && label === ffiRowLabel(id, /\d+/.exec(label)?.[0]);
        state.messages[id] = own ? event.message.slice(label.length + 2) : event.message;
        if (active === id) active = null;
        schedule();
        return true;
      },
      onResult(result) {
        finishActive();
        // The server's summary is authoritative (same module, all batches).
        final = result;
        render();
      },
      onEnd() {
        finishActive();
        schedule();
      },
      destroy() {
        if (frame !== 0) cancelAnimationFrame(frame);
      },
    };
  },
});
