/**
 * The stage: what the audience follows. One stage log (stage-log.ts) fed by the driver's
 * moves (driver.ts) and by the engine's new runs (a run started anywhere, by the deck, a
 * second tab or a future remote, is announced once as `run-started`), the cap on open
 * streams (stream-cap.ts), and the audience's join URL with its QR code. For the phone
 * remotes: the driver seat (driver-seat.ts, its changes announced as `driver` events), the
 * deck's slide list (slide-map.ts: which demo a remote may start on the current slide)
 * and the talk's clock (from the first move off the title slide). HTTP lives in
 * server/http/stage-routes.ts and remote-routes.ts.
 */
import type { DeckSlide, StageInfo } from '../../demos/protocol.ts';
import type { Engine } from '../engine/engine.ts';
import { createDriver, type Driver } from './driver.ts';
import { createSeat, type Seat } from './driver-seat.ts';
import { emptySlideMap, type SlideMap } from './slide-map.ts';
import { createStageLog, type StageLog } from './stage-log.ts';
import { createStreamCap, type StreamCap } from './stream-cap.ts';

/** StageOptions configure createStage; everything but `engine` has a default. */
export interface StageOptions {
  engine: Engine;
  /** Milliseconds for the events' `tMs` (default performance.now). */
  now?: () => number;
  /** Events kept for resumes (default 1000). */
  capacity?: number;
  /** Open stage streams allowed at once (default 500). */
  maxStreams?: number;
  /** Whether the server was started for an audience (`--public`). */
  public?: boolean;
  /** The audience's watch-only URL, and the same as a QR code (SVG). */
  join?: { url: string; qrSvg: string };
  /** The built deck's slides (default: none known, so remotes cannot run demos). */
  slides?: SlideMap;
}

/** Stage is the deck-wide state the audience follows. */
export interface Stage {
  readonly log: StageLog;
  readonly driver: Driver;
  readonly streams: StreamCap;
  readonly public: boolean;
  readonly join: { url: string; qrSvg: string } | undefined;
  readonly seat: Seat;
  readonly slides: SlideMap;
  /** currentSlide is the slide the driver is on, if the slide list has it. */
  currentSlide(): DeckSlide | undefined;
  /** talkElapsedMs is the time since the first move off the title slide (null: not yet). */
  talkElapsedMs(): number | null;
  /** setJoin sets the join URL and its code once the server knows its port. */
  setJoin(join: { url: string; qrSvg: string }): void;
  /** info is the answer to `GET /api/stage`. */
  info(): StageInfo;
  /** close stops announcing runs. */
  close(): void;
}

/** createStage builds the stage of one server. */
export function createStage(options: StageOptions): Stage {
  const now = options.now ?? (() => performance.now());
  const log = createStageLog({ now, ...(options.capacity ? { capacity: options.capacity } : {}) });
  const seat = createSeat((next) => log.append({ type: 'driver', seat: next }));
  const slides = options.slides ?? emptySlideMap;
  let talkStartMs: number | undefined;
  const driver = createDriver({
    log,
    seat,
    onMove(position) {
      if (talkStartMs === undefined && (position.h > 0 || position.v > 0)) talkStartMs = now();
    },
  });
  const streams = createStreamCap(options.maxStreams);
  const stopAnnouncing = options.engine.onRunCreated((run) => {
    log.append({ type: 'run-started', run: run.summary() });
  });
  let join = options.join;
  return {
    log,
    driver,
    streams,
    public: options.public ?? false,
    seat,
    slides,
    currentSlide: () => slides.slideAt(log.latestPosition?.position),
    talkElapsedMs: () => (talkStartMs === undefined ? null : Math.max(0, Math.round(now() - talkStartMs))),
    get join() {
      return join;
    },
    setJoin(next) {
      join = next;
    },
    info() {
      return {
        public: options.public ?? false,
        joinUrl: join?.url ?? null,
        position: log.latestPosition?.position ?? null,
        lastSeq: log.lastSeq,
        streams: { open: streams.open, max: streams.max },
        seat: seat.current(),
      };
    },
    close: stopAnnouncing,
  };
}
