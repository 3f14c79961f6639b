import { describe, expect, it } from 'vitest';
import { formatElapsed, seatViewOf, slideNumber } from './seat-view.ts';

const mine = { id: 'r1', label: 'remote 1' };
const cohost = { id: 'r2', label: 'co-host' };

describe('seat view', () => {
  it('free, driving or following', () => {
    expect(seatViewOf({ remote: null, asking: null }, 'r1')).toEqual({ mode: 'free', driver: null, toAnswer: null, asking: false, answer: null });
    expect(seatViewOf({ remote: mine, asking: null }, 'r1').mode).toBe('driving');
    expect(seatViewOf({ remote: mine, asking: null }, 'r2')).toEqual({ mode: 'following', driver: mine, toAnswer: null, asking: false, answer: null });
  });

  it('the driver answers whoever asks; the one asking waits; the audience of it answers nothing', () => {
    const seat = { remote: mine, asking: cohost };
    expect(seatViewOf(seat, 'r1').toAnswer).toEqual(cohost);
    expect(seatViewOf(seat, 'r2')).toMatchObject({ mode: 'following', toAnswer: null, asking: true });
    expect(seatViewOf(seat, 'r3')).toMatchObject({ mode: 'following', toAnswer: null, asking: false });
    // The driver's own request (a stale one, from before it took the seat) is nothing to answer.
    expect(seatViewOf({ remote: mine, asking: mine }, 'r1')).toMatchObject({ mode: 'driving', toAnswer: null, asking: true });
  });

  it('tells the remote the answer to its own request only', () => {
    const refused = { remote: mine, asking: null, answered: { remote: cohost, accepted: false } };
    expect(seatViewOf(refused, 'r2').answer).toBe('refused');
    expect(seatViewOf(refused, 'r1').answer).toBeNull();
    const accepted = { remote: cohost, asking: null, answered: { remote: cohost, accepted: true } };
    expect(seatViewOf(accepted, 'r2')).toMatchObject({ mode: 'driving', answer: 'accepted' });
  });
});

describe('formatting', () => {
  it('writes elapsed time as the speaker reads it', () => {
    expect(formatElapsed(null)).toBe('–:––');
    expect(formatElapsed(-5)).toBe('–:––');
    expect(formatElapsed(Number.NaN)).toBe('–:––');
    expect(formatElapsed(Number.POSITIVE_INFINITY)).toBe('–:––');
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(7_999)).toBe('0:07');
    expect(formatElapsed(754_000)).toBe('12:34');
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
  });

  it('numbers slides as the deck does', () => {
    expect(slideNumber(0, 0)).toBe('1');
    expect(slideNumber(4, 0)).toBe('5');
    expect(slideNumber(4, 2)).toBe('5.3');
  });
});
