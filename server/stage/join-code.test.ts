import { describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { joinCodeSvg, joinCodeText } from './join-code.ts';

/**
 * rasterise paints the SVG's squares (uqr draws each dark module as `Mx,yh10v10h-10z` on
 * a white rect) into RGBA pixels, one pixel per SVG unit, so an independent decoder reads
 * exactly what the deck shows.
 */
function rasterise(svg: string): { data: Uint8ClampedArray; width: number; height: number } {
  const box = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  expect(box, 'a viewBox').not.toBeNull();
  const width = Number(box![1]);
  const height = Number(box![2]);
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  const squares = [...svg.matchAll(/M(\d+),(\d+)h(\d+)v(\d+)h-\d+z/g)];
  expect(squares.length).toBeGreaterThan(100);
  for (const [, x, y, w, h] of squares) {
    for (let row = Number(y); row < Number(y) + Number(h); row++) {
      for (let col = Number(x); col < Number(x) + Number(w); col++) {
        const at = (row * width + col) * 4;
        data[at] = data[at + 1] = data[at + 2] = 0;
      }
    }
  }
  return { data, width, height };
}

describe('join code', () => {
  it('draws an SVG that decodes to the join URL', () => {
    for (const url of ['http://192.0.2.5:8000/', 'http://[fd00::2]:41234/', 'http://deck.example:80/']) {
      const svg = joinCodeSvg(url);
      expect(svg.startsWith('<svg')).toBe(true);
      const image = rasterise(svg);
      expect(jsQR(image.data, image.width, image.height)?.data).toBe(url);
    }
  });

  it('keeps the quiet zone the standard asks for (four modules of white around the code)', () => {
    const svg = joinCodeSvg('http://192.0.2.5:8000/');
    const squares = [...svg.matchAll(/M(\d+),(\d+)h/g)].map(([, x, y]) => [Number(x), Number(y)]);
    expect(Math.min(...squares.map(([x]) => x!))).toBe(40);
    expect(Math.min(...squares.map(([, y]) => y!))).toBe(40);
  });

  it('draws the same code for a terminal', () => {
    const text = joinCodeText('http://192.0.2.5:8000/');
    const lines = text.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(10);
    expect(text).toMatch(/[▀▄█]/);
  });
});
