/**
 * The wire protocol between the demo server and its clients (slides, speaker notes,
 * viewers, the CLI, recordings). Wire types only: this file has no runtime imports and
 * is imported with `import type` by both sides.
 *
 * A run is (demo id, validated params) → a run id → an ordered stream of events.
 * Every event carries `seq` (1, 2, 3 … without gaps, per run) and `tMs` (milliseconds
 * since the run was created). The order of one run's events is:
 *
 *   queued            exactly once, first; `position` = runs ahead of it (0 = next)
 *   queued*           again whenever its place in the queue changes
 *   status            once the run leaves the queue ("building", "running" …)
 *   progress* stdout* stderr* sample* status*   interleaved, as they happen
 *   error*            what went wrong; a non-fatal one (one runtime of many failed,
 *                     output truncated) may come several times while the run goes on;
 *                     a fatal one (compile error, crash, timeout …) comes just before end
 *   result?           at most once: the demo's summary of what it measured
 *   end               exactly once, last; nothing follows it
 *
 * Resuming: a client that saw events up to `seq = n` asks for events after `n` and gets
 * every later event, none twice (SSE `Last-Event-ID`, or `?after=n`). A recording is the
 * same event list plus the machine it ran on, so replay and live share one renderer.
 *
 * HTTP API (JSON unless said otherwise; errors are `ApiError` with a 4xx/5xx status):
 *
 *   GET  /api/health                    → HealthInfo
 *   GET  /api/demos[?deck=NAME]         → DemoInfo[] (with a deck: the demos its @demo
 *                                          lines use; an unknown deck: 404)
 *   GET  /api/toolchains                → ToolchainInfo[]
 *   POST /api/runs        StartRunRequest → 202 RunSummary (an existing run of the same
 *                                          demo and params that is queued or running, or
 *                                          with the same requestId, is returned instead
 *                                          of starting a second one: 200)
 *   GET  /api/runs?demo=ID              → RunSummary[] newest first (late joiners find the
 *                                          run to follow here)
 *   GET  /api/runs/:runId               → RunSummary
 *   GET  /api/runs/:runId/events        → text/event-stream; each message has
 *                                          `id: <seq>` and `data: <RunEvent JSON>`;
 *                                          the stream closes after `end`
 *   POST /api/runs/:runId/cancel        → RunSummary
 *   GET  /api/recordings/:demoId        → Recording (newest)
 *
 * The stage (the audience follows the speaker): one stream per deck besides each run's own.
 * Each deck has its own stage (position, driver seat, talk clock): a deck at `/<deck>/`
 * asks `/<deck>/api/stage…` and gets its own; runs are the server's, announced on every
 * deck's stream.
 *
 *   GET  /api/stage                     → StageInfo (public or not, the join URL, where the
 *                                          driver is, how many streams are open)
 *   GET  /api/stage/join.svg            → the join URL as a QR code (image/svg+xml)
 *   GET  /api/stage/events              → text/event-stream of StageEvent: `id: <seq>` and
 *                                          `data: <StageEvent JSON>`, resumed as a run's
 *                                          stream is (`Last-Event-ID` or `?after=n`: every
 *                                          later event, none twice); a new stream (no
 *                                          `after`, or 0) starts at the driver's current
 *                                          `position`; 503 once the server's cap on open
 *                                          stage streams is reached
 *   POST /api/stage/position  DriveRequest → DriveAnswer (the driver moves; needs the token)
 *   POST /api/stage/fallback  StageFallback → {seq} (the speaker's deck shows a recording in
 *                                          place of a failed live run; the audience's
 *                                          panels show it too; needs the token)
 *   POST /api/stage/step      StepRequest → StepAnswer (Next / Previous from a phone remote:
 *                                          the speaker's deck takes the step; speaker or
 *                                          the driving remote)
 *
 * The phone remote (its own token, made by the speaker, revocable; see README):
 *
 *   POST /api/remote/tokens   {label?}    → IssuedRemote (the speaker makes a remote: its
 *                                          token, the URL to open on the phone, a QR code)
 *   GET  /api/remote/tokens               → RemoteInfo[] (the speaker's list; no tokens)
 *   POST /api/remote/tokens/:id/revoke    → RemoteInfo (the speaker; the token stops working)
 *   GET  /api/remote/me                   → RemoteSelf (a remote: who it is, the seat, the clock)
 *   POST /api/remote/handoff  {action}    → DriverSeat (a remote asks to drive, or withdraws)
 *   POST /api/remote/handoff/answer {remote, accept} → DriverSeat (the driver: the speaker or
 *                                          the driving remote, accepts or refuses)
 *   A remote's token also starts and cancels runs (POST /api/runs, …/cancel), but only of
 *   a demo on the current slide, with that slide's params, never edited code (403).
 *
 * Stage events (seq 1, 2, 3 … per server start, without gaps):
 *
 *   position          the driver (the speaker's deck; later a phone remote) is at
 *                     `position` now: followers go there
 *   run-started       a run was started, by anyone: followers watch it on its own,
 *                     unchanged stream (`/api/runs/:runId/events`)
 *   step              a remote's Next / Previous, for the speaker's deck to take if it is
 *                     still at `from` (it then publishes its new `position`); followers
 *                     ignore it
 *   driver            who drives with the speaker's laptop (a remote, or none yet) and who
 *                     asks to take over
 *
 * Control (start, cancel, edited code) and driving the stage need `Authorization: Bearer
 * <token>`, the token in the speaker URL the server prints at start-up (`…/#token=…`), on
 * every server, loopback included; watching needs none.
 */

