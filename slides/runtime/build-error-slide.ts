/**
 * The id of the slide the dev server shows instead of a deck that does not build (the
 * slide compiler's plugin writes it; createDeck recognises it). No DOM, no Node: both
 * sides import it.
 */

/** buildErrorSlideId is the `id` of the "The deck does not build" slide. */
export const buildErrorSlideId = 'deck-build-error';
