import { describe, expect, it } from 'vitest';
import type { RunEvent, RunEventBody } from '../protocol.ts';
import { goReleasesResult } from './result.ts';
import { applyReleasesEvent, fullClockLine, createReleasesViewState, releasesView, setReleasesResult } from './view-model.ts';

let seq = 0;
const ev = (body: RunEventBody): RunEvent => ({ ...body, seq: ++seq, tMs: seq }) as RunEvent;
const sample = (release: string, variant: string, round: number, nsPerCall: number): RunEvent =>
  ev({ type: 'sample', key: `${release}/${variant}`, values: { nsPerCall, round, batches: 3 } });

function feed(events: RunEvent[]) {
  const state = createReleasesViewState();
  for (const event of events) applyReleasesEvent(state, event);
  return releasesView(state);
}

describe('the go-releases view model', () => {
  const rounds = [0, 1, 2, 3, 4, 5];
  const live = [
    ev({ type: 'error', code: 'toolchain-missing', message: 'go1.18.10: could not fetch go1.18.10: no network', source: 'go1.18.10' }),
    ...rounds.map((r) => sample('go1.25.14', 'cgo', r + 1, 40 + r / 10)),
    ...rounds.map((r) => sample('go1.26.8', 'cgo', r + 1, 28 + r / 10)),
    sample('go1.26.8', 'banana', 1, 1),
  ];

  it('builds rows, bars and the headline from samples while the run goes on', () => {
    const view = feed(live);
    expect(view.rows.map((row) => [row.version, row.missing])).toEqual([
      ['go1.18.10', 'could not fetch go1.18.10: no network'],
      ['go1.25.14', null],
      ['go1.26.8', null],
    ]);
    expect(view.headline).toBe('Go 1.26: 28 ns, −30 % vs 1.25');
    expect(view.bars.map((bar) => [bar.label, bar.kind, bar.changeLabel])).toEqual([
      ['2018 before', 'talk2018', null],
      ['2018 after', 'talk2018', '−9 %'],
      ['1.18', 'missing', null],
      ['1.25', 'today', null],
      ['1.26', 'today', '−30 %'],
    ]);
    expect(view.bars[4]).toMatchObject({ faster: true, lowNs: 28, highNs: 28.5 });
  });

  it('takes the result as it is once it arrives', () => {
    const result = {
      installed: 'go1.26.8', releases: [{ version: 'go1.26.8', minor: 26, source: 'installed', missing: null, variants: { cgo: { samples: 6, medianNs: 27, lowNs: 26, highNs: 28, plusMinusPct: 4 } } }],
      changes: [], headline: { text: 'Go 1.26: 27 ns', version: 'go1.26.8', medianNs: 27, deltaPct: null, p: null, significant: false },
      rounds: 6, batches: 3, batchMs: 20, seed: 1, variantLabels: {}, benchstat: 'table', statsBy: 'benchstat', statsNote: 'note', machineSpeed: { rateGHz: 3.1, bestRateGHz: 3.6, slowdownPct: 13.9, cpuSharePct: 72, stealPct: 0, inflatedPct: 61, loadAvg: 3.5, cpuCount: 2, flagged: true, reasons: ['had the CPU 72 % of the time'] },
      talk2018: { oldNs: 63.1, newNs: 57.1, deltaPct: -9.43, label: 'x', source: 'y' },
    };
    const state = createReleasesViewState();
    for (const event of live) applyReleasesEvent(state, event);
    const view = releasesView(setReleasesResult(state, goReleasesResult.parse(result)));
    expect(view.headline).toBe('Go 1.26: 27 ns');
    expect(view.rows).toHaveLength(1);
    expect(view.benchstat).toBe('table');
    expect(view.statsNote).toBe('note');
    // A recording made before extra rounds existed has no precision: nothing to say.
    expect(view.wideNote).toBeNull();
    const precision = { targetPct: 3, maxRounds: 30, budgetS: 36, extraRounds: 20, roundsByRelease: { 'go1.26.8': 30 }, stoppedBy: 'round-cap', wide: [{ release: 'go1.26.8', variant: 'cgo', plusMinusPct: 4, samples: 30, rounds: 30, reason: 'round-cap' }], note: 'Wider than ±3 %: go1.26.8 cgo ±4.0 % after 30 rounds (the cap of 30 rounds).' };
    const wide = releasesView(setReleasesResult(createReleasesViewState(), goReleasesResult.parse({ ...result, precision })));
    expect(wide.wideNote).toBe(precision.note);
    expect(view.machine).toEqual({ line: 'machine check: 3.10 GHz effective clock (best 3.60), CPU 72.0 %, steal 0.0 % — slowed down: figures inflated ≈ 61 %', flagged: true });
    // A result that says its figures are CPU time: only the clock's slowdown (3.6 ÷ 3.1 − 1) is counted.
    const cpuTimed = { ...result, machineSpeed: { ...result.machineSpeed, inflatedPct: 16.1, clock: 'cpu' } };
    expect(releasesView(setReleasesResult(createReleasesViewState(), goReleasesResult.parse(cpuTimed))).machine).toEqual({
      line: 'machine check: 3.10 GHz effective clock (best 3.60), CPU 72.0 %, steal 0.0 % — slowed down: figures inflated ≈ 16 % (the clock alone: figures are CPU time); busy: had the CPU 72 % of the time, not counted',
      flagged: true,
    });
    expect(goReleasesResult.safeParse({ ...result, machineSpeed: { ...result.machineSpeed, clock: 'sundial' } }).success).toBe(false);
    // A recording made before batches were judged by their clock says nothing about it.
    expect(view.fullClockLine).toBeNull();
    const judged = { ...result, fullClock: { referenceGHz: 3.68, thresholdGHz: 3.312, kept: 791, total: 7008 } };
    expect(releasesView(setReleasesResult(createReleasesViewState(), goReleasesResult.parse(judged))).fullClockLine).toBe(
      'At full clock (≥ 3.31 GHz, within 10 % of the best): 791 of 7\u202f008 batches counted (11 %)',
    );
    expect(fullClockLine({ referenceGHz: 4, thresholdGHz: 3.6, kept: 0, total: 0 })).toBe('At full clock (≥ 3.60 GHz, within 10 % of the best): 0 of 0 batches counted (0 %)');
  });
});

