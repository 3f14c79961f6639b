/**
 * defineWidget: how a demo's widget is written (`demos/<id>/widget.ts`, default export).
 *
 * A widget only draws. The shell around it (widget-shell.ts) owns what every demo panel
 * has in common, so no widget repeats it:
 *
 *   waiting       no run yet, or "not recorded" (a slide whose params have no recording)
 *   live/recorded a run's events arrive (live or replayed: the widget cannot tell)
 *   result        parsed with the manifest's result schema before the widget sees it; a
 *                 result that does not pass shows "recording out of date" (replay) or
 *                 "result does not match the demo" (live), never a half-drawn widget
 *   error         every `error` event as a problem box (a widget may take one over, e.g.
 *                 compiler diagnostics into its editor)
 *   reader view   long output shown in a few lines in place, whole in a reader overlay
 *                 (key R, or a click), printed whole on a page of its own
 *   destroy       the DOM emptied, charts and timers freed by the widget's own destroy
 *
 * The stage layout: a widget writes its one answer into `stage.headline` (≥ 28 px at the
 * 1280×720 slide, the figure a test can compare with the recording) and its details
 * (tables, charts, logs, ≥ 18 px) into `stage.el`, which has the panel's remaining
 * height; nothing in it may scroll or be cut (long text goes to a reader block). A
 * narrow screen (the phone's scroll view) stacks the widget's columns: use the
 * `stage-columns` class for side-by-side parts and they stack by themselves.
 *
 * Params and result are typed from the manifest (`z.infer`): `stage.slideParams` and
 * `reset({ params })` are the manifest's params type, `onResult` gets its result type.
 */
import type { DemoManifest, DemoParams, DemoResult } from '../define-demo.ts';
import type { ErrorEvent, RunEvent } from '../protocol.ts';
import type { RunSource } from './widget-contract.ts';

/** HeadlineParts are the words around a headline's figure: `before figure after`. */
export interface HeadlineParts {
  /** The answer itself (e.g. "11.0×", "101 threads vs 5"): what tests compare with the recording. */
  figure: string;
  before?: string;
  after?: string;
  /** A smaller line under the headline (still ≥ 18 px): what the figure is, where it comes from. */
  detail?: string;
  /** Colours the figure: "good", "bad" (an expected failure shown as the answer), or neutral. */
  tone?: 'good' | 'bad' | 'neutral';
}

/** Headline is the stage's one big answer. */
export interface Headline {
  /** The headline's element, for a widget that draws its answer itself (mark the figure with `data-headline-figure`). */
  readonly el: HTMLElement;
  /** show writes `before figure after` (figure emphasised) and the detail line. */
  show(parts: HeadlineParts): void;
  /** pending shows a muted placeholder while the answer is not known yet (space stays reserved). */
  pending(text: string): void;
}

/** ReaderContent is a long text for the reader view: the whole of it, and which lines to show first. */
export interface ReaderContent {
  /** The reader's title, e.g. "go build -x -work: every command". */
  title: string;
  lines: string[];
  /** How many lines the in-place preview shows (default 6). */
  visible?: number;
  /** First line (0-based) of the preview, e.g. the lines the notes talk about. */
  startAt?: number;
  /** Lines (0-based) to mark, in the preview and the reader. */
  marked?: number[];
  /** A class per line (e.g. its build step), for colour. */
  lineClass?: (line: string, index: number) => string | undefined;
}

/** ReaderBlock shows a few lines of a long text in place; the whole text opens in the reader view. */
export interface ReaderBlock {
  readonly el: HTMLElement;
  set(content: ReaderContent): void;
  clear(): void;
}

/** Stage is what the shell gives a widget. */
export interface Stage<P> {
  /** The details area (below the headline): the panel's remaining height, nothing in it scrolls. */
  readonly el: HTMLElement;
  readonly headline: Headline;
  /** The slide's params, with the demo's defaults filled in. */
  readonly slideParams: P;
  /** Whether this client may start runs (a live server, and control). */
  readonly canRun: boolean;
  /** Whether this page only watches a live server (the audience): no Run, no variant buttons that run, no editing. */
  readonly watchOnly: boolean;
  /** Print view: draw everything at once, no buttons. */
  readonly print: boolean;
  /** Ask the panel for a run (live), or for the recording of these params (static deck). */
  requestRun(params?: Partial<P>, files?: Record<string, string>): void;
  /** A block for long text (a build log, a backtrace, program output): a preview in place, the whole in the reader view. */
  readerBlock(className?: string): ReaderBlock;
}

/** StageRun is the run a widget is about to draw. */
export interface StageRun<P> {
  /** The run's params (the slide's display-only params win over the run's). */
  params: P;
  source: RunSource;
}

/** StageWidget is a mounted widget: drawing callbacks only. */
export interface StageWidget<P, R> {
  /** A new run or replay starts (or none): clear the drawing, lay out the empty stage for these params. */
  reset(run: StageRun<P>): void;
  /** Every event but `result`, `error` and `end` (handled by the shell), in seq order, once. */
  onEvent?(event: RunEvent): void;
  /** The run's result, parsed by the manifest's result schema. */
  onResult(result: R, run: StageRun<P>): void;
  /** An error event; return true when the widget showed it itself (the shell then does not). */
  onProblem?(event: ErrorEvent): boolean;
  /** The run ended. */
  onEnd?(outcome: string): void;
  /** What the panel's Run button does, for a widget whose state the run needs (an editor's text). */
  run?(): void;
  /** Free charts, editors, timers (the shell empties the DOM). */
  destroy?(): void;
}

/** WidgetDefinition is a widget module's default export: its manifest and how to mount it. */
export interface WidgetDefinition<M extends DemoManifest = DemoManifest> {
  readonly manifest: M;
  mount(stage: Stage<DemoParams<M>>): StageWidget<DemoParams<M>, DemoResult<M>>;
}

/** defineWidget returns its argument, typed by the manifest; it exists so widgets are checked where written. */
export function defineWidget<M extends DemoManifest>(definition: WidgetDefinition<M>): WidgetDefinition<M> {
  return definition;
}

/** isWidgetDefinition tells a defineWidget export from anything else a module may export. */
export function isWidgetDefinition(value: unknown): value is WidgetDefinition {
  return typeof value === 'object' && value !== null && typeof (value as WidgetDefinition).mount === 'function' && typeof (value as WidgetDefinition).manifest === 'object';
}
