import { describe, expect, it } from 'vitest';
import type { MachineSpeedSummary, RunEvent } from '../../demos/protocol.ts';
import { machineSpeedOf, shouldReplace, untrustworthyReasons } from './recording-guard.ts';

const quiet: MachineSpeedSummary = {
  rateGHz: 3.62, bestRateGHz: 3.7, slowdownPct: 2.2, cpuSharePct: 99.7, stealPct: 0.1, inflatedPct: null, loadAvg: 0.4, cpuCount: 2, flagged: false, reasons: [],
};
const slow: MachineSpeedSummary = {
  ...quiet, rateGHz: 1.85, slowdownPct: 50, inflatedPct: 100, flagged: true, reasons: ['16 of 16 rows flagged; worst cgo: clock 1.85 GHz, 50 % below the best 3.70 GHz'],
};

describe('recording guard', () => {
  it('finds the machine-speed check in a run’s result, and only a well-formed one', () => {
    const result = (data: Record<string, unknown>): RunEvent[] => [{ type: 'result', data: data as never, seq: 1, tMs: 0 }];
    expect(machineSpeedOf(result({ machineSpeed: quiet }))).toEqual(quiet);
    expect(machineSpeedOf(result({ rows: [] }))).toBeUndefined();
    expect(machineSpeedOf(result({ machineSpeed: { ...quiet, rateGHz: 'fast' } }))).toBeUndefined();
    expect(machineSpeedOf([])).toBeUndefined();
  });

  it('reads the result event among the others, and refuses each malformed part of a check', () => {
    const events = (machineSpeed: unknown): RunEvent[] => [
      { type: 'status', phase: 'running', message: 'x', seq: 1, tMs: 0 },
      { type: 'result', data: { machineSpeed } as never, seq: 2, tMs: 1 },
    ];
    expect(machineSpeedOf(events(slow))).toEqual(slow);
    expect(machineSpeedOf(events({ ...quiet, loadAvg: null, cpuCount: null }))).toEqual({ ...quiet, loadAvg: null, cpuCount: null });
    for (const bad of [null, 'quiet', { ...quiet, flagged: 'yes' }, { ...quiet, reasons: 'slow' }, { ...quiet, reasons: [3] }, { ...quiet, cpuSharePct: NaN }, { ...quiet, loadAvg: '0.4' }]) {
      expect(machineSpeedOf(events(bad)), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it('keeps a quiet recording from a flagged run, saying why, unless forced', () => {
    const verdict = shouldReplace(slow, { machineSpeed: quiet }, false);
    expect(verdict).toEqual({ replace: false, reason: '16 of 16 rows flagged; worst cgo: clock 1.85 GHz, 50 % below the best 3.70 GHz, while the recording there was measured on a quiet machine' });
    expect(shouldReplace(slow, { machineSpeed: quiet }, true)).toEqual({ replace: true });
  });

  it('refuses a run whose load exceeded the CPU count, or that ran over 10 % slow, even if nothing else flagged it', () => {
    expect(untrustworthyReasons({ ...quiet, loadAvg: 3.5 })).toEqual(['load average 3.5 on 2 CPUs']);
    expect(untrustworthyReasons({ ...quiet, slowdownPct: 12 })).toEqual(['the machine ran 12 % below its best speed']);
    expect(shouldReplace({ ...quiet, loadAvg: 3.5 }, { machineSpeed: quiet }, false).replace).toBe(false);
    expect(untrustworthyReasons(quiet)).toEqual([]);
  });

  it('adds its own reasons only past the limits and only when the check did not already say so', () => {
    // At the limits: 10 % slow, as many runnable processes as CPUs.
    expect(untrustworthyReasons({ ...quiet, slowdownPct: 10, loadAvg: 2 })).toEqual([]);
    // An unknown CPU count or load says nothing.
    expect(untrustworthyReasons({ ...quiet, loadAvg: 3, cpuCount: null })).toEqual([]);
    expect(untrustworthyReasons({ ...quiet, loadAvg: null, cpuCount: 0 })).toEqual([]);
    // The check's own reasons come first; one saying the same thing is not repeated.
    expect(untrustworthyReasons({ ...quiet, slowdownPct: 12, loadAvg: 3.5, flagged: true, reasons: ['had the CPU 50 % of the time'] })).toEqual([
      'had the CPU 50 % of the time',
      'the machine ran 12 % below its best speed',
      'load average 3.5 on 2 CPUs',
    ]);
    expect(untrustworthyReasons(slow)).toEqual(slow.reasons);
    expect(untrustworthyReasons({ ...quiet, loadAvg: 3.5, flagged: true, reasons: ['load average 3.5 on 2 CPUs'] })).toEqual(['load average 3.5 on 2 CPUs']);
    // Flagged without a reason given.
    expect(untrustworthyReasons({ ...quiet, flagged: true })).toEqual(['flagged by its machine-speed check']);
  });

  it('names every reason in its refusal', () => {
    const verdict = shouldReplace({ ...quiet, slowdownPct: 12, loadAvg: 3.5 }, { machineSpeed: quiet }, false);
    expect(verdict).toEqual({
      replace: false,
      reason: 'the machine ran 12 % below its best speed; load average 3.5 on 2 CPUs, while the recording there was measured on a quiet machine',
    });
  });

  it('replaces an unverified or flagged recording, lets quiet runs through, and demos without a check as before', () => {
    expect(shouldReplace(slow, {}, false)).toEqual({ replace: true });
    expect(shouldReplace(slow, undefined, false)).toEqual({ replace: true });
    expect(shouldReplace(slow, { machineSpeed: { ...slow } }, false)).toEqual({ replace: true });
    expect(shouldReplace(quiet, { machineSpeed: quiet }, false)).toEqual({ replace: true });
    expect(shouldReplace(undefined, { machineSpeed: quiet }, false)).toEqual({ replace: true });
  });
});
