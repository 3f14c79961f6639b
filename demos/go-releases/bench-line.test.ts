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

describe('parseReleaseBenchLine, word for word', () => {
  it('ignores the FFI harnesses’ own fixed-run and spin lines', () => {
    expect(parseReleaseBenchLine('{"x":5}')).toEqual({ kind: 'ignored' });
    expect(parseReleaseBenchLine('{"spinAdds":100,"spinNs":50}')).toEqual({ kind: 'ignored' });
  });

  it('reads a header without variants as none, and names a variant it does not know', () => {
    expect(parseReleaseBenchLine('{"version":"go1.20.14"}')).toEqual({ kind: 'header', version: 'go1.20.14', variants: [] });
    expect(parseReleaseBenchLine('{"version":"go1.20.14","variants":"cgo"}')).toEqual({ kind: 'header', version: 'go1.20.14', variants: [] });
    expect(parseReleaseBenchLine('{"version":"go1.26.8","variants":["cgo","turbo"]}')).toEqual({ kind: 'invalid', reason: 'unknown variant "turbo"' });
    expect(parseReleaseBenchLine('{"version":"go1.26.8","variants":["cgo",3]}')).toEqual({ kind: 'invalid', reason: 'unknown variant 3' });
  });

  it('quotes the start of a batch line without a known variant', () => {
    const long = `{"variant":7,"iterations":10,"durationNs":300,"note":"${'x'.repeat(100)}"}`;
    expect(parseReleaseBenchLine(`  ${long}  `)).toEqual({ kind: 'invalid', reason: `a batch needs a known "variant": ${long.slice(0, 80)}` });
  });

  it('quotes the start of a batch line whose thread time is not a positive number', () => {
    const long = `{"variant":"cgo","iterations":10,"durationNs":300,"threadNs":-5,"note":"${'x'.repeat(100)}"}`;
    expect(parseReleaseBenchLine(`  ${long}  `)).toEqual({ kind: 'invalid', reason: `threadNs must be a positive number: ${long.slice(0, 80)}` });
  });

  it('reads a sentinel only from an object with a string `sentinel`, with positive numbers', () => {
    for (const chatter of ['123', 'null', '"text"', '[1,2]', '{"sentinel":1,"adds":5,"wallNs":5}', '{"foo":1}', 'not json']) {
      expect(parseReleaseBenchLine(chatter), chatter).toEqual({ kind: 'ignored' });
    }
    const refused = (fields: string) => parseReleaseBenchLine(`{"sentinel":"after",${fields}}`);
    for (const fields of ['"adds":"5","wallNs":5', '"adds":5,"wallNs":0', '"adds":5,"wallNs":"5"', '"adds":5', '"adds":-1,"wallNs":5']) {
      expect(refused(fields), fields).toEqual({ kind: 'invalid', reason: `a sentinel needs positive adds and wallNs: {"sentinel":"after",${fields}}` });
    }
    const long = ` {"sentinel":"after","adds":0,"wallNs":5,"pad":"${'p'.repeat(90)}"}`;
    expect(parseReleaseBenchLine(long)).toEqual({ kind: 'invalid', reason: `a sentinel needs positive adds and wallNs: ${long.trim().slice(0, 80)}` });
  });

  it('keeps a sentinel’s CPU time only when it is a number, zero included', () => {
    const reading = (cpu: string) => parseReleaseBenchLine(`{"sentinel":"before","adds":10,"wallNs":20${cpu}}`);
    expect(reading(',"cpuNs":0')).toEqual({ kind: 'sentinel', reading: { adds: 10, wallNs: 20, cpuNs: 0 } });
    for (const cpu of ['', ',"cpuNs":-1', ',"cpuNs":"5"']) expect(reading(cpu), cpu).toEqual({ kind: 'sentinel', reading: { adds: 10, wallNs: 20 } });
  });
});

describe('processFigures', () => {
  it('takes the CPU share over the batches that report one, and none when no batch does', () => {
    const lines = [
      '{"variant":"cgo","iterations":100,"durationNs":3000}',
      '{"variant":"cgo","iterations":100,"durationNs":3000,"cpuNs":1500}',
      '{"variant":"callback","iterations":100,"durationNs":3000}',
    ].map(parseReleaseBenchLine) as Array<Extract<ReleaseBenchLine, { kind: 'batch' }>>;
    expect(processFigures(lines)).toEqual([
      { variant: 'cgo', nsPerCall: 30, wallNsPerCall: 30, batches: 2, cpuSharePct: 50 },
      { variant: 'callback', nsPerCall: 30, wallNsPerCall: 30, batches: 1, cpuSharePct: null },
    ]);
  });

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
