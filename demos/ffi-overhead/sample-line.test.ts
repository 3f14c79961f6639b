import { describe, expect, it } from 'vitest';
import { parseHarnessLine } from './sample-line.ts';

describe('parseHarnessLine', () => {
  it('reads a batch and computes ns per call', () => {
    expect(parseHarnessLine('{"iterations":1000,"durationNs":2500}')).toEqual({
      kind: 'batch', iterations: 1000, durationNs: 2500, nsPerCall: 2.5,
    });
    expect(parseHarnessLine('  {"iterations": 4, "durationNs": 10}\r')).toMatchObject({ kind: 'batch', nsPerCall: 2.5 });
  });

  it('reads the optional CPU time of a batch', () => {
    expect(parseHarnessLine('{"iterations":10,"durationNs":40,"cpuNs":30}')).toEqual({
      kind: 'batch', iterations: 10, durationNs: 40, nsPerCall: 4, cpuNs: 30,
    });
    expect(parseHarnessLine('{"iterations":10,"durationNs":40,"cpuNs":-1}')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('cpuNs') });
    expect(parseHarnessLine('{"iterations":10,"durationNs":40,"cpuNs":"x"}')).toMatchObject({ kind: 'invalid' });
  });

  it('reads the machine-speed sentinel, with or without its CPU time', () => {
    expect(parseHarnessLine('{"spinAdds":26000000,"spinNs":10000000,"spinCpuNs":9990000}')).toEqual({
      kind: 'spin', spinAdds: 26_000_000, spinNs: 10_000_000, spinCpuNs: 9_990_000,
    });
    expect(parseHarnessLine('{"spinAdds":5,"spinNs":2}')).toEqual({ kind: 'spin', spinAdds: 5, spinNs: 2 });
    expect(parseHarnessLine('{"spinAdds":0,"spinNs":2}')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('spinAdds') });
    expect(parseHarnessLine('{"spinAdds":5}')).toMatchObject({ kind: 'invalid' });
    expect(parseHarnessLine('{"spinAdds":5,"spinNs":2,"spinCpuNs":-3}')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('spinCpuNs') });
  });

  it('reads version and fixed-loop lines', () => {
    expect(parseHarnessLine('{"version":"go1.26.8"}')).toEqual({ kind: 'version', version: 'go1.26.8' });
    expect(parseHarnessLine('{"version": "Python 3.11.7"}')).toEqual({ kind: 'version', version: 'Python 3.11.7' });
    expect(parseHarnessLine('{"x":100}')).toEqual({ kind: 'fixed', x: 100 });
  });

  it('ignores chatter that is not a JSON object', () => {
    expect(parseHarnessLine('')).toEqual({ kind: 'ignored' });
    expect(parseHarnessLine('WARNING: something')).toEqual({ kind: 'ignored' });
    expect(parseHarnessLine('[1,2]')).toEqual({ kind: 'ignored' });
    expect(parseHarnessLine('{"other":1}')).toEqual({ kind: 'ignored' });
  });

  it('rejects malformed batches with a reason instead of a bogus sample', () => {
    expect(parseHarnessLine('{"iterations":')).toMatchObject({ kind: 'invalid' });
    expect(parseHarnessLine('{"iterations":0,"durationNs":5}')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('iterations') });
    expect(parseHarnessLine('{"iterations":1.5,"durationNs":5}')).toMatchObject({ kind: 'invalid' });
    expect(parseHarnessLine('{"iterations":10,"durationNs":-1}')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('durationNs') });
    expect(parseHarnessLine('{"iterations":10}')).toMatchObject({ kind: 'invalid' });
    expect(parseHarnessLine('{"iterations":"10","durationNs":5}')).toMatchObject({ kind: 'invalid' });
  });
});
