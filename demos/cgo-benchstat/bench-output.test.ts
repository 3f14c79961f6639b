import { describe, expect, it } from 'vitest';
import { parseBenchHeader, parseBenchLine, summarizeBench } from './bench-output.ts';
import { medianInterval } from '../stats/stats.ts';

describe('bench output', () => {
  it('parses result and header lines', () => {
    expect(parseBenchLine('BenchmarkCgoCall-2                     \t 7360444\t        31.80 ns/op')).toEqual({ name: 'CgoCall', procs: 2, iterations: 7360444, nsPerOp: 31.8 });
    expect(parseBenchLine('BenchmarkGoCall \t 126182725\t 1.896 ns/op\t 0 B/op')).toEqual({ name: 'GoCall', procs: 1, iterations: 126182725, nsPerOp: 1.896 });
    expect(parseBenchLine('PASS')).toBeUndefined();
    expect(parseBenchHeader('cpu: AMD EPYC')).toEqual(['cpu', 'AMD EPYC']);
  });
});

describe('benchstat statistics', () => {
  it('needs 6 samples for a 95 % interval of the median, then uses min and max', () => {
    expect(medianInterval([1, 2, 3, 4, 5])).toBeUndefined();
    expect(medianInterval([3, 1, 2, 6, 5, 4])).toEqual({ lo: 1, hi: 6 });
  });
  it('narrows the interval as samples grow (order statistics)', () => {
    // n = 10 at 95 %: [x(2), x(9)] (coverage 97.9 %; [x(3), x(8)] would be 89 %)
    expect(medianInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ lo: 2, hi: 9 });
  });
  it('prints ± like benchstat: the larger distance to the interval, relative to the median', () => {
    // Ten real GoCall runs on a busy 2-core VM; benchstat (x/perf) printed "5.738n ± 47%" for them.
    const values = [6.235, 8.443, 5.217, 5.634, 4.158, 13.72, 5.459, 8.177, 5.841, 3.843];
    const [row] = summarizeBench(values.map((nsPerOp) => ({ name: 'GoCall', procs: 2, iterations: 1, nsPerOp })));
    expect(row!.samples).toBe(10);
    expect(row!.medianNs).toBeCloseTo(5.7375, 6);
    expect(row!.lowNs).toBe(4.158);
    expect(row!.highNs).toBe(8.443);
    expect(Math.round(row!.plusMinusPct!)).toBe(47);
    const [few] = summarizeBench([1, 2, 3].map((nsPerOp) => ({ name: 'X', procs: 1, iterations: 1, nsPerOp })));
    expect(few!.plusMinusPct).toBeNull();
  });
});
