import { describe, expect, it } from 'vitest';
import { summarizeFfi } from './summary.ts';
import { talk2018CgoRatio } from './talk-2018.ts';

describe('summarizeFfi', () => {
  const result = summarizeFfi({
    runtimes: ['go-cgo', 'c-so', 'c-direct', 'luajit', 'c-so-loop', 'python-ctypes'],
    nsPerCall: { 'c-direct': [1, 1.2, 1.1], 'c-so': [2, 2.2, 2], 'go-cgo': [40, 44, 42], 'c-so-loop': [2.1, 2.1, 2.1] },
    iterations: { 'c-so': 1000 },
    states: { luajit: 'missing', 'python-ctypes': 'running' },
    messages: { luajit: 'missing: luajit' },
    versions: { 'go-cgo': 'go1.26.8' },
    cpuNsPerCall: { 'go-cgo': [30, 31, 32] },
    cpuShare: { 'go-cgo': [0.7, 0.75, 0.8] },
  });
  const row = (id: string) => result.rows.find((r) => r.id === id)!;

  it('keeps catalogue order, whatever order runtimes were given in', () => {
    expect(result.rows.map((r) => r.id)).toEqual(['c-direct', 'c-so', 'luajit', 'go-cgo', 'python-ctypes', 'c-so-loop']);
  });

  it('computes medians and ratios to both C baselines', () => {
    expect(row('go-cgo').medianNs).toBe(42);
    expect(row('go-cgo').ratioToCSo).toBeCloseTo(21);
    expect(row('go-cgo').ratioToCDirect).toBeCloseTo(42 / 1.1);
    expect(row('c-so').ratioToCSo).toBe(1);
    expect(result.baselines).toEqual({ cDirectNs: 1.1, cSoNs: 2 });
    expect(result.cgo.ratioToCSo).toBeCloseTo(21);
    expect(result.cgo.talk2018Ratio).toBeCloseTo(29.09, 2);
    expect(talk2018CgoRatio).toBeCloseTo(68.77 / 2.364);
  });

  it('summarizes the CPU clock next to the wall clock when harnesses report it', () => {
    expect(row('go-cgo').cpuMedianNs).toBe(31);
    expect(row('go-cgo').cpuSharePct).toBeCloseTo(75);
    expect(row('c-so').cpuMedianNs).toBeNull();
    expect(result.conditions).toBeNull();
  });

  it('puts the 2018 figure next to the same kind of call', () => {
    expect(row('c-so').talk2018Ns).toBe(2.364);
    expect(row('go-cgo').talk2018Ns).toBe(68.77);
    expect(row('luajit').talk2018Ns).toBe(1.81);
    expect(row('c-direct').talk2018Ns).toBeNull();
  });

  it('reports rows without samples as null, never NaN, and keeps their state', () => {
    expect(row('luajit')).toMatchObject({ state: 'missing', message: 'missing: luajit', medianNs: null, ratioToCSo: null, batches: 0 });
    expect(row('python-ctypes').state).toBe('running');
    expect(row('c-so').state).toBe('done');
    expect(JSON.stringify(result)).not.toContain('NaN');
  });

  it('compares the harness with the standalone loop', () => {
    expect(result.fidelity).toEqual([
      { id: 'c-so', standaloneId: 'c-so-loop', harnessNs: 2, standaloneNs: 2.1, differencePct: expect.closeTo(-4.76, 1) },
    ]);
  });
});
