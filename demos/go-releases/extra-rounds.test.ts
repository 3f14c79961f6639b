import { describe, expect, it } from 'vitest';
import { defaultBudgetMs, describeWide, planExtraRound, reportWide, wideCells, type RoundLimits, type WideCell } from './extra-rounds.ts';
import { summarizeReleases, type ReleaseSample } from './summary.ts';
import type { PlannedRelease } from './release-list.ts';
import type { ReleaseVariant } from './variants.ts';

const planned: PlannedRelease[] = [
  { version: 'go1.10.8', minor: 10, source: 'listed' },
  { version: 'go1.18.10', minor: 18, source: 'listed' },
  { version: 'go1.22.12', minor: 22, source: 'listed', missing: 'the proxy did not answer' },
  { version: 'go1.26.8', minor: 26, source: 'installed' },
];

function samples(release: string, variant: ReleaseVariant, values: number[]): ReleaseSample[] {
  return values.map((nsPerCall, round) => ({ release, variant, round: round + 1, nsPerCall }));
}

// Ten rounds: 1.10 tight (±0.5 %), 1.18's callback bimodal (±6 %), 1.26 with five samples only.
const fake: ReleaseSample[] = [
  ...samples('go1.10.8', 'cgo', [35.0, 35.1, 34.9, 35.2, 35.0, 35.1, 34.8, 35.0, 35.3, 35.1]),
  ...samples('go1.10.8', 'callback', [200, 201, 199, 200, 202, 200, 198, 201, 200, 199]),
  ...samples('go1.18.10', 'cgo', [37.0, 37.2, 37.1, 36.9, 37.0, 37.3, 37.1, 37.0, 37.2, 37.1]),
  ...samples('go1.18.10', 'callback', [104, 104, 115, 104, 116, 104, 115, 116, 104, 115]),
  ...samples('go1.22.12', 'cgo', [1, 2, 3, 4, 5, 6, 7]), // a missing row's stray samples are ignored
  ...samples('go1.26.8', 'cgo', [22.0, 22.1, 22.2, 21.9, 22.0]),
];
const rows = summarizeReleases(planned, fake).rows;
const limits: RoundLimits = { targetPct: 3, maxRounds: 30, budgetMs: 120_000 };

describe('wideCells', () => {
  it('lists the cells wider than the target, those with no interval first, then the widest', () => {
    const wide = wideCells(rows, 3);
    expect(wide.map((c) => `${c.release} ${c.variant}`)).toEqual(['go1.26.8 cgo', 'go1.18.10 callback']);
    expect(wide[0]).toEqual({ release: 'go1.26.8', variant: 'cgo', plusMinusPct: null, samples: 5 });
    // Half the processes at 104 ns, half at 115–116: median 109.5, interval [104, 116].
    expect(wide[1]!.plusMinusPct).toBeCloseTo((6.5 / 109.5) * 100, 10);
    expect(wide[1]!.samples).toBe(10);
  });

  it('takes the target as inclusive and orders by width', () => {
    const pm = rows[1]!.variants.callback!.plusMinusPct!;
    expect(wideCells(rows, pm).map((c) => c.variant)).toEqual(['cgo']);
    expect(wideCells(rows, pm - 0.01).map((c) => c.variant)).toEqual(['cgo', 'callback']);
    const narrowest = rows[0]!.variants.cgo!.plusMinusPct!;
    expect(wideCells(rows, narrowest - 0.01).map((c) => `${c.release} ${c.variant}`).slice(0, 3)).toEqual(['go1.26.8 cgo', 'go1.18.10 callback', expect.any(String)]);
  });

  it('never lists a release that could not be measured, even one that carries figures', () => {
    const stray = { ...rows[1]!, missing: 'the build failed' };
    expect(wideCells([stray], 0)).toEqual([]);
    expect(wideCells([rows[1]!], 0).map((c) => c.release)).toEqual(['go1.18.10', 'go1.18.10']);
  });
});

