/**
 * The phone remote's page (`<deck>/remote/#token=…`, opened from the QR code in the
 * speaker view): huge Previous / Next buttons (and swipes) at the thumb's reach, the
 * current slide's number and title, its notes in large type, the talk's clock, and on a
 * slide with a demo its Run / Cancel card (demo-card.ts).
 *
 * - Where the talk is comes from the stage stream (`api/stage/events`, the audience's
 *   stream): every `position` the speaker's deck publishes, `driver` changes of the seat,
 *   and `run-started` for the demo card. The stream is resumed after the last event seen
 *   (`?after=`), so a phone whose screen locked and woke gets every event it missed, in
 *   order, and shows where the deck is now; it never sends a press by itself.
 * - Presses are steps (step-sender.ts): from the position shown, retried with their
 *   request id, one at a time.
 * - One driver at a time (seat-view.ts): following another remote, the buttons give way
 *   to "Ask to drive"; driving, a request from another remote shows Hand over / Refuse.
 * - Every URL is relative to the page: nothing leaves the server the phone opened.
 */
import type { DeckSlide, DeckSlides, DriverSeat, HealthInfo, RemoteSelf, SlidePosition, StageEvent, StepDirection } from '../../demos/protocol.ts';
import { adoptPageToken, remoteTokenStorageKey } from '../../demos/client/control-token.ts';
import { domBuilder } from '../../demos/client/dom-builder.ts';
import { backoffDelayMs } from '../../demos/client/event-sequence.ts';
import { watchStage } from '../../demos/client/stage-stream.ts';
import { fetchHealth } from '../../demos/client/transport.ts';
import { ApiRequestError, createLiveTransport, NetworkError } from '../../demos/client/transport-live.ts';
import { createReplayTransport } from '../../demos/client/transport-replay.ts';
import type { DemoLoaders } from '../../demos/client/widget-loader.ts';
import { mountDemoCard, type DemoCard } from './demo-card.ts';
import { createRemoteApi, randomRequestId, type RemoteApi } from './remote-api.ts';
import { formatElapsed, seatViewOf, slideNumber, type SeatView } from './seat-view.ts';
import { createStepSender, type StepNotice, type StepSender } from './step-sender.ts';

/** RemoteOptions are what the page's generated entry passes in. */
export interface RemoteOptions {
  /** The deck's demos, by id (the same loaders as the deck's entry). */
  demos: Readonly<Record<string, DemoLoaders>>;
}

/** swipeMinPx is how far a finger must travel sideways for a swipe (not a scroll of the notes). */
const swipeMinPx = 60;

const noticeText: Record<Exclude<StepNotice, null>, string> = {
  'not-driver': 'Another remote drives now: ask to take over.',
  'no-deck': 'The deck has not said where it is yet: open it on the laptop.',
  'deck-silent': 'The deck did not move: is it open on the laptop?',
  offline: 'No answer from the server: check the phone’s Wi-Fi. Press again to retry.',
  refused: 'The server refused the step.',
};

/** startRemote builds the page in `root` and runs it. */
export async function startRemote(root: HTMLElement, options: RemoteOptions): Promise<void> {
  const token = adoptPageToken(undefined, remoteTokenStorageKey);
  const view = buildView(root);
  if (!token) return view.fatal('This page needs the remote link from the speaker view (its QR code). Scan it again.');
  const api = createRemoteApi({ pageUrl: location.href, token });
  const deckBase = new URL('../', location.href).href;
  let self: RemoteSelf;
  let slides: DeckSlides;
  let health: HealthInfo | null;
  try {
    [self, slides, health] = await Promise.all([api.me(), api.slides(), fetchHealth(deckBase, (input, init) => fetch(input, init), 15_000, token)]);
  } catch (error) {
    return view.fatal(error instanceof ApiRequestError && error.status === 403 ? `${error.message}.` : `Cannot reach the deck’s server: ${(error as Error).message}`);
  }
  if (!health) return view.fatal('The deck’s server does not answer.');
  // The server's recordings too: a card shows the one the speaker's deck shows instead of a failed run.
  const recordings = createReplayTransport({ recordingPaths: (key) => [`api/recordings/${encodeURIComponent(key)}`], baseUrl: deckBase, fetch: (input, init) => fetch(input, init) });
  const transport = createLiveTransport({ baseUrl: deckBase, fetch: (input, init) => fetch(input, init), health, token, randomId: () => randomRequestId(), recordings });
  new Remote(view, api, slides, self, options, transport).start();
}

