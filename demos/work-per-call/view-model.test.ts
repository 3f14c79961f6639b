import { describe, expect, it } from 'vitest';
import type { RunEventBody } from '../protocol.ts';
import { workPerCallResult } from './result.ts';
import { applyWorkEvent, createWorkViewState, setWorkResult, workView } from './view-model.ts';

const sample = (caller: string, n: number, round: number, nsPerCall: number, cpuSharePct: number): RunEventBody => ({ type: 'sample', key: `${caller}/${n}`, values: { nsPerCall, n, round, cpuSharePct } });

describe('the work-per-call view model’s machine line', () => {
  it('reads callers that shared their core as busy, not inflated: the figures are CPU time', () => {
    const state = createWorkViewState();
    for (const round of [1, 2, 3]) applyWorkEvent(state, sample('direct', 1000, round, 250, 70));
    expect(workView(state).machine).toEqual({ line: 'machine check: CPU 70.0 % — busy: had the CPU 70 % of the time (not counted as inflation: figures are CPU time)', flagged: true });
  });

  it('shows the result’s check as the result says it, old recordings (no clock) as wall-clock', () => {
    const machineSpeed = { rateGHz: 3.5, bestRateGHz: 4.2, slowdownPct: 16.7, cpuSharePct: 99.9, stealPct: 0, inflatedPct: 20, loadAvg: 1, cpuCount: 2, flagged: true, reasons: ['clock 3.50 GHz, 17 % below the best 4.20 GHz'] };
    const result = { sizes: [1], thresholdPct: 10, rows: [], headline: null, rounds: 5, batchMs: 10, seed: 1, work: 'spin(N)', machineSpeed };
    const view = (m: object) => workView(setWorkResult(createWorkViewState(), workPerCallResult.parse({ ...result, machineSpeed: m }))).machine;
    expect(view({ ...machineSpeed, clock: 'cpu' })?.line).toMatch(/ — slowed down: figures inflated ≈ 20 % \(the clock alone: figures are CPU time\)$/);
    expect(view(machineSpeed)?.line).toMatch(/ — slowed down: figures inflated ≈ 20 %$/);
  });
});
