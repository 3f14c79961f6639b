/**
 * The widget shell: turns a widget definition (define-widget.ts) into the run panel's
 * DemoWidget (widget-contract.ts), owning the states every demo shares so that no widget
 * repeats them: the stage layout (headline + details), "not measured yet" / "not
 * recorded", the result parsed by the manifest's schema ("recording out of date" when it
 * does not pass), problem boxes for error events, the end of a run that gave no result,
 * reader blocks for long text, and emptying the DOM on destroy.
 */
import type { DemoManifest } from '../define-demo.ts';
import type { RunEvent, RunParams } from '../protocol.ts';
import { displayParamsOf } from '../recording-key.ts';
import type { Headline, HeadlineParts, Stage, StageRun, StageWidget, WidgetDefinition } from './define-widget.ts';
import type { DemoWidget, RunSource, WidgetHost } from './widget-contract.ts';
import { problemBox } from './problem-box.ts';
import { createReaderBlock } from './reader-view.ts';

/** ShellOptions say how the panel around the shell is used. */
export interface ShellOptions {
  /** Print view: everything drawn at once, no buttons. */
  print?: boolean;
}

/** StageState is what the stage shows, as its `data-state` (tests and CSS read it). */
export type StageState = 'waiting' | 'not-recorded' | 'running' | 'done' | 'failed' | 'outdated';

/** mountWidgetShell mounts a widget definition inside the panel's widget element. */
export function mountWidgetShell(definition: WidgetDefinition, host: WidgetHost, options: ShellOptions = {}): DemoWidget {
  const manifest = definition.manifest;
  const root = element('div', 'stage');
  const headlineEl = element('div', 'stage-headline');
  headlineEl.setAttribute('aria-live', 'polite');
  const problems = element('div', 'stage-problems');
  const details = element('div', 'stage-details');
  root.append(headlineEl, problems, details);
  host.el.replaceChildren(root);

  const headline = createHeadline(headlineEl);
  const slideParams = parseParams(manifest, host.params);
  const stage: Stage<RunParams> = {
    el: details,
    headline,
    slideParams,
    canRun: host.canRun,
    watchOnly: host.watchOnly === true,
    print: options.print === true,
    requestRun: (params, files) => host.requestRun({ ...(params as RunParams | undefined) }, files),
    readerBlock: (className) => createReaderBlock(className),
  };
  // The definition is typed by its manifest; the shell only ever hands it values that
  // passed that manifest's schemas (parseParams, safeParse of the result below).
  const widget = (definition.mount as (stage: Stage<RunParams>) => StageWidget<RunParams, unknown>)(stage);

  let run: StageRun<RunParams> = { params: slideParams, source: { kind: 'none', why: 'not-run' } };
  let sawResult = false;
  let firstError: string | null = null;

  function setState(state: StageState): void {
    root.dataset.state = state;
  }

  function reset(source: RunSource, runParams: RunParams): void {
    // The slide's display-only params (a view, a filter) win over the run's.
    run = { params: parseParams(manifest, { ...runParams, ...displayParamsOf(manifest, host.params) }), source };
    sawResult = false;
    firstError = null;
    problems.replaceChildren();
    if (source.kind === 'none' && source.why === 'not-recorded') {
      setState('not-recorded');
      headline.show({ figure: 'Not recorded', detail: notRecordedDetail(manifest, runParams), tone: 'neutral' });
    } else if (source.kind === 'none') {
      setState('waiting');
      headline.pending(host.canRun ? 'Not measured yet: press Run to measure on this machine.' : 'Not measured yet: waiting for the speaker’s run.');
    } else {
      setState('running');
      headline.pending(source.kind === 'recorded' ? 'Replaying the recording…' : 'Measuring…');
    }
    safely(() => widget.reset(run));
  }

  function onResult(data: unknown): void {
    const parsed = manifest.result.safeParse(data);
    if (!parsed.success) {
      setState('outdated');
      const issues = parsed.error.issues.slice(0, 6).map((issue) => `${issue.path.join('.') || '(result)'}: ${issue.message}`);
      const recorded = run.source.kind === 'recorded';
      headline.show({
        figure: recorded ? 'Recording out of date' : 'Result does not match the demo',
        detail: recorded
          ? `This recording was made by an older version of the demo. Record it again: npm run demo -- ${manifest.id}`
          : 'The runner and the manifest disagree; this is a bug in the demo.',
        tone: 'bad',
      });
      problems.append(problemBox('internal', `the result does not pass ${manifest.id}’s result schema`, issues.join('\n')));
      return;
    }
    sawResult = true;
    setState('done');
    safely(() => widget.onResult(parsed.data, run));
  }

  function onEnd(outcome: string): void {
    safely(() => widget.onEnd?.(outcome));
    if (sawResult || root.dataset.state === 'outdated') return;
    setState(outcome === 'ok' ? 'done' : 'failed');
    const figure = outcome === 'cancelled' ? 'Cancelled' : outcome === 'timeout' ? 'Timed out' : outcome === 'ok' ? 'No result' : 'Failed';
    headline.show({ figure, detail: firstError ?? 'The run ended without a result.', tone: outcome === 'cancelled' ? 'neutral' : 'bad' });
  }

  return {
    reset,
    onEvent(event: RunEvent) {
      switch (event.type) {
        case 'result':
          onResult(event.data);
          return;
        case 'error':
          firstError ??= event.message;
          if (!safelyValue(() => widget.onProblem?.(event))) problems.append(problemBox(event.code, event.message, event.detail));
          return;
        case 'end':
          onEnd(event.outcome);
          return;
        default:
          safely(() => widget.onEvent?.(event));
      }
    },
    ...(widget.run ? { run: () => widget.run?.() } : {}),
    destroy() {
      safely(() => widget.destroy?.());
      host.el.replaceChildren();
    },
  };
}

