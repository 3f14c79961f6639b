/**
 * preemption widget (slide 40): the answer first — the busy loop that starved the ticker
 * ("for {}: 0 ticks — hung, killed") — then one lane per scenario (Go `for {}` today; the
 * same with GODEBUG=asyncpreemptoff=1, the 2018 scheduler; a C busy loop), each tick of
 * the ticker a mark on a time axis as it arrives. A lane that stays empty ends "hung,
 * killed after N s": the 2018 behaviour, not a failure of the demo.
 */
import type { DemoResult } from '../define-demo.ts';
import type { RunEvent } from '../protocol.ts';
import { defineWidget } from '../client/define-widget.ts';
import { el, ensureStyleOnce } from '../go-shared/dom.ts';
import manifest from './manifest.ts';

type Scenario = DemoResult<typeof manifest>['scenarios'][number];

const css = `
.demo .pre-lanes { display: flex; flex-direction: column; gap: 14px; }
.demo .pre-lane { display: grid; grid-template-columns: 15em minmax(0, 1fr) 11em; gap: 14px; align-items: center; }
.demo .pre-name strong { display: block; font-size: 21px; }
.demo .pre-name code { font-family: var(--demo-mono); font-size: 19px; color: var(--demo-muted); }
.demo .pre-track { position: relative; height: 48px; background: rgba(255,255,255,0.05); border-radius: 4px; }
.demo .pre-tick { position: absolute; top: 10%; width: 3px; height: 80%; background: #7ee787; }
.demo .pre-lane.hung .pre-track { background: repeating-linear-gradient(45deg, rgba(255,106,105,0.18) 0 10px, transparent 10px 20px); }
.demo .pre-verdict { font-size: 21px; line-height: 1.25; }
.demo .pre-verdict.hung { color: var(--demo-error); font-weight: 700; }
.demo .pre-verdict.ok { color: var(--demo-live); }
.demo .pre-buttons { display: flex; gap: 8px; margin-bottom: 8px; }
.demo .pre-buttons button { font: inherit; font-size: 19px; cursor: pointer; border-radius: 4px; border: 1px solid var(--demo-accent); background: var(--demo-bg-2); color: var(--demo-accent); padding: 0 10px; }
.demo .pre-axis { display: grid; grid-template-columns: 15em minmax(0, 1fr) 11em; gap: 14px; font-size: 19px; color: var(--demo-muted); }
.demo .pre-axis span:nth-child(2) { display: flex; justify-content: space-between; }
`;

const lanesInOrder = [
  { id: 'go-loop', name: 'for {} — Go today', detail: 'GOMAXPROCS=1' },
  { id: 'go-loop-asyncpreemptoff', name: 'for {} — the 2018 scheduler', detail: 'GODEBUG=asyncpreemptoff=1' },
  { id: 'c-loop', name: 'for (;;) — in C', detail: 'asyncpreemptoff=1 too' },
] as const;

interface Lane { row: HTMLElement; track: HTMLElement; verdict: HTMLElement; ticks: number }

/** verdictOf says how a scenario ended: "29 ticks, ≤ 149 ms late" or "0 ticks — hung, killed". */
export function verdictOf(s: Scenario): string {
  return s.hung ? `${s.ticks} ticks — hung, killed` : `${s.ticks} ticks, ≤ ${Math.round(s.maxLateMs)} ms late`;
}

export default defineWidget({
  manifest,
  mount(stage) {
    ensureStyleOnce('stage-preemption', css);
    const lanesBox = el('div', 'pre-lanes');
    const axis = el('div', 'pre-axis');
    const note = el('div', 'stage-note');
    const buttons = el('div', 'pre-buttons');
    stage.el.replaceChildren(buttons, lanesBox, axis, note);
    let seconds = stage.slideParams.seconds;
    const lanes = new Map<string, Lane>();

    if (stage.canRun) {
      for (const [scenario, label] of [['all', 'Run all three'], ['go-loop-asyncpreemptoff', 'Only asyncpreemptoff=1'], ['c-loop', 'Only the C loop']] as const) {
        const b = el('button', undefined, label);
        b.addEventListener('click', () => {
          b.blur();
          stage.requestRun({ scenario });
        });
        buttons.append(b);
      }
    }

    function lane(id: string): Lane {
      let found = lanes.get(id);
      if (found) return found;
      const spec = lanesInOrder.find((l) => l.id === id);
      const track = el('div', 'pre-track');
      const verdict = el('span', 'pre-verdict', '');
      const row = el('div', 'pre-lane', el('span', 'pre-name', el('strong', undefined, spec?.name ?? id), el('code', undefined, spec?.detail ?? '')), track, verdict);
      row.dataset.scenario = id;
      lanesBox.append(row);
      found = { row, track, verdict, ticks: 0 };
      lanes.set(id, found);
      return found;
    }

    function drawAxis(): void {
      const ticks = Array.from({ length: seconds + 3 }, (_, i) => el('span', undefined, `${i} s`));
      axis.replaceChildren(el('span'), el('span', undefined, ...ticks), el('span'));
    }

    return {
      reset(run) {
        seconds = run.params.seconds;
        lanes.clear();
        lanesBox.replaceChildren();
        note.textContent = '';
        drawAxis();
      },
      onEvent(event: RunEvent) {
        if (event.type === 'progress') {
          // The runner announces each scenario (step = its id) before it starts, so a
          // lane that will never get a tick is on screen while it hangs.
          if (event.step && lanesInOrder.some((l) => l.id === event.step)) lane(event.step);
          return;
        }
        if (event.type !== 'sample') return;
        const l = lane(event.key);
        l.ticks = event.values.tick ?? l.ticks + 1;
        const mark = el('span', 'pre-tick');
        // The track spans the program's own run time plus the runner's 2 s of patience.
        mark.style.left = `calc(${Math.min(100, ((event.values.elapsedMs ?? 0) / ((seconds + 2) * 1000)) * 100)}% - 3px)`;
        mark.title = `tick ${l.ticks} at ${Math.round(event.values.elapsedMs ?? 0)} ms (${Math.round(event.values.lateMs ?? 0)} ms late)`;
        l.track.append(mark);
        l.verdict.textContent = `${l.ticks} ticks`;
      },
      onResult(result) {
        for (const s of result.scenarios) {
          const l = lane(s.id);
          l.row.classList.toggle('hung', s.hung);
          l.verdict.className = `pre-verdict ${s.hung ? 'hung' : 'ok'}`;
          l.verdict.textContent = s.hung ? `${verdictOf(s)} after ${s.killedAfterS ?? '?'} s` : verdictOf(s);
        }
        note.textContent = `A ticker every ${result.everyMs} ms beside a busy loop, GOMAXPROCS=1, ${result.goVersion}; a hung program is killed by the demo server 2 s after it should have exited.`;
        const hung = result.scenarios.find((s) => s.hung);
        const shown = hung ?? result.scenarios[0];
        if (!shown) return;
        stage.headline.show({
          before: `${lanesInOrder.find((l) => l.id === shown.id)?.name.split(' — ')[0] ?? shown.id}:`,
          figure: verdictOf(shown),
          tone: shown.hung ? 'bad' : 'good',
          after: shown.hung ? `with ${shown.godebug || 'no GODEBUG'}` : '',
        });
      },
    };
  },
});
