/**
 * The stage in a live deck: the speaker's deck drives, every other page follows.
 *
 * - The speaker (this tab has the token, see control-token.ts) publishes where its deck
 *   is on every slide and fragment change (position-publisher.ts), naming the deck's page.
 *   Each deck of the server has its own stage (`<deck>/api/stage…`, server/stage/stage.ts):
 *   an audience follows the speaker of its own deck only, so two talks can share a server.
 * - A watcher (the audience) follows the stage stream (stage-stream.ts) by the rules of
 *   follow-state.ts: opened at the start, it goes where the speaker goes until the reader
 *   wanders off (or it was opened on a slide of its own), then shows a "Follow the
 *   speaker" button that brings it back. Each `run-started` is passed
 *   to the demo panels (the `demo:run-started` event on window), which switch to that run
 *   at once rather than at their next poll.
 * - Both show the join code (join-code.ts): on the title slide when the server is public,
 *   and on Q.
 * - The speaker showing a demo's recording in place of a failed live run (Y) is published
 *   too (`POST api/stage/fallback`), and a watcher's panels of that demo show the same
 *   recording (the `fallback` event), rather than the failed run or nothing.
 * - The speaker's deck also takes the phone remote's steps (step-taker.ts: Next / Previous
 *   sent from a phone, taken only while the deck is still where the phone saw it), shows
 *   a run a phone started at once, and puts the remote's panel (its QR code, Revoke, Hand
 *   over) into the speaker view (speaker-remote.ts).
 *
 * Loaded lazily by stage-plugin.ts once the deck is up, and only with a demo server.
 */
import type { RevealApi } from 'reveal.js';
import type { DriveAnswer, HealthInfo, RunSummary, SlidePosition, StageEvent, StageFallback, StageInfo } from '../protocol.ts';
import { positionOf } from '../slide-position.ts';
import { pageToken } from './control-token.ts';
import { follow, initialFollowState, onLocalMoved, onReaderInput, onSpeakerMoved, type FollowState } from './follow-state.ts';
import { installJoinCode } from './join-code.ts';
import { createPositionPublisher } from './position-publisher.ts';
import { isReaderOpen, closeReader } from './reader-view.ts';
import { fallbackShownEvent, runStartedEvent, stageFallbackEvent } from './run-started.ts';
import { watchStage } from './stage-stream.ts';
import { installSpeakerRemote } from './speaker-remote.ts';
import { takeStep } from './step-taker.ts';
import { authHeaders, fetchHealth } from './transport.ts';
import { ApiRequestError, NetworkError } from './transport-live.ts';


/** StageSession is a running stage session. */
export interface StageSession {
  readonly role: 'speaker' | 'follower';
  stop(): void;
}

/** startStageSession asks the server about its stage; null when there is no demo server. */
export async function startStageSession(deck: RevealApi): Promise<StageSession | null> {
  const baseUrl = document.baseURI;
  const token = pageToken();
  let info: StageInfo;
  let health: HealthInfo | null;
  try {
    // Health first: a static host answers it (the build's `api/health`, live: false)
    // without a failed request in the console, and then there is nothing to follow.
    health = await fetchHealth(baseUrl, (input, init) => fetch(input, init), 20_000, token);
    if (!health) return null;
    const response = await fetch(new URL('api/stage', baseUrl).href, { cache: 'no-store' });
    if (!response.ok) return null;
    info = (await response.json()) as StageInfo;
    if (typeof info !== 'object' || info === null || typeof info.lastSeq !== 'number') return null;
  } catch {
    return null;
  }
  const cleanups: Array<() => void> = [];
  cleanups.push(installJoinCode({ baseUrl, info, titleSlide: deck.getSlide(0) ?? null }));
  const speaker = health.role === 'speaker';
  cleanups.push(speaker ? drive(deck, baseUrl, token!) : followSpeaker(deck, baseUrl));
  if (speaker) cleanups.push(takeRemoteSteps(deck, baseUrl, token!, info));
  return {
    role: speaker ? 'speaker' : 'follower',
    stop() {
      for (const cleanup of cleanups.splice(0)) cleanup();
    },
  };
}

/** deckPath is this deck's page on the server (`/`, `/lightning/` …): the server serves several. */
function deckPath(): string {
  return new URL('./', document.baseURI).pathname;
}

/** here is where the deck is now. */
function here(deck: RevealApi): SlidePosition {
  return { ...positionOf(deck.getIndices()), deck: deckPath() };
}

/** drive publishes the speaker deck's position on every move; returns the undo. */
function drive(deck: RevealApi, baseUrl: string, token: string): () => void {
  const publisher = createPositionPublisher({
    async send(request) {
      let response: Response;
      try {
        response = await fetch(new URL('api/stage/position', baseUrl).href, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...authHeaders(token) },
          body: JSON.stringify(request),
          cache: 'no-store',
        });
      } catch (err) {
        throw new NetworkError(err instanceof Error ? err.message : String(err));
      }
      if (!response.ok) throw new ApiRequestError(response.status, 'internal', `POST api/stage/position: HTTP ${response.status}`);
      return (await response.json()) as DriveAnswer;
    },
    // A refusal (403: the token is stale) stays one; the network may come back.
    retryable: (error) => !(error instanceof ApiRequestError && error.status < 500),
  });
  const publish = (): void => publisher.publish(here(deck));
  const events = ['slidechanged', 'fragmentshown', 'fragmenthidden'];
  for (const name of events) deck.on(name, publish);
  publish();
  // A recording shown in place of a failed live run: the audience is told, to show it too.
  const onFallback = (event: Event): void => {
    const shown = (event as CustomEvent<StageFallback>).detail;
    void fetch(new URL('api/stage/fallback', baseUrl).href, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(token) },
      body: JSON.stringify({ demo: shown.demo, key: shown.key }),
      cache: 'no-store',
    }).catch(() => undefined); // the server is gone: there is no audience to tell
  };
  window.addEventListener(fallbackShownEvent, onFallback);
  return () => {
    for (const name of events) deck.off(name, publish);
    window.removeEventListener(fallbackShownEvent, onFallback);
  };
}

