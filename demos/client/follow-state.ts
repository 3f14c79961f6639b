/**
 * Following the speaker, as rules without a DOM (the stage plugin wires them to Reveal):
 *
 * - A page opened at the start (the join URL) is `following`: each speaker move (the
 *   stage stream's `position`) takes it there. One opened on another slide is wandering.
 * - It is `wandering` once the reader goes somewhere else themselves (keys, a click, a
 *   scroll) or has a reader view open when the speaker moves (the page must not change
 *   under a text being read). Speaker moves then only update where the speaker is, for
 *   the "follow the speaker" control.
 * - `follow` (that control) goes back to the speaker and follows again; so does the reader
 *   arriving at the speaker's place by themselves.
 *
 * A move the page makes itself to follow is not the reader wandering: it is `expected`
 * until the deck arrives there (at once in the slide view; the phone's scroll view passes
 * other slides on its way). Any input of the reader's ends that wait, so a reader who
 * scrolls away mid-way is wandering.
 */
import type { SlidePosition } from '../protocol.ts';
import { samePosition, sameSlide } from '../slide-position.ts';

/** FollowMode says whether the page goes where the speaker goes. */
export type FollowMode = 'following' | 'wandering';

/** FollowState is the whole state of following. */
export interface FollowState {
  readonly mode: FollowMode;
  /** Where the speaker is (null: not known yet). */
  readonly speaker: SlidePosition | null;
  /** A move this page made to follow, until the deck gets there. */
  readonly expected: SlidePosition | null;
}

/** FollowStep is a new state and, maybe, where the deck must go now. */
export interface FollowStep {
  state: FollowState;
  goTo?: SlidePosition;
}

/** FollowOptions say how places compare. */
export interface FollowOptions {
  /**
   * Whether fragments count: in the scroll view (phones) a slide's fragments are all
   * shown, so only the slide is followed there.
   */
  fragments: boolean;
}

/**
 * initialFollowState: nothing known yet; following, or wandering for a page opened on a
 * slide of its own (a link to slide 30, a reload): the reader chose where to be, and
 * "Follow the speaker" is one click away.
 */
export function initialFollowState(mode: FollowMode = 'following'): FollowState {
  return { mode, speaker: null, expected: null };
}

const samePlace = (options: FollowOptions) => (options.fragments ? samePosition : sameSlide);

/** onSpeakerMoved: the speaker is at `position`; `here` is where the page is. */
export function onSpeakerMoved(state: FollowState, position: SlidePosition, here: SlidePosition, readerOpen: boolean, options: FollowOptions): FollowStep {
  if (state.mode === 'wandering') return { state: { ...state, speaker: position } };
  if (readerOpen) return { state: { mode: 'wandering', speaker: position, expected: null } };
  if (samePlace(options)(here, position)) return { state: { mode: 'following', speaker: position, expected: null } };
  return { state: { mode: 'following', speaker: position, expected: position }, goTo: position };
}

/** onLocalMoved: the deck is now at `here` (the reader's doing, or a follow move arriving). */
export function onLocalMoved(state: FollowState, here: SlidePosition, options: FollowOptions): FollowState {
  const same = samePlace(options);
  if (state.expected) return same(here, state.expected) ? { ...state, expected: null } : state;
  if (state.speaker === null) return state;
  if (state.mode === 'following' && !same(here, state.speaker)) return { ...state, mode: 'wandering' };
  if (state.mode === 'wandering' && same(here, state.speaker)) return { ...state, mode: 'following' };
  return state;
}

/** onReaderInput: the reader pressed a key, clicked, touched or scrolled: a follow move under way is no longer waited for. */
export function onReaderInput(state: FollowState): FollowState {
  return state.expected ? { ...state, expected: null } : state;
}

/** follow: the reader asks to follow the speaker again; the deck goes where the speaker is. */
export function follow(state: FollowState): FollowStep {
  if (!state.speaker) return { state: { ...state, mode: 'following' } };
  return { state: { mode: 'following', speaker: state.speaker, expected: state.speaker }, goTo: state.speaker };
}
