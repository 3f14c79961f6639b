import { describe, expect, it } from 'vitest';
import type { DeckSlides, SlidePosition } from '../../demos/protocol.ts';
import { createSlideMap, emptySlideMap, parseSlides } from './slide-map.ts';

const flagship = {
  format: 1,
  title: 'Why cgo is slow',
  slides: [
    { h: 0, v: 0, id: 'title', title: 'Why cgo is slow', notesHtml: '<p>Hi</p>', demos: [] },
    { h: 4, v: 0, id: 'ffi-table', title: 'FFI call overhead', notesHtml: '', demos: [] },
    { h: 4, v: 2, id: 'ffi-today', title: 'Measured here, now', notesHtml: '', demos: [{ demo: 'ffi-overhead', params: { runtimes: ['c-so'] } }] },
  ],
} as const;
const lightning: DeckSlides = { format: 1, title: 'Lightning', slides: [{ h: 4, v: 2, id: 'quick', title: 'Quick', notesHtml: '', demos: [{ demo: 'stack-growth', params: {} }] }] };
const at = (h: number, v: number, f: number, deck?: string): SlidePosition => ({ h, v, f, ...(deck ? { deck } : {}) });

describe('slide map', () => {
  it('finds the slide at a position of its deck, whatever its fragment', () => {
    const parsed = parseSlides(JSON.stringify(flagship));
    if (!parsed.ok) throw new Error(parsed.message);
    const map = createSlideMap({ '/': parsed.slides, '/lightning/': lightning });
    expect(map.slideAt(at(4, 2, 3))?.id).toBe('ffi-today');
    expect(map.slideAt(at(4, 2, 3, '/'))?.id).toBe('ffi-today');
    expect(map.slideAt(at(4, 0, -1))?.id).toBe('ffi-table');
    expect(map.slideAt(at(4, 1, -1))).toBeUndefined();
    expect(map.slideAt(null)).toBeUndefined();
    expect(map.slideAt(at(4, 2, 0))?.demos).toEqual([{ demo: 'ffi-overhead', params: { runtimes: ['c-so'] } }]);
    // Another deck's slide at the same indices is that deck's.
    expect(map.slideAt(at(4, 2, 0, '/lightning/'))?.id).toBe('quick');
    expect(map.slideAt(at(4, 2, 0, '/other/'))).toBeUndefined();
    expect(map.knows(at(0, 0, -1, '/lightning/'))).toBe(true);
    expect(map.knows(at(0, 0, -1, '/other/'))).toBe(false);
    expect(map.knows(at(0, 0, -1))).toBe(true);
    expect(map.knows(null)).toBe(false);
    expect(emptySlideMap.slideAt(at(0, 0, -1))).toBeUndefined();
    expect(emptySlideMap.knows(at(0, 0, -1))).toBe(false);
  });

  it('says what is wrong with a file that is not a slide list', () => {
    expect(parseSlides('{')).toMatchObject({ ok: false, message: expect.stringMatching(/^not JSON: /) });
    expect(parseSlides(JSON.stringify({ ...flagship, format: 2 }))).toMatchObject({ ok: false, message: expect.stringMatching(/^not a slide list \(format 1\): format/) });
    const bad = { ...flagship, slides: [{ ...flagship.slides[0], h: -1 }] };
    expect(parseSlides(JSON.stringify(bad))).toMatchObject({ ok: false, message: expect.stringContaining('slides.0.h') });
  });
});
