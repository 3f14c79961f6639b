/**
 * The generic widget: what any demo shows when it has no `demos/<id>/widget.ts` of its
 * own (or while that one is being written). It renders every kind of event plainly:
 * progress lines, program output (monospace, capped so a chatty program cannot freeze
 * the slide), samples as a small table, the result summarised, errors prominent.
 */
import type { JsonValue, RunEvent } from '../protocol.ts';
import type { CreateWidget, DemoWidget, WidgetHost } from './widget-contract.ts';
import { formatBytes, formatCount, formatMs, formatNs } from './format.ts';

/** maxOutputLines bounds the output pane; older lines are dropped, with a count. */
const maxOutputLines = 200;
/** maxSampleRows bounds the samples table: the newest row per key is kept. */
const maxSampleRows = 12;

/** createLogWidget is the fallback CreateWidget. */
const createLogWidget: CreateWidget = (host: WidgetHost): DemoWidget => {
  const root = document.createElement('div');
  root.className = 'demo-log';
  const errors = el('div', 'demo-log-errors');
  const progress = el('ul', 'demo-log-progress');
  const samples = el('table', 'demo-log-samples');
  const result = el('dl', 'demo-log-result');
  const output = el('pre', 'demo-log-output');
  root.append(errors, progress, samples, result, output);
  host.el.replaceChildren(root);

  let outputLines: HTMLSpanElement[] = [];
  let droppedLines = 0;
  const sampleRows = new Map<string, { label: string; values: Record<string, number> }>();

  function reset(): void {
    for (const part of [errors, progress, samples, result, output]) part.replaceChildren();
    outputLines = [];
    droppedLines = 0;
    sampleRows.clear();
    root.dataset.empty = 'true';
  }

  function addOutput(text: string, stream: 'stdout' | 'stderr', source?: string): void {
    for (const line of text.replace(/\n$/, '').split('\n')) {
      const row = el('span', `demo-log-line demo-log-${stream}`);
      row.textContent = `${source ? `${source}: ` : ''}${line}\n`;
      output.append(row);
      outputLines.push(row);
    }
    while (outputLines.length > maxOutputLines) {
      outputLines.shift()?.remove();
      droppedLines += 1;
    }
    output.dataset.dropped = droppedLines > 0 ? `${formatCount(droppedLines)} earlier lines not shown` : '';
    output.scrollTop = output.scrollHeight;
  }

  function addProgress(text: string, kind: string): void {
    const item = el('li', `demo-log-${kind}`);
    item.textContent = text;
    progress.append(item);
    // Only the latest few steps matter on a slide; the status line has the newest.
    while (progress.children.length > 6) progress.firstElementChild?.remove();
  }

  function renderSamples(): void {
    const keys = [...new Set([...sampleRows.values()].flatMap((row) => Object.keys(row.values)))];
    const head = el('tr', '');
    head.append(th(''), ...keys.map((k) => th(k)));
    const rows = [...sampleRows.values()].slice(-maxSampleRows).map((row) => {
      const tr = el('tr', '');
      tr.append(th(row.label), ...keys.map((k) => td(row.values[k] === undefined ? '' : formatValue(k, row.values[k]!))));
      return tr;
    });
    samples.replaceChildren(head, ...rows);
  }

  function renderResult(data: Record<string, JsonValue>): void {
    result.replaceChildren();
    for (const [key, value] of Object.entries(data).slice(0, 12)) {
      result.append(Object.assign(el('dt', ''), { textContent: key }), Object.assign(el('dd', ''), { textContent: summarise(key, value) }));
    }
  }

  reset();
  return {
    reset,
    onEvent(event: RunEvent) {
      root.dataset.empty = 'false';
      switch (event.type) {
        case 'status':
          addProgress(event.message, 'status');
          break;
        case 'progress':
          addProgress(`${event.step ? `[${event.step}] ` : ''}${event.message}`, 'progress');
          break;
        case 'stdout':
        case 'stderr':
          addOutput(event.text, event.type, event.source);
          break;
        case 'sample':
          // One row per key: repeated samples of the same runtime update it in place.
          sampleRows.delete(event.key);
          sampleRows.set(event.key, { label: event.label ?? event.key, values: event.values });
          renderSamples();
          break;
        case 'result':
          renderResult(event.data);
          break;
        case 'error': {
          const box = el('div', 'demo-log-error');
          const head = el('strong', '');
          head.textContent = `${event.source ? `${event.source}: ` : ''}${event.message}`;
          box.append(head);
          if (event.detail) {
            const detail = el('pre', 'demo-log-error-detail');
            detail.textContent = event.detail.split('\n').slice(-20).join('\n');
            box.append(detail);
          }
          errors.append(box);
          break;
        }
        default:
          break;
      }
    },
    destroy() {
      host.el.replaceChildren();
    },
  };
};

export default createLogWidget;

/** formatValue picks a unit from the value's name (units live in names: `durationNs`, `rssBytes`). */
export function formatValue(name: string, value: number): string {
  if (/Ns$/.test(name)) return formatNs(value);
  if (/Ms$/.test(name)) return formatMs(value);
  if (/Bytes$/.test(name)) return formatBytes(value);
  if (Number.isInteger(value)) return formatCount(value);
  return value.toPrecision(4);
}

/** summarise shortens a result field to one readable line. */
export function summarise(key: string, value: JsonValue): string {
  if (typeof value === 'number') return formatValue(key, value);
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return String(value);
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  return node;
}

function th(text: string): HTMLTableCellElement {
  const cell = el('th', '');
  cell.textContent = text;
  return cell;
}

function td(text: string): HTMLTableCellElement {
  const cell = el('td', '');
  cell.textContent = text;
  return cell;
}