/** Remote holds the page's state and wires the parts together. */
class Remote {
  private position: SlidePosition | null = null;
  private seat: DriverSeat;
  private seatView: SeatView;
  private readonly sender: StepSender;
  private startedAtMs: number | null;
  private lastSeq = 0;
  private stopStream: (() => void) | undefined;
  private cards: DemoCard[] = [];
  private cardSlide: DeckSlide | undefined;
  private readonly bySlide: Map<string, DeckSlide>;

  constructor(
    private readonly view: View,
    private readonly api: RemoteApi,
    slides: DeckSlides,
    private readonly self: RemoteSelf,
    private readonly options: RemoteOptions,
    private readonly transport: ReturnType<typeof createLiveTransport>,
  ) {
    this.bySlide = new Map(slides.slides.map((slide) => [`${slide.h}/${slide.v}`, slide]));
    this.seat = self.seat;
    this.seatView = seatViewOf(self.seat, self.remote.id);
    this.startedAtMs = self.talkElapsedMs === null ? null : performance.now() - self.talkElapsedMs;
    this.sender = createStepSender({
      send: (request) => api.step(request),
      retryable: (error) => error instanceof NetworkError || (error instanceof ApiRequestError && error.status >= 500),
      randomId: () => randomRequestId(),
      delayMs: backoffDelayMs,
      timers: { set: (callback, ms) => setTimeout(callback, ms), clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) },
      onChange: (state) => {
        this.view.setBusy(state.busy, state.queued);
        if (state.notice) this.view.notice(noticeText[state.notice]);
        else if (state.busy) this.view.notice('');
        if (state.notice === 'refused') void this.checkStillRemote();
      },
    });
  }

  start(): void {
    this.view.label.textContent = this.self.remote.label;
    this.view.onStep = (step) => this.press(step);
    this.view.onAsk = (action) => void this.handoff(() => this.api.ask(action));
    this.view.onAnswer = (accept) => {
      const asking = this.seatView.toAnswer;
      if (asking) void this.handoff(() => this.api.answer(asking.id, accept));
    };
    this.renderSeat();
    this.connect();
    setInterval(() => this.tick(), 1000);
    this.tick();
    document.addEventListener('visibilitychange', () => this.onVisibility());
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) this.onVisibility();
    });
  }

  private press(step: StepDirection): void {
    if (this.seatView.mode === 'following') {
      this.view.notice(noticeText['not-driver']);
      return;
    }
    this.sender.press(step);
  }

  /** connect follows the stage stream from the last event seen (0: from where the speaker is). */
  private connect(): void {
    this.stopStream?.();
    this.stopStream = watchStage({
      baseUrl: new URL('../', location.href).href,
      after: this.lastSeq,
      onEvent: (event) => this.onEvent(event),
      onConnection: (state) => this.view.setLink(state === 'open' ? 'open' : 'reconnecting'),
    });
  }

  private onEvent(event: StageEvent): void {
    this.lastSeq = event.seq;
    this.view.root.dataset.lastSeq = String(event.seq);
    switch (event.type) {
      case 'position':
        this.position = event.position;
        if (this.startedAtMs === null && (event.position.h > 0 || event.position.v > 0)) this.startedAtMs = performance.now();
        this.sender.moved(event.position);
        this.renderSlide();
        return;
      case 'driver':
        this.seat = event.seat;
        this.renderSeat();
        return;
      case 'run-started':
        for (const card of this.cards) card.offer(event.run);
        return;
      case 'fallback':
        for (const card of this.cards) card.fallback(event.demo, event.key);
        return;
      default:
        return; // a step is the deck's to take
    }
  }

  /** onVisibility: a phone waking up checks its stream and clock at once rather than at the next retry. */
  private onVisibility(): void {
    if (this.view.root.dataset.fatal !== undefined) return;
    if (document.visibilityState === 'hidden') {
      this.sender.forget();
      return;
    }
    this.connect();
    void this.api.me().then(
      (self) => {
        this.seat = self.seat;
        this.renderSeat();
        if (self.talkElapsedMs !== null) this.startedAtMs = performance.now() - self.talkElapsedMs;
      },
      (error: unknown) => {
        if (error instanceof ApiRequestError && error.status === 403) this.stop(`${error.message}.`);
      },
    );
  }

  private async handoff(action: () => Promise<DriverSeat>): Promise<void> {
    try {
      this.seat = await action();
      this.renderSeat();
    } catch (error) {
      this.view.notice(error instanceof Error ? error.message : String(error));
      if (error instanceof ApiRequestError && error.status === 403) void this.checkStillRemote();
    }
  }

  /** checkStillRemote asks who this remote is after a refusal: a revoked remote says so and stops. */
  private async checkStillRemote(): Promise<void> {
    try {
      await this.api.me();
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 403) this.stop(`${error.message}.`);
    }
  }

  private stop(message: string): void {
    this.stopStream?.();
    this.stopStream = undefined;
    for (const card of this.cards.splice(0)) card.destroy();
    this.view.fatal(message);
  }

  private tick(): void {
    this.view.clock.textContent = formatElapsed(this.startedAtMs === null ? null : performance.now() - this.startedAtMs);
  }

  private renderSeat(): void {
    this.seatView = seatViewOf(this.seat, this.self.remote.id);
    this.view.setSeat(this.seatView);
    for (const card of this.cards) card.refresh();
  }

  private renderSlide(): void {
    const position = this.position;
    const slide = position ? this.bySlide.get(`${position.h}/${position.v}`) : undefined;
    this.view.setSlide(position, slide);
    if (slide !== this.cardSlide) void this.mountCards(slide);
  }

  private async mountCards(slide: DeckSlide | undefined): Promise<void> {
    this.cardSlide = slide;
    for (const card of this.cards.splice(0)) card.destroy();
    const placements = slide?.demos ?? [];
    this.view.demos.replaceChildren();
    this.view.demos.hidden = placements.length === 0;
    for (const placement of placements) {
      const el = document.createElement('section');
      el.className = 'card';
      this.view.demos.append(el);
      const card = await mountDemoCard({
        el,
        placement,
        loaders: this.options.demos[placement.demo],
        transport: this.transport,
        mayRun: () => this.seatView.mode !== 'following',
        onProblem: (message) => {
          this.view.notice(message);
          void this.checkStillRemote();
        },
      });
      if (this.cardSlide !== slide) card.destroy();
      else this.cards.push(card);
    }
  }
}

