/**
 * The deck's demo plugin for Reveal 6. It finds every `.demo[data-demo]` placeholder the
 * slide build emitted (`data-params` JSON, optional `data-title`) and
 * mounts a run panel with the demo's widget into it when its slide becomes current or
 * adjacent (so the speaker-notes "upcoming" preview has it too). A mounted demo stays
 * mounted (its events keep flowing while the speaker moves on) until the plugin is
 * destroyed. In print view every demo mounts at once in instant replay, so the PDF shows
 * the recorded results in place.
 *
 * Everything past this file loads lazily: the panel and transports in one small chunk on
 * the first demo slide, each widget in its own chunk, so the deck's first slide pays for
 * none of it. The deck says which demos it has (`demos`: a loader per demo, written by the
 * deck's generated entry, slides/compiler/deck-page.ts), so its build holds those
 * demos' chunks and no others.
 */
import './demo-panel.css';
import type { RevealApi, RevealPlugin } from 'reveal.js';
import type { DemoManifest } from '../define-demo.ts';
import type { RunParams, RunSummary } from '../protocol.ts';
import type { RunPanel } from './run-panel.ts';
import type { Transport } from './transport.ts';
import type { FallbackSync } from './fallback-sync.ts';
import { adoptPageToken } from './control-token.ts';
import { runStartedEvent } from './run-started.ts';
import type { DemoLoaders } from './widget-loader.ts';

export type { DemoLoaders } from './widget-loader.ts';

/** DemoPluginOptions tune the plugin; the defaults are what the deck wants. */
export interface DemoPluginOptions {
  /** The demos the deck has, by id; a `[data-demo]` of another id gets the log widget. */
  demos?: Readonly<Record<string, DemoLoaders>>;
  /** Force print behaviour (normally detected from `?print-pdf` / Reveal's print view). */
  print?: boolean;
  /** How long print view waits for demos before letting Reveal lay out pages (ms). */
  printWaitMs?: number;
}

/** createDemoPlugin returns the Reveal plugin `{ id: 'demos', init, destroy }`. */
export default function createDemoPlugin(options: DemoPluginOptions = {}): RevealPlugin {
  // Before Reveal reads the hash: a speaker URL's `#token=…` is not a slide.
  adoptPageToken();
  const mounts = new Map<HTMLElement, Promise<RunPanel | null>>();
  const cleanups: Array<() => void> = [];
  let transport: Promise<Transport> | undefined;
  let destroyed = false;
  let deck: RevealApi;
  let print = false;
  let readOnly = false;
  /** The stage fallback's channel among the deck's windows (not in print: nothing fails there). */
  let fallbackSync: Promise<FallbackSync> | undefined;

  function getTransport(): Promise<Transport> {
    transport ??= import('./transport.ts').then(({ chooseTransport }) =>
      chooseTransport(print ? { forceReplay: true, replay: { instant: true } } : {}),
    );
    return transport;
  }

  function demoElements(root: ParentNode): HTMLElement[] {
    return [...root.querySelectorAll<HTMLElement>('.demo[data-demo]')];
  }

  function mount(el: HTMLElement): Promise<RunPanel | null> {
    const existing = mounts.get(el);
    if (existing) return existing;
    const promise = mountOne(el).catch((err: unknown) => {
      el.classList.add('demo-failed');
      el.textContent = `Demo "${el.dataset.demo}" failed to start: ${err instanceof Error ? err.message : String(err)}`;
      return null;
    });
    mounts.set(el, promise);
    return promise;
  }

  async function mountOne(el: HTMLElement): Promise<RunPanel | null> {
    const demo = el.dataset.demo ?? '';
    const params = parseParams(el.dataset.params);
    // Something on the slide at once: the chunk and the server's first answer take a moment.
    if (!el.hasChildNodes()) {
      const loading = document.createElement('div');
      loading.className = 'demo-loading';
      loading.textContent = `Loading demo ${demo}…`;
      el.append(loading);
    }
    const loaders = options.demos?.[demo];
    const [{ mountRunPanel }, chosen, manifest, sync] = await Promise.all([import('./run-panel.ts'), getTransport(), loaders ? loadManifest(loaders) : undefined, fallbackSync]);
    if (destroyed) return null;
    const panel = await mountRunPanel({
      el,
      demo,
      params,
      transport: chosen,
      ...(manifest ? { manifest } : {}),
      createWidget: (host) => import('./widget-loader.ts').then(({ createWidgetFor }) => createWidgetFor(demo, loaders, host, print)),
      readOnly,
      print,
      ...(sync ? { fallbackSync: sync } : {}),
      ...(el.dataset.title ? { title: el.dataset.title } : {}),
    });
    if (destroyed) {
      panel.destroy();
      return null;
    }
    if (!print) relayoutOnResize(el);
    return panel;
  }

  /**
   * relayoutOnResize: Reveal centres a slide by its height when it is shown; a panel that
   * mounts or grows afterwards (a table filling in) would hang off the bottom with empty
   * space above, so the deck is laid out again whenever the panel's size changes.
   */
  function relayoutOnResize(el: HTMLElement): void {
    if (typeof ResizeObserver === 'undefined') return;
    let pending = false;
    const observer = new ResizeObserver(() => {
      if (pending || destroyed) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        if (!destroyed && deck.getCurrentSlide()?.contains(el)) deck.layout();
      });
    });
    observer.observe(el);
    cleanups.push(() => observer.disconnect());
  }

  /** mountNear mounts the demos on the current slide and its neighbours in reading order. */
  function mountNear(): void {
    if (destroyed) return;
    const current = deck.getCurrentSlide();
    if (!current) return;
    const slides = deck.getSlides();
    const index = slides.indexOf(current);
    const near = index < 0 ? [current] : slides.slice(Math.max(0, index - 1), index + 2);
    for (const slide of near) for (const el of demoElements(slide)) void mount(el);
  }

  return {
    id: 'demos',
    async init(reveal: RevealApi) {
      deck = reveal;
      print = options.print ?? isPrintView(reveal);
      // The speaker-notes window's previews follow the speaker's runs; they never start one.
      readOnly = print || reveal.isSpeakerNotes() || /[?&]receiver\b/.test(globalThis.location?.search ?? '');
      const root = reveal.getRevealElement() ?? document.body;
      if (print) {
        // Reveal waits for a plugin's init promise before laying out the print pages, so
        // awaiting the mounts (bounded) puts the recorded results into the PDF.
        const all = Promise.all(demoElements(root).map((el) => mount(el)));
        await Promise.race([all, new Promise((done) => setTimeout(done, options.printWaitMs ?? 15_000))]);
        const onPdfReady = (): void => void printReaderPages(root);
        reveal.on('pdf-ready', onPdfReady);
        cleanups.push(() => reveal.off('pdf-ready', onPdfReady));
        return;
      }
      // R opens the reader view on the current slide; loaded off the first slide's path.
      void import('./reader-view.ts').then(({ installReaderKey }) => {
        if (!destroyed) cleanups.push(installReaderKey(() => deck.getCurrentSlide()));
      });
      // Y shows the recording in place of a failed live run; the notes window's previews follow.
      fallbackSync = import('./fallback-sync.ts').then(({ createFallbackSync, installFallbackKey }) => {
        const sync = createFallbackSync();
        cleanups.push(() => sync.close());
        if (!readOnly) cleanups.push(installFallbackKey(reveal));
        return sync;
      });
      const onChange = (): void => mountNear();
      reveal.on('ready', onChange);
      reveal.on('slidechanged', onChange);
      // A run that just started (the stage stream, stage-session.ts): the panels of its
      // demo show it at once rather than at their next poll.
      const onRunStarted = (event: Event): void => {
        const run = (event as CustomEvent<RunSummary>).detail;
        for (const promise of mounts.values()) void promise.then((panel) => panel?.offer(run));
      };
      window.addEventListener(runStartedEvent, onRunStarted);
      cleanups.push(() => {
        reveal.off('ready', onChange);
        reveal.off('slidechanged', onChange);
        window.removeEventListener(runStartedEvent, onRunStarted);
      });
      if (reveal.isReady()) mountNear();
    },
    destroy() {
      destroyed = true;
      for (const cleanup of cleanups.splice(0)) cleanup();
      for (const promise of mounts.values()) void promise.then((panel) => panel?.destroy());
      mounts.clear();
    },
  };
}

