import { describe, expect, it } from 'vitest';
import { summarizeFfi } from './summary.ts';
import { talk2018CgoRatio, talk2018Source } from './talk-2018.ts';
import { fakeRunState } from './fake-run-state.ts';
import { addFfiSample, createFfiRunState } from './run-state.ts';

describe('summarizeFfi', () => {
  const state = fakeRunState(['go-cgo', 'c-so', 'c-direct', 'luajit', 'c-so-loop', 'python-ctypes'], {
    'c-direct': { rounds: [[1, 1.2], [1.1, 1.1], [1.2, 1.2]] },
    'c-so': { rounds: [[2, 2.2], [2, 2], [2.1, 2.1]], rateGHz: [3.6, 3.7, 3.65], cpuShare: 0.99 },
    'go-cgo': { rounds: [[40, 44], [42, 42], [43, 43]], cpuShare: 0.75, rateGHz: [3.6, 3.6, 3.6] },
    'c-so-loop': { rounds: [[2.1], [2.1], [2.2]] },
  });
  state.states.luajit = 'missing';
  state.states['python-ctypes'] = 'running';
  state.messages.luajit = 'missing: luajit';
  state.versions['go-cgo'] = 'go1.26.8';
  state.labels['go-cgo'] = 'cgo';
  const result = summarizeFfi(state);
  const row = (id: string) => result.rows.find((r) => r.id === id)!;

  it('keeps catalogue order, whatever order runtimes were given in', () => {
    expect(result.rows.map((r) => r.id)).toEqual(['c-direct', 'c-so', 'luajit', 'go-cgo', 'python-ctypes', 'c-so-loop']);
  });

  it('takes the median of per-process medians, and ratios as the median of per-round ratios', () => {
    // go-cgo processes: 42, 42, 43 → 42; c-so: 2.1, 2, 2.1 → 2.1.
    expect(row('go-cgo').medianNs).toBe(42);
    expect(row('c-so').medianNs).toBeCloseTo(2.1);
    expect(row('go-cgo')).toMatchObject({ processes: 3, batches: 6 });
    // Per round: 42/2.1 = 20, 42/2 = 21, 43/2.1 = 20.48 → 20.48 (not 42 / 2.1 = 20).
    expect(row('go-cgo').ratioToCSo).toBeCloseTo(43 / 2.1);
    expect(result.cgo.ratioToCSo).toBeCloseTo(43 / 2.1);
    expect(result.cgo.ratioToCSoByRound.map((r) => r.toFixed(2))).toEqual(['20.00', '21.00', '20.48']);
    expect(row('go-cgo').ratioToCDirect).toBeCloseTo(42 / 1.1);
    expect(row('c-so').ratioToCSo).toBe(1);
    expect(result.baselines.cDirectNs).toBeCloseTo(1.1);
    expect(result.rounds).toBe(3);
    expect(result.cgo.talk2018Ratio).toBeCloseTo(29.09, 2);
    expect(talk2018CgoRatio).toBeCloseTo(68.77 / 2.364);
  });

  it('summarizes the CPU clock next to the wall clock when harnesses report it', () => {
    expect(row('go-cgo').cpuMedianNs).toBeCloseTo(42 * 0.75);
    expect(row('go-cgo').cpuSharePct).toBeCloseTo(75);
    expect(row('c-direct').cpuMedianNs).toBeNull();
    expect(result.conditions).toBeNull();
  });

  it('flags the row that shared its CPU, not the quiet ones, and says so for the run', () => {
    expect(row('c-so').machine).toMatchObject({ flagged: false, rateGHz: 3.65, bestRateGHz: 3.65 });
    expect(row('c-so').flag).toBeNull();
    expect(row('go-cgo').machine.reasons).toEqual(['had the CPU 75 % of the time']);
    expect(row('go-cgo').flag).toBe('machine slowed down: figures inflated ≈ 35 %');
    expect(result.machineSpeed).toMatchObject({ flagged: true, bestRateGHz: 3.65, rateGHz: 3.6 });
    expect(result.machineSpeed.reasons).toEqual(['1 of 4 rows flagged; worst cgo: had the CPU 75 % of the time']);
    // Every go-cgo process shared its core: all three rounds had a disturbed process.
    expect(result.slowRounds).toEqual([1, 2, 3]);
  });

  it('says the unit, the baselines, cgo against both C calls, the batch size and the 2018 source', () => {
    expect(result.unit).toBe('ns/call');
    expect(result.baselines.cSoNs).toBeCloseTo(2.1);
    expect(result.cgo.ratioToCDirect).toBeCloseTo(42 / 1.1);
    expect(result.cgo.talk2018Ns).toBe(68.77);
    expect(result.talk2018).toEqual(talk2018Source);
    expect(row('go-cgo').iterationsPerBatch).toBe(1e6);
    expect(row('luajit').iterationsPerBatch).toBeNull();
    expect(row('go-cgo')).toMatchObject({ version: 'go1.26.8', label: 'cgo', minNs: 40, maxNs: 44 });
  });

  it('calls a row with neither samples nor a state pending', () => {
    const s = fakeRunState(['c-so', 'go-cgo'], { 'c-so': { rounds: [[2]] } });
    expect(summarizeFfi(s).rows.map((r) => r.state)).toEqual(['done', 'pending']);
  });

  it('counts a process only in the figures it reported: batches, sentinel rate, CPU time', () => {
    const s = createFfiRunState(['c-so']);
    // Round 1: batches with CPU time and a spin at 3.6 GHz. Round 2: batches only.
    // Round 3: a spin only (the process stopped before its batches).
    addFfiSample(s, 'c-so', { round: 1, spinAdds: 3.6e7, spinNs: 1e7, spinCpuNs: 1e7 });
    addFfiSample(s, 'c-so', { round: 1, iterations: 1e6, durationNs: 2e6, cpuNs: 1.8e6 });
    addFfiSample(s, 'c-so', { round: 2, iterations: 1e6, durationNs: 3e6 });
    addFfiSample(s, 'c-so', { round: 3, spinAdds: 1e7, spinNs: 1e7 });
    const [r] = summarizeFfi(s).rows;
    expect(r).toMatchObject({ processes: 2, batches: 2, medianNs: 2.5, cpuMedianNs: 1.8 });
    // The row's rate is the median of the two rounds that timed the sentinel.
    expect(r!.machine.rateGHz).toBeCloseTo(2.3);
  });

  it('puts the 2018 figure next to the same kind of call', () => {
    expect(row('c-so').talk2018Ns).toBe(2.364);
    expect(row('go-cgo').talk2018Ns).toBe(68.77);
    expect(row('luajit').talk2018Ns).toBe(1.81);
    expect(row('c-direct').talk2018Ns).toBeNull();
  });

  it('reports rows without samples as null, never NaN, and keeps their state', () => {
    expect(row('luajit')).toMatchObject({ state: 'missing', message: 'missing: luajit', medianNs: null, ratioToCSo: null, batches: 0, processes: 0, flag: null });
    expect(row('python-ctypes').state).toBe('running');
    expect(row('c-so').state).toBe('done');
    expect(JSON.stringify(result)).not.toContain('NaN');
  });

  it('compares the harness with its standalone loop round by round', () => {
    expect(result.fidelity).toEqual([
      // Rounds: 2.1/2.1, 2/2.1, 2.1/2.2 → median −4.55 %.
      { id: 'c-so', standaloneId: 'c-so-loop', harnessNs: expect.closeTo(2.1, 6), standaloneNs: 2.1, differencePct: expect.closeTo(-4.55, 1) },
    ]);
  });

  it('compares with the best rate of recent quiet runs: a run slow from start to end is flagged', () => {
    const slowDay = fakeRunState(['c-so', 'go-cgo'], {
      'c-so': { rounds: [[3.3], [3.3], [3.3]], rateGHz: [1.85, 1.85, 1.85], cpuShare: 0.998 },
      'go-cgo': { rounds: [[54], [54], [54]], rateGHz: [1.85, 1.85, 1.85], cpuShare: 0.998 },
    }, 3.7);
    const r = summarizeFfi(slowDay);
    expect(r.rows.map((x) => x.flag)).toEqual(['machine slowed down: figures inflated ≈ 100 %', 'machine slowed down: figures inflated ≈ 100 %']);
    expect(r.machineSpeed.slowdownPct).toBeCloseTo(50);
    // The ratio does not care.
    expect(r.cgo.ratioToCSo).toBeCloseTo(54 / 3.3);
    // Without the history the same run compares with itself and looks quiet.
    expect(summarizeFfi(fakeRunState(['c-so'], { 'c-so': { rounds: [[3.3]], rateGHz: [1.85], cpuShare: 0.998 } })).rows[0]!.flag).toBeNull();
  });

  it('flags steal, counts the run as flagged when the load exceeds the CPUs', () => {
    const s = fakeRunState(['c-so'], { 'c-so': { rounds: [[2], [2]], rateGHz: [3.7, 3.7], cpuShare: 1, stealPct: [4, 2] } });
    expect(summarizeFfi(s).rows[0]!.machine.reasons).toEqual(['3.0 % of CPU time stolen by the host']);
    const quiet = fakeRunState(['c-so'], { 'c-so': { rounds: [[2]], rateGHz: [3.7], cpuShare: 1 } });
    quiet.conditions = { cpuCount: 2, loadAvgStart: 0.2, loadAvgEnd: 2.5 };
    expect(summarizeFfi(quiet).machineSpeed).toMatchObject({ flagged: true, reasons: ['load average 2.5 on 2 CPUs'], loadAvg: 2.5, cpuCount: 2 });
    // As many runnable processes as CPUs is not yet a busy machine.
    quiet.conditions = { cpuCount: 2, loadAvgStart: 2, loadAvgEnd: 0.5 };
    expect(summarizeFfi(quiet).machineSpeed).toMatchObject({ flagged: false, reasons: [], loadAvg: 2, cpuCount: 2 });
  });

  it('names the worst flagged row (the first of equals) with all its reasons, and its inflation for the run', () => {
    const s = fakeRunState(['c-direct', 'c-so', 'go-cgo', 'luajit'], {
      'c-direct': { rounds: [[1]], rateGHz: [3.7], cpuShare: 0.8 },
      'c-so': { rounds: [[2]], rateGHz: [3.7], cpuShare: 0.5, stealPct: [4] },
      'go-cgo': { rounds: [[40]], rateGHz: [3.7], cpuShare: 0.5 },
      luajit: { rounds: [[1.8]], rateGHz: [3.7], cpuShare: 1 },
    });
    const run = summarizeFfi(s).machineSpeed;
    expect(run.reasons).toEqual(['3 of 4 rows flagged; worst C via libplusone.so (PLT): had the CPU 50 % of the time, 4.0 % of CPU time stolen by the host']);
    expect(run.inflatedPct).toBeCloseTo(100);
    const reordered = fakeRunState(['c-direct', 'go-cgo'], {
      'c-direct': { rounds: [[1]], rateGHz: [3.7], cpuShare: 0.8 },
      'go-cgo': { rounds: [[40]], rateGHz: [3.7], cpuShare: 0.5 },
    });
    expect(summarizeFfi(reordered).machineSpeed.reasons[0]).toMatch(/^2 of 2 rows flagged; worst cgo/);
  });

  it('lists the slow rounds in round order, whichever row was slow first', () => {
    // c-direct (listed first) was slow in round 3, c-so in rounds 1 and 2.
    const s = fakeRunState(['c-direct', 'c-so'], {
      'c-direct': { rounds: [[1], [1], [1]], rateGHz: [3.7, 3.7, 1.8], cpuShare: 1 },
      'c-so': { rounds: [[2], [2], [2]], rateGHz: [1.8, 1.8, 3.7], cpuShare: 1 },
    });
    expect(summarizeFfi(s).slowRounds).toEqual([1, 2, 3]);
  });
});