/** View is the page's DOM and its inputs. */
interface View {
  readonly root: HTMLElement;
  readonly label: HTMLElement;
  readonly clock: HTMLElement;
  readonly demos: HTMLElement;
  onStep: (step: StepDirection) => void;
  onAsk: (action: 'ask' | 'withdraw') => void;
  onAnswer: (accept: boolean) => void;
  setSlide(position: SlidePosition | null, slide: DeckSlide | undefined): void;
  setSeat(seat: SeatView): void;
  setBusy(step: StepDirection | null, queued: number): void;
  setLink(state: 'open' | 'reconnecting'): void;
  notice(text: string): void;
  /** fatal replaces the page with a message and a link to the audience's view of the deck. */
  fatal(message: string): void;
}

/** buildView lays out the page (remote.css sizes it for one thumb on a 390×844 screen). */
function buildView(root: HTMLElement): View {
  const { element: el, button } = domBuilder();
  const number = el('span', 'remote-number', '–');
  const clock = el('span', 'remote-clock', '–:––');
  clock.setAttribute('aria-label', 'time since the talk started');
  const link = el('span', 'remote-link');
  const label = el('span', 'remote-label');
  const title = el('h1', 'remote-title', 'Waiting for the deck…');
  const top = el('header', 'remote-top');
  const meta = el('div', 'remote-meta');
  meta.append(number, label, link, clock);
  top.append(meta, title);
  const seatText = el('span', 'remote-seat-text');
  const ask = button('remote-ask', 'Ask to drive');
  const accept = button('remote-accept', 'Hand over');
  const refuse = button('remote-refuse', 'Refuse');
  const seat = el('div', 'remote-seat');
  seat.hidden = true;
  seat.append(seatText, ask, accept, refuse);
  const notes = el('section', 'remote-notes');
  const demos = el('div', 'remote-demos');
  demos.hidden = true;
  const noticeLine = el('div', 'remote-notice');
  noticeLine.setAttribute('role', 'status');
  const prev = button('remote-prev', '◀ Back');
  prev.setAttribute('aria-label', 'Previous');
  const next = button('remote-next', 'Next ▶');
  next.setAttribute('aria-label', 'Next');
  const nav = el('nav', 'remote-nav');
  nav.append(prev, next);
  const body = el('div', 'remote-body');
  // On a demo slide the Run card comes first: its state and answer are what the speaker waits for.
  body.append(demos, notes);
  root.replaceChildren(top, seat, body, noticeLine, nav);
  let asking = false;

  const view: View = {
    root,
    label,
    clock,
    demos,
    onStep: () => undefined,
    onAsk: () => undefined,
    onAnswer: () => undefined,
    setSlide(position, slide) {
      number.textContent = position ? slideNumber(position.h, position.v) : '–';
      title.textContent = slide?.title ?? (position ? `Slide ${slideNumber(position.h, position.v)}` : 'Waiting for the deck…');
      // The notes are the deck's own compiled HTML (slides.json from the build), as in the speaker view.
      notes.innerHTML = slide?.notesHtml || '<p class="remote-no-notes">No notes on this slide.</p>';
      notes.scrollTop = 0;
      root.dataset.slide = slide?.id ?? '';
      root.dataset.position = position ? `${position.h}/${position.v}/${position.f}` : '';
    },
    setSeat(state) {
      root.dataset.seat = state.mode;
      asking = state.asking;
      const driver = state.driver?.label ?? '';
      prev.disabled = next.disabled = state.mode === 'following';
      seat.hidden = state.mode !== 'following' && state.toAnswer === null;
      ask.hidden = state.mode !== 'following';
      ask.textContent = state.asking ? 'Withdraw' : 'Ask to drive';
      accept.hidden = refuse.hidden = state.toAnswer === null;
      if (state.toAnswer) seatText.textContent = `${state.toAnswer.label} asks to drive.`;
      else if (state.asking) seatText.textContent = `Asked ${driver} to hand over…`;
      else seatText.textContent = `${driver} drives${state.answer === 'refused' ? ' (your request was refused)' : ''}.`;
    },
    setBusy(step, queued) {
      prev.classList.toggle('remote-pressed', step === 'prev');
      next.classList.toggle('remote-pressed', step === 'next');
      root.dataset.queued = String(queued);
    },
    setLink(state) {
      link.dataset.state = state;
      link.textContent = state === 'open' ? '● live' : '○ reconnecting…';
    },
    notice(text) {
      noticeLine.textContent = text;
    },
    fatal(message) {
      const box = el('div', 'remote-fatal', message);
      const audience = el('a', 'remote-audience', 'Follow the talk as the audience does');
      audience.href = '../';
      box.append(el('br', ''), audience);
      root.replaceChildren(box);
      root.dataset.fatal = '';
    },
  };

  prev.addEventListener('click', () => view.onStep('prev'));
  next.addEventListener('click', () => view.onStep('next'));
  ask.addEventListener('click', () => view.onAsk(asking ? 'withdraw' : 'ask'));
  accept.addEventListener('click', () => view.onAnswer(true));
  refuse.addEventListener('click', () => view.onAnswer(false));
  installSwipe(body, (step) => view.onStep(step));
  return view;
}

/** installSwipe turns a sideways swipe on `area` into a step: leftwards is Next, as pages turn. */
function installSwipe(area: HTMLElement, onStep: (step: StepDirection) => void): void {
  let start: { x: number; y: number; id: number } | null = null;
  area.addEventListener('pointerdown', (event) => {
    start = event.isPrimary ? { x: event.clientX, y: event.clientY, id: event.pointerId } : null;
  });
  area.addEventListener('pointercancel', () => (start = null));
  area.addEventListener('pointerup', (event) => {
    if (!start || event.pointerId !== start.id) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    start = null;
    // Mostly sideways and far enough: a vertical drag scrolls the notes instead.
    if (Math.abs(dx) < swipeMinPx || Math.abs(dx) < 2 * Math.abs(dy)) return;
    onStep(dx < 0 ? 'next' : 'prev');
  });
}
