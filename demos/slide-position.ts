/**
 * Slide positions (`SlidePosition` in protocol.ts): where a deck is, compared the same way
 * by the server (is a move stale?) and the deck (has the reader wandered off?). Positions
 * in two decks are never the same place. Pure.
 */
import type { SlidePosition } from './protocol.ts';

/** samePosition says whether two positions are the same slide, sub-slide and fragment. */
export function samePosition(a: SlidePosition | null | undefined, b: SlidePosition | null | undefined): boolean {
  if (!a || !b) return a === b;
  return sameSlide(a, b) && a.f === b.f;
}

/** sameSlide says whether two positions are on the same slide and sub-slide (of the same deck), whatever their fragment. */
export function sameSlide(a: SlidePosition | null | undefined, b: SlidePosition | null | undefined): boolean {
  if (!a || !b) return a === b;
  return a.h === b.h && a.v === b.v && (a.deck ?? '') === (b.deck ?? '');
}

/**
 * positionOf turns Reveal's indices into a position: no vertical index is the top
 * sub-slide (0), no fragment index (a slide without fragments) is "none shown" (-1).
 */
export function positionOf(indices: { h?: number; v?: number; f?: number }): SlidePosition {
  const whole = (value: number | undefined, fallback: number): number => (Number.isInteger(value) ? value! : fallback);
  return { h: Math.max(0, whole(indices.h, 0)), v: Math.max(0, whole(indices.v, 0)), f: Math.max(-1, whole(indices.f, -1)) };
}
