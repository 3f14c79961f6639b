import { describe, expect, it } from 'vitest';
import type { SlidePosition, StageEvent } from '../protocol.ts';
import { takeStep, type StepDeck } from './step-taker.ts';

const p = (h: number, v = 0, f = -1): SlidePosition => ({ h, v, f });

/** A deck of three fragments on slide 1: next and prev move through them as Reveal does. */
function fakeDeck(start: SlidePosition) {
  let at = start;
  const moves: string[] = [];
  const deck: StepDeck = {
    here: () => at,
    next: () => {
      moves.push('next');
      at = at.f < 2 ? { ...at, f: at.f + 1 } : p(at.h + 1);
    },
    prev: () => {
      moves.push('prev');
      at = at.f > -1 ? { ...at, f: at.f - 1 } : p(Math.max(0, at.h - 1), 0, 2);
    },
  };
  return { deck, moves, at: () => at };
}

const step = (direction: 'next' | 'prev', from: SlidePosition, seq = 5): StageEvent => ({ type: 'step', step: direction, from, requestId: `r${seq}`, seq, tMs: 0 });

describe('takeStep', () => {
  it('takes a step from where the deck is', () => {
    const { deck, moves, at } = fakeDeck(p(1));
    expect(takeStep(deck, step('next', p(1)))).toBe(true);
    expect(at()).toEqual(p(1, 0, 0));
    expect(takeStep(deck, step('prev', p(1, 0, 0), 6))).toBe(true);
    expect(moves).toEqual(['next', 'prev']);
  });

  it('a step delivered twice, or a second one from the same place, advances once', () => {
    const { deck, moves, at } = fakeDeck(p(1));
    const first = step('next', p(1));
    expect(takeStep(deck, first)).toBe(true);
    expect(takeStep(deck, first)).toBe(false);
    expect(takeStep(deck, step('next', p(1), 6))).toBe(false);
    expect(moves).toEqual(['next']);
    expect(at()).toEqual(p(1, 0, 0));
  });

  it('ignores a step from a slide the deck has left, and other events', () => {
    const { deck, moves } = fakeDeck(p(3));
    expect(takeStep(deck, step('next', p(2)))).toBe(false);
    expect(takeStep(deck, step('next', p(3, 0, 0)))).toBe(false);
    expect(takeStep(deck, { type: 'position', position: p(3), seq: 1, tMs: 0 })).toBe(false);
    expect(takeStep(deck, { type: 'driver', seat: { remote: null, asking: null }, seq: 2, tMs: 0 })).toBe(false);
    // Only a step moves the deck, whatever else an event carries.
    expect(takeStep(deck, { type: 'position', position: p(3), step: 'next', from: p(3), seq: 3, tMs: 0 } as StageEvent)).toBe(false);
    expect(moves).toEqual([]);
  });

  it('a step from the same place of another deck is not this deck\'s', () => {
    const { deck, moves } = fakeDeck({ ...p(1), deck: '/lightning/' });
    expect(takeStep(deck, step('next', { ...p(1), deck: '/' }))).toBe(false);
    expect(takeStep(deck, step('next', { ...p(1), deck: '/lightning/' }))).toBe(true);
    expect(moves).toEqual(['next']);
  });
});
