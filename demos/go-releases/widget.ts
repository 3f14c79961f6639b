/**
 * The go-releases widget (slide 6, "Since 2018"): the stage answer in the shell's headline
 * ("Go 1.26: 28 ns, −31 % vs 1.25", computed from the run), the chart of ns per plain cgo
 * call by release beside slide 6's 2018 figures, and the table benchstat would print
 * (median ± interval, the change from the release before with its p-value, the other
 * variants); benchstat's own table in a reader block. State lives in view-model.ts and the
 * chart in chart.ts; this file wires the DOM.
 */
import { defineWidget } from '../client/define-widget.ts';
import { formatNs } from '../client/format.ts';
import { el } from '../go-shared/dom.ts';
import manifest from './manifest.ts';
import { minorLabel } from './release-list.ts';
import { createReleasesChart, type ReleasesChart } from './chart.ts';
import { applyReleasesEvent, createReleasesViewState, releasesView, setReleasesResult, type ReleasesView } from './view-model.ts';
import { keepFiguresWithUnits } from '../stats/machine-line.ts';
import { formatP, formatSignedPct } from './summary.ts';
import './widget.css';

type Row = ReleasesView['rows'][number];
type Stats = Row['variants'][string];

/** fmtStats renders a cell in ns without the unit (the header says it), with benchstat's ± when asked. */
const fmtStats = (stats: Stats | undefined, withSpread: boolean): string => {
  if (!stats) return '–';
  const value = formatNs(stats.medianNs).replace(/ ns$/, '');
  return withSpread && stats.plusMinusPct !== null ? `${value} ±${Math.round(stats.plusMinusPct)}%` : value;
};

/** shortP is the p-value in two digits, or the exponent below 0.001, to keep the column narrow. */
const shortP = (p: number | null): string => (p === null ? 'p=n/a' : p < 0.001 ? `p=${p.toExponential(0)}` : p < 0.01 ? `p=${p.toFixed(3)}` : `p=${p.toFixed(2)}`);

function changeCell(view: ReleasesView, row: Row): HTMLTableCellElement {
  const change = view.changes.find((c) => c.variant === 'cgo' && c.to === row.version);
  if (!change) return el('td', 'gr-same', '');
  const cell = el('td', change.significant ? (change.deltaPct < 0 ? 'gr-faster' : 'gr-slower') : 'gr-same', change.significant ? `${formatSignedPct(change.deltaPct)} ${shortP(change.p)}` : `~ ${shortP(change.p)}`);
  cell.title = `plain cgo call, ${change.from} → ${change.to}: ${formatSignedPct(change.deltaPct)}, ${formatP(change.p)}`;
  return cell;
}

function tableRows(view: ReleasesView): HTMLTableRowElement[] {
  return view.rows.map((row) => {
    const name = el('td', row.source === 'installed' ? 'gr-installed' : undefined, minorLabel(row.minor));
    name.title = row.source === 'installed' ? `${row.version}, the installed Go` : row.version;
    if (row.missing) {
      const tr = el('tr', undefined, name, el('td', 'gr-missing', `missing: ${row.missing}`));
      tr.lastElementChild!.setAttribute('colspan', '5');
      tr.dataset.missing = 'true';
      return tr;
    }
    const tr = el(
      'tr',
      undefined,
      name,
      el('td', 'gr-cgo', fmtStats(row.variants.cgo, true)),
      changeCell(view, row),
      el('td', undefined, fmtStats(row.variants.noescape, false)),
      el('td', undefined, fmtStats(row.variants.nocallback, false)),
      el('td', undefined, fmtStats(row.variants.callback, false)),
    );
    tr.dataset.release = row.version;
    return tr;
  });
}

export default defineWidget({
  manifest,
  mount(stage) {
    const chartBox = el('div');
    const caption = el('div', 'gr-caption');
    const machine = el('div', 'gr-machine');
    const fullClock = el('div', 'gr-clock');
    const tbody = el('tbody');
    const head = el('tr', undefined, ...['Go', 'cgo, ns', 'change', 'noescape', 'nocallback', 'callback'].map((text) => el('th', undefined, text)));
    const note = el('div', 'gr-note');
    const wide = el('div', 'gr-wide');
    const benchstat = stage.readerBlock('gr-benchstat');
    stage.el.replaceChildren(el('div', 'gr stage-columns', el('div', undefined, chartBox, caption, machine, fullClock), el('div', undefined, el('table', 'gr-table', el('thead', undefined, head), tbody), wide, note, benchstat.el)));

    let state = createReleasesViewState();
    let chart: ReleasesChart | undefined;
    let destroyed = false;
    const chartReady = createReleasesChart(chartBox, 260)
      .then((made) => {
        if (destroyed) made.destroy();
        else chart = made;
      })
      .catch(() => chartBox.append(el('div', 'gr-note', 'The chart library did not load; the table has the figures.')));

    function draw(): void {
      const view = releasesView(state);
      if (view.headline) stage.headline.show({ figure: view.headline, detail: 'a plain cgo call, this machine, median of interleaved rounds' });
      caption.textContent = `2018 bars: the 2018 talk’s slide 6, ${view.talk2018Label}`;
      machine.textContent = keepFiguresWithUnits(view.machine?.line ?? '');
      machine.dataset.flagged = String(view.machine?.flagged ?? false);
      fullClock.textContent = keepFiguresWithUnits(view.fullClockLine ?? '');
      tbody.replaceChildren(...tableRows(view));
      note.textContent = view.statsNote ?? (view.rows.length ? 'benchstat’s way: median ± the 95 % interval of the median over the rounds; a change is shown when the Mann-Whitney test gives p < 0.05 (else ~).' : '');
      // Said on the slide, not only in the terminal: an interval left wider than the target.
      wide.textContent = view.wideNote ?? '';
      chart?.update(view.bars);
      if (view.benchstat) {
        // In place: benchstat's line for the plain cgo call; the whole table in the reader view.
        const lines = view.benchstat.split('\n');
        const cgoLine = Math.max(0, lines.findIndex((line) => line.startsWith('Cgo ')));
        benchstat.set({ title: 'benchstat over the releases (deltas against the oldest)', lines, visible: 1, startAt: cgoLine, marked: [cgoLine] });
      }
    }

    return {
      reset() {
        state = createReleasesViewState();
        benchstat.clear();
        void chartReady.then(draw);
        draw();
      },
      onEvent(event) {
        applyReleasesEvent(state, event);
        if (event.type === 'sample') draw();
      },
      onProblem(event) {
        applyReleasesEvent(state, event);
        draw();
        return false;
      },
      onResult(result) {
        setReleasesResult(state, result);
        draw();
      },
      destroy() {
        destroyed = true;
        chart?.destroy();
      },
    };
  },
});
