import { describe, expect, it } from 'vitest';
import { parseSweepLine, runningNs, sweepFigures, type SweepLine } from './sweep-line.ts';

describe('parseSweepLine', () => {
  it('reads versions and batches', () => {
    expect(parseSweepLine('{"version":"Python 3.11.7, ctypes"}')).toEqual({ kind: 'version', version: 'Python 3.11.7, ctypes' });
    expect(parseSweepLine('{"n":100,"iterations":1000,"durationNs":50000,"cpuNs":25000}')).toEqual({ kind: 'batch', n: 100, iterations: 1000, durationNs: 50000, cpuNs: 25000, nsPerCall: 50, cpuSharePct: 50, direct: null });
    expect(parseSweepLine('{"n":100,"iterations":1000,"durationNs":50000,"cpuNs":25000,"directNs":40000,"directCpuNs":39000}')).toMatchObject({ kind: 'batch', n: 100, direct: { durationNs: 40000, cpuNs: 39000 } });
    expect(parseSweepLine('{"n":100,"iterations":1000,"durationNs":50000,"directNs":40000}')).toMatchObject({ direct: { durationNs: 40000, cpuNs: null } });
    // Go's encoder sorts keys: the order does not matter.
    expect(parseSweepLine('{"cpuNs":10,"durationNs":10,"iterations":5,"n":3}')).toMatchObject({ kind: 'batch', n: 3, nsPerCall: 2 });
  });

  it('refuses batches without a valid n', () => {
    expect(parseSweepLine('{"iterations":5,"durationNs":10}').kind).toBe('invalid');
    expect(parseSweepLine('{"n":0,"iterations":5,"durationNs":10}').kind).toBe('invalid');
    expect(parseSweepLine('{"n":2.5,"iterations":5,"durationNs":10}').kind).toBe('invalid');
    expect(parseSweepLine('noise').kind).toBe('ignored');
    expect(parseSweepLine('{"n":2,"iterations":5,"durationNs":10,"directNs":0}')).toMatchObject({ kind: 'invalid', reason: /directNs/ });
    expect(parseSweepLine('{"n":2,"iterations":5,"durationNs":10,"directNs":"9"}').kind).toBe('invalid');
    expect(parseSweepLine('{"n":2,"iterations":5,"durationNs":10,"directNs":9,"directCpuNs":-1}')).toMatchObject({ kind: 'invalid', reason: /directCpuNs/ });
  });
});

describe('sweepFigures', () => {
  it('takes the fastest batch per N (the least disturbed)', () => {
    const lines = ['{"n":1,"iterations":10,"durationNs":100}', '{"n":1,"iterations":10,"durationNs":300}', '{"n":1,"iterations":10,"durationNs":200}', '{"n":10,"iterations":1,"durationNs":40}'];
    const batches = lines.map(parseSweepLine) as Array<Extract<SweepLine, { kind: 'batch' }>>;
    expect(sweepFigures(batches)).toEqual([{ n: 1, nsPerCall: 10, cpuSharePct: null, directNsPerCall: null }, { n: 10, nsPerCall: 40, cpuSharePct: null, directNsPerCall: null }]);
  });

  it('counts a descheduled batch by its CPU time, never by CPU time above the wall time', () => {
    const lines = ['{"n":1,"iterations":10,"durationNs":300,"cpuNs":120}', '{"n":1,"iterations":10,"durationNs":150,"cpuNs":140}', '{"n":2,"iterations":10,"durationNs":200,"cpuNs":260}'];
    const batches = lines.map(parseSweepLine) as Array<Extract<SweepLine, { kind: 'batch' }>>;
    expect(batches.map(runningNs)).toEqual([120, 140, 200]);
    expect(sweepFigures(batches).map((f) => f.nsPerCall)).toEqual([12, 20]);
  });

  it('reduces the in-process direct batches the same way, apart from the FFI’s', () => {
    const lines = ['{"n":1,"iterations":10,"durationNs":300,"directNs":90,"directCpuNs":80}', '{"n":1,"iterations":10,"durationNs":200,"directNs":150,"directCpuNs":70}'];
    const batches = lines.map(parseSweepLine) as Array<Extract<SweepLine, { kind: 'batch' }>>;
    expect(sweepFigures(batches)).toEqual([{ n: 1, nsPerCall: 20, cpuSharePct: null, directNsPerCall: 7 }]);
  });
});
