/**
 * The stage: what the audience follows. One stage log (stage-log.ts) fed by the driver's
 * moves (driver.ts) and by the engine's new runs (a run started anywhere, by the deck, a
 * second tab or a future remote, is announced once as `run-started`), the cap on open
 * streams (stream-cap.ts), and the audience's join URL with its QR code. HTTP lives in
 * server/http/stage-routes.ts.
 */
import type { StageInfo } from '../../demos/protocol.ts';
import type { Engine } from '../engine/engine.ts';
import { createDriver, type Driver } from './driver.ts';
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
}

/** Stage is the deck-wide state the audience follows. */
export interface Stage {
  readonly log: StageLog;
  readonly driver: Driver;
  readonly streams: StreamCap;
  readonly public: boolean;
  readonly join: { url: string; qrSvg: string } | undefined;
  /** info is the answer to `GET /api/stage`. */
  info(): StageInfo;
  /** close stops announcing runs. */
  close(): void;
}

/** createStage builds the stage of one server. */
export function createStage(options: StageOptions): Stage {
  const log = createStageLog({ now: options.now ?? (() => performance.now()), ...(options.capacity ? { capacity: options.capacity } : {}) });
  const driver = createDriver({ log });
  const streams = createStreamCap(options.maxStreams);
  const stopAnnouncing = options.engine.onRunCreated((run) => {
    log.append({ type: 'run-started', run: run.summary() });
  });
  return {
    log,
    driver,
    streams,
    public: options.public ?? false,
    join: options.join,
    info() {
      return {
        public: options.public ?? false,
        joinUrl: options.join?.url ?? null,
        position: log.latestPosition?.position ?? null,
        lastSeq: log.lastSeq,
        streams: { open: streams.open, max: streams.max },
      };
    },
    close: stopAnnouncing,
  };
}