/** DemoId names a registered demo, e.g. "ffi-overhead". */
export type DemoId = string;

/** RunId names one run; unique for the server's lifetime. */
export type RunId = string;

/** JsonValue is anything JSON can carry. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** RunParams are a demo's parameters, validated by the demo's schema on the server. */
export type RunParams = Record<string, JsonValue>;

/** RunPhase says what a running demo is doing now. */
export type RunPhase = 'queued' | 'detecting' | 'building' | 'running' | 'finishing';

/** RunOutcome says how a run ended. */
export type RunOutcome = 'ok' | 'error' | 'cancelled' | 'timeout';

/** ErrorCode classifies an `error` event or an `ApiError`. */
export type ErrorCode =
  | 'bad-request'
  | 'unknown-demo'
  | 'bad-params'
  | 'unauthorized'
  | 'not-found'
  | 'too-large'
  | 'toolchain-missing'
  | 'build-failed'
  | 'program-crashed'
  | 'timeout'
  | 'output-truncated'
  | 'cancelled'
  | 'limit-exceeded'
  | 'sandbox-unavailable'
  /** The server is at a limit (e.g. its cap on open stage streams): HTTP 503, try later. */
  | 'busy'
  | 'internal';

/** QueuedEvent says the run waits; `position` runs are ahead of it. */
export interface QueuedEvent { type: 'queued'; position: number }
/** StatusEvent marks a phase change, with a human sentence. */
export interface StatusEvent { type: 'status'; phase: RunPhase; message: string }
/**
 * ProgressEvent reports a step inside a phase. `step` groups lines (e.g. "cgo",
 * "gcc", "compile", "link" for a Go build); `fraction` in 0..1 when known.
 */
export interface ProgressEvent { type: 'progress'; message: string; step?: string; fraction?: number; source?: string }
/** OutputEvent is a chunk of a child process's output; `source` names the program (e.g. "go"). */
export interface OutputEvent { type: 'stdout' | 'stderr'; text: string; source?: string }
/**
 * SampleEvent is one measurement. `key` says what was measured (e.g. a runtime id
 * "c-so"); `values` carry units in their names (`iterations`, `durationNs`, `threads`,
 * `elapsedMs`, `rssBytes` …).
 */
export interface SampleEvent { type: 'sample'; key: string; values: Record<string, number>; label?: string }
/** ResultEvent is the demo's summary of the run: its own JSON shape, documented by the demo. */
export interface ResultEvent { type: 'result'; data: { [key: string]: JsonValue } }
/**
 * ErrorEvent says what went wrong. `source` names the runtime or program at fault;
 * `detail` carries e.g. the compiler's message or the program's stderr tail.
 * `diagnostics` point into edited source files (for editor markers).
 */
export interface ErrorEvent {
  type: 'error';
  code: ErrorCode;
  message: string;
  source?: string;
  detail?: string;
  diagnostics?: Diagnostic[];
}
/** EndEvent closes the stream. */
export interface EndEvent { type: 'end'; outcome: RunOutcome; durationMs: number }

