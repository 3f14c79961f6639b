/**
 * Run: one run's event log. Events get `seq` 1, 2, 3 … and `tMs` since the run was
 * created; subscribers get past events after a given seq, then live ones, none twice
 * (replay and registration happen in one synchronous step, so no event can slip between).
 * Nothing is accepted after `end`: a demo that keeps emitting after a timeout or cancel
 * cannot extend a closed stream.
 */
import type { DemoId, RunEvent, RunEventBody, RunOutcome, RunParams, RunState, RunSummary } from '../../demos/protocol.ts';
import type { Clock } from './clock.ts';

/** RunListener gets each event once, in order. */
export type RunListener = (event: RunEvent) => void;

/** Run is the engine's record of one run. */
export interface Run {
  readonly runId: string;
  readonly demo: DemoId;
  readonly params: RunParams;
  readonly files: Record<string, string> | undefined;
  readonly requestId: string | undefined;
  /** dedupKey identifies "the same demo and params (and files)". */
  readonly dedupKey: string;
  readonly createdAt: string;
  readonly state: RunState;
  readonly outcome: RunOutcome | undefined;
  readonly events: readonly RunEvent[];
  /** emit stamps and appends an event; ignored after `end`. Returns the event, if kept. */
  emit(body: RunEventBody): RunEvent | undefined;
  setState(state: RunState): void;
  /** subscribe replays events with seq > afterSeq, then follows live; returns unsubscribe. */
  subscribe(afterSeq: number, listener: RunListener): () => void;
  summary(): RunSummary;
  /** subscriberCount says how many live listeners are attached (disconnects must drop theirs). */
  subscriberCount(): number;
  /** done resolves with the end event. */
  readonly done: Promise<RunEvent>;
}

/** RunInit is what createRun needs. */
export interface RunInit {
  runId: string;
  demo: DemoId;
  params: RunParams;
  files?: Record<string, string>;
  requestId?: string;
  dedupKey: string;
  clock: Clock;
}

/** createRun makes an empty run in state "queued". */
export function createRun(init: RunInit): Run {
  const startMs = init.clock.now();
  const events: RunEvent[] = [];
  const listeners = new Set<RunListener>();
  let state: RunState = 'queued';
  let outcome: RunOutcome | undefined;
  let resolveDone!: (event: RunEvent) => void;
  const done = new Promise<RunEvent>((resolve) => (resolveDone = resolve));
  const createdAt = init.clock.wallTime().toISOString();

  const run: Run = {
    runId: init.runId,
    demo: init.demo,
    params: init.params,
    files: init.files,
    requestId: init.requestId,
    dedupKey: init.dedupKey,
    createdAt,
    get state() {
      return state;
    },
    get outcome() {
      return outcome;
    },
    events,
    emit(body) {
      if (state === 'done') return undefined;
      const event = { ...body, seq: events.length + 1, tMs: Math.max(0, Math.round(init.clock.now() - startMs)) } as RunEvent;
      events.push(event);
      if (event.type === 'end') {
        state = 'done';
        outcome = event.outcome;
      }
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch {
          // One broken subscriber (a closed socket) must not stop the others or the run.
        }
      }
      if (event.type === 'end') {
        listeners.clear();
        resolveDone(event);
      }
      return event;
    },
    setState(next) {
      if (state !== 'done') state = next;
    },
    subscribe(afterSeq, listener) {
      const from = Math.max(0, Math.floor(Number.isFinite(afterSeq) ? afterSeq : 0));
      for (const event of events.slice(from)) listener(event);
      if (state === 'done') return () => undefined;
      // Only events after `from`: every later one for a client that is caught up, and for
      // one claiming a seq not reached yet, nothing it says it has seen.
      const live: RunListener = (event) => event.seq > from && listener(event);
      listeners.add(live);
      return () => listeners.delete(live);
    },
    summary() {
      const summary: RunSummary = {
        runId: init.runId,
        demo: init.demo,
        params: init.params,
        state,
        createdAt,
        lastSeq: events.length,
      };
      if (outcome) summary.outcome = outcome;
      if (init.files !== undefined) summary.edited = true;
      return summary;
    },
    subscriberCount: () => listeners.size,
    done,
  };
  return run;
}
