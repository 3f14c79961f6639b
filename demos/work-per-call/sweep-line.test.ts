import { describe, expect, it } from 'vitest';
import { parseSweepLine, sweepFigures, type SweepLine } from './sweep-line.ts';

describe('parseSweepLine', () => {
  it('reads versions and batches', () => {
    expect(parseSweepLine('{"version":"Python 3.11.7, ctypes"}')).toEqual({ kind: 'version', version: 'Python 3.11.7, ctypes' });
    expect(parseSweepLine('{"n":100,"iterations":1000,"durationNs":50000,"cpuNs":25000}')).toEqual({ kind: 'batch', n: 100, iterations: 1000, durationNs: 50000, cpuNs: 25000, nsPerCall: 50, cpuSharePct: 50 });
    // Go's encoder sorts keys: the order does not matter.
    expect(parseSweepLine('{"cpuNs":10,"durationNs":10,"iterations":5,"n":3}')).toMatchObject({ kind: 'batch', n: 3, nsPerCall: 2 });
  });

  it('refuses batches without a valid n', () => {
    expect(parseSweepLine('{"iterations":5,"durationNs":10}').kind).toBe('invalid');
    expect(parseSweepLine('{"n":0,"iterations":5,"durationNs":10}').kind).toBe('invalid');
    expect(parseSweepLine('{"n":2.5,"iterations":5,"durationNs":10}').kind).toBe('invalid');
    expect(parseSweepLine('noise').kind).toBe('ignored');
  });
});

describe('sweepFigures', () => {
  it('takes the fastest batch per N (the least disturbed)', () => {
    const lines = ['{"n":1,"iterations":10,"durationNs":100}', '{"n":1,"iterations":10,"durationNs":300}', '{"n":1,"iterations":10,"durationNs":200}', '{"n":10,"iterations":1,"durationNs":40}'];
    const batches = lines.map(parseSweepLine) as Array<Extract<SweepLine, { kind: 'batch' }>>;
    expect(sweepFigures(batches)).toEqual([{ n: 1, nsPerCall: 10, cpuSharePct: null }, { n: 10, nsPerCall: 40, cpuSharePct: null }]);
  });
});