/** longFigureChars: a longer figure is a sentence, drawn at the long size (demo-panel.css). */
const longFigureChars = 24;

/** createHeadline draws the stage's one answer into `el`. */
function createHeadline(el: HTMLElement): Headline {
  // The same answer shown again (a widget redrawing on every sample) keeps its elements:
  // nothing flickers, and whoever looks at the figure finds the same node.
  let shown = '';
  return {
    el,
    show(parts: HeadlineParts) {
      const key = JSON.stringify(parts);
      if (key === shown && el.querySelector('[data-headline-figure]')) return;
      shown = key;
      const line = element('div', 'stage-headline-line');
      if (parts.before) line.append(`${parts.before} `);
      // A figure that is a whole sentence gets the shell's smaller headline size (still
      // ≥ 28 px as shown): no widget sizes its own headline.
      const long = parts.figure.length > longFigureChars ? ' stage-figure-long' : '';
      const figure = element('strong', `stage-figure stage-figure-${parts.tone ?? 'neutral'}${long}`);
      figure.dataset.headlineFigure = '';
      figure.textContent = parts.figure;
      line.append(figure);
      if (parts.after) line.append(` ${parts.after}`);
      el.replaceChildren(line);
      if (parts.detail) el.append(element('div', 'stage-headline-detail', parts.detail));
      delete el.dataset.pending;
    },
    pending(text: string) {
      shown = '';
      el.replaceChildren(element('div', 'stage-headline-line stage-headline-pending', text));
      el.dataset.pending = '';
    },
  };
}

/** parseParams fills in the manifest's defaults; params the schema refuses fall back to the defaults. */
function parseParams(manifest: DemoManifest, params: RunParams): RunParams {
  const parsed = manifest.params.safeParse(params);
  return (parsed.success ? parsed.data : manifest.params.parse({})) as RunParams;
}

/** notRecordedDetail says which params have no recording, and how to make one. */
function notRecordedDetail(manifest: DemoManifest, params: RunParams): string {
  const display = new Set<string>(manifest.displayParams ?? []);
  const defaults = manifest.params.parse({}) as RunParams;
  const differing = Object.entries(params).filter(([name, value]) => !display.has(name) && JSON.stringify(value) !== JSON.stringify(defaults[name]));
  const args = differing.map(([name, value]) => ` --param ${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join('');
  const which = differing.length > 0 ? ` for ${differing.map(([name, value]) => `${name} = ${JSON.stringify(value)}`).join(', ')}` : '';
  return `There is no recording${which}. Record it with the demo server: npm run demo -- ${manifest.id}${args}`;
}

function element(tag: string, className: string, text?: string): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    // A widget bug must not take the panel (and the live stream) down with it.
    console.warn('demo widget failed:', err);
  }
}

function safelyValue<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    console.warn('demo widget failed:', err);
    return undefined;
  }
}
