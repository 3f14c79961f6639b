import { describe, expect, it } from 'vitest';
import type { PlannedRelease } from './release-list.ts';
import { compareSamples, formatHeadline, formatP, formatSignedPct, headlineOf, summarizeReleases, type ReleaseChange, type ReleaseSample } from './summary.ts';
import type { ReleaseVariant } from './variants.ts';

const planned: PlannedRelease[] = [
  { version: 'go1.10.8', minor: 10, source: 'listed' },
  { version: 'go1.18.10', minor: 18, source: 'listed', missing: 'the proxy did not answer' },
  { version: 'go1.25.14', minor: 25, source: 'listed' },
  { version: 'go1.26.8', minor: 26, source: 'installed' },
];

function samples(release: string, variant: ReleaseVariant, values: number[]): ReleaseSample[] {
  return values.map((nsPerCall, round) => ({ release, variant, round, nsPerCall }));
}

// Fake sweep: 1.10 and 1.25 indistinguishable, 1.26 clearly ~31 % faster.
const fake: ReleaseSample[] = [
  ...samples('go1.10.8', 'cgo', [40.2, 41.0, 40.6, 40.9, 40.4, 41.2]),
  ...samples('go1.25.14', 'cgo', [40.8, 40.5, 41.1, 40.3, 40.7, 41.3]),
  ...samples('go1.26.8', 'cgo', [28.1, 27.9, 28.4, 28.0, 28.3, 28.2]),
  ...samples('go1.26.8', 'noescape', [28.0, 28.2, 28.1, 27.9, 28.3, 28.4]),
  ...samples('go1.10.8', 'callback', [190, 200, 195]),
  ...samples('go1.18.10', 'cgo', [1, 2, 3]), // a missing row's stray samples are ignored
];

describe('summarizeReleases', () => {
  const summary = summarizeReleases(planned, fake);

  it('gives each measured cell its median and 95 % interval, and keeps missing rows with their reason', () => {
    const [v110, v118, , v126] = summary.rows;
    expect(v110?.variants.cgo).toMatchObject({ samples: 6, medianNs: 40.75, lowNs: 40.2, highNs: 41.2 });
    expect(v110?.variants.cgo?.plusMinusPct).toBeCloseTo((0.55 / 40.75) * 100, 10);
    expect(v110?.variants.callback).toMatchObject({ samples: 3, medianNs: 195, lowNs: null, plusMinusPct: null });
    expect(v118).toEqual({ version: 'go1.18.10', minor: 18, source: 'listed', missing: 'the proxy did not answer', variants: {} });
    expect(v126?.variants.nocallback).toBeUndefined();
  });

  it('compares neighbouring measured releases, skipping missing ones, with benchstat’s p-value', () => {
    const cgo = summary.changes.filter((c) => c.variant === 'cgo');
    expect(cgo.map((c) => [c.from, c.to])).toEqual([['go1.10.8', 'go1.25.14'], ['go1.25.14', 'go1.26.8']]);
    expect(cgo[0]!.significant).toBe(false);
    expect(cgo[0]!.p!).toBeGreaterThan(0.05);
    expect(cgo[1]!.significant).toBe(true);
    expect(cgo[1]!.p!).toBeCloseTo(2 / 924, 12);
    expect(cgo[1]!.deltaPct).toBeCloseTo((28.15 / 40.75 - 1) * 100, 10);
    // A variant measured in one release only has nothing to compare.
    expect(summary.changes.filter((c) => c.variant !== 'cgo')).toEqual([]);
  });

  it('computes the stage answer from the data', () => {
    const headline = headlineOf(summary)!;
    expect(headline).toMatchObject({ version: 'go1.26.8', minor: 26, medianNs: 28.15, previousMinor: 25 });
    expect(formatHeadline(headline)).toBe('Go 1.26: 28 ns, −31 % vs 1.25');
    const calm = summarizeReleases(planned.slice(0, 3), fake);
    expect(formatHeadline(headlineOf(calm)!)).toBe('Go 1.25: 41 ns, no significant change vs 1.10');
    expect(formatHeadline(headlineOf(summarizeReleases(planned.slice(0, 1), fake))!)).toBe('Go 1.10: 41 ns');
    expect(headlineOf(summarizeReleases(planned, []))).toBeNull();
  });
});

describe('the stage answer, edge by edge', () => {
  it('takes the plain cgo call’s own change, not another variant’s into the same release', () => {
    const two: PlannedRelease[] = [planned[2]!, planned[3]!];
    const onlyNoescapeCompared = [...samples('go1.26.8', 'cgo', [28, 28, 28]), ...samples('go1.25.14', 'noescape', [40, 41, 42]), ...samples('go1.26.8', 'noescape', [28, 29, 30])];
    const summary = summarizeReleases(two, onlyNoescapeCompared);
    expect(summary.changes.map((c) => c.variant)).toEqual(['noescape']);
    expect(headlineOf(summary)).toEqual({ version: 'go1.26.8', minor: 26, medianNs: 28, change: null, previousMinor: null });
  });

  it('says only the figure when it has no change or no release to compare with', () => {
    const change: ReleaseChange = { variant: 'cgo', from: 'go1.25.14', to: 'go1.26.8', deltaPct: -31, p: 0.002, significant: true };
    expect(formatHeadline({ version: 'go1.26.8', minor: 26, medianNs: 28, change, previousMinor: null })).toBe('Go 1.26: 28 ns');
    expect(formatHeadline({ version: 'go1.26.8', minor: 26, medianNs: 28, change: null, previousMinor: 25 })).toBe('Go 1.26: 28 ns');
  });

  it('gives whole ns from 10 up, one decimal below', () => {
    const at = (medianNs: number) => formatHeadline({ version: 'go1.26.8', minor: 26, medianNs, change: null, previousMinor: null });
    expect(at(10)).toBe('Go 1.26: 10 ns');
    expect(at(9.5)).toBe('Go 1.26: 9.5 ns');
  });

  it('calls a change significant only with a p-value under 0.05', () => {
    const same = compareSamples('cgo', 'go1.25.14', [30, 30, 30], 'go1.26.8', [30, 30, 30]);
    expect(same).toMatchObject({ p: null, significant: false, deltaPct: 0 });
  });
});

describe('formatting', () => {
  it('gives a change too small to round its sign and one decimal, + for none', () => {
    expect(formatSignedPct(0.26)).toBe('+0.3 %');
    expect(formatSignedPct(0)).toBe('+0.0 %');
    expect(formatP(0.001)).toBe('p = 0.001');
  });

  it('writes changes with a real minus sign and p-values like benchstat', () => {
    expect(formatSignedPct(-30.9)).toBe('−31 %');
    expect(formatSignedPct(4.2)).toBe('+4 %');
    expect(formatSignedPct(-0.26)).toBe('−0.3 %');
    expect(formatP(0.0021645)).toBe('p = 0.002');
    expect(formatP(0.00001)).toBe('p = 1e-5');
    expect(formatP(null)).toBe('p = n/a');
  });
});
