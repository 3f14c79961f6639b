/**
 * createDeck starts Reveal with the house settings every deck shares:
 *
 * - 1280×720 canvas, each slide its own URL (`#/<id>`; `#/5` is slide 5, counted from 1),
 *   out-of-range URLs corrected to the nearest slide (nearest-slide.ts);
 * - the scroll view (one tall page) on screens narrower than 700 px;
 * - print view with `?print-pdf` (or `?view=print`): one page per slide, fragments and
 *   code steps shown at once; add `&notes` to print each slide's speaker notes on a page
 *   of their own after it;
 * - speaker notes (press S), code walk-throughs (code-focus.ts), shrink-to-fit
 *   (fit-slide.ts), plus the plugins the deck passes in (e.g. the demos plugin).
 */
import Reveal from 'reveal.js';
import Notes from 'reveal.js/plugin/notes';
import { createCodeFocusPlugin } from './code-focus.ts';
import { createFitPlugin } from './fit-slide.ts';
import { createNearestSlidePlugin } from './nearest-slide.ts';

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
  const narrow = !printing && window.innerWidth <= scrollViewMaxWidthPx;
  const deck = new Reveal(element, {
    width: narrow ? 720 : 1280,
    height: narrow ? 900 : 720,
    margin: 0.04,
    minScale: 0.2,
    maxScale: 2.5,
    hash: true,
    hashOneBasedIndex: true,
    respondToHashChanges: true,
    center: true,
    controls: true,
    progress: true,
    slideNumber: 'h.v',
    showSlideNumber: 'all',
    transition: 'slide',
    transitionSpeed: 'fast',
    backgroundTransition: 'fade',
    // Narrow screens (phones) read the talk as one scrolling page.
    scrollActivationWidth: scrollViewMaxWidthPx,
    scrollProgress: 'auto',
    // A printed slide is one page with everything shown; notes only when asked for.
    pdfSeparateFragments: false,
    pdfMaxPagesPerSlide: 1,
    // Reveal's types say boolean; it also takes 'separate-page' (notes on their own page).
    showNotes: (printing && query.has('notes') ? 'separate-page' : false) as boolean,
    plugins: [Notes, createCodeFocusPlugin(), createFitPlugin(), createNearestSlidePlugin(), ...(options.plugins ?? [])] as RevealConfig['plugins'],
    ...options.config,
  });
  await deck.initialize();
  return deck as DeckApi;
}
