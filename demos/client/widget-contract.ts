/**
 * The contract between the deck's demo plugin and a demo's widget
 * (`demos/<id>/widget.ts`, default export `createWidget`). A widget only draws: it gets
 * events (live or replayed, it cannot tell and need not care) and renders them into its
 * element. Starting, cancelling, resuming, queue position and the "live" / "recorded on
 * <machine>, <date>" badge belong to the run panel around it (demos/client/run-panel.ts).
 */
import type { RunEvent, RunParams, MachineInfo, MachineSpeedSummary } from '../protocol.ts';

/** RunSource says where the events a widget sees come from. */
export type RunSource =
  | { kind: 'live' }
  | { kind: 'recorded'; recordedAt: string; machine: MachineInfo; machineSpeed?: MachineSpeedSummary }
  /** Nothing to show: no run yet (live), or no recording of these params (static deck). */
  | { kind: 'none'; why: 'not-run' | 'not-recorded' };

/** WidgetHost is what the run panel offers a widget. */
export interface WidgetHost {
  /** The element the widget owns; it may replace its children freely. */
  readonly el: HTMLElement;
  readonly demo: string;
  /** Params from the slide's `@demo` line. */
  readonly params: RunParams;
  /** Ask the panel to start a run with these params (e.g. a widget's own form). */
  requestRun(params?: RunParams, files?: Record<string, string>): void;
  /** Whether a live server is there and this client may start runs. */
  readonly canRun: boolean;
  /**
   * Whether this page only watches a live server (the audience, the speaker view's
   * previews): it offers no way to start, cancel or edit, not even a disabled one. (The
   * static deck is not watch-only: its variant buttons replay recordings.)
   */
  readonly watchOnly?: boolean;
}

/** DemoWidget is a mounted widget. */
export interface DemoWidget {
  /** Called before a new run's (or replay's) events arrive: clear the previous drawing. */
  reset(source: RunSource, params: RunParams): void;
  /** Called for every event, in seq order, exactly once per run. */
  onEvent(event: RunEvent): void;
  /** Called when the slide is left for good (free charts, editors, timers). */
  destroy(): void;
  /**
   * Optional: what the panel's Run button does. A widget that owns state the run needs
   * (an editor's text, a chosen variant) starts the run itself through `host.requestRun`,
   * so the panel's Run and the widget's own button always send the same thing.
   */
  run?(): void;
}

/** CreateWidget is the default export of `demos/<id>/widget.ts`. */
export type CreateWidget = (host: WidgetHost) => DemoWidget | Promise<DemoWidget>;
