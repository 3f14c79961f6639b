import { describe, expect, it } from 'vitest';
import type { RunEvent, RunEventBody } from '../protocol.ts';
import { goReleasesResult } from './result.ts';
import { applyReleasesEvent, createReleasesViewState, releasesView, setReleasesResult } from './view-model.ts';

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
    // A recording made before extra rounds existed has no precision: nothing to say.
    expect(view.wideNote).toBeNull();
    const precision = { targetPct: 3, maxRounds: 30, budgetS: 36, extraRounds: 20, roundsByRelease: { 'go1.26.8': 30 }, stoppedBy: 'round-cap', wide: [{ release: 'go1.26.8', variant: 'cgo', plusMinusPct: 4, samples: 30, rounds: 30, reason: 'round-cap' }], note: 'Wider than ±3 %: go1.26.8 cgo ±4.0 % after 30 rounds (the cap of 30 rounds).' };
    const wide = releasesView(setReleasesResult(createReleasesViewState(), goReleasesResult.parse({ ...result, precision })));
    expect(wide.wideNote).toBe(precision.note);
    expect(view.machine).toEqual({ line: 'machine check: 3.10 GHz effective clock (best 3.60), CPU 72.0 %, steal 0.0 % — slowed down: figures inflated ≈ 61 %', flagged: true });
  });
});
