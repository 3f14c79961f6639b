import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../demos/protocol.ts';
import { summarizeFfi } from '../demos/ffi-overhead/summary.ts';
import { fakeRunState } from '../demos/ffi-overhead/fake-run-state.ts';
import { fidelityGoals, processesOf, rowTimesMs, runToRunSpreadPct, speedGoals, spreadPartsLines, stabilityGoals, type MeasuredRun } from './ffi-goals.ts';

/** run fakes one warm run with c-so at `cSo` ns, cgo at `cgo` ns, and their standalone loops. */
function run(cSo: number, cgo: number, loop = 1, wallMs = 12_000, rate = 3.7): MeasuredRun {
  const state = fakeRunState(['c-so', 'go-cgo', 'c-so-loop', 'go-cgo-loop'], {
    'c-so': { rounds: [[cSo], [cSo]], rateGHz: [rate, rate], cpuShare: 1 },
    'go-cgo': { rounds: [[cgo], [cgo]], rateGHz: [rate, rate], cpuShare: 1 },
    'c-so-loop': { rounds: [[cSo * loop], [cSo * loop]] },
    'go-cgo-loop': { rounds: [[cgo * loop], [cgo * loop]] },
  }, 3.7);
  return { wallMs, firstSampleMs: 400, result: summarizeFfi(state), events: [] };
}

const progress = (source: string, tMs: number): RunEvent => ({ type: 'progress', message: '', step: 'run', source, seq: 0, tMs });

describe('FFI goals', () => {
  it('spread over runs is (max − min) / median', () => {
    expect(runToRunSpreadPct([2, 2.02, 2.04])).toBeCloseTo(1.98, 2);
    expect(runToRunSpreadPct([2])).toBeNaN();
  });

  it('attributes time to rows from the progress events', () => {
    const events: RunEvent[] = [progress('c-so', 100), progress('go-cgo', 250), progress('c-so', 600), progress('go-cgo', 700), { type: 'result', data: {}, seq: 0, tMs: 1000 }];
    expect(Object.fromEntries(rowTimesMs(events))).toEqual({ 'c-so': 250, 'go-cgo': 650 });
  });

  it('meets fidelity and stability on steady runs', () => {
    const runs = [run(2, 28, 1.01), run(2.02, 28.3, 0.99), run(2.01, 28.1, 1.02)];
    expect(fidelityGoals(runs).map((g) => g.ok)).toEqual([true, true]);
    const [rows, ratio] = stabilityGoals(runs);
    expect(rows!.ok).toBe(true);
    expect(rows!.measured).toMatch(/^worst go-cgo 1\.1 %; 2\/2 rows within; all runs quiet$/);
    expect(ratio!.ok).toBe(true);
  });

  it('names the worst row and says when the machine was not quiet', () => {
    const runs = [run(2, 28), run(2.2, 28, 1, 12_000, 3), run(2, 28)];
    const [rows, ratio] = stabilityGoals(runs);
    expect(rows).toMatchObject({ ok: false });
    expect(rows!.measured).toContain('worst c-so 10.0 %');
    expect(rows!.measured).toContain('machine not quiet in 1 of 3 runs');
    expect(ratio!.ok).toBe(false);
  });

  it('fails fidelity when a harness drifts more than 5 % from its loop in any run', () => {
    const goals = fidelityGoals([run(2, 28, 1.01), run(2, 28, 1.08)]);
    expect(goals.map((g) => g.ok)).toEqual([false, false]);
    expect(goals[0]!.measured).toMatch(/^worst 7\.4 %/);
  });

  it('judges the whole table by its slowest run and its row count', () => {
    const [table, first] = speedGoals([run(2, 28, 1, 14_000), run(2, 28, 1, 16_000)]);
    expect(table!.ok).toBe(false); // one run over 15 s, and only 2 rows
    expect(table!.measured).toContain('2 rows');
    expect(first!.ok).toBe(true);
  });
});