describe('planExtraRound', () => {
  const wide: WideCell[] = [
    { release: 'go1.18.10', variant: 'callback', plusMinusPct: 10, samples: 10 },
    { release: 'go1.26.8', variant: 'noescape', plusMinusPct: 5, samples: 10 },
    { release: 'go1.18.10', variant: 'cgo', plusMinusPct: 4, samples: 10 },
    { release: 'go1.10.8', variant: 'cgo', plusMinusPct: 3.5, samples: 10 },
  ];
  const roundsRun = new Map([['go1.10.8', 10], ['go1.18.10', 10], ['go1.26.8', 10]]);
  const processMs = new Map([['go1.10.8', 300], ['go1.18.10', 400], ['go1.26.8', 600]]);

  it('stops when every interval is narrow', () => {
    expect(planExtraRound({ wide: [], roundsRun, processMs, elapsedMs: 0, limits })).toEqual({ kind: 'stop', reason: 'narrow' });
  });

  it('runs each wide release once, widest first', () => {
    expect(planExtraRound({ wide, roundsRun, processMs, elapsedMs: 40_000, limits })).toEqual({ kind: 'run', releases: ['go1.18.10', 'go1.26.8', 'go1.10.8'] });
  });

  it('leaves out releases that had their rounds, and stops when none is left', () => {
    const capped = new Map([...roundsRun, ['go1.18.10', 30]]);
    expect(planExtraRound({ wide, roundsRun: capped, processMs, elapsedMs: 0, limits })).toEqual({ kind: 'run', releases: ['go1.26.8', 'go1.10.8'] });
    const allCapped = new Map([['go1.10.8', 30], ['go1.18.10', 31], ['go1.26.8', 30]]);
    expect(planExtraRound({ wide, roundsRun: allCapped, processMs, elapsedMs: 0, limits })).toEqual({ kind: 'stop', reason: 'round-cap' });
  });

  it('fits what the time left allows, widest first, and stops when not even one process fits', () => {
    // 900 ms left: 1.18 (400), then 1.26 (600) does not fit but 1.10 (300) does.
    expect(planExtraRound({ wide, roundsRun, processMs, elapsedMs: 119_100, limits })).toEqual({ kind: 'run', releases: ['go1.18.10', 'go1.10.8'] });
    expect(planExtraRound({ wide, roundsRun, processMs, elapsedMs: 119_600, limits })).toEqual({ kind: 'run', releases: ['go1.18.10'] });
    expect(planExtraRound({ wide, roundsRun, processMs, elapsedMs: 119_701, limits })).toEqual({ kind: 'stop', reason: 'time-budget' });
    expect(planExtraRound({ wide, roundsRun, processMs, elapsedMs: 125_000, limits })).toEqual({ kind: 'stop', reason: 'time-budget' });
  });

  it('counts a release not timed yet as the slowest one', () => {
    const untimed = new Map([['go1.10.8', 300], ['go1.18.10', 400]]);
    const only126: WideCell[] = [{ release: 'go1.26.8', variant: 'cgo', plusMinusPct: null, samples: 5 }];
    expect(planExtraRound({ wide: only126, roundsRun, processMs: untimed, elapsedMs: 119_600, limits })).toEqual({ kind: 'run', releases: ['go1.26.8'] });
    expect(planExtraRound({ wide: only126, roundsRun, processMs: untimed, elapsedMs: 119_601, limits })).toEqual({ kind: 'stop', reason: 'time-budget' });
  });
});

describe('reportWide and describeWide', () => {
  it('says for each wide cell how many rounds it had and what stopped them, and names the widest in one line', () => {
    const wide: WideCell[] = [
      { release: 'go1.18.10', variant: 'callback', plusMinusPct: 4.24, samples: 30 },
      { release: 'go1.26.8', variant: 'cgo', plusMinusPct: null, samples: 5 },
    ];
    const report = reportWide(wide, new Map([['go1.18.10', 30], ['go1.26.8', 5]]), limits);
    expect(report).toEqual([
      { ...wide[0], rounds: 30, reason: 'round-cap' },
      { ...wide[1], rounds: 5, reason: 'time-budget' },
    ]);
    expect(describeWide(report, limits)).toBe('Wider than ±3 %: go1.18.10 callback ±4.2 % after 30 rounds, the cap of 30 rounds (1 more).');
    expect(describeWide(report.slice(1), limits)).toBe('Wider than ±3 %: go1.26.8 cgo no interval after 5 rounds, the time budget ran out.');
    expect(describeWide([], limits)).toBeNull();
  });
});

describe('defaultBudgetMs', () => {
  it('gives 12 s per release, at most 150 s', () => {
    expect(defaultBudgetMs(3)).toBe(36_000);
    expect(defaultBudgetMs(10)).toBe(120_000);
    expect(defaultBudgetMs(20)).toBe(150_000);
    expect(defaultBudgetMs(0)).toBe(12_000);
  });
});
