import { describe, expect, it } from 'vitest';
import { parseReleaseBenchLine, processFigures, type ReleaseBenchLine } from './bench-line.ts';

describe('parseReleaseBenchLine', () => {
  it('reads the header and batches', () => {
    expect(parseReleaseBenchLine('{"version":"go1.10.8","variants":["cgo","callback"]}')).toEqual({ kind: 'header', version: 'go1.10.8', variants: ['cgo', 'callback'] });
    expect(parseReleaseBenchLine('{"variant":"cgo","iterations":1000,"durationNs":33000,"cpuNs":33000}')).toEqual({ kind: 'batch', variant: 'cgo', nsPerCall: 33, wallNsPerCall: 33, cpuSharePct: 100 });
    expect(parseReleaseBenchLine('{"variant":"noescape","iterations":10,"durationNs":300}')).toMatchObject({ nsPerCall: 30, cpuSharePct: null });
  });

  it('refuses batches without a known variant or with bad numbers, and ignores chatter', () => {
    expect(parseReleaseBenchLine('{"iterations":10,"durationNs":300}').kind).toBe('invalid');
    expect(parseReleaseBenchLine('{"variant":"fast","iterations":10,"durationNs":300}').kind).toBe('invalid');
    expect(parseReleaseBenchLine('{"variant":"cgo","iterations":0,"durationNs":300}').kind).toBe('invalid');
    expect(parseReleaseBenchLine('{"version":"go1.26.8","variants":["cgo","turbo"]}').kind).toBe('invalid');
    expect(parseReleaseBenchLine('warning: something').kind).toBe('ignored');
    expect(parseReleaseBenchLine('').kind).toBe('ignored');
  });

  it('times a batch by its thread’s CPU time when the line has it, keeping the wall time', () => {
    expect(parseReleaseBenchLine('{"variant":"cgo","iterations":1000,"durationNs":50000,"cpuNs":25000,"threadNs":24000}')).toEqual({ kind: 'batch', variant: 'cgo', nsPerCall: 24, wallNsPerCall: 50, cpuSharePct: 50 });
    expect(parseReleaseBenchLine('{"variant":"cgo","iterations":1000,"durationNs":50000,"threadNs":0}')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('threadNs') });
    expect(parseReleaseBenchLine('{"variant":"cgo","iterations":1000,"durationNs":50000,"threadNs":"1"}').kind).toBe('invalid');
  });

  it('reads the machine-speed sentinel around the batches', () => {
    expect(parseReleaseBenchLine('{"sentinel":"before","adds":20000000,"wallNs":5400000,"cpuNs":5390000}')).toEqual({ kind: 'sentinel', reading: { adds: 20000000, wallNs: 5400000, cpuNs: 5390000 } });
    expect(parseReleaseBenchLine('{"sentinel":"after","adds":0,"wallNs":5}').kind).toBe('invalid');
  });
});

describe('processFigures', () => {
  it('takes the median of each variant’s batches', () => {
    const lines = [
      '{"variant":"cgo","iterations":100,"durationNs":3000,"cpuNs":3000}',
      '{"variant":"callback","iterations":100,"durationNs":20000,"cpuNs":10000}',
      '{"variant":"cgo","iterations":100,"durationNs":9000,"cpuNs":9000}',
      '{"variant":"cgo","iterations":100,"durationNs":3100,"cpuNs":3000}',
    ].map(parseReleaseBenchLine) as Array<Extract<ReleaseBenchLine, { kind: 'batch' }>>;
    const figures = processFigures(lines);
    expect(figures.map((f) => f.variant)).toEqual(['cgo', 'callback']);
    expect(figures[0]).toMatchObject({ nsPerCall: 31, wallNsPerCall: 31, batches: 3 });
    expect(figures[1]).toMatchObject({ nsPerCall: 200, batches: 1, cpuSharePct: 50 });
    const timedByThread = processFigures(
      ['{"variant":"cgo","iterations":100,"durationNs":6000,"threadNs":3000}', '{"variant":"cgo","iterations":100,"durationNs":4000,"threadNs":3200}', '{"variant":"cgo","iterations":100,"durationNs":9000,"threadNs":2900}'].map(
        parseReleaseBenchLine,
      ) as Array<Extract<ReleaseBenchLine, { kind: 'batch' }>>,
    );
    expect(timedByThread).toEqual([{ variant: 'cgo', nsPerCall: 30, wallNsPerCall: 60, batches: 3, cpuSharePct: null }]);
  });
});