describe('where the spread comes from', () => {
  /** sampleEvents turns per-round batches of one row into the run's sample events. */
  const sampleEvents = (key: string, rounds: number[][]): RunEvent[] =>
    rounds.flatMap((batches, i) => batches.map((ns): RunEvent => ({ type: 'sample', key, values: { round: i + 1, iterations: 1000, durationNs: ns * 1000 }, seq: 0, tMs: 0 })));
  const measured = (cSo: number[][], ratios: number[]): MeasuredRun => {
    const base = run(2, 28);
    return { ...base, result: { ...base.result!, cgo: { ...base.result!.cgo, ratioToCSoByRound: ratios } }, events: sampleEvents('c-so', cSo) };
  };

  it('rebuilds each row’s processes from the sample events', () => {
    const processes = processesOf([...sampleEvents('c-so', [[2, 2.2], [2.4]]), { type: 'progress', message: 'x', seq: 0, tMs: 0 }]);
    expect(processes['c-so']!.map((p) => [p.round, p.nsPerCall])).toEqual([[1, [2, 2.2]], [2, [2.4]]]);
  });

  it('prints within, between, expected and measured for every row and for cgo ÷ C', () => {
    const lines = spreadPartsLines([
      measured([[2, 2.02], [2.2, 2.222]], [14, 14]),
      measured([[2, 2.02], [2.2, 2.222]], [14, 14]),
      measured([[2.4, 2.424], [2.64, 2.6664]], [14, 15.4]),
    ]);
    expect(lines[0]).toBe('where the run-to-run spread comes from (3 runs, batches at full clock; every figure (max − min) / median):');
    const cells = (id: string) => lines.find((l) => l.startsWith(id))!.trim().split(/\s{2,}/);
    // c-so: batches 1 % apart, processes 9.5 % (0.201 / 2.1105); the last run 20 % slower.
    // No sentinel readings in these events: no cycles, no slope.
    expect(cells('c-so')).toEqual(['c-so', '2', '1.0 %', '9.5 %', cells('c-so')[4], '20.0 %', '–', '–', '–']);
    expect(Number.parseFloat(cells('c-so')[4]!)).toBeLessThan(10);
    // go-cgo reported no processes in these events.
    expect(cells('go-cgo')).toEqual(['go-cgo', '0', '–', '–', '–', '–', '–', '–', '–']);
    expect(cells('cgo ÷ C via .so')).toEqual(['cgo ÷ C via .so', '2 rounds', '–', '0.0 %', cells('cgo ÷ C via .so')[4], '5.0 %', '–', '–', '–']);
  });

  it('says whether the sentinel explains a row’s spread: cycles per call and the slope of ns on 1 / GHz', () => {
    /** withSpins adds one sentinel reading (adds per ns = GHz) to each round's process. */
    const withSpins = (key: string, rounds: number[][], rates: number[]): RunEvent[] => [
      ...sampleEvents(key, rounds),
      ...rates.map((rate, i): RunEvent => ({ type: 'sample', key, values: { round: i + 1, spinAdds: rate * 1e7, spinNs: 1e7 }, seq: 0, tMs: 0 })),
    ];
    const runWith = (events: RunEvent[]): MeasuredRun => ({ ...run(2, 28), events });
    // c-so: 7 cycles per call at 3.5 and 2.8 GHz (the clock explains it all); go-cgo: 25 ns
    // whatever the sentinel reads (it explains nothing: cycles spread 25 %).
    const lines = spreadPartsLines([
      runWith([...withSpins('c-so', [[2], [2.5]], [3.5, 2.8]), ...withSpins('go-cgo', [[25], [25]], [4, 3])]),
      runWith([...withSpins('c-so', [[2.5], [2]], [2.8, 3.5]), ...withSpins('go-cgo', [[25], [25]], [3, 4])]),
    ]);
    const cells = (id: string) => lines.find((l) => l.startsWith(id))!.trim().split(/\s{2,}/);
    expect(cells('c-so').slice(3)).toEqual(['22.2 %', cells('c-so')[4], '0.0 %', '0.0 %', '0.0 %', '1.00']);
    expect(cells('go-cgo').slice(3)).toEqual(['0.0 %', cells('go-cgo')[4], '0.0 %', '28.6 %', '0.0 %', '0.00']);
  });
});

describe('goals at full clock', () => {
  it('say how many batches and standalone loops each run kept', () => {
    const state = fakeRunState(['c-so', 'go-cgo', 'c-so-loop'], {
      'c-so': { rounds: [[2.5, 2.5, 4], [2.5, 2.5, 4]], clockGHz: [[3.7, 3.7, 2], [3.7, 3.7, 2]], cpuShare: 1 },
      'go-cgo': { rounds: [[28, 28, 44], [28, 28, 44]], clockGHz: [[3.7, 3.7, 2], [3.7, 3.7, 3.7]], cpuShare: 1 },
      'c-so-loop': { rounds: [[2.6, 4], [2.55]], clockGHz: [[3.7, 2], [3.6]] },
    });
    const measured: MeasuredRun = { wallMs: 12_000, firstSampleMs: 20, result: summarizeFfi(state), events: [] };
    const [cSo] = fidelityGoals([measured, measured]);
    expect(cSo!.measured).toBe('worst 2.9 % (runs: -2.9, -2.9 %); loops at full clock 2/3, 2/3');
    const [rows] = stabilityGoals([measured, measured]);
    expect(rows!.detail).toBe('c-so 0.0 % [2.50, 2.50] kept 2/6, 2/6; go-cgo 0.0 % [28.00, 28.00] kept 4/6, 4/6');
  });
});
