/**
 * The decks' slides as the build wrote them (`slides.json` beside each deck's built
 * index.html, protocol.ts DeckSlides): which demos, with which params, each slide holds.
 * The server reads them at start (main.ts, with `--dist`: the flagship's at `/`, each
 * other deck's at `/<deck>/`) so that a remote's run can be checked against the slide the
 * audience is on (remote-scope.ts): the page that asks is not trusted to say which demo
 * that is. A position names its deck's page (`deck`, `/` when absent). Pure: parsing and
 * lookup, no file access.
 */
import { z } from 'zod';
import type { DeckSlide, DeckSlides, RunParams, SlidePosition } from '../../demos/protocol.ts';
import { formatIssues } from '../engine/params.ts';

const placementSchema = z.object({ demo: z.string().min(1), params: z.record(z.string(), z.unknown()) });
const slideSchema = z.object({
  h: z.number().int().min(0),
  v: z.number().int().min(0),
  id: z.string(),
  title: z.string(),
  notesHtml: z.string(),
  demos: z.array(placementSchema),
});
const slidesSchema = z.object({ format: z.literal(1), title: z.string(), slides: z.array(slideSchema) });

/** flagshipDeckPath is the page of the deck served at the root, and of a position that names none. */
export const flagshipDeckPath = '/';

/** SlideMap finds a slide by position. */
export interface SlideMap {
  /** knows says whether the map has the slides of a position's deck. */
  knows(position: SlidePosition | null | undefined): boolean;
  /** slideAt is the slide at a position (its fragment does not matter), if its deck has one there. */
  slideAt(position: SlidePosition | null | undefined): DeckSlide | undefined;
}

/** ParsedSlides is a deck's slide list, or why the file is not one. */
export type ParsedSlides = { ok: true; slides: DeckSlides } | { ok: false; message: string };

/** parseSlides reads one `slides.json`'s text. */
export function parseSlides(text: string): ParsedSlides {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not JSON: ${(error as Error).message}` };
  }
  const parsed = slidesSchema.safeParse(value);
  if (!parsed.success) return { ok: false, message: `not a slide list (format 1): ${formatIssues(parsed.error.issues).slice(0, 3).join('; ')}` };
  const slides: DeckSlide[] = parsed.data.slides.map((slide) => ({ ...slide, demos: slide.demos.map((d) => ({ demo: d.demo, params: d.params as RunParams })) }));
  return { ok: true, slides: { format: 1, title: parsed.data.title, slides } };
}

/** deckOf is the deck page a position names (the flagship's when it names none). */
function deckOf(position: SlidePosition): string {
  return position.deck ?? flagshipDeckPath;
}

/** createSlideMap indexes the slide lists of the server's decks, by deck page (`/`, `/lightning/` …). */
export function createSlideMap(decks: Readonly<Record<string, DeckSlides>>): SlideMap {
  const byPlace = new Map<string, DeckSlide>();
  for (const [deck, list] of Object.entries(decks)) for (const slide of list.slides) byPlace.set(`${deck}#${slide.h}/${slide.v}`, slide);
  return {
    knows: (position) => position !== null && position !== undefined && Object.hasOwn(decks, deckOf(position)),
    slideAt: (position) => (position ? byPlace.get(`${deckOf(position)}#${position.h}/${position.v}`) : undefined),
  };
}

/** emptySlideMap is the map of a server without a built deck (`--dist`): no slide, so no remote runs. */
export const emptySlideMap: SlideMap = createSlideMap({});
