/**
 * The remote's demo card: on a slide with a demo, one big Run / Cancel button, the run's
 * state as a sentence (run-status.ts, the same words as the slide's panel) and its
 * headline answer as it streams. The headline is the demo's own widget's (mounted in the
 * same widget shell as on the slide; only its headline is shown here), so the phone and
 * the projector say the same figure.
 *
 * Runs go through the live transport (demos/client/transport-live.ts) with the remote's
 * token: Run starts the slide's demo with the slide's params, once (a retry reuses its
 * request id, and the server joins a run already going); the server refuses anything
 * else (server/stage/remote-scope.ts). The card follows the slide's run whoever started
 * it: the one going when it mounts, and each new one the stage stream announces. When the
 * speaker's deck shows the slide's recording in place of a failed live run (the stage's
 * `fallback`), the card shows that recording too, marked as one: the phone says what the
 * projector says.
 */
import type { DemoManifest } from '../../demos/define-demo.ts';
import type { DemoPlacement, RunEvent, RunSummary } from '../../demos/protocol.ts';
import { createCancelGuard } from '../../demos/client/cancel-guard.ts';
import { domBuilder } from '../../demos/client/dom-builder.ts';
import { describeRunStatus, initialRunStatus, reduceRunStatus, type RunStatus } from '../../demos/client/run-status.ts';
import { matchesParams, type Transport, type Unsubscribe } from '../../demos/client/transport.ts';
import { createWidgetFor, type DemoLoaders } from '../../demos/client/widget-loader.ts';
import type { DemoWidget } from '../../demos/client/widget-contract.ts';
import { selectorFor, type RunSelector } from '../../demos/recording-key.ts';

/** DemoCardOptions configure mountDemoCard. */
export interface DemoCardOptions {
  /** The element the card fills. */
  el: HTMLElement;
  placement: DemoPlacement;
  loaders: DemoLoaders | undefined;
  transport: Transport;
  /** Whether this remote may run now (it drives, or the seat is free). */
  mayRun: () => boolean;
  /** Says what went wrong with a start or cancel, in the page's notice line. */
  onProblem: (message: string) => void;
}

/** DemoCard is a mounted card. */
export interface DemoCard {
  /** offer hands the card a run that just started somewhere (the stage stream's `run-started`). */
  offer(run: RunSummary): void;
  /** fallback: the speaker's deck shows the recording `key` of `demo` instead of its live run (the stage's `fallback`). */
  fallback(demo: string, key: string): void;
  /** refresh redraws the button (the seat changed). */
  refresh(): void;
  destroy(): void;
}

/** mountDemoCard fills `el` with the card of one demo placement. */
export async function mountDemoCard(options: DemoCardOptions): Promise<DemoCard> {
  const { el, placement, transport } = options;
  const manifest: DemoManifest | undefined = options.loaders ? (await options.loaders.manifest()).default : undefined;
  const { element, button: makeButton } = domBuilder();
  const title = element('div', 'card-title', manifest?.title ?? placement.demo);
  const state = element('div', 'card-state', 'Not run yet');
  state.setAttribute('aria-live', 'polite');
  const headline = element('div', 'card-headline');
  const button = makeButton('card-run', 'Run');
  // Disabled until the first render below: until the widget has loaded and the run going
  // now (if any) is known, the card cannot say Run or Cancel, takes no tap, and must not
  // offer Run to a phone that follows another remote.
  button.disabled = true;
  el.replaceChildren(title, button, state, headline);
  el.dataset.demo = placement.demo;

  const widget: DemoWidget = await createWidgetFor(placement.demo, options.loaders, {
    el: headline,
    demo: placement.demo,
    params: placement.params,
    // The phone never sends what a widget would (its own variants, edited code): Run is the slide's run.
    requestRun: () => undefined,
    canRun: true,
  });
  const guard = createCancelGuard();
  let current: RunSummary | null = null;
  let status: RunStatus = initialRunStatus();
  let unwatch: Unsubscribe | undefined;
  let starting = false;
  let destroyed = false;
  /** Whether what is shown is the recording the speaker's deck put in place of the live run. */
  let fallbackShown = false;
  const selection: RunSelector = (manifest && selectorFor(manifest, placement.params)) ?? { match: placement.params, key: placement.demo };

  // A recording shown instead is no run of the server's: nothing to cancel.
  const active = (): boolean => starting || (current !== null && !fallbackShown && status.stage !== 'ended');
  const render = (): void => {
    const running = active();
    button.textContent = running ? 'Cancel' : current ? 'Run again' : 'Run';
    button.classList.toggle('card-cancel', running);
    button.disabled = starting || !options.mayRun();
    el.dataset.runState = current ? status.stage : 'none';
    if (current) el.dataset.runId = current.runId;
    if (fallbackShown) el.dataset.fallback = 'shown';
    else delete el.dataset.fallback;
    state.textContent = fallbackShown ? 'Recorded result, instead of the live run' : starting && !current ? 'Starting…' : current ? describeRunStatus(status) : 'Not run yet';
  };

  const show = (run: RunSummary, asFallback = false): void => {
    if (destroyed || run.runId === current?.runId) return;
    unwatch?.();
    current = run;
    fallbackShown = asFallback;
    status = initialRunStatus();
    widget.reset(asFallback ? transport.sourceOf(run) : { kind: 'live' }, run.params);
    unwatch = transport.watch(run.runId, 0, (event: RunEvent) => {
      status = reduceRunStatus(status, event);
      widget.onEvent(event);
      render();
    });
    render();
  };

  const run = async (): Promise<void> => {
    starting = true;
    guard.started(performance.now());
    render();
    try {
      show(await transport.start(placement.demo, placement.params));
    } catch (error) {
      options.onProblem(error instanceof Error ? error.message : String(error));
    } finally {
      starting = false;
      render();
    }
  };

  const cancel = async (): Promise<void> => {
    if (!current) return;
    try {
      await transport.cancel(current.runId);
    } catch (error) {
      options.onProblem(error instanceof Error ? error.message : String(error));
    }
  };

  // A double tap is one press: for a moment after a start the button takes no tap, so
  // neither Cancel nor (a run quicker than a tap) Run again follows the start.
  button.addEventListener('click', () => {
    if (!guard.allows(performance.now())) return;
    void (active() ? cancel() : run());
  });

  // The run going now, if the slide's demo is running (started from the laptop, say).
  try {
    const going = await transport.findActive(placement.demo, placement.params);
    if (going) show(going);
  } catch {
    // The server is away for a moment: the next run-started brings the run.
  }
  render();

  return {
    offer(run) {
      if (run.demo !== placement.demo || run.edited || !matchesParams(run.params, placement.params)) return;
      show(run);
    },
    fallback(demo, key) {
      if (demo !== placement.demo || key !== selection.key || fallbackShown) return;
      void transport.recorded(placement.demo, selection).then(
        (recording) => {
          if (recording && !active()) show(recording, true);
        },
        () => undefined, // no recording to show: the card keeps the live run's state
      );
    },
    refresh: render,
    destroy() {
      destroyed = true;
      unwatch?.();
      widget.destroy();
      el.replaceChildren();
    },
  };
}
