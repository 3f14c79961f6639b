/**
 * deckSlidesFile is where the build writes the deck's slide list (protocol.ts DeckSlides),
 * beside the deck's index.html: the phone remote reads it (titles, notes) and so does the
 * demo server (which demo a remote may start on the current slide). Here, not in the
 * compiler, so the server names the file without loading the slide compiler.
 */
export const deckSlidesFile = 'slides.json';
