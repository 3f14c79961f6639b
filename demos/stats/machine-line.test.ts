import { describe, expect, it } from 'vitest';
import { machineLine } from './machine-line.ts';

describe('machineLine', () => {
  it('says the run’s check once there is one', () => {
    const quiet = { rateGHz: 3.6, bestRateGHz: 3.65, cpuSharePct: 99.8, stealPct: 0, inflatedPct: 1.6, flagged: false, reasons: [] };
    expect(machineLine(quiet, [])).toEqual({ line: 'machine check: 3.60 GHz effective clock (best 3.65), CPU 99.8 %, steal 0.0 % — quiet', flagged: false });
  });

  it('flags a live run whose processes share their core, before the check', () => {
    expect(machineLine(null, [60, 70, null, 99])).toEqual({ line: 'machine check: CPU 70.0 % — slowed down: figures inflated ≈ 43 %', flagged: true });
    expect(machineLine(null, [])).toBeNull();
    // Shares not measured (yet) are left out, not read as 0.
    expect(machineLine(null, [NaN, 80, undefined, null])).toEqual({ line: 'machine check: CPU 80.0 % — slowed down: figures inflated ≈ 25 %', flagged: true });
    expect(machineLine(null, [NaN, null])).toBeNull();
  });
});