/**
 * printReaderPages prints long output whole: after each printed page with a reader block
 * that shows only part of its text, a page of its own with all of it (flowing on to more
 * printed pages when it must).
 */
async function printReaderPages(root: HTMLElement): Promise<void> {
  const { readerPage } = await import('./reader-view.ts');
  for (const page of root.querySelectorAll<HTMLElement>('.pdf-page')) {
    const blocks = [...page.querySelectorAll<HTMLElement>('.reader-block.reader-has-more')];
    let after: HTMLElement = page;
    for (const block of blocks) {
      if (!block.readerContent) continue;
      const extra = document.createElement('div');
      extra.className = 'pdf-page reader-print-page';
      extra.style.minHeight = page.style.height;
      extra.style.background = page.style.background;
      const number = page.querySelector('section')?.dataset.deckNumber;
      extra.dataset.forSlide = number ?? '';
      extra.append(readerPage({ ...block.readerContent, title: `${number ? `${number}: ` : ''}${block.readerContent.title}` }));
      after.after(extra);
      after = extra;
    }
  }
}

/** loadManifest loads a demo's manifest. */
async function loadManifest(loaders: DemoLoaders): Promise<DemoManifest> {
  return (await loaders.manifest()).default;
}

/** parseParams reads `data-params`; invalid JSON is an authoring error shown on the slide. */
function parseParams(raw: string | undefined): RunParams {
  if (!raw) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`data-params is not valid JSON: ${raw}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`data-params must be a JSON object: ${raw}`);
  }
  return value as RunParams;
}


/** isPrintView detects Reveal's print layout (`?print-pdf`, `view: 'print'`). */
function isPrintView(reveal: RevealApi): boolean {
  const api = reveal as RevealApi & { isPrintView?: () => boolean };
  try {
    if (api.isPrintView?.() || reveal.isPrintingPDF()) return true;
  } catch {
    // Older/newer API shapes: fall back to the URL and config.
  }
  const config = reveal.getConfig() as { view?: string };
  return config.view === 'print' || /print-pdf/i.test(globalThis.location?.search ?? '');
}
