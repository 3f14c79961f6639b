import { describe, expect, it } from 'vitest';
import { bracketBatches, parseReleaseBenchLine, processEvidence, processFigures, type ClockedBatch, type ReleaseBatch } from './bench-line.ts';

describe('parseReleaseBenchLine', () => {
  it('reads the header and batches', () => {
    expect(parseReleaseBenchLine('{"version":"go1.10.8","variants":["cgo","callback"]}')).toEqual({ kind: 'header', version: 'go1.10.8', variants: ['cgo', 'callback'] });
    expect(parseReleaseBenchLine('{"variant":"cgo","iterations":1000,"durationNs":33000,"cpuNs":33000}')).toEqual({ kind: 'batch', variant: 'cgo', nsPerCall: 33, wallNsPerCall: 33, cpuSharePct: 100, clockGHz: null });
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
    expect(parseReleaseBenchLine('{"variant":"cgo","iterations":1000,"durationNs":50000,"cpuNs":25000,"threadNs":24000}')).toEqual({ kind: 'batch', variant: 'cgo', nsPerCall: 24, wallNsPerCall: 50, cpuSharePct: 50, clockGHz: null });
    expect(parseReleaseBenchLine('{"variant":"cgo","iterations":1000,"durationNs":50000,"threadNs":0}')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('threadNs') });
    expect(parseReleaseBenchLine('{"variant":"cgo","iterations":1000,"durationNs":50000,"threadNs":"1"}').kind).toBe('invalid');
  });

  it('reads the machine-speed sentinel around the batches', () => {
    expect(parseReleaseBenchLine('{"sentinel":"before","adds":20000000,"wallNs":5400000,"cpuNs":5390000}')).toEqual({ kind: 'sentinel', when: 'before', reading: { adds: 20000000, wallNs: 5400000, cpuNs: 5390000 } });
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
    expect(reading(',"cpuNs":0')).toEqual({ kind: 'sentinel', when: 'before', reading: { adds: 10, wallNs: 20, cpuNs: 0 } });
    for (const cpu of ['', ',"cpuNs":-1', ',"cpuNs":"5"']) expect(reading(cpu), cpu).toEqual({ kind: 'sentinel', when: 'before', reading: { adds: 10, wallNs: 20 } });
  });
});

describe('processFigures', () => {
  it('takes the CPU share over the batches that report one, and none when no batch does', () => {
    const lines = [
      '{"variant":"cgo","iterations":100,"durationNs":3000}',
      '{"variant":"cgo","iterations":100,"durationNs":3000,"cpuNs":1500}',
      '{"variant":"callback","iterations":100,"durationNs":3000}',
    ].map(parseReleaseBenchLine) as ReleaseBatch[];
    expect(processFigures(bracketBatches(lines, undefined))).toEqual([
      { variant: 'cgo', nsPerCall: 30, wallNsPerCall: 30, batches: 2, allBatches: 2, clockGHz: null, cpuSharePct: 50 },
      { variant: 'callback', nsPerCall: 30, wallNsPerCall: 30, batches: 1, allBatches: 1, clockGHz: null, cpuSharePct: null },
    ]);
  });

  it('takes the median of each variant’s batches', () => {
    const lines = [
      '{"variant":"cgo","iterations":100,"durationNs":3000,"cpuNs":3000}',
      '{"variant":"callback","iterations":100,"durationNs":20000,"cpuNs":10000}',
      '{"variant":"cgo","iterations":100,"durationNs":9000,"cpuNs":9000}',
      '{"variant":"cgo","iterations":100,"durationNs":3100,"cpuNs":3000}',
    ].map(parseReleaseBenchLine) as ReleaseBatch[];
    const figures = processFigures(bracketBatches(lines, undefined));
    expect(figures.map((f) => f.variant)).toEqual(['cgo', 'callback']);
    expect(figures[0]).toMatchObject({ nsPerCall: 31, wallNsPerCall: 31, batches: 3 });
    expect(figures[1]).toMatchObject({ nsPerCall: 200, batches: 1, cpuSharePct: 50 });
    const timedByThread = processFigures(
      bracketBatches(
        ['{"variant":"cgo","iterations":100,"durationNs":6000,"threadNs":3000}', '{"variant":"cgo","iterations":100,"durationNs":4000,"threadNs":3200}', '{"variant":"cgo","iterations":100,"durationNs":9000,"threadNs":2900}'].map(
          parseReleaseBenchLine,
        ) as ReleaseBatch[],
        undefined,
      ),
    );
    expect(timedByThread).toEqual([{ variant: 'cgo', nsPerCall: 30, wallNsPerCall: 60, batches: 3, allBatches: 3, clockGHz: null, cpuSharePct: null }]);
  });
});

