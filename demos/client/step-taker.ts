/**
 * The speaker's deck taking a phone remote's steps (the stage stream's `step` events,
 * protocol.ts): Next / Previous happen here, in Reveal, which knows the slides'
 * fragments; the deck then publishes where it landed like after a key press.
 *
 * A step is taken only while the deck is still where the remote saw it (`from`): a step
 * delivered twice (a resumed stream), or a second one sent from the same slide, or one
 * that arrives after the speaker pressed a key on the laptop, changes nothing. The deck
 * watches the stream from its newest event when it starts, so it never takes a step made
 * before it was opened. DOM-free: the deck comes in as three functions; tested in node.
 */
import type { SlidePosition, StageEvent } from '../protocol.ts';
import { samePosition } from '../slide-position.ts';

/** StepDeck is the part of the deck a step needs. */
export interface StepDeck {
  here(): SlidePosition;
  next(): void;
  prev(): void;
}

/** takeStep takes a `step` event if the deck is still at its `from`; it says whether it did. */
export function takeStep(deck: StepDeck, event: StageEvent): boolean {
  if (event.type !== 'step' || !samePosition(event.from, deck.here())) return false;
  if (event.step === 'next') deck.next();
  else deck.prev();
  return true;
}