/** RunEventBody is an event before the server stamps it. */
export type RunEventBody =
  | QueuedEvent
  | StatusEvent
  | ProgressEvent
  | OutputEvent
  | SampleEvent
  | ResultEvent
  | ErrorEvent
  | EndEvent;

/** RunEvent is an event as sent on the wire: body plus sequence number and time. */
export type RunEvent = RunEventBody & { seq: number; tMs: number };

/** Diagnostic is a compiler message attached to a line of an edited file. */
export interface Diagnostic {
  file: string;
  line: number;
  column?: number;
  severity: 'error' | 'warning';
  message: string;
}

/** StartRunRequest asks for a run. `requestId` (client-made, unique) makes retries safe. */
export interface StartRunRequest {
  demo: DemoId;
  params?: RunParams;
  /** Edited source files, for editable demos only: file name → content. */
  files?: Record<string, string>;
  requestId?: string;
}

/** RunState is where a run is in its life. */
export type RunState = 'queued' | 'running' | 'done';

/** RunSummary describes a run without its events. */
export interface RunSummary {
  runId: RunId;
  demo: DemoId;
  params: RunParams;
  state: RunState;
  outcome?: RunOutcome;
  createdAt: string;
  /** Sequence number of the newest event so far. */
  lastSeq: number;
  /**
   * The run built edited source files (`StartRunRequest.files`): its output belongs beside
   * that code only, so other viewers (a reloaded tab, a phone) do not follow it.
   */
  edited?: true;
}

/** ParamSpec describes one parameter for forms and CLIs (derived from the demo's schema). */
export interface ParamSpec {
  name: string;
  kind: 'integer' | 'number' | 'boolean' | 'string' | 'enum' | 'list';
  description?: string;
  default?: JsonValue;
  min?: number;
  max?: number;
  choices?: string[];
}

/** DemoInfo describes a registered demo and whether this machine can run it. */
export interface DemoInfo {
  id: DemoId;
  title: string;
  /** The decks whose `@demo` lines use it (a manifest says nothing about slides). */
  decks: string[];
  params: ParamSpec[];
  editable: boolean;
  /** Toolchain ids the demo needs; `missing` lists those not found here. */
  requires: string[];
  missing: string[];
}

/** ToolchainInfo is one detected (or missing) toolchain. */
export interface ToolchainInfo {
  id: string;
  name: string;
  found: boolean;
  version?: string;
  path?: string;
  installHint?: string;
}

/** MachineInfo says where a run happened; stored with every recording. */
export interface MachineInfo {
  cpuModel: string;
  cpuCount: number;
  os: string;
  kernel: string;
  arch: string;
  memoryBytes: number;
  toolchains: Record<string, string>;
}

/**
 * MachineSpeedSummary is a timing run's machine-speed check (demos/stats/machine-speed.ts):
 * how fast the machine really ran while it measured. A demo that times things puts it in
 * its result as `machineSpeed`; the recorder copies it into the recording, refuses to
 * replace a good recording with a run it flags, and the static deck shows it beside
 * "recorded on …". Figures that could not be measured are null.
 */
export type MachineSpeedSummary = {
  /** Effective clock rate while measuring (the sentinel's adds per ns), GHz. */
  rateGHz: number | null;
  /** The best rate seen on this machine: in this run or its recent quiet runs, GHz. */
  bestRateGHz: number | null;
  /** How far the rate fell below the best, %. */
  slowdownPct: number | null;
  /** Share of the measured wall time the programs had the CPU, %. */
  cpuSharePct: number | null;
  /** Share of CPU time the hypervisor stole (/proc/stat), %. */
  stealPct: number | null;
  /** The largest estimated inflation of a flagged figure of the run, % (null: none flagged). */
  inflatedPct: number | null;
  /**
   * The clock the run's figures are timed by: `wall` (a slower clock and waiting for a core
   * inflate them) or `cpu` (the calling thread's CPU time: only a slower clock does), which
   * says what `inflatedPct` counts. Absent in recordings made before it: `wall`.
   */
  clock?: 'wall' | 'cpu';
  /** The highest 1-minute load average seen during the run, and the CPU count. */
  loadAvg: number | null;
  cpuCount: number | null;
  /** Whether some figure of the run is flagged "machine slowed down". */
  flagged: boolean;
  /** Why, one short phrase each (empty when not flagged). */
  reasons: string[];
};

