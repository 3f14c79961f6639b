/**
 * The run panel: the frame around every demo widget. It owns everything about a run that
 * is not drawing: which run to show (a late joiner follows the run already going; nobody
 * but a click ever starts one), the Run / Cancel / Run again / Replay buttons, the one
 * state line ("● live · running: …", "recorded on <machine>, <date>", "not recorded"),
 * and reconnect notices. The widget inside (through the
 * widget shell) only gets `reset` and `onEvent` (widget-contract.ts).
 *
 * Which run or recording a slide shows is its RunSelector (recording-key.ts): the key
 * params of the slide's `@demo` line with the demo's defaults filled in. A widget's own
 * buttons (a variant) change the selection: live, they start that run; in the static
 * deck, they replay that variant's recording, or say "not recorded".
 *
 * The stage fallback (fallback-offer.ts): when the live run shown fails, times out or is
 * cancelled, or the demo server is gone, the panel offers the selection's recording —
 * "Show recording (Y)", the key or a click — and shows it with the recorded badge; the
 * deck's other windows (the speaker-notes previews) show it too (fallback-sync.ts). The
 * recording is loaded when the panel mounts, so it is there when the server is not.
 */
import type { DemoManifest } from '../define-demo.ts';
import type { DemoInfo, RunEvent, RunParams, RunSummary } from '../protocol.ts';
import { selectorFor, type RunSelector } from '../recording-key.ts';
import type { DemoWidget, RunSource, WidgetHost } from './widget-contract.ts';
import { matchesParams, type RunOrigin, type Transport, type Unsubscribe } from './transport.ts';
import { recordedDemoOf } from './transport-replay.ts';
import { describeRunStatus, initialRunStatus, reduceRunStatus, type RunStatus } from './run-status.ts';
import { formatDate } from './format.ts';
import { createCancelGuard } from './cancel-guard.ts';
import { machineSpeedLine } from '../stats/machine-speed.ts';
import type { MachineSpeedSummary } from '../protocol.ts';
import { fallbackKey, fallbackReason } from './fallback-offer.ts';
import type { ConnectionState } from './transport.ts';
import type { FallbackSync } from './fallback-sync.ts';

// RunOrigin (transport.ts, DOM-free) must stay the same shape as the widgets' RunSource.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const originIsSource: Same<RunOrigin, RunSource> = true;
void originIsSource;

/** RunPanelOptions say what to mount where. */
export interface RunPanelOptions {
  /** The slide's `.demo` element; the panel replaces its children. */
  el: HTMLElement;
  demo: string;
  /** Params from the slide's `@demo` line. */
  params: RunParams;
  transport: Transport;
  /** Creates the demo's widget (or the generic log widget) inside `host.el`. */
  createWidget(host: WidgetHost): Promise<DemoWidget>;
  /** Never offer to start or cancel (speaker-notes previews, print view). */
  readOnly?: boolean;
  /** Print view: no polling, no buttons, replay at once. */
  print?: boolean;
  /** Heading; defaults to the manifest's title, the server's, or the demo id. */
  title?: string;
  /** The demo's manifest (loaded lazily by the plugin): title, schemas, recording keys. */
  manifest?: DemoManifest;
  /** How often an idle panel looks for a run someone else started (ms). */
  pollMs?: number;
  /** The deck's windows' fallback channel: told when this panel shows its recording instead, and telling it when another window did. */
  fallbackSync?: FallbackSync;
}

/** RunPanel is a mounted panel. */
export interface RunPanel {
  /** The run on screen, if any. */
  readonly current: RunSummary | null;
  /**
   * offer hands the panel a run that just started somewhere (the stage stream's
   * `run-started`): it shows it at once if it is this panel's demo and selection and
   * nothing is going on screen, instead of finding it at its next poll.
   */
  offer(run: RunSummary): void;
  destroy(): void;
}

