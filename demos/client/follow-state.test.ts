import { describe, expect, it } from 'vitest';
import { follow, initialFollowState, onLocalMoved, onReaderInput, onSpeakerMoved, type FollowState } from './follow-state.ts';

const p = (h: number, v = 0, f = -1) => ({ h, v, f });
const slides = { fragments: true };
const scroll = { fragments: false };

describe('following the speaker', () => {
  it('goes where the speaker goes, and its own move is not wandering', () => {
    const start = initialFollowState();
    expect(start).toEqual({ mode: 'following', speaker: null, expected: null });
    const moved = onSpeakerMoved(start, p(3, 1, 0), p(0), false, slides);
    expect(moved).toEqual({ state: { mode: 'following', speaker: p(3, 1, 0), expected: p(3, 1, 0) }, goTo: p(3, 1, 0) });
    const arrived = onLocalMoved(moved.state, p(3, 1, 0), slides);
    expect(arrived).toEqual({ mode: 'following', speaker: p(3, 1, 0), expected: null });
    // The next fragment: a move again.
    expect(onSpeakerMoved(arrived, p(3, 1, 1), p(3, 1, 0), false, slides).goTo).toEqual(p(3, 1, 1));
  });

  it('does not move when already there', () => {
    const step = onSpeakerMoved(initialFollowState(), p(2), p(2), false, slides);
    expect(step).toEqual({ state: { mode: 'following', speaker: p(2), expected: null } });
  });

  it('wanders when the reader goes elsewhere, and stays put while the speaker moves on', () => {
    const following: FollowState = { mode: 'following', speaker: p(5), expected: null };
    const away = onLocalMoved(following, p(4), slides);
    expect(away.mode).toBe('wandering');
    const speakerOn = onSpeakerMoved(away, p(6), p(4), false, slides);
    expect(speakerOn).toEqual({ state: { mode: 'wandering', speaker: p(6), expected: null } });
    // Another fragment of the same slide is somewhere else too.
    expect(onLocalMoved(following, p(5, 0, 0), slides).mode).toBe('wandering');
  });

  it('wanders when a reader view is open as the speaker moves', () => {
    const following: FollowState = { mode: 'following', speaker: p(5), expected: null };
    expect(onSpeakerMoved(following, p(6), p(5), true, slides)).toEqual({ state: { mode: 'wandering', speaker: p(6), expected: null } });
  });

  it('follow goes back to the speaker and follows again', () => {
    const wandering: FollowState = { mode: 'wandering', speaker: p(9, 2, 1), expected: null };
    const back = follow(wandering);
    expect(back).toEqual({ state: { mode: 'following', speaker: p(9, 2, 1), expected: p(9, 2, 1) }, goTo: p(9, 2, 1) });
    expect(onLocalMoved(back.state, p(9, 2, 1), slides)).toEqual({ mode: 'following', speaker: p(9, 2, 1), expected: null });
    expect(follow(initialFollowState())).toEqual({ state: { mode: 'following', speaker: null, expected: null } });
  });

  it('a reader who comes back to the speaker by themselves follows again', () => {
    const wandering: FollowState = { mode: 'wandering', speaker: p(7), expected: null };
    expect(onLocalMoved(wandering, p(6), slides).mode).toBe('wandering');
    expect(onLocalMoved(wandering, p(7), slides).mode).toBe('following');
  });

  it('a page opened on a slide of its own starts wandering, and follows once the reader asks', () => {
    const start = initialFollowState('wandering');
    expect(start).toEqual({ mode: 'wandering', speaker: null, expected: null });
    const known = onSpeakerMoved(start, p(3), p(12), false, slides);
    expect(known).toEqual({ state: { mode: 'wandering', speaker: p(3), expected: null } });
    expect(follow(known.state).goTo).toEqual(p(3));
  });

  it('before the speaker is known, moving around is not wandering', () => {
    expect(onLocalMoved(initialFollowState(), p(4), slides)).toEqual(initialFollowState());
  });

  it('waits for its own move through the slides it passes (scroll view), until the reader acts', () => {
    const moved = onSpeakerMoved(initialFollowState(), p(8), p(2), false, scroll).state;
    const passing = onLocalMoved(moved, p(5), scroll);
    expect(passing).toEqual(moved);
    expect(onLocalMoved(passing, p(8, 0, 2), scroll)).toEqual({ mode: 'following', speaker: p(8), expected: null });
    // The reader scrolls away mid-way: no longer waited for, and then wandering.
    const input = onReaderInput(passing);
    expect(input.expected).toBeNull();
    expect(onLocalMoved(input, p(4), scroll).mode).toBe('wandering');
    expect(onReaderInput(initialFollowState())).toEqual(initialFollowState());
  });

  it('in the scroll view only the slide counts, not its fragment', () => {
    const following: FollowState = { mode: 'following', speaker: p(5, 1, 2), expected: null };
    expect(onLocalMoved(following, p(5, 1, -1), scroll).mode).toBe('following');
    expect(onSpeakerMoved(following, p(5, 1, 3), p(5, 1, -1), false, scroll)).toEqual({ state: { mode: 'following', speaker: p(5, 1, 3), expected: null } });
  });
});
