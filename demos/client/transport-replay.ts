/**
 * The replay transport: plays a committed recording (`recordings/<key>.json`, a
 * `Recording` from protocol.ts; the key says which params it was made with, see
 * demos/recording-key.ts) through the same callbacks as a live run, so widgets
 * cannot tell the difference. Gaps between events keep their shape but are capped
 * (default 300 ms), and the whole replay fits in `maxTotalMs` (default 6 s): a 20-second
 * benchmark replays in a few seconds, still visibly "happening". `instant` delivers
 * everything at once (print view, tests).
 */
import type { Recording, RunEvent, RunSummary } from '../protocol.ts';
import type { RunSelector } from '../recording-key.ts';
import type { FetchLike, RunOrigin, Transport, Unsubscribe, WatchHooks } from './transport.ts';

/** ReplayOptions tune how recordings are found and paced. */
export interface ReplayOptions {
  /** Longest wait between two replayed events (ms). */
  maxGapMs?: number;
  /**
   * Longest whole replay (ms): when the capped gaps still add up to more, they all shrink
   * in proportion, so a long benchmark keeps its rhythm but the speaker waits seconds.
   */
  maxTotalMs?: number;
  /** Deliver every event at once, without waiting. */
  instant?: boolean;
  /**
   * Extra places to look for a recording (by key) before the static build's copy, first
   * hit wins (relative to `baseUrl`; e.g. the server's `api/recordings/<key>`). With
   * these, a key the build's index does not list is still asked for: the server's
   * recordings folder may be newer than the build.
   */
  recordingPaths?: (key: string) => string[];
  /**
   * The static build's list of recordings (written by the deck's build plugin): a demo it
   * does not list is known to have none, so we do not ask for a file that would 404 (and
   * put an error in the console of a deck that is working as intended).
   */
  indexPath?: string;
}

/** ReplayTransportOptions are ReplayOptions plus where and how to fetch. */
export interface ReplayTransportOptions extends ReplayOptions {
  baseUrl: string;
  fetch: FetchLike;
}

/** ReplayTransport is a Transport that also hands out the recordings themselves. */
export interface ReplayTransport extends Transport {
  /** recording loads (once) the recording of a key, or null when there is none. */
  recording(key: string): Promise<Recording | null>;
}

const recordingPrefix = 'recording:';

/** recordingRunId is the pseudo run id under which a recording (by key) is watched. */
export function recordingRunId(key: string): string {
  return `${recordingPrefix}${key}`;
}

/** recordedDemoOf returns the recording key of a recording's pseudo run id, or null for a real run. */
export function recordedDemoOf(runId: string): string | null {
  return runId.startsWith(recordingPrefix) ? runId.slice(recordingPrefix.length) : null;
}

/** NoRecordingError says a key has no recording (nobody ran `npm run demo -- <id> --param …`). */
export class NoRecordingError extends Error {
  constructor(readonly key: string) {
    super(`Not recorded: "${key}" has no recording; run it once with a demo server to record it.`);
    this.name = 'NoRecordingError';
  }
}

/**
 * replayDelaysMs returns, for each event, how long after the previous one to deliver it:
 * the recorded gap (from `tMs`), capped at `maxGapMs`; all zero when `instant`.
 */
export function replayDelaysMs(events: readonly RunEvent[], maxGapMs: number, instant = false, maxTotalMs = Infinity): number[] {
  let previousMs = events[0]?.tMs ?? 0;
  const delays = events.map((event) => {
    const gap = Math.max(0, event.tMs - previousMs);
    previousMs = event.tMs;
    return instant ? 0 : Math.min(gap, maxGapMs);
  });
  const totalMs = delays.reduce((sum, d) => sum + d, 0);
  if (totalMs <= maxTotalMs) return delays;
  const scale = maxTotalMs / totalMs;
  // Rounded down: the replay never runs past its budget.
  return delays.map((d) => Math.floor(d * scale));
}

/** isRecording checks the shape of a fetched file well enough to replay it safely. */
export function isRecording(value: unknown): value is Recording {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<Recording>;
  return (
    r.format === 1 &&
    typeof r.demo === 'string' &&
    Array.isArray(r.events) &&
    typeof r.recordedAt === 'string' &&
    typeof r.machine === 'object' &&
    r.machine !== null
  );
}