/**
 * takeRemoteSteps follows the stage stream from its newest event (an older step is not
 * this deck's to take) for what the phone remotes send: steps, seat changes for the
 * speaker view's panel, and runs a phone started; returns the undo.
 */
function takeRemoteSteps(deck: RevealApi, baseUrl: string, token: string, info: StageInfo): () => void {
  const panel = installSpeakerRemote({ baseUrl, token, seat: info.seat });
  const stepDeck = { here: () => here(deck), next: () => deck.next(), prev: () => deck.prev() };
  const stop = watchStage({
    baseUrl,
    after: info.lastSeq,
    onEvent(event) {
      if (event.type === 'step') takeStep(stepDeck, event);
      else if (event.type === 'driver') panel.setSeat(event.seat);
      else if (event.type === 'run-started' && !event.run.edited) window.dispatchEvent(new CustomEvent<RunSummary>(runStartedEvent, { detail: event.run }));
    },
  });
  return () => {
    stop();
    panel.uninstall();
  };
}

/** followSpeaker makes this page follow the speaker's deck; returns the undo. */
function followSpeaker(deck: RevealApi, baseUrl: string): () => void {
  const api = deck as RevealApi & { isScrollView?: () => boolean };
  const options = { fragments: !(api.isScrollView?.() ?? false) };
  // Opened at the start (the join URL, the title slide): follow; opened elsewhere (a link
  // to a slide, a reload mid-talk): the reader chose that slide, so wait for their click.
  const start = here(deck);
  let state: FollowState = initialFollowState(start.h === 0 && start.v === 0 ? 'following' : 'wandering');
  const control = followControl(() => apply(follow(state)));

  const goTo = (position: SlidePosition): void => {
    if (isReaderOpen()) closeReader();
    deck.slide(position.h, position.v, position.f);
  };
  const apply = (step: { state: FollowState; goTo?: SlidePosition }): void => {
    state = step.state;
    if (step.goTo) goTo(step.goTo);
    render();
  };
  const render = (): void => {
    document.documentElement.dataset.stageFollow = state.mode;
    control.show(state.mode === 'wandering' && state.speaker !== null, state.speaker);
  };
  const onEvent = (event: StageEvent): void => {
    // A position that names no deck (a driver that does not say) is in this one; one of
    // another deck (a server that shares one stage between its decks) is not this page's.
    if (event.type === 'position') {
      const position = { ...event.position, deck: event.position.deck ?? deckPath() };
      if (position.deck === deckPath()) apply(onSpeakerMoved(state, position, here(deck), isReaderOpen(), options));
    }
    else if (event.type === 'run-started' && !event.run.edited) window.dispatchEvent(new CustomEvent<RunSummary>(runStartedEvent, { detail: event.run }));
    else if (event.type === 'fallback') window.dispatchEvent(new CustomEvent<StageFallback>(stageFallbackEvent, { detail: { demo: event.demo, key: event.key } }));
  };
  const onMoved = (): void => {
    state = onLocalMoved(state, here(deck), options);
    render();
  };
  const onInput = (event: Event): void => {
    if (control.el.contains(event.target as Node | null)) return;
    state = onReaderInput(state);
  };

  const moves = ['slidechanged', 'fragmentshown', 'fragmenthidden'];
  for (const name of moves) deck.on(name, onMoved);
  const inputs = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
  for (const name of inputs) window.addEventListener(name, onInput, { capture: true, passive: true });
  const stop = watchStage({
    baseUrl,
    onEvent,
    onConnection: (connection) => control.connection(connection === 'open'),
  });
  render();
  return () => {
    stop();
    for (const name of moves) deck.off(name, onMoved);
    for (const name of inputs) window.removeEventListener(name, onInput, { capture: true });
    control.el.remove();
    delete document.documentElement.dataset.stageFollow;
  };
}

/** FollowControl is the "Follow the speaker" button. */
interface FollowControl {
  readonly el: HTMLElement;
  show(visible: boolean, speaker: SlidePosition | null): void;
  connection(open: boolean): void;
}

/** followControl builds the button (hidden until the reader wanders off). */
function followControl(onFollow: () => void): FollowControl {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = 'stage-follow';
  el.hidden = true;
  el.addEventListener('click', () => {
    el.blur(); // keys go back to Reveal
    onFollow();
  });
  document.body.append(el);
  let speakerText = '';
  return {
    el,
    show(visible, speaker) {
      speakerText = speaker ? `slide ${speaker.h + 1}${speaker.v > 0 ? `.${speaker.v + 1}` : ''}` : '';
      el.textContent = `▶ Follow the speaker${speakerText ? ` (${speakerText})` : ''}`;
      el.hidden = !visible;
    },
    connection(open) {
      el.classList.toggle('stage-follow-offline', !open);
    },
  };
}
