/**
 * cgo-benchstat widget (slide 6): the answer first — what one cgo call costs here, as a
 * multiple of a Go call — then the benchmarks as benchstat presents them (median ± the
 * 95 % confidence interval of the median), updated as each result line arrives, beside
 * bars of the medians with their intervals; benchstat's own output is a reader block
 * (its rows in place, all of it on R). A ± not yet computable (too few runs so far) reads
 * "…", not "∞": only a finished run with too few samples has an infinite interval.
 */
import type { RunEvent } from '../protocol.ts';
import { defineWidget } from '../client/define-widget.ts';
import { formatNs, formatRatio } from '../client/format.ts';
import { el, ensureStyleOnce } from '../go-shared/dom.ts';
import { summarizeBench, type BenchResult, type BenchSummary } from './bench-output.ts';
import manifest from './manifest.ts';

const css = `
.demo .cbs-cols { grid-template-columns: minmax(0, 54fr) minmax(0, 46fr); }
.demo .cbs-table { width: 100%; border-collapse: collapse; font-size: 20px; line-height: 1.2; margin: 0; font-variant-numeric: tabular-nums; }
.demo .cbs-table th { font-size: 19px; font-weight: 600; color: var(--demo-muted); text-align: right; padding: 0 8px 2px; border-bottom: 2px solid var(--demo-border); }
.demo .cbs-table td { padding: 3px 8px; border-bottom: 1px solid var(--demo-border); text-align: right; white-space: nowrap; }
.demo .cbs-table th:first-child, .demo .cbs-table td:first-child { text-align: left; white-space: normal; }
.demo .cbs-table tr[data-bench='CgoCall'] td { color: var(--demo-accent); font-weight: 700; }
.demo .cbs-bars { display: flex; flex-direction: column; gap: 12px; padding-top: 4px; }
.demo .cbs-bar { display: grid; grid-template-columns: 8.5em minmax(0, 1fr); align-items: center; gap: 10px; font-size: 19px; }
.demo .cbs-track { position: relative; height: 26px; }
.demo .cbs-fill { position: absolute; left: 0; top: 0; height: 100%; width: calc(var(--median) * 100%); background: #00add8; border-radius: 2px; }
.demo .cbs-bar[data-bench^='Cgo'] .cbs-fill { background: #4fc3f7; }
.demo .cbs-ci { position: absolute; top: 35%; height: 30%; left: calc(var(--lo) * 100%); width: calc((var(--hi) - var(--lo)) * 100%); border: 2px solid #f0b429; border-width: 0 2px; background: rgba(240, 180, 41, 0.45); box-sizing: border-box; }
.demo .cbs-scale { font-size: 19px; color: var(--demo-muted); text-align: right; }
.demo .cbs-benchstat { margin-top: 8px; }
`;

/** Display order: the plain Go call first, the callback last. */
const order = ['GoCall', 'CgoCall', 'CgoCallNoescapeNocallback', 'CgoCallback'];

/** shortName drops the Benchmark prefix's family for narrow cells. */
const shortName: Record<string, string> = {
  GoCall: 'Go → Go',
  CgoCall: 'Go → C (cgo)',
  CgoCallNoescapeNocallback: 'cgo + noescape, nocallback',
  CgoCallback: 'Go → C → Go',
};

export default defineWidget({
  manifest,
  mount(stage) {
    ensureStyleOnce('stage-cgo-benchstat', css);
    const rowsEl = el('tbody');
    const table = el('table', 'cbs-table', el('thead', undefined, el('tr', undefined, el('th', undefined, 'benchmark'), el('th', undefined, 'time/op'), el('th', undefined, '±'), el('th', undefined, 'n'), el('th', undefined, '× Go'))), rowsEl);
    const bars = el('div', 'cbs-bars');
    const note = el('div', 'stage-note');
    const reader = stage.readerBlock('cbs-benchstat');
    stage.el.replaceChildren(el('div', 'stage-columns cbs-cols', el('div', undefined, table, note), el('div', undefined, bars)), reader.el);
    let results: BenchResult[] = [];
    let finished = false;

    function rows(): BenchSummary[] {
      return summarizeBench(results).sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    }

    function plusMinus(r: BenchSummary): string {
      if (r.plusMinusPct !== null) return `${Math.round(r.plusMinusPct)}%`;
      return finished ? '∞' : '…';
    }

    function draw(): void {
      const all = rows();
      const go = all.find((r) => r.name === 'GoCall');
      rowsEl.replaceChildren(
        ...all.map((r) => {
          const tr = el('tr', undefined, el('td', undefined, shortName[r.name] ?? r.name), el('td', undefined, formatNs(r.medianNs)), el('td', undefined, plusMinus(r)), el('td', undefined, String(r.samples)), el('td', undefined, go && r.name !== 'GoCall' ? formatRatio(r.medianNs / go.medianNs) : ''));
          tr.dataset.bench = r.name;
          return tr;
        }),
      );
      const max = Math.max(1, ...all.map((r) => r.highNs ?? r.medianNs));
      bars.replaceChildren(
        ...all.map((r) => {
          const track = el('div', 'cbs-track', el('div', 'cbs-fill'));
          track.style.setProperty('--median', String(r.medianNs / max));
          if (r.lowNs !== null && r.highNs !== null) {
            const ci = el('div', 'cbs-ci');
            ci.style.setProperty('--lo', String(r.lowNs / max));
            ci.style.setProperty('--hi', String(r.highNs / max));
            track.append(ci);
          }
          const bar = el('div', 'cbs-bar', el('span', undefined, shortName[r.name] ?? r.name), track);
          bar.dataset.bench = r.name;
          return bar;
        }),
        el('div', 'cbs-scale', `0 – ${formatNs(max)}; amber: 95 % interval of the median`),
      );
    }

    return {
      reset() {
        results = [];
        finished = false;
        note.textContent = '';
        reader.clear();
        draw();
      },
      onEvent(event: RunEvent) {
        if (event.type !== 'sample') return;
        results.push({ name: event.key, procs: 1, iterations: event.values.iterations ?? 0, nsPerOp: event.values.nsPerOp ?? NaN });
        draw();
      },
      onResult(result) {
        finished = true;
        draw();
        note.textContent = `${result.goVersion} · ${result.cpu ?? ''} · -count ${result.count} -benchtime ${result.benchtimeMs}ms. ${result.statsNote}`;
        if (result.benchstat) {
          const lines = result.benchstat.split('\n');
          const first = lines.findIndex((line) => /^\S+-\d+\s/.test(line));
          reader.set({ title: 'benchstat cgo.txt', lines, startAt: Math.max(0, first - 1), visible: 6 });
        }
        const cgo = result.rows.find((r) => r.name === 'CgoCall');
        const go = result.rows.find((r) => r.name === 'GoCall');
        if (!cgo) return;
        stage.headline.show({
          before: 'a cgo call:',
          figure: formatNs(cgo.medianNs),
          after: go ? `= ${formatRatio(cgo.medianNs / go.medianNs)} a Go call` : '',
          detail: cgo.plusMinusPct !== null ? `median of ${cgo.samples} runs ± ${Math.round(cgo.plusMinusPct)} % (95 % interval), go test -bench on this machine` : undefined,
        });
      },
    };
  },
});
