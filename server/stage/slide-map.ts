/**
 * The deck's slides as the build wrote them (`slides.json` beside the built index.html,
 * protocol.ts DeckSlides): which demos, with which params, each slide holds. The server
 * reads it at start (main.ts, with `--dist`) so that a remote's run can be checked
 * against the slide the audience is on (remote-scope.ts): the page that asks is not
 * trusted to say which demo that is. Pure: parsing and lookup, no file access.
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

/** SlideMap finds a slide by position. */
export interface SlideMap {
  readonly slides: readonly DeckSlide[];
  /** slideAt is the slide at a position (its fragment does not matter), if the deck has one there. */
  slideAt(position: SlidePosition | null | undefined): DeckSlide | undefined;
}

/** ParsedSlideMap is a map, or why the file is not one. */
export type ParsedSlideMap = { ok: true; map: SlideMap } | { ok: false; message: string };

/** parseSlideMap reads `slides.json`'s text. */
export function parseSlideMap(text: string): ParsedSlideMap {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not JSON: ${(error as Error).message}` };
  }
  const parsed = slidesSchema.safeParse(value);
  if (!parsed.success) return { ok: false, message: `not a slide list (format 1): ${formatIssues(parsed.error.issues).slice(0, 3).join('; ')}` };
  const slides: DeckSlide[] = parsed.data.slides.map((slide) => ({ ...slide, demos: slide.demos.map((d) => ({ demo: d.demo, params: d.params as RunParams })) }));
  return { ok: true, map: createSlideMap({ format: 1, title: parsed.data.title, slides }) };
}

/** createSlideMap indexes a slide list by position. */
export function createSlideMap(deck: DeckSlides): SlideMap {
  const byPlace = new Map(deck.slides.map((slide) => [`${slide.h}/${slide.v}`, slide]));
  return {
    slides: deck.slides,
    slideAt: (position) => (position ? byPlace.get(`${position.h}/${position.v}`) : undefined),
  };
}

/** emptySlideMap is the map of a server without a built deck (`--dist`): no slide, so no remote runs. */
export const emptySlideMap: SlideMap = createSlideMap({ format: 1, title: '', slides: [] });
