/**
 * The stage: what the audience follows, one per deck the server serves. A server serves
 * several decks (the flagship at `/`, each other at `/<deck>/`), and two talks may run on
 * it at once: each deck has its own stage (its own log, driver, driver seat and talk
 * clock), so the audience of one deck follows only that deck's speaker, and a phone
 * remote of one deck runs only that deck's current slide's demo.
 *
 * A deck's stage: one stage log (stage-log.ts) fed by its driver's moves (driver.ts) and
 * by the engine's new runs (runs are the server's: a run started anywhere is announced
 * once as `run-started` on every deck's stream; a panel takes it only if it shows that
 * demo), the driver seat of its phone remotes (driver-seat.ts, changes announced as
 * `driver` events), the slide it is on (slide-map.ts) and the talk's clock (from the
 * first move off the title slide). Shared by the decks: the cap on open streams
 * (stream-cap.ts) and the audience's join URL, which each deck offers as its own page.
 * HTTP lives in server/http/stage-routes.ts and remote-routes.ts.
 */
import type { DeckSlide, StageInfo } from '../../demos/protocol.ts';
import type { Engine } from '../engine/engine.ts';
import { createDriver, type Driver } from './driver.ts';
import { createSeat, type Seat } from './driver-seat.ts';
import { emptySlideMap, flagshipDeckPath, type SlideMap } from './slide-map.ts';
import { createStageLog, type StageLog } from './stage-log.ts';
import { createStreamCap, type StreamCap } from './stream-cap.ts';

/** JoinCode is a watch-only URL and the same as a QR code (SVG). */
export interface JoinCode {
  url: string;
  qrSvg: string;
}

/** StageOptions configure createStage; everything but `engine` has a default. */
export interface StageOptions {
  engine: Engine;
  /** Milliseconds for the events' `tMs` (default performance.now). */
  now?: () => number;
  /** Events kept for resumes, per deck (default 1000). */
  capacity?: number;
  /** Open stage streams allowed at once, all decks together (default 500). */
  maxStreams?: number;
  /** Whether the server was started for an audience (`--public`). */
  public?: boolean;
  /** The audience's watch-only URL of the flagship (`/`), and the same as a QR code. */
  join?: JoinCode;
  /** Draws another deck's join URL as a QR code (default: the flagship's code only). */
  qrSvg?: (text: string) => string;
  /** The built decks' slides (default: none known, so remotes cannot run demos). */
  slides?: SlideMap;
}

/** DeckStage is the state the audience of one deck follows. */
export interface DeckStage {
  /** The deck's page on the server (`/`, `/cgo-lightning/` …). */
  readonly deck: string;
  readonly log: StageLog;
  readonly driver: Driver;
  readonly seat: Seat;
  /** currentSlide is the slide the driver is on, if the deck's slide list has it. */
  currentSlide(): DeckSlide | undefined;
  /** knowsSlides says whether the server read this deck's slide list. */
  knowsSlides(): boolean;
  /** talkElapsedMs is the time since the first move off the title slide (null: not yet). */
  talkElapsedMs(): number | null;
  /** join is this deck's own join URL (its page beside the server's), when the server has one. */
  readonly join: JoinCode | undefined;
  /** info is the answer to `GET <deck>/api/stage`. */
  info(): StageInfo;
}

/** Stage is what the audiences of a server's decks follow. */
export interface Stage {
  readonly streams: StreamCap;
  readonly public: boolean;
  /** The flagship's join URL (the server's), when it has one. */
  readonly join: JoinCode | undefined;
  readonly slides: SlideMap;
  /** deck is the stage of the deck whose page is `path` (made at its first use). */
  deck(path: string): DeckStage;
  /** decks are the decks' stages made so far. */
  decks(): DeckStage[];
  /** setJoin sets the flagship's join URL and its code once the server knows its port. */
  setJoin(join: JoinCode): void;
  /** close stops announcing runs. */
  close(): void;
}

/** createStage builds the stages of one server. */
export function createStage(options: StageOptions): Stage {
  const now = options.now ?? (() => performance.now());
  const slides = options.slides ?? emptySlideMap;
  const streams = createStreamCap(options.maxStreams);
  const isPublic = options.public ?? false;
  let join = options.join;
  const byDeck = new Map<string, DeckStage>();

  const joinOf = (deck: string): JoinCode | undefined => {
    if (!join || deck === flagshipDeckPath) return join;
    const url = new URL(deck, join.url).href;
    return { url, qrSvg: options.qrSvg?.(url) ?? '' };
  };

  const makeDeckStage = (deck: string): DeckStage => {
    const log = createStageLog({ now, ...(options.capacity ? { capacity: options.capacity } : {}) });
    const seat = createSeat((next) => log.append({ type: 'driver', seat: next }));
    let talkStartMs: number | undefined;
    const driver = createDriver({
      log,
      seat,
      onMove(position) {
        if (talkStartMs === undefined && (position.h > 0 || position.v > 0)) talkStartMs = now();
      },
    });
    // Drawn once per join URL: a QR code per stream open would cost each follower.
    let joinCache: { base: JoinCode | undefined; code: JoinCode | undefined } | undefined;
    const deckStage: DeckStage = {
      deck,
      log,
      driver,
      seat,
      currentSlide: () => {
        const position = log.latestPosition?.position;
        return position ? slides.slideAt({ ...position, deck }) : undefined;
      },
      knowsSlides: () => slides.knows({ h: 0, v: 0, f: -1, deck }),
      talkElapsedMs: () => (talkStartMs === undefined ? null : Math.max(0, Math.round(now() - talkStartMs))),
      get join() {
        if (!joinCache || joinCache.base !== join) joinCache = { base: join, code: joinOf(deck) };
        return joinCache.code;
      },
      info() {
        return {
          public: isPublic,
          joinUrl: deckStage.join?.url ?? null,
          position: log.latestPosition?.position ?? null,
          lastSeq: log.lastSeq,
          streams: { open: streams.open, max: streams.max },
          seat: seat.current(),
        };
      },
    };
    return deckStage;
  };

  const stopAnnouncing = options.engine.onRunCreated((run) => {
    const summary = run.summary();
    for (const deckStage of byDeck.values()) deckStage.log.append({ type: 'run-started', run: summary });
  });
  return {
    streams,
    public: isPublic,
    slides,
    get join() {
      return join;
    },
    deck(path) {
      let deckStage = byDeck.get(path);
      if (!deckStage) byDeck.set(path, (deckStage = makeDeckStage(path)));
      return deckStage;
    },
    decks: () => [...byDeck.values()],
    setJoin(next) {
      join = next;
    },
    close: stopAnnouncing,
  };
}
