import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../demos/protocol.ts';
import { summarizeFfi } from '../demos/ffi-overhead/summary.ts';
import { fakeRunState } from '../demos/ffi-overhead/fake-run-state.ts';
import { fidelityGoals, rowTimesMs, runToRunSpreadPct, speedGoals, stabilityGoals, type MeasuredRun } from './ffi-goals.ts';

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
