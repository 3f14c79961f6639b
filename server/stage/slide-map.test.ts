import { describe, expect, it } from 'vitest';
import { emptySlideMap, parseSlideMap } from './slide-map.ts';

const slides = {
  format: 1,
  title: 'Why cgo is slow',
  slides: [
    { h: 0, v: 0, id: 'title', title: 'Why cgo is slow', notesHtml: '<p>Hi</p>', demos: [] },
    { h: 4, v: 0, id: 'ffi-table', title: 'FFI call overhead', notesHtml: '', demos: [] },
    { h: 4, v: 2, id: 'ffi-today', title: 'Measured here, now', notesHtml: '', demos: [{ demo: 'ffi-overhead', params: { runtimes: ['c-so'] } }] },
  ],
};

describe('slide map', () => {
  it('finds the slide at a position, whatever its fragment', () => {
    const parsed = parseSlideMap(JSON.stringify(slides));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.map.slideAt({ h: 4, v: 2, f: 3 })?.id).toBe('ffi-today');
    expect(parsed.map.slideAt({ h: 4, v: 0, f: -1 })?.id).toBe('ffi-table');
    expect(parsed.map.slideAt({ h: 4, v: 1, f: -1 })).toBeUndefined();
    expect(parsed.map.slideAt(null)).toBeUndefined();
    expect(parsed.map.slideAt({ h: 4, v: 2, f: 0 })?.demos).toEqual([{ demo: 'ffi-overhead', params: { runtimes: ['c-so'] } }]);
    expect(emptySlideMap.slideAt({ h: 0, v: 0, f: -1 })).toBeUndefined();
  });

  it('says what is wrong with a file that is not a slide list', () => {
    expect(parseSlideMap('{')).toMatchObject({ ok: false, message: expect.stringMatching(/^not JSON: /) });
    expect(parseSlideMap(JSON.stringify({ ...slides, format: 2 }))).toMatchObject({ ok: false, message: expect.stringMatching(/^not a slide list \(format 1\): format/) });
    const bad = { ...slides, slides: [{ ...slides.slides[0], h: -1 }] };
    expect(parseSlideMap(JSON.stringify(bad))).toMatchObject({ ok: false, message: expect.stringContaining('slides.0.h') });
  });
});
