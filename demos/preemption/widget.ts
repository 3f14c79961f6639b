/**
 * preemption widget: one lane per scenario (Go `for {}`; the same with
 * GODEBUG=asyncpreemptoff=1; a C busy loop), each tick of the ticker drawn as a mark on a
 * time axis as it arrives. A lane that stays empty ends with "hung, killed after N s":
 * the result of the 2018 scheduler, not a failure of the demo.
 */
import type { JsonValue, RunEvent } from '../protocol.ts';
import type { CreateWidget, DemoWidget } from '../client/widget-contract.ts';
import { el, ensureStyleOnce, problemBox, sharedWidgetCss } from '../go-shared/dom.ts';

const css = `
.r34-pre .pre-lane { display: grid; grid-template-columns: 16em 1fr 11em; gap: 0.6em; align-items: center; margin: 0.25em 0; }
.r34-pre .pre-track { position: relative; height: 1.6em; background: rgba(255,255,255,0.05); border-radius: 4px; overflow: hidden; }
.r34-pre .pre-tick { position: absolute; top: 15%; width: 2px; height: 70%; background: #7ee787; }
.r34-pre .pre-lane.hung .pre-track { background: repeating-linear-gradient(45deg, rgba(255,106,105,0.12) 0 8px, transparent 8px 16px); }
.r34-pre .pre-verdict.hung { color: #ff6a69; font-weight: bold; }
.r34-pre .pre-verdict.ok { color: #7ee787; }
.r34-pre .pre-name code { font-size: 0.95em; }
.r34-pre .pre-buttons button { font: inherit; cursor: pointer; border-radius: 4px; border: 1px solid rgba(255,255,255,0.35); background: rgba(255,255,255,0.06); color: inherit; padding: 0.1em 0.6em; margin-right: 0.4em; }
`;

const lanesInOrder = [
  { id: 'go-loop', name: 'for {} — Go, today', detail: 'GOMAXPROCS=1' },
  { id: 'go-loop-asyncpreemptoff', name: 'for {} — Go, 2018 scheduler', detail: 'GODEBUG=asyncpreemptoff=1' },
  { id: 'c-loop', name: 'for (;;) — in C', detail: 'asyncpreemptoff=1 too' },
] as const;

interface Lane { row: HTMLElement; track: HTMLElement; verdict: HTMLElement; ticks: number }

const createWidget: CreateWidget = (host): DemoWidget => {
  ensureStyleOnce('r12-shared', sharedWidgetCss);
  ensureStyleOnce('r34-pre', css);
  const status = el('div', 'r12-status');
  const problems = el('div');
  const lanesBox = el('div', 'r12-panel');
  const note = el('div', 'r12-note');
  const buttons = el('div', 'pre-buttons');
  const root = el('div', 'r12 r34-pre', buttons, status, problems, lanesBox, note);
  host.el.replaceChildren(root);
  let seconds = Number(host.params.seconds ?? 3);
  const lanes = new Map<string, Lane>();

  if (host.canRun) {
    for (const [scenario, label] of [['all', 'Run all three'], ['go-loop-asyncpreemptoff', 'Only asyncpreemptoff=1'], ['c-loop', 'Only the C loop']] as const) {
      const b = el('button', undefined, label);
      b.addEventListener('click', () => {
        b.blur();
        host.requestRun({ scenario });
      });
      buttons.append(b);
    }
  }

  function lane(id: string): Lane {
    let found = lanes.get(id);
    if (found) return found;
    const spec = lanesInOrder.find((l) => l.id === id);
    const track = el('div', 'pre-track');
    const verdict = el('span', 'pre-verdict', 'running…');
    const row = el('div', 'pre-lane', el('span', 'pre-name', el('strong', undefined, spec?.name ?? id), el('br'), el('code', undefined, spec?.detail ?? '')), track, verdict);
    row.dataset.scenario = id;
    lanesBox.append(row);
    found = { row, track, verdict, ticks: 0 };
    lanes.set(id, found);
    return found;
  }

  return {
    reset(_source, params) {
      seconds = Number(params.seconds ?? 3);
      lanes.clear();
      lanesBox.replaceChildren();
      problems.replaceChildren();
      note.textContent = '';
      status.textContent = '';
    },
    onEvent(event: RunEvent) {
      switch (event.type) {
        case 'status':
          status.textContent = event.message;
          break;
        case 'progress':
          // The runner announces each scenario (step = its id) before it starts, so a
          // lane that will never get a tick is on screen while it hangs.
          if (event.step && lanesInOrder.some((l) => l.id === event.step)) lane(event.step);
          break;
        case 'sample': {
          const l = lane(event.key);
          l.ticks = event.values.tick ?? l.ticks + 1;
          const mark = el('span', 'pre-tick');
          // The track spans the program's own run time plus the runner's 2 s of patience.
          mark.style.left = `${Math.min(100, ((event.values.elapsedMs ?? 0) / ((seconds + 2) * 1000)) * 100)}%`;
          mark.title = `tick ${l.ticks} at ${Math.round(event.values.elapsedMs ?? 0)} ms (${Math.round(event.values.lateMs ?? 0)} ms late)`;
          l.track.append(mark);
          l.verdict.textContent = `${l.ticks} ticks`;
          break;
        }
        case 'result': {
          const scenarios = (event.data.scenarios ?? []) as Array<{ [key: string]: JsonValue }>;
          for (const s of scenarios) {
            const l = lane(String(s.id));
            if (s.hung === true) {
              l.row.classList.add('hung');
              l.verdict.className = 'pre-verdict hung';
              l.verdict.textContent = `hung: ${String(s.ticks)} ticks, killed after ${String(s.killedAfterS)} s`;
            } else {
              l.verdict.className = 'pre-verdict ok';
              l.verdict.textContent = `${String(s.ticks)} ticks, ≤ ${String(s.maxLateMs)} ms late`;
            }
          }
          note.textContent = `Ticker every ${String(event.data.everyMs)} ms, GOMAXPROCS=1, ${String(event.data.goVersion)}. A hung program is killed by the demo server 2 s after it should have exited.`;
          break;
        }
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

export default createWidget;