/** mountRunPanel builds the frame, mounts the widget and shows the run to follow. */
export async function mountRunPanel(options: RunPanelOptions): Promise<RunPanel> {
  const { el, demo, transport } = options;
  const pollMs = options.pollMs ?? 2000;
  const mayControl = transport.canControl && !options.readOnly && !options.print;

  el.replaceChildren();
  el.classList.add('demo-mounted');
  const panel = div('demo-panel');
  const header = div('demo-header');
  const title = span('demo-title', options.title ?? options.manifest?.title ?? demo);
  const actions = span('demo-actions');
  const runButton = button('demo-run', 'Run');
  const cancelButton = button('demo-cancel', 'Cancel');
  const replayButton = button('demo-replay', 'Replay');
  const fallbackButton = button('demo-fallback', `Show recording (${fallbackKey.key})`);
  // Run stays rightmost (the header never wraps on the stage, demo-panel.css): Cancel
  // appears to its left, so a double click on Run does not land on it; and should a second
  // click land on Cancel anyway (a narrow screen, a clicker's bounce), Cancel takes no
  // click for a moment after a start (cancel-guard.ts).
  actions.append(fallbackButton, cancelButton, replayButton, runButton);
  // Hidden from the start, not from the first render: the widget loads in between, and an
  // audience page must never show a Run it may not press, not even for that moment.
  runButton.hidden = !mayControl;
  cancelButton.hidden = replayButton.hidden = fallbackButton.hidden = true;
  header.append(title);
  // One line says where what is shown comes from and what is happening: never both
  // "live" and "recorded", never "running" when nothing runs.
  const statusEl = div('demo-status');
  statusEl.setAttribute('role', 'status');
  statusEl.setAttribute('aria-live', 'polite');
  const connectionEl = span('demo-connection');
  const errorEl = div('demo-error');
  errorEl.hidden = true;
  const widgetEl = div('demo-widget');
  header.append(statusEl, actions);
  panel.append(header, errorEl, widgetEl);
  el.append(panel);
  /** What this panel shows: the slide's params, or the variant a widget's button chose. */
  let selection: RunSelector = selectorOf(options.params);
  let source: RunSource = { kind: 'none', why: 'not-run' };
  /** Until the first answer about runs and recordings, the state line says nothing rather than guess. */
  let known = false;

  let current: RunSummary | null = null;
  let status: RunStatus = initialRunStatus();
  let unwatch: Unsubscribe | null = null;
  let starting = false;
  let cancelling = false;
  let destroyed = false;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let shownLiveRun = false;
  /** The shown run's stream gave up (run gone from a restarted server): it is not "active" any more. */
  let lost = false;
  /** Toolchains this demo needs that the server did not find: Run could only fail. */
  let missing: string[] = [];
  const cancelGuard = createCancelGuard();
  let guardTimer: ReturnType<typeof setTimeout> | undefined;
  /** The shown run's stream: open, reconnecting (server gone?) or lost. */
  let connection: ConnectionState | null = null;
  /** Why the last Run could not start (no answer from the server). */
  let startError: string | null = null;
  /** The selection's recording, loaded at mount so that the fallback still has it when the server is gone. */
  let recording: RunSummary | null = null;
  /** Whether what is shown is the recording the fallback put in place of a live run. */
  let fallbackShown = false;
  const mayFallBack = !options.readOnly && !options.print && transport.kind === 'live';

  function selectorOf(params: RunParams): RunSelector {
    const manifest = options.manifest;
    return (manifest && selectorFor(manifest, params)) ?? { match: params, key: demo };
  }

  /** runParams are what a Run sends: the selection's key params (display-only params only change the drawing). */
  function runParams(extra: RunParams = {}): RunParams {
    return { ...selection.match, ...extra };
  }

  const host: WidgetHost = {
    el: widgetEl,
    demo,
    get params() {
      return { ...options.params };
    },
    canRun: mayControl,
    watchOnly: transport.kind === 'live' && !mayControl,
    requestRun(params, files) {
      void requestRun(params, files);
    },
  };

  let widget: DemoWidget;
  try {
    widget = await options.createWidget(host);
  } catch (err) {
    showError(`The widget for "${demo}" failed to load: ${messageOf(err)}`);
    widget = { reset() {}, onEvent() {}, destroy() {} };
  }

  function isActive(): boolean {
    return current !== null && recordedDemoOf(current.runId) === null && status.stage !== 'ended' && !lost;
  }

  function render(): void {
    if (destroyed) return;
    const active = isActive();
    const recorded = current !== null && recordedDemoOf(current.runId) !== null;
    runButton.hidden = !mayControl;
    runButton.disabled = starting || active || missing.length > 0;
    runButton.title = missing.length > 0 ? `This machine lacks: ${missing.join(', ')}` : '';
    runButton.textContent = starting ? 'Starting…' : shownLiveRun ? 'Run again' : 'Run';
    cancelButton.hidden = !(mayControl && active);
    cancelButton.disabled = cancelling || !cancelGuard.allows(performance.now());
    if (active && !cancelGuard.allows(performance.now())) renderWhenGuardEnds();
    replayButton.hidden = !(transport.kind === 'replay' && !options.print && recorded && status.stage === 'ended');
    const reason = mayFallBack ? offerReason() : null;
    fallbackButton.hidden = reason === null;
    fallbackButton.title = reason === null ? '' : `${capitalized(reason)}: show the result recorded on ${recordingMachine()} instead (key ${fallbackKey.key})`;
    statusEl.replaceChildren(...stateLine(), connectionEl);
    panel.dataset.stage = status.stage;
    panel.dataset.source = source.kind === 'none' ? source.why : source.kind;
    if (status.outcome) panel.dataset.outcome = status.outcome;
    else delete panel.dataset.outcome;
    if (fallbackShown) panel.dataset.fallback = 'shown';
    else if (reason !== null) panel.dataset.fallback = 'offered';
    else delete panel.dataset.fallback;
    // Which run is on screen: the deck, the speaker view and a phone remote show the same one.
    if (current) panel.dataset.runId = current.runId;
    else delete panel.dataset.runId;
  }

  /** offerReason is why the recording is offered in place of what is shown, or null. */
  function offerReason(): string | null {
    const live = current !== null && recordedDemoOf(current.runId) === null;
    return fallbackReason({ live, ended: status.stage === 'ended', outcome: status.outcome, connection, startError, hasRecording: recording !== null });
  }

  function recordingMachine(): string {
    const origin = recording ? transport.sourceOf(recording) : null;
    return origin?.kind === 'recorded' ? origin.machine.cpuModel : 'another day';
  }

  /** loadRecording fetches the selection's recording now, while the server is there, for the fallback. */
  function loadRecording(): void {
    if (transport.kind !== 'live' || options.print) return;
    const key = selection.key;
    void transport.recorded(demo, selection).then(
      (found) => {
        if (destroyed || selection.key !== key) return;
        recording = found;
        render();
      },
      () => undefined,
    );
  }

  /** showRecording puts the selection's recording in place of the live run (the fallback), here and in the deck's other windows. */
  function showRecording(announce: boolean): void {
    if (!recording || destroyed) return;
    hideError();
    show(recording, true);
    if (announce) options.fallbackSync?.announce(demo, selection.key);
  }

  /** stateLine is the one line about what is shown: its origin (a badge), then what happens. */
  function stateLine(): Node[] {
    if (!known) return [];
    if (source.kind === 'recorded') {
      const m = source.machine;
      // "recorded on <machine>, <date>": the rest of the machine is one hover away.
      const badge = span('demo-badge demo-badge-recorded', `recorded on ${m.cpuModel}, ${formatDate(source.recordedAt)}${speedNote(source.machineSpeed)}`);
      badge.title = `${m.cpuCount} CPUs, ${m.arch}, ${shortOs(m.os)}, kernel ${m.kernel}${source.machineSpeed ? `; ${machineSpeedLine(source.machineSpeed)}` : ''}`;
      if (source.machineSpeed) badge.dataset.machineFlagged = String(source.machineSpeed.flagged);
      // A replay must never read as a run happening now; once it has ended the badge says
      // it all (a failed or cancelled recording says so).
      const doing = status.stage !== 'ended' ? ' replaying' : status.outcome === 'ok' ? '' : ` ${describeRunStatus(status)}`;
      // In place of a live run that failed: said, so nobody takes it for this machine's.
      const instead = fallbackShown ? span('demo-fallback-note', ' instead of the live run') : document.createTextNode('');
      return [badge, instead, document.createTextNode(doing)];
    }
    if (source.kind === 'live') {
      return [span('demo-badge demo-badge-live', 'live'), document.createTextNode(` ${describeRunStatus(status)}`)];
    }
    if (source.why === 'not-recorded') {
      return [span('demo-badge demo-badge-none', 'not recorded'), document.createTextNode(' no recording of these params')];
    }
    const waiting = mayControl ? 'no run yet: press Run to measure on this machine' : 'no run yet: waiting for the speaker';
    return [span('demo-badge demo-badge-live', 'live'), document.createTextNode(` ${waiting}`)];
  }

  function show(run: RunSummary | null, asFallback = false): void {
    if (destroyed) return;
    unwatch?.();
    unwatch = null;
    current = run;
    known = true;
    lost = false;
    fallbackShown = asFallback;
    connection = null;
    if (run !== null) startError = null;
    status = initialRunStatus();
    connectionEl.textContent = '';
    source = run ? transport.sourceOf(run) : { kind: 'none', why: transport.kind === 'replay' ? 'not-recorded' : 'not-run' };
    if (run && recordedDemoOf(run.runId) === null) shownLiveRun = true;
    safely(() => widget.reset(source, run?.params ?? host.params));
    render();
    if (run === null) return;
    const runId = run.runId;
    unwatch = transport.watch(runId, 0, (event) => onEvent(runId, event), {
      onConnection(state, message) {
        if (destroyed || current?.runId !== runId) return;
        connection = state;
        connectionEl.textContent = state === 'open' ? '' : ` (${message ?? state})`;
        if (state === 'lost') {
          lost = true;
          if (message) showError(message);
          render();
          schedulePoll(pollMs);
        }
      },
    });
  }

  function onEvent(runId: string, event: RunEvent): void {
    if (destroyed || current?.runId !== runId) return;
    status = reduceRunStatus(status, event);
    safely(() => widget.onEvent(event));
    render();
    if (event.type === 'end') schedulePoll(pollMs);
  }

  async function requestRun(params?: RunParams, files?: Record<string, string>): Promise<void> {
    if (params) {
      const key = selection.key;
      selection = selectorOf({ ...options.params, ...params });
      if (selection.key !== key) {
        recording = null;
        loadRecording();
      }
    }
    if (transport.kind === 'replay' && !options.print) {
      // The static deck answers a widget's variant button with that variant's recording.
      hideError();
      show(files ? null : await transport.latest(demo, selection).catch(() => null));
      return;
    }
    if (!mayControl) {
      showError(
        transport.kind === 'live'
          ? 'This window may only watch: start runs from the speaker’s window (or open the speaker URL the server printed, …/#token=…).'
          : 'No demo server: this deck only replays recordings.',
      );
      return;
    }
    // A widget's own Run button must meet the same check as the panel's.
    if (missing.length > 0) {
      showError(`Cannot run here: this machine lacks ${missing.join(', ')} (see npm run doctor).`);
      return;
    }
    // One click, one run: a second click while the first start is in flight (or while
    // the run it made is going) is ignored here; the server also dedups by requestId.
    if (starting || isActive()) return;
    starting = true;
    startError = null;
    cancelGuard.started(performance.now());
    hideError();
    render();
    try {
      const run = await transport.start(demo, runParams(params), files);
      starting = false;
      if (current?.runId !== run.runId) show(run);
    } catch (err) {
      startError = messageOf(err);
      showError(`Could not start the run: ${startError}`);
    } finally {
      starting = false;
      render();
    }
  }

  async function cancel(): Promise<void> {
    // The second click of the double click that started the run is not a cancel.
    if (!current || !isActive() || cancelling || !cancelGuard.allows(performance.now())) return;
    cancelling = true;
    render();
    try {
      await transport.cancel(current.runId);
    } catch (err) {
      showError(`Could not cancel: ${messageOf(err)}`);
    } finally {
      cancelling = false;
      render();
    }
  }

  /** renderWhenGuardEnds makes Cancel clickable once the cancel guard has passed. */
  function renderWhenGuardEnds(): void {
    if (guardTimer !== undefined || destroyed) return;
    guardTimer = setTimeout(() => {
      guardTimer = undefined;
      render();
    }, cancelGuard.remainingMs(performance.now()) + 1);
  }

  /**
   * poll looks for a newer run of this demo while nothing is going on screen: a viewer,
   * the speaker-notes window or a second tab then follows a run started elsewhere.
   */
  function schedulePoll(delayMs: number): void {
    if (destroyed || transport.kind !== 'live' || options.print) return;
    if (pollTimer !== undefined) clearTimeout(pollTimer);
    pollTimer = setTimeout(() => void poll(), delayMs);
  }

  async function poll(): Promise<void> {
    pollTimer = undefined;
    if (destroyed) return;
    const hidden = typeof document !== 'undefined' && document.visibilityState === 'hidden';
    if (!hidden && !isActive() && !starting) {
      try {
        // A recording shown in place of a failed run stays until a new run starts.
        const run = fallbackShown ? await transport.findActive(demo, selection.match) : await findRunToFollow();
        if (run && run.runId !== current?.runId && recordedDemoOf(run.runId) === null && !isActive() && !starting) {
          show(run);
        }
      } catch {
        // The server may be restarting; the next poll tries again.
      }
    }
    schedulePoll(pollMs);
  }

  /** findRunToFollow is the run of this panel's selection going on now, else the newest, else its recording. */
  async function findRunToFollow(): Promise<RunSummary | null> {
    return (await transport.findActive(demo, selection.match)) ?? (await transport.latest(demo, selection));
  }

  /** showDemoInfo takes the title and the missing toolchains from the server's demo list (live only). */
  async function showDemoInfo(): Promise<void> {
    if (transport.kind !== 'live' || options.print) return;
    let info: DemoInfo | undefined;
    try {
      info = (await transport.demos()).find((d) => d.id === demo);
    } catch {
      return;
    }
    if (!info || destroyed) return;
    if (!options.title && !options.manifest) title.textContent = info.title;
    missing = info.missing;
    if (missing.length > 0 && mayControl) {
      showError(`Cannot run here: this machine lacks ${missing.join(', ')} (see npm run doctor).`);
    }
    render();
  }

  function showError(message: string): void {
    errorEl.textContent = message;
    errorEl.hidden = false;
  }

  function hideError(): void {
    errorEl.hidden = true;
    errorEl.textContent = '';
  }

  runButton.addEventListener('click', () => {
    runButton.blur(); // keys go back to Reveal, so Space does not click Run again
    if (widget.run) safely(() => widget.run?.());
    else void requestRun();
  });
  cancelButton.addEventListener('click', () => {
    cancelButton.blur();
    void cancel();
  });
  replayButton.addEventListener('click', () => {
    replayButton.blur();
    if (current) show(current);
  });
  fallbackButton.addEventListener('click', () => {
    fallbackButton.blur();
    showRecording(true);
  });
  // Another window of the deck (the speaker's) showed this selection's recording instead.
  const stopListening = options.fallbackSync?.listen((shownDemo, key) => {
    if (shownDemo !== demo || key !== selection.key || fallbackShown) return;
    // A run going well here is not replaced; one whose server is gone is.
    if (!isActive() || (connection !== null && connection !== 'open')) showRecording(false);
  });

  render();
  void showDemoInfo();
  loadRecording();
  // On mount: follow what is going on, else show the newest run or the recording.
  // Never start a run here: only a click does.
  // A click on Run while this first lookup is on its way wins: the lookup's answer is older
  // than the run the click started, and must not replace it on screen.
  const startsBeforeMount = (): boolean => starting || current !== null;
  try {
    const run = await findRunToFollow();
    if (!startsBeforeMount()) show(run);
  } catch (err) {
    if (!startsBeforeMount()) {
      showError(`Could not ask the demo server for runs: ${messageOf(err)}`);
      show(null);
    }
  }
  if (!isActive()) schedulePoll(pollMs);

  return {
    get current() {
      return current;
    },
    offer(run) {
      if (destroyed || transport.kind !== 'live' || options.print || run.edited) return;
      if (run.demo !== demo || !matchesParams(run.params, selection.match)) return;
      if (run.runId === current?.runId || isActive() || starting) return;
      show(run);
    },
    destroy() {
      destroyed = true;
      stopListening?.();
      unwatch?.();
      if (pollTimer !== undefined) clearTimeout(pollTimer);
      if (guardTimer !== undefined) clearTimeout(guardTimer);
      safely(() => widget.destroy());
      el.replaceChildren();
      el.classList.remove('demo-mounted');
    },
  };
}

