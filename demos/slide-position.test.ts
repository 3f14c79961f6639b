import { describe, expect, it } from 'vitest';
import { positionOf, samePosition, sameSlide } from './slide-position.ts';

describe('slide positions', () => {
  it('samePosition compares slide, sub-slide and fragment', () => {
    expect(samePosition({ h: 1, v: 2, f: 3 }, { h: 1, v: 2, f: 3 })).toBe(true);
    expect(samePosition({ h: 1, v: 2, f: 3 }, { h: 0, v: 2, f: 3 })).toBe(false);
    expect(samePosition({ h: 1, v: 2, f: 3 }, { h: 1, v: 0, f: 3 })).toBe(false);
    expect(samePosition({ h: 1, v: 2, f: 3 }, { h: 1, v: 2, f: -1 })).toBe(false);
    expect(samePosition(null, null)).toBe(true);
    expect(samePosition(null, { h: 0, v: 0, f: -1 })).toBe(false);
    expect(samePosition({ h: 0, v: 0, f: -1 }, undefined)).toBe(false);
  });

  it('positions in two decks are never the same place', () => {
    expect(samePosition({ h: 1, v: 0, f: -1, deck: '/' }, { h: 1, v: 0, f: -1, deck: '/' })).toBe(true);
    expect(samePosition({ h: 1, v: 0, f: -1, deck: '/' }, { h: 1, v: 0, f: -1, deck: '/lightning/' })).toBe(false);
    expect(samePosition({ h: 1, v: 0, f: -1 }, { h: 1, v: 0, f: -1, deck: '/lightning/' })).toBe(false);
    expect(sameSlide({ h: 1, v: 0, f: 2, deck: '/a/' }, { h: 1, v: 0, f: -1, deck: '/b/' })).toBe(false);
    expect(sameSlide({ h: 1, v: 0, f: 2, deck: '/a/' }, { h: 1, v: 0, f: -1, deck: '/a/' })).toBe(true);
  });

  it('sameSlide leaves the fragment out', () => {
    expect(sameSlide({ h: 1, v: 2, f: 3 }, { h: 1, v: 2, f: -1 })).toBe(true);
    expect(sameSlide({ h: 1, v: 2, f: 3 }, { h: 2, v: 2, f: 3 })).toBe(false);
    expect(sameSlide({ h: 1, v: 2, f: 3 }, { h: 1, v: 1, f: 3 })).toBe(false);
    expect(sameSlide(null, { h: 0, v: 0, f: -1 })).toBe(false);
    expect(sameSlide(undefined, undefined)).toBe(true);
  });

  it("positionOf fills in Reveal's missing indices", () => {
    expect(positionOf({ h: 3, v: 1, f: 2 })).toEqual({ h: 3, v: 1, f: 2 });
    expect(positionOf({ h: 3 })).toEqual({ h: 3, v: 0, f: -1 });
    expect(positionOf({ h: 3, v: 0, f: -1 })).toEqual({ h: 3, v: 0, f: -1 });
    expect(positionOf({})).toEqual({ h: 0, v: 0, f: -1 });
    expect(positionOf({ h: -2, v: 1.5, f: -7 })).toEqual({ h: 0, v: 0, f: -1 });
  });
});
