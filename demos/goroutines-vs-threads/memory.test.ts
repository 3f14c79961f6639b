import { describe, expect, it } from 'vitest';
import { costPerUnit, parseMemoryLine } from './memory.ts';

describe('memory lines', () => {
  it('parses the programs’ JSON lines and rejects anything else', () => {
    expect(parseMemoryLine('{"n":0,"rssBytes":1298432,"vmBytes":2535424,"kernelStackBytes":4263936,"threads":1,"stackBytes":8388608}')).toEqual({
      n: 0,
      rssBytes: 1298432,
      vmBytes: 2535424,
      kernelStackBytes: 4263936,
      threads: 1,
      stackBytes: 8388608,
    });
    expect(parseMemoryLine('pthread_create failed')).toBeUndefined();
    expect(parseMemoryLine('{"n":"x"}')).toBeUndefined();
  });
  it('divides growth from the baseline by n', () => {
    const lines = [
      { n: 0, rssBytes: 1_000_000, vmBytes: 2_000_000, kernelStackBytes: 4_000_000, threads: 1 },
      { n: 1000, rssBytes: 9_000_000, vmBytes: 8_002_000_000, kernelStackBytes: 20_000_000, threads: 1001 },
    ];
    expect(costPerUnit(lines)).toEqual({
      n: 1000,
      rssPerUnitBytes: 8000,
      vmPerUnitBytes: 8_000_000,
      kernelStackPerUnitBytes: 16_000,
      threadsAtEnd: 1001,
      baselineRssBytes: 1_000_000,
      finalRssBytes: 9_000_000,
    });
    expect(costPerUnit([])).toBeUndefined();
  });
});