describe('summarizeFfi at full clock', () => {
  // Each process runs at full clock (3.7 GHz) for a while, then slow (2.0 GHz, ~60 % more ns);
  // a batch counts when the readings on both sides of it are at full clock.
  const state = fakeRunState(['c-so', 'go-cgo', 'c-so-loop', 'bun-ffi'], {
    'c-so': { rounds: [[2.5, 2.5, 4], [2.6, 2.6, 4.1], [2.5, 2.5, 4]], clockGHz: [[3.7, 3.7, 2], [3.7, 3.7, 2], [3.6, 3.6, 2]], closingGHz: [2, 2, 2], cpuShare: 1 },
    'go-cgo': { rounds: [[28, 28, 44], [28, 28, 45], [44, 44, 44]], clockGHz: [[3.7, 3.7, 2], [3.7, 3.7, 2], [2, 2, 2]], closingGHz: [2, 2, 2], cpuShare: 1 },
    'c-so-loop': { rounds: [[2.6, 3.9], [4], [2.5]], clockGHz: [[3.5, 2], [2], [3.7]] },
    'bun-ffi': { rounds: [[1.7], [1.8]], clockGHz: [[2], [2.1]] },
  }, 3.7);
  const result = summarizeFfi(state);
  const row = (id: string) => result.rows.find((r) => r.id === id)!;

  it('makes the figures from the batches whose sentinels read ≥ 90 % of the run’s reference, and counts them', () => {
    expect(result.fullClock).toMatchObject({ keptBatches: 7, batches: 24 });
    expect(result.fullClock!.referenceGHz).toBeCloseTo(3.7, 5);
    expect(row('c-so').medianNs).toBe(2.5);
    expect(row('c-so').fullClock).toEqual({ keptBatches: 3, batches: 9, keptProcesses: 3, processes: 3 });
    expect(row('c-so')).toMatchObject({ batches: 3, processes: 3, maxNs: 2.6 });
    // cgo's third process had no batch at full clock: it is left out, and so is its round's ratio.
    expect(row('go-cgo')).toMatchObject({ medianNs: 28, processes: 2 });
    expect(result.cgo.ratioToCSoByRound.map((r) => r.toFixed(2))).toEqual(['11.20', '10.77']);
    expect(result.rounds).toBe(3);
  });

  it('checks the harness against the standalone loops the clock held for, and flags by the kept batches’ clock', () => {
    expect(result.fidelity[0]).toMatchObject({ id: 'c-so', harnessNs: 2.5, standaloneNs: 2.55 });
    expect(row('c-so').machine).toMatchObject({ flagged: false, rateGHz: 3.7 });
  });

  it('gives cgo ÷ C from the rows’ medians when no round kept both at full clock', () => {
    const apart = summarizeFfi(
      fakeRunState(['c-so', 'go-cgo'], {
        'c-so': { rounds: [[2.5, 2.5, 4], [4, 4, 4]], clockGHz: [[3.7, 3.7, 2], [2, 2, 2]], closingGHz: [2, 2], cpuShare: 1 },
        'go-cgo': { rounds: [[44, 44, 44], [28, 28, 44]], clockGHz: [[2, 2, 2], [3.7, 3.7, 2]], closingGHz: [2, 2], cpuShare: 1 },
      }, 3.7),
    );
    expect(apart.cgo.ratioToCSoByRound).toEqual([]);
    expect(apart.cgo.ratioToCSo).toBeCloseTo(28 / 2.5, 10);
    expect(apart.rows.find((r) => r.id === 'go-cgo')!.ratioToCSo).toBeCloseTo(28 / 2.5, 10);
  });

  it('uses every batch of a row that had none at full clock, and says so', () => {
    expect(row('bun-ffi')).toMatchObject({ medianNs: 1.75, fullClock: { keptBatches: 0, batches: 2 } });
    expect(row('bun-ffi').machine.flagged).toBe(true);
  });

  it('leaves recordings made before per-batch sentinels as they were', () => {
    const old = summarizeFfi(fakeRunState(['c-so'], { 'c-so': { rounds: [[2.5, 4], [4.1]], rateGHz: [3.7, 3.7] } }));
    expect(old.fullClock).toBeNull();
    expect(old.rows[0]).toMatchObject({ medianNs: (3.25 + 4.1) / 2, fullClock: null, batches: 3 });
  });
});
