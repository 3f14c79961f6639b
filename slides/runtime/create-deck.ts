/**
 * createDeck starts Reveal with the house settings every deck shares:
 *
 * - 1280×720 canvas, each slide its own URL (`#/<id>`; `#/4` is the fifth slide: Reveal
 *   counts from 0, and its speaker view depends on that),
 *   out-of-range URLs corrected to the nearest slide (nearest-slide.ts);
 * - the scroll view (one tall page) on screens narrower than 700 px;
 * - print view with `?print-pdf` (or `?view=print`): one page per slide, fragments and
 *   code steps shown at once, numbered as the deck numbers them (print-numbers.ts); add `&show-notes` to print each slide's speaker notes on a
 *   page of their own after it (not `&notes`: Reveal's notes plugin opens the speaker
 *   window for that);
 * - speaker notes (press S; reveal.js's notes plugin loads after the first slide, lazy-notes.ts), code walk-throughs (code-focus.ts), shrink-to-fit
 *   (fit-slide.ts), plus the plugins the deck passes in (e.g. the demos plugin).
 */
import Reveal from 'reveal.js';
import { createCodeFocusPlugin } from './code-focus.ts';
import { createFitPlugin } from './fit-slide.ts';
import { createLazyNotesPlugin } from './lazy-notes.ts';
import { buildErrorSlideId } from './build-error-slide.ts';
import { hashTarget } from './hash-target.ts';
import { createNearestSlidePlugin } from './nearest-slide.ts';
import { createPrintNumbersPlugin } from './print-numbers.ts';

import type { DeckApi, DeckPlugin } from './reveal-api.ts';

type RevealConfig = NonNullable<ConstructorParameters<typeof Reveal>[1]>;

/** DeckOptions are what a deck's main.ts may add or override. */
export interface DeckOptions {
  /** More Reveal plugins (objects `{ id, init(deck), destroy() }`). */
  plugins?: DeckPlugin[];
  /** Overrides of the shared Reveal settings. */
  config?: Partial<RevealConfig>;
  /** The deck element; default `.reveal`. */
  element?: HTMLElement;
}

/** scrollViewMaxWidthPx is the widest window that gets the scroll view instead of slides. */
export const scrollViewMaxWidthPx = 700;

/** createDeck initialises Reveal and resolves once the deck is ready. */
export async function createDeck(options: DeckOptions = {}): Promise<DeckApi> {
  const element = options.element ?? document.querySelector<HTMLElement>('.reveal');
  if (!element) throw new Error('createDeck: no .reveal element in the page');
  const query = new URLSearchParams(window.location.search);
  const printing = query.has('print-pdf') || query.get('view') === 'print';
  // A phone reading the scroll view gets a narrower canvas: the text reflows and is shown
  // about twice as large as the 1280-wide canvas scaled down to the screen would be.
  // The speaker view's previews (`?receiver`) are small iframes that must stay slides.
  const receiver = query.has('receiver');
  const narrow = !printing && !receiver && window.innerWidth <= scrollViewMaxWidthPx;
  // The dev server's "does not build" page is one slide standing in for the whole deck:
  // it leaves the address alone, so the reload after the fix lands on the slide that was
  // being edited, not on the first one.
  const standIn = element.querySelector(`#${buildErrorSlideId}`) !== null;
  const deck = new Reveal(element, {
    width: narrow ? 720 : 1280,
    height: narrow ? 900 : 720,
    margin: 0.04,
    minScale: 0.2,
    maxScale: 2.5,
    hash: !standIn,
    respondToHashChanges: !standIn,
    center: true,
    controls: true,
    progress: true,
    slideNumber: 'h.v',
    showSlideNumber: 'all',
    transition: 'slide',
    transitionSpeed: 'fast',
    backgroundTransition: 'fade',
    // Narrow screens (phones) read the talk as one scrolling page.
    scrollActivationWidth: receiver ? 0 : scrollViewMaxWidthPx,
    scrollProgress: 'auto',
    // A printed slide is one page with everything shown; notes only when asked for.
    pdfSeparateFragments: false,
    pdfMaxPagesPerSlide: 1,
    // Reveal's types say boolean; it also takes 'separate-page' (notes on their own page).
    showNotes: (printing && query.has('show-notes') ? 'separate-page' : false) as boolean,
    plugins: (standIn ? [] : [createLazyNotesPlugin(), createCodeFocusPlugin(), createFitPlugin(), createNearestSlidePlugin(), createPrintNumbersPlugin(), ...(options.plugins ?? [])]) as RevealConfig['plugins'],
    ...options.config,
  });
  const initialHash = window.location.hash;
  await deck.initialize();
  const api = deck as DeckApi;
  // Reveal 6 switches to the scroll view before it reads the URL and then forgets it;
  // go to the slide the URL named, as the slide view does.
  if (api.isScrollView() && !standIn) await scrollToHash(api, initialHash);
  return api;
}

/**
 * scrollToHash brings the slide a hash names to the top of the scroll view (a phone). It
 * scrolls to the slide's page itself rather than through Reveal's `slide()`, whose scroll
 * offsets are computed before the fonts and the demo panels have their final sizes and
 * land a page early; Reveal then activates that page and writes its own hash. Done again
 * once the fonts are in, as they change the pages' heights.
 */
async function scrollToHash(deck: DeckApi, hash: string): Promise<void> {
  const slide = slideOfHash(deck, hash);
  if (!slide) return;
  // Reveal's own move first: it records the slide and writes its URL (replacing the
  // title's, written on start); its scroll position is then corrected below.
  goToHash(deck, hash);
  const scroll = (): void => {
    const page = slide.closest<HTMLElement>('.scroll-page');
    const viewport = deck.getViewportElement();
    if (!page || !viewport) return;
    // A pixel into the page, so Reveal's scroll sync counts it as this page, not the last.
    viewport.scrollTop = page.offsetTop + 1;
  };
  scroll();
  await document.fonts?.ready;
  await new Promise((done) => requestAnimationFrame(done));
  scroll();
  // The scroll view writes the first page's hash when it starts; a shared link must keep
  // naming the slide it was opened at.
  if (window.location.hash !== hash) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
}

/** slideOfHash is the slide a `#/<id>` or `#/<n>` hash names, if any. */
function slideOfHash(deck: DeckApi, hash: string): HTMLElement | null {
  const target = hashTarget(hash);
  if (target === '') return null;
  if (/^\d+$/.test(target)) return deck.getSlides().find((s) => Number(s.dataset.indexH) === Number(target) && !s.dataset.indexV) ?? null;
  return document.getElementById(target)?.closest<HTMLElement>('.slides section') ?? null;
}

/** goToHash moves the deck to the slide a `#/<id>` or `#/<n>` hash names, if any. */
function goToHash(deck: DeckApi, hash: string): void {
  const target = hashTarget(hash);
  if (target === '') return;
  if (/^\d+$/.test(target)) {
    deck.slide(Number(target), 0);
    return;
  }
  const slide = document.getElementById(target)?.closest<HTMLElement>('.slides section');
  const h = Number(slide?.dataset.indexH);
  const v = Number(slide?.dataset.indexV ?? 0);
  if (slide && Number.isInteger(h)) deck.slide(h, Number.isInteger(v) ? v : 0);
}