/** HealthInfo answers /api/health; `live` tells a client it may start runs. */
export interface HealthInfo {
  live: true;
  version: string;
  /** What this client is: a `watcher` follows runs; the `speaker` (who sent the token) also controls them. */
  role?: 'watcher' | 'speaker' | 'remote';
  /**
   * Whether this client may start and cancel any run (it sent the speaker token). A
   * `remote` may not: only the current slide's demo, through its own page.
   */
  control: boolean;
  machine: MachineInfo;
}

/** Recording is a finished run as stored on disk and served to the static build. */
export interface Recording {
  format: 1;
  demo: DemoId;
  params: RunParams;
  recordedAt: string;
  machine: MachineInfo;
  /** The run's machine-speed check; a recording without one is unverified. */
  machineSpeed?: MachineSpeedSummary;
  outcome: RunOutcome;
  events: RunEvent[];
}

/**
 * SlidePosition is a place in a deck in Reveal's indices: `h` the horizontal slide,
 * `v` its vertical sub-slide (0 = the top one), `f` the last fragment shown (-1: none).
 * `deck` is the deck's page on the server (`/` for the flagship, `/lightning/` …): one
 * server serves several decks, each with its own stage; the server fills it in, and
 * refuses a position of another deck sent to a deck's stage.
 */
export interface SlidePosition {
  h: number;
  v: number;
  f: number;
  deck?: string;
}

/** StagePositionEvent says where the driver is now. */
export interface StagePositionEvent { type: 'position'; position: SlidePosition }
/** StageRunStartedEvent announces a new run; an `edited` run belongs beside its code and is not followed. */
export interface StageRunStartedEvent { type: 'run-started'; run: RunSummary }

/** StageStepEvent is a remote's Next / Previous, taken by the speaker's deck only while it is still at `from`. */
export interface StageStepEvent { type: 'step'; step: StepDirection; from: SlidePosition; requestId: string }
/** StageDriverEvent says who drives now and who asks to. */
export interface StageDriverEvent { type: 'driver'; seat: DriverSeat }
/**
 * StageFallbackEvent: the speaker's deck shows the recording `key` of `demo` in place of
 * its live run (it failed, timed out, was cancelled, or could not start): followers' panels
 * of that demo and selection show the same recording.
 */
export interface StageFallbackEvent { type: 'fallback'; demo: string; key: string }

/** StageFallback is the body of `POST /api/stage/fallback`: which recording the speaker's deck shows instead. */
export interface StageFallback { demo: string; key: string }

/** StageEventBody is a stage event before the server stamps it. */
export type StageEventBody = StagePositionEvent | StageRunStartedEvent | StageStepEvent | StageDriverEvent | StageFallbackEvent;

/** StageEvent is a stage event as sent on the wire: body, `seq` and `tMs` since the server started. */
export type StageEvent = StageEventBody & { seq: number; tMs: number };

/**
 * DriveRequest moves the driver's position (`POST /api/stage/position`). Safe to retry
 * and to send late:
 * - `requestId` (client-made, unique per move): the same id again gets the first answer
 *   and changes nothing, so a retried request never moves twice;
 * - `from` (the position the move was made from): when it is no longer the current one
 *   (someone moved meanwhile), the move is ignored, not applied.
 */
export interface DriveRequest {
  requestId: string;
  position: SlidePosition;
  from?: SlidePosition;
}

/** DriveAnswer says whether a move was applied and where the driver is now. */
export interface DriveAnswer {
  applied: boolean;
  /** Why not: `stale` (`from` is not the current position), `unchanged` (already there). */
  reason?: 'stale' | 'unchanged';
  /** The driver's position after the request (null: never published). */
  position: SlidePosition | null;
  /** The seq of the stage event that holds that position (0: none). */
  seq: number;
}

/** StepDirection is a remote's button: Reveal's next or previous (fragment, then slide). */
export type StepDirection = 'next' | 'prev';

/**
 * StepRequest is a Next / Previous (`POST /api/stage/step`). The deck, not the remote,
 * knows the slides' fragments, so the server passes the step on as a `step` event and the
 * speaker's deck takes it. Safe to retry and to send late, as a DriveRequest is: the same
 * `requestId` gets the first answer; a step whose `from` is not the current position is
 * ignored, and so is one the deck receives when it has moved on.
 */
