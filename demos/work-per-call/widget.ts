/**
 * The work-per-call widget (slide 8, "Since 2018"): the stage answer in the shell's
 * headline ("cgo: under 10 % from ≈ 1 300 adds per call (95 %: 1 200–1 600)", computed from
 * the run), ns per call against N on log scales, and per caller the cost of the smallest
 * call and where its crossing stops mattering. State lives in view-model.ts, the chart in
 * chart.ts; this file wires the DOM.
 */
import { defineWidget } from '../client/define-widget.ts';
import { formatNs } from '../client/format.ts';
import { el } from '../go-shared/dom.ts';
import manifest from './manifest.ts';
import { createWorkChart, type WorkChart } from './chart.ts';
import { applyWorkEvent, createWorkViewState, setWorkResult, workView, type WorkView } from './view-model.ts';
import { keepFiguresWithUnits } from '../stats/machine-line.ts';
import './widget.css';

function tableRows(view: WorkView): HTMLTableRowElement[] {
  return view.rows.map((row) => {
    const name = el('td', undefined, row.id === 'direct' ? 'C (direct)' : row.id);
    name.title = row.version ? `${row.label} · ${row.version}` : row.label;
    if (row.missing) {
      const tr = el('tr', undefined, name, el('td', undefined, `missing: ${row.missing}`));
      tr.lastElementChild!.setAttribute('colspan', '2');
      tr.dataset.missing = 'true';
      return tr;
    }
    const first = row.nsPerCall[0];
    const tr = el('tr', undefined, name, el('td', 'wpc-num', first === null || first === undefined ? '–' : formatNs(first)), el('td', undefined, row.crossingText));
    tr.dataset.caller = row.id;
    return tr;
  });
}

export default defineWidget({
  manifest,
  mount(stage) {
    const chartBox = el('div');
    const tbody = el('tbody');
    const note = el('div', 'wpc-note');
    const machine = el('div', 'wpc-machine');
    const head = el('tr', undefined, el('th', undefined, 'caller'), el('th', undefined, 'N = 1'), el('th', undefined, 'under 10 % from N (95 %)'));
    stage.el.replaceChildren(el('div', 'wpc stage-columns', chartBox, el('div', undefined, el('table', 'wpc-table', el('thead', undefined, head), tbody), note, machine)));

    let state = createWorkViewState();
    let chart: WorkChart | undefined;
    let destroyed = false;
    const chartReady = createWorkChart(chartBox, 330)
      .then((made) => {
        if (destroyed) made.destroy();
        else chart = made;
      })
      .catch(() => chartBox.append(el('div', 'wpc-note', 'The chart library did not load; the table has the figures.')));

    function draw(): void {
      const view = workView(state);
      if (view.headline) stage.headline.show({ figure: view.headline, detail: 'the work a call must carry before its crossing costs under 10 % of it' });
      tbody.replaceChildren(...tableRows(view));
      note.textContent = `N dependent adds per call (spin in libplusone.so). Share = (FFI − C) ÷ FFI, C timed in each FFI’s process; under ${view.thresholdPct} % from N, fitted around it.`;
      machine.textContent = keepFiguresWithUnits(view.machine?.line ?? '');
      machine.dataset.flagged = String(view.machine?.flagged ?? false);
      chart?.update(view);
    }

    return {
      reset() {
        state = createWorkViewState();
        void chartReady.then(draw);
        draw();
      },
      onEvent(event) {
        applyWorkEvent(state, event);
        if (event.type === 'sample') draw();
      },
      onProblem(event) {
        applyWorkEvent(state, event);
        draw();
        return false;
      },
      onResult(result) {
        setWorkResult(state, result);
        draw();
      },
      destroy() {
        destroyed = true;
        chart?.destroy();
      },
    };
  },
});
