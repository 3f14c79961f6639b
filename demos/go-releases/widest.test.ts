import { describe, expect, it } from 'vitest';
import { formatWidth, widestByVariant } from './widest.ts';
import type { GoReleasesResult } from './result.ts';

const cell = (plusMinusPct: number | null, samples = 10) => ({ samples, medianNs: 40, lowNs: null, highNs: null, plusMinusPct });
const rows: GoReleasesResult['releases'] = [
  { version: 'go1.10.8', minor: 10, source: 'listed', missing: null, variants: { cgo: cell(1.2), callback: cell(10.6) } },
  { version: 'go1.18.10', minor: 18, source: 'listed', missing: 'not fetched', variants: {} },
  { version: 'go1.25.14', minor: 25, source: 'listed', missing: null, variants: { cgo: cell(2.9), noescape: cell(1.8), callback: cell(4.1) } },
  { version: 'go1.26.8', minor: 26, source: 'installed', missing: null, variants: { cgo: cell(1.9), noescape: cell(null, 5), callback: cell(10.6) } },
];

describe('widestByVariant', () => {
  it('names each variant’s widest interval and its release, in report order (no interval counts as widest, ties keep the older release)', () => {
    expect(widestByVariant(rows)).toEqual([
      { variant: 'cgo', release: 'go1.25.14', plusMinusPct: 2.9, samples: 10 },
      { variant: 'noescape', release: 'go1.26.8', plusMinusPct: null, samples: 5 },
      { variant: 'callback', release: 'go1.10.8', plusMinusPct: 10.6, samples: 10 },
    ]);
    expect(widestByVariant([])).toEqual([]);
  });

  it('formats a width like benchstat', () => {
    expect(formatWidth({ plusMinusPct: 2.94 })).toBe('±2.9 %');
    expect(formatWidth({ plusMinusPct: null })).toBe('no interval');
  });
});