/**
 * speedNote is what the recorded badge adds about the recording's machine-speed check (a
 * timing demo's): its effective clock when the machine was quiet, the flag when not.
 */
function speedNote(m: MachineSpeedSummary | undefined): string {
  if (!m) return '';
  // Short: the header is one row on the stage; the whole sentence is the badge's tooltip
  // and the demo's own sentinel line.
  if (m.flagged) return ` · ⚠ ${m.inflatedPct !== null && m.inflatedPct >= 1 ? `machine slowed down ≈ +${Math.max(1, Math.round(m.inflatedPct))} %` : (m.reasons[0] ?? 'machine busy')}`;
  return m.rateGHz === null ? '' : ` · machine checked: ${m.rateGHz.toFixed(2)} GHz, quiet`;
}

/** shortOs keeps an OS name short: "Debian GNU/Linux 12 (bookworm)" → "Debian 12". */
export function shortOs(os: string): string {
  return os.replace(/\s*GNU\/Linux\b/, '').replace(/\s*\([^)]*\)\s*$/, '').trim() || os;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    // A widget bug must not take the panel (and the live stream) down with it.
    console.warn('demo widget failed:', err);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function div(className: string): HTMLDivElement {
  const el = document.createElement('div');
  el.className = className;
  return el;
}

function span(className: string, text?: string): HTMLSpanElement {
  const el = document.createElement('span');
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function button(className: string, text: string): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = `demo-button ${className}`;
  el.textContent = text;
  return el;
}