/** batch builds a parsed batch line: `ns` per call over 1000 calls, the clock read before it in GHz (null: none). */
function batch(variant: string, ns: number, clockGHz: number | null, cpuNs?: number): ReleaseBatch {
  const clock = clockGHz === null ? '' : `,"clockAdds":1000000,"clockNs":${1_000_000 / clockGHz}`;
  const cpu = cpuNs === undefined ? '' : `,"cpuNs":${cpuNs}`;
  const parsed = parseReleaseBenchLine(`{"variant":"${variant}","iterations":1000,"durationNs":${ns * 1000},"threadNs":${ns * 1000}${cpu}${clock}}`);
  if (parsed.kind !== 'batch') throw new Error(`not a batch: ${JSON.stringify(parsed)}`);
  return parsed;
}

describe('the clock read next to each batch', () => {
  it('reads it as adds per ns, and refuses a half or unusable one', () => {
    expect(batch('cgo', 30, 3.5).clockGHz).toBeCloseTo(3.5, 10);
    expect(batch('cgo', 30, null).clockGHz).toBeNull();
    for (const fields of ['"clockAdds":1000000', '"clockNs":300000', '"clockAdds":0,"clockNs":300000', '"clockAdds":1000000,"clockNs":-1', '"clockAdds":"1","clockNs":3']) {
      expect(parseReleaseBenchLine(`{"variant":"cgo","iterations":10,"durationNs":300,${fields}}`), fields).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('clockAdds and clockNs must be positive numbers') });
    }
  });

  it('brackets each batch by the lower of its own reading and the next one, the last by the closing sentinel', () => {
    const runs = bracketBatches([batch('cgo', 30, 3.6), batch('callback', 70, 3.5), batch('cgo', 45, 2.1)], { adds: 3_400_000, wallNs: 1_000_000, cpuNs: 1_000_000 });
    expect(runs.map((b) => b.bracketGHz)).toEqual([3.5, 2.1, 2.1].map((x) => expect.closeTo(x, 10)));
    expect(bracketBatches([batch('cgo', 30, 3.6)], { adds: 3_400_000, wallNs: 1_000_000 })[0]!.bracketGHz).toBeCloseTo(3.4, 10);
    expect(bracketBatches([batch('cgo', 30, 3.6)], undefined)[0]!.bracketGHz).toBeCloseTo(3.6, 10);
  });
});

describe('processFigures at full clock', () => {
  const clocked = (ns: number, bracketGHz: number | null, variant = 'cgo'): ClockedBatch => ({ ...batch(variant, ns, bracketGHz), bracketGHz });

  it('takes the median of the batches at ≥ 90 % of the reference only, and says how many of how many', () => {
    const figures = processFigures([clocked(27, 3.6), clocked(40, 2.0), clocked(28, 3.3), clocked(45, 3.2), clocked(29, 3.7)], 3.6);
    expect(figures).toEqual([{ variant: 'cgo', nsPerCall: 28, wallNsPerCall: 28, batches: 3, allBatches: 5, clockGHz: 3.6, cpuSharePct: null }]);
  });

  it('gives no figure for a variant none of whose batches ran at full clock', () => {
    const figures = processFigures([clocked(40, 2.0), clocked(70, 3.6, 'callback'), clocked(41, null)], 3.6);
    expect(figures.map((f) => f.variant)).toEqual(['callback']);
  });

  it('counts every batch when there is no reference', () => {
    expect(processFigures([clocked(40, 2.0), clocked(30, null)], NaN)).toMatchObject([{ nsPerCall: 35, batches: 2, allBatches: 2, clockGHz: 2 }]);
  });
});

describe('processEvidence', () => {
  const sentinels = [{ adds: 50_000_000, wallNs: 20_000_000, cpuNs: 20_000_000 }];

  it('with a reference: the clocks and CPU share of the batches that counted', () => {
    // CPU shares 50 %, 50 %, 100 %: only the last batch counts, and its share is the one said.
    const batches = bracketBatches([batch('cgo', 27, 3.6, 13_500), batch('cgo', 40, 2.0, 20_000), batch('cgo', 28, 3.5, 28_000)], { adds: 3_500_000, wallNs: 1_000_000 });
    const evidence = processEvidence(batches, sentinels, 3.6);
    // Bracketed: 2.0 (its own), 2.0 (the next one's), 3.5 (the closing one).
    expect(evidence.readings).toHaveLength(1);
    expect(evidence.readings[0]!.adds / evidence.readings[0]!.cpuNs!).toBeCloseTo(3.5, 10);
    expect(evidence.cpuSharePct).toBe(100);
  });

  it('without one: the process’s own sentinels, and the share over all its batches', () => {
    const batches = bracketBatches([batch('cgo', 27, null, 27_000), batch('cgo', 40, null, 20_000)], undefined);
    expect(processEvidence(batches, sentinels, NaN)).toEqual({ readings: sentinels, cpuSharePct: 75 });
  });
});