/** createReplayTransport makes the transport used when no demo server answers. */
export function createReplayTransport(options: ReplayTransportOptions): ReplayTransport {
  const maxGapMs = options.maxGapMs ?? 300;
  const instant = options.instant ?? false;
  const maxTotalMs = options.maxTotalMs ?? 6000;
  const extraPaths = options.recordingPaths ?? (() => []);
  const indexPath = options.indexPath ?? 'recordings/index.json';
  const cache = new Map<string, Promise<Recording | null>>();
  const loaded = new Map<string, Recording>();
  let index: Promise<Map<string, string> | null> | undefined;

  /** loadIndex maps recording key → path, or null when there is no (valid) index. */
  async function loadIndex(): Promise<Map<string, string> | null> {
    try {
      const response = await options.fetch(new URL(indexPath, options.baseUrl).href, { cache: 'no-cache' });
      if (!response.ok) return null;
      const body = (await response.json()) as { recordings?: Array<{ demo?: unknown; key?: unknown; path?: unknown }> };
      if (!Array.isArray(body.recordings)) return null;
      const map = new Map<string, string>();
      for (const entry of body.recordings) {
        const key = typeof entry.key === 'string' ? entry.key : entry.demo;
        if (typeof key === 'string' && typeof entry.path === 'string') map.set(key, entry.path);
      }
      return map;
    } catch {
      return null;
    }
  }

  async function load(key: string): Promise<Recording | null> {
    index ??= loadIndex();
    const listed = await index;
    const extra = extraPaths(key);
    // The index is the build's word on which recordings exist; without one (dev, an old
    // build) every place is simply tried, and so are the extra places (a live server).
    if (listed !== null && !listed.has(key) && extra.length === 0) return null;
    const paths = [...extra, listed?.get(key) ?? `recordings/${encodeURIComponent(key)}.json`];
    for (const path of paths) {
      try {
        const response = await options.fetch(new URL(path, options.baseUrl).href, { cache: 'no-cache' });
        if (!response.ok) continue;
        const body: unknown = await response.json();
        if (isRecording(body)) {
          // Events are replayed by seq: a hand-edited file must not reorder a run.
          body.events.sort((a, b) => a.seq - b.seq);
          loaded.set(key, body);
          return body;
        }
      } catch {
        // A static host may answer its index page (not JSON) or nothing: try the next path.
      }
    }
    return null;
  }

  function recording(key: string): Promise<Recording | null> {
    let promise = cache.get(key);
    if (!promise) {
      promise = load(key);
      cache.set(key, promise);
    }
    return promise;
  }

  function summaryOf(rec: Recording, key: string): RunSummary {
    return {
      runId: recordingRunId(key),
      demo: rec.demo,
      params: rec.params,
      state: 'done',
      outcome: rec.outcome,
      createdAt: rec.recordedAt,
      lastSeq: rec.events.at(-1)?.seq ?? 0,
    };
  }

  function watch(runId: string, afterSeq: number, onEvent: (event: RunEvent) => void, hooks?: WatchHooks): Unsubscribe {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const key = recordedDemoOf(runId);
    if (key === null) {
      queueMicrotask(() => {
        if (!stopped) hooks?.onConnection?.('lost', `Run ${runId} cannot be replayed: only recordings exist here.`);
      });
      return () => { stopped = true; };
    }
    void recording(key).then((rec) => {
      if (stopped) return;
      if (rec === null) {
        hooks?.onConnection?.('lost', new NoRecordingError(key).message);
        return;
      }
      hooks?.onConnection?.('open');
      const events = rec.events.filter((event) => event.seq > afterSeq);
      const delays = replayDelaysMs(events, maxGapMs, instant, maxTotalMs);
      let index = 0;
      const step = (): void => {
        // Deliver every event that is due now in one go, so instant replay is synchronous
        // after the first tick and zero gaps never cost a timer each.
        while (!stopped && index < events.length) {
          const event = events[index]!;
          onEvent(event);
          index += 1;
          const next = delays[index] ?? 0;
          if (next > 0) {
            timer = setTimeout(step, next);
            return;
          }
        }
      };
      step();
    });
    return () => {
      stopped = true;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: clearing the timer only saves a wake-up; the stopped flag already ends the replay
      if (timer !== undefined) clearTimeout(timer);
    };
  }

  return {
    kind: 'replay',
    health: null,
    canControl: false,
    recording,
    async start(demo) {
      throw new Error(`No demo server here: "${demo}" can only be replayed from its recording.`);
    },
    async findActive() {
      return null;
    },
    async latest(_demo, select) {
      const rec = await recording(select.key);
      return rec === null ? null : summaryOf(rec, select.key);
    },
    async recorded(_demo, select) {
      const rec = await recording(select.key);
      return rec === null ? null : summaryOf(rec, select.key);
    },
    watch,
    async cancel(runId) {
      throw new Error(`No demo server here: run ${runId} cannot be cancelled.`);
    },
    sourceOf(run): RunOrigin {
      const rec = loaded.get(recordedDemoOf(run.runId) ?? run.demo);
      if (!rec) return { kind: 'none', why: 'not-recorded' };
      return { kind: 'recorded', recordedAt: rec.recordedAt, machine: rec.machine, ...(rec.machineSpeed ? { machineSpeed: rec.machineSpeed } : {}) };
    },
    async demos() {
      return [];
    },
  };
}