export interface StepRequest {
  requestId: string;
  step: StepDirection;
  from: SlidePosition;
}

/** StepAnswer says whether a step was passed on to the deck. */
export interface StepAnswer {
  accepted: boolean;
  /**
   * Why not: `stale` (`from` is not the current position), `not-driver` (another remote
   * drives: ask to take over), `no-deck` (the speaker's deck has not said where it is).
   */
  reason?: 'stale' | 'not-driver' | 'no-deck';
  /** The driver's position when the step was answered (null: never published). */
  position: SlidePosition | null;
  /** The seq of the `step` event (accepted), or of the `position` event that holds `position`. */
  seq: number;
}

/** RemoteName is a remote as others see it: an id (not a secret) and a label. */
export interface RemoteName {
  id: string;
  label: string;
}

/** RemoteInfo is a remote in the speaker's list. */
export interface RemoteInfo extends RemoteName {
  createdAt: string;
  /** Set once the speaker revoked it: its token no longer works. */
  revokedAt?: string;
}

/** IssuedRemote answers `POST /api/remote/tokens`; the only place the token is ever shown. */
export interface IssuedRemote extends RemoteInfo {
  token: string;
  /** The URL to open on the phone (`…/remote/#token=…`), on the address the audience reaches. */
  url: string;
  /** The same URL as a QR code (SVG). */
  qrSvg: string;
  /** Set when the phone may not reach `url` (a server on loopback only), saying what to do. */
  warning?: string;
}

/**
 * DriverSeat: one driver at a time. The speaker's laptop always drives; with it, one
 * remote (`remote`: the first to move, or the one a handoff gave the seat to). Another
 * remote asks (`asking`); the driver (the laptop's speaker view, or the driving remote)
 * accepts or refuses; `answered` is the last such answer.
 */
export interface DriverSeat {
  remote: RemoteName | null;
  asking: RemoteName | null;
  answered?: { remote: RemoteName; accepted: boolean };
}

/** RemoteSelf answers `GET /api/remote/me`. */
export interface RemoteSelf {
  remote: RemoteName;
  seat: DriverSeat;
  /** Milliseconds since the talk started (the first move off the title slide); null: not yet. */
  talkElapsedMs: number | null;
}

/** HandoffRequest is a remote asking to drive, or taking its request back (`POST /api/remote/handoff`). */
export interface HandoffRequest {
  action: 'ask' | 'withdraw';
}

/** HandoffAnswer is the driver's answer to the remote that asks (`POST /api/remote/handoff/answer`). */
export interface HandoffAnswer {
  remote: string;
  accept: boolean;
}

/** DemoPlacement is a demo on a slide (`@demo <id> {params}`). */
export interface DemoPlacement {
  demo: DemoId;
  params: RunParams;
}

/**
 * DeckSlide is one slide of the built deck, as `slides.json` (written beside index.html by
 * the build) lists it: Reveal's indices (`h` from 0), its title, its notes as HTML, and
 * its demos. The remote shows title and notes from it; the server reads it to know which
 * demo, with which params, a remote may start on the current slide.
 */
export interface DeckSlide {
  h: number;
  v: number;
  id: string;
  title: string;
  notesHtml: string;
  demos: DemoPlacement[];
}

/** DeckSlides is `slides.json`. */
export interface DeckSlides {
  format: 1;
  title: string;
  slides: DeckSlide[];
}

/** StageInfo answers `GET /api/stage`. */
export interface StageInfo {
  /** Whether the server was started for an audience (`--public`): the deck then shows the join QR code. */
  public: boolean;
  /** The audience's watch-only URL (no token); null when the server has none to offer. */
  joinUrl: string | null;
  /** The driver's position (null: never published) and the stage stream's newest seq. */
  position: SlidePosition | null;
  lastSeq: number;
  /** Stage streams open now, and the cap beyond which a new one gets 503. */
  streams: { open: number; max: number };
  /** Who drives with the speaker's laptop, and who asks to (phone remotes). */
  seat: DriverSeat;
}

/** ApiError is the body of every non-2xx HTTP answer. */
export interface ApiError {
  error: { code: ErrorCode; message: string; issues?: string[] };
}