describe('the go-releases view model, event by event', () => {
  const talk2018Bars = [
    { label: '2018 before', kind: 'talk2018', medianNs: 63.1, lowNs: null, highNs: null, changeLabel: null, faster: false },
    { label: '2018 after', kind: 'talk2018', medianNs: 57.1, lowNs: null, highNs: null, changeLabel: '−9 %', faster: true },
  ];

  it('starts with nothing but slide 6’s two bars of 2018', () => {
    const view = releasesView(createReleasesViewState());
    expect(view).toEqual({
      headline: null, rows: [], changes: [], bars: talk2018Bars, talk2018Label: expect.any(String),
      benchstat: null, statsNote: null, wideNote: null, status: '', fraction: null, fullClockLine: null, machine: null,
    });
  });

  it('shows the latest status or progress line, and the run phase’s fraction only', () => {
    const state = createReleasesViewState();
    applyReleasesEvent(state, ev({ type: 'status', phase: 'building', message: 'building 2 releases' }));
    expect(releasesView(state)).toMatchObject({ status: 'building 2 releases', fraction: null });
    applyReleasesEvent(state, ev({ type: 'progress', message: 'fetching', step: 'fetch', fraction: 0.5 }));
    expect(releasesView(state)).toMatchObject({ status: 'fetching', fraction: null });
    applyReleasesEvent(state, ev({ type: 'progress', message: 'round 1 of 4', step: 'run', fraction: 0.25 }));
    expect(releasesView(state)).toMatchObject({ status: 'round 1 of 4', fraction: 0.25 });
    applyReleasesEvent(state, ev({ type: 'progress', message: 'round 2 of 4', step: 'run' }));
    expect(releasesView(state)).toMatchObject({ status: 'round 2 of 4', fraction: 0.25 });
  });

  it('learns releases from progress sources that are Go versions, and from samples', () => {
    const state = createReleasesViewState();
    applyReleasesEvent(state, ev({ type: 'progress', message: 'built', step: 'build', source: 'go1.26.8' }));
    applyReleasesEvent(state, ev({ type: 'progress', message: 'x', step: 'build', source: 'go test' }));
    applyReleasesEvent(state, ev({ type: 'progress', message: 'y', step: 'build' }));
    expect(releasesView(state).rows).toEqual([{ version: 'go1.26.8', minor: 26, source: 'listed', missing: null, variants: {} }]);
    expect(releasesView(state).bars.slice(2)).toEqual([{ label: '1.26', kind: 'missing', medianNs: null, lowNs: null, highNs: null, changeLabel: null, faster: false }]);
  });

  it('skips samples whose key or figure it cannot read', () => {
    const state = createReleasesViewState();
    for (const key of ['go1.26.8', '/cgo', 'go1.26.8/', 'go1.26.8/banana']) applyReleasesEvent(state, ev({ type: 'sample', key, values: { nsPerCall: 5, round: 1 } }));
    applyReleasesEvent(state, ev({ type: 'sample', key: 'go1.26.8/cgo', values: { round: 1 } }));
    expect(state.samples).toEqual([]);
    applyReleasesEvent(state, ev({ type: 'sample', key: 'go1.26.8/cgo', values: { nsPerCall: 5 } }));
    expect(state.samples).toEqual([{ release: 'go1.26.8', variant: 'cgo', round: 0, nsPerCall: 5, cpuSharePct: null }]);
    expect(releasesView(state).machine).toBeNull();
  });

  it('marks a release missing for a toolchain or build error from it, and keeps it missing', () => {
    const state = createReleasesViewState();
    applyReleasesEvent(state, ev({ type: 'error', code: 'build-failed', message: 'go1.20.14: the build failed', source: 'go1.20.14' }));
    applyReleasesEvent(state, ev({ type: 'error', code: 'program-crashed', message: 'go1.22.12: crashed', source: 'go1.22.12' }));
    applyReleasesEvent(state, ev({ type: 'error', code: 'build-failed', message: 'something failed' }));
    applyReleasesEvent(state, sample('go1.20.14', 'cgo', 1, 30));
    expect(releasesView(state).rows).toEqual([{ version: 'go1.20.14', minor: 20, source: 'listed', missing: 'the build failed', variants: {} }]);
  });

  it('orders rows by minor, compares the plain cgo call only, and reads the CPU share of the samples', () => {
    const state = createReleasesViewState();
    const shared = (release: string, variant: string, nsPerCall: number, round: number) =>
      ev({ type: 'sample', key: `${release}/${variant}`, values: { nsPerCall, round, cpuSharePct: 60 } });
    for (const round of [1, 2, 3]) {
      applyReleasesEvent(state, shared('go1.26.8', 'cgo', 30, round));
      applyReleasesEvent(state, shared('go1.26.8', 'noescape', 20, round));
      applyReleasesEvent(state, shared('go1.25.14', 'noescape', 40, round));
      applyReleasesEvent(state, shared('go1.24.13', 'cgo', 30, round));
    }
    const view = releasesView(state);
    expect(view.rows.map((row) => row.version)).toEqual(['go1.24.13', 'go1.25.14', 'go1.26.8']);
    expect(view.headline).toBe('Go 1.26: 30 ns, no significant change vs 1.24');
    expect(view.bars.slice(2)).toEqual([
      { label: '1.24', kind: 'today', medianNs: 30, lowNs: null, highNs: null, changeLabel: null, faster: false },
      // Measured, but not the plain cgo call: no bar of its own, and noescape's change into 1.26 is not cgo's.
      { label: '1.25', kind: 'missing', medianNs: null, lowNs: null, highNs: null, changeLabel: null, faster: false },
      { label: '1.26', kind: 'today', medianNs: 30, lowNs: null, highNs: null, changeLabel: null, faster: false },
    ]);
    // The figures are thread CPU time: a shared core flags the run as busy but inflates nothing.
    expect(view.machine).toEqual({ line: 'machine check: CPU 60.0 % — busy: had the CPU 60 % of the time (not counted as inflation: figures are CPU time)', flagged: true });
  });

  it('draws a bar’s change from the plain cgo call’s own comparison, not another variant’s', () => {
    const state = createReleasesViewState();
    for (const round of [1, 2, 3]) {
      applyReleasesEvent(state, sample('go1.25.14', 'noescape', round, 40));
      applyReleasesEvent(state, sample('go1.26.8', 'noescape', round, 20));
      applyReleasesEvent(state, sample('go1.26.8', 'cgo', round, 30));
    }
    const view = releasesView(state);
    expect(view.changes.map((c) => [c.variant, c.to])).toEqual([['noescape', 'go1.26.8']]);
    expect(view.bars.at(-1)).toEqual({ label: '1.26', kind: 'today', medianNs: 30, lowNs: null, highNs: null, changeLabel: null, faster: false });
  });
});

