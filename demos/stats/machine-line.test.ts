import { describe, expect, it } from 'vitest';
import { keepFiguresWithUnits, machineLine } from './machine-line.ts';

describe('machineLine', () => {
  it('says the run’s check once there is one', () => {
    const quiet = { rateGHz: 3.6, bestRateGHz: 3.65, cpuSharePct: 99.8, stealPct: 0, inflatedPct: 1.6, flagged: false, reasons: [] };
    expect(machineLine(quiet, [], 'wall')).toEqual({ line: 'machine check: 3.60 GHz effective clock (best 3.65), CPU 99.8 %, steal 0.0 % — quiet', flagged: false });
  });

  it('flags a live run whose processes share their core, before the check', () => {
    expect(machineLine(null, [60, 70, null, 99], 'wall')).toEqual({ line: 'machine check: CPU 70.0 % — slowed down: figures inflated ≈ 43 %', flagged: true });
    expect(machineLine(null, [], 'wall')).toBeNull();
    // Shares not measured (yet) are left out, not read as 0.
    expect(machineLine(null, [NaN, 80, undefined, null], 'wall')).toEqual({ line: 'machine check: CPU 80.0 % — slowed down: figures inflated ≈ 25 %', flagged: true });
    expect(machineLine(null, [NaN, null], 'wall')).toBeNull();
  });

  it('reads a live run of CPU-time figures as busy, not inflated, when its processes share their core', () => {
    expect(machineLine(null, [60, 70, null, 99], 'cpu')).toEqual({ line: 'machine check: CPU 70.0 % — busy: had the CPU 70 % of the time (not counted as inflation: figures are CPU time)', flagged: true });
    expect(machineLine(null, [99, 100], 'cpu')).toEqual({ line: 'machine check: CPU 99.5 % — quiet', flagged: false });
  });

  it('reads a result’s check by its own clock; one without (recorded before) as wall-clock, as it was computed', () => {
    const busy = { rateGHz: 3.6, bestRateGHz: 3.65, cpuSharePct: 70, stealPct: 0, inflatedPct: 1.4, flagged: true, reasons: ['had the CPU 70 % of the time'] };
    expect(machineLine({ ...busy, clock: 'cpu' }, [], 'cpu')?.line).toMatch(/ — slowed down: figures inflated ≈ 1 % \(the clock alone: figures are CPU time\); busy: had the CPU 70 % of the time, not counted$/);
    expect(machineLine({ ...busy, inflatedPct: 44.8 }, [], 'cpu')?.line).toMatch(/ — slowed down: figures inflated ≈ 45 %$/);
  });

  it('keeps each figure with its unit for a panel: no line break between “71” and “%”', () => {
    expect(keepFiguresWithUnits('machine check: 4.36 GHz effective clock, CPU 71.3 % — busy: had the CPU 71 % of the time')).toBe(
      'machine check: 4.36\u00a0GHz effective clock, CPU 71.3\u00a0% — busy: had the CPU 71\u00a0% of the time',
    );
    expect(keepFiguresWithUnits('CPU time, 1 200 adds')).toBe('CPU time, 1 200 adds');
  });
});