describe('the go-releases view model from a result', () => {
  const row = (version: string, minor: number, medianNs: number) => ({ version, minor, source: 'listed', missing: null, variants: { cgo: { samples: 6, medianNs, lowNs: medianNs - 1, highNs: medianNs + 1, plusMinusPct: 2 } } });
  const change = (from: string, to: string, deltaPct: number) => ({ variant: 'cgo', from, to, deltaPct, p: 0.002, significant: true });
  const result = {
    installed: 'go1.26.8',
    releases: [row('go1.24.13', 24, 25), row('go1.25.14', 25, 28), row('go1.26.8', 26, 28.1)],
    changes: [change('go1.24.13', 'go1.25.14', 12.4), change('go1.25.14', 'go1.26.8', 0.36)],
    headline: null, rounds: 6, batches: 3, batchMs: 20, seed: 1, variantLabels: {}, benchstat: 'table', statsBy: 'benchstat', statsNote: 'note',
    machineSpeed: { rateGHz: 3.6, bestRateGHz: 3.6, slowdownPct: 0, cpuSharePct: 99, stealPct: 0, inflatedPct: 0, loadAvg: 0.5, cpuCount: 2, flagged: false, reasons: [] },
    talk2018: { oldNs: 63.1, newNs: 57.1, deltaPct: -9.43, label: 'x', source: 'y' },
  };

  it('labels a slower release with a plus, a change that rounds to nothing as +0 %, and shows no headline when the result has none', () => {
    const view = releasesView(setReleasesResult(createReleasesViewState(), goReleasesResult.parse(result)));
    expect(view.headline).toBeNull();
    expect(view.bars.slice(2).map((bar) => [bar.label, bar.changeLabel, bar.faster])).toEqual([
      ['1.24', null, false],
      ['1.25', '+12 %', false],
      ['1.26', '+0 %', false],
    ]);
  });

  it('folds nothing from events it does not draw', () => {
    const state = createReleasesViewState();
    applyReleasesEvent(state, ev({ type: 'stdout', text: 'go1.26.8/cgo 30 ns' }));
    applyReleasesEvent(state, ev({ type: 'end', outcome: 'ok', durationMs: 5 }));
    expect(releasesView(state)).toEqual(releasesView(createReleasesViewState()));
  });
});
