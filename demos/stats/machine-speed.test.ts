import { describe, expect, it } from 'vitest';
import {
  bestRate,
  checkMachineSpeed,
  cpuTimesDelta,
  machineFlagText,
  machineSpeedLine,
  parseProcStat,
  quietRateGHz,
  spinAddsFor,
  spinRateGHz,
  stealPct,
} from './machine-speed.ts';

describe('spinRateGHz', () => {
  it('is adds per ns of CPU time, pooled over the readings', () => {
    // 26 M adds in 10 ms of CPU time = 2.6 adds per ns: a 2.6 GHz core.
    expect(spinRateGHz([{ adds: 26e6, wallNs: 10e6, cpuNs: 10e6 }])).toBeCloseTo(2.6);
    // Before and after pooled: (26 + 13) M adds over (10 + 10) ms.
    expect(spinRateGHz([{ adds: 26e6, wallNs: 10e6, cpuNs: 10e6 }, { adds: 13e6, wallNs: 10e6, cpuNs: 10e6 }])).toBeCloseTo(1.95);
  });

  it('counts CPU time, not time spent waiting for the CPU', () => {
    // Descheduled for half the call, or two thirds of it: the core still did 2.6 adds per ns it ran.
    expect(spinRateGHz([{ adds: 26e6, wallNs: 18e6, cpuNs: 10e6 }])).toBeCloseTo(2.6);
    expect(spinRateGHz([{ adds: 26e6, wallNs: 30e6, cpuNs: 10e6 }])).toBeCloseTo(2.6);
  });

  it('never counts more CPU time than wall time (a process clock also counts other threads)', () => {
    expect(spinRateGHz([{ adds: 26e6, wallNs: 10e6, cpuNs: 20e6 }])).toBeCloseTo(2.6);
  });

  it('falls back to wall time without a CPU clock', () => {
    expect(spinRateGHz([{ adds: 20e6, wallNs: 10e6 }])).toBeCloseTo(2);
    // A clock too coarse to see the call reads 0: wall time it is.
    expect(spinRateGHz([{ adds: 20e6, wallNs: 10e6, cpuNs: 0 }])).toBeCloseTo(2);
  });

  it('is NaN without readings, ignoring empty ones', () => {
    expect(spinRateGHz([])).toBeNaN();
    expect(spinRateGHz([{ adds: 0, wallNs: 5 }])).toBeNaN();
    expect(spinRateGHz([{ adds: 10, wallNs: 0 }, { adds: 30, wallNs: 10 }])).toBe(3);
  });

  it('sizes a spin to the wanted duration', () => {
    expect(spinAddsFor(2.5, 10)).toBe(25_000_000);
    expect(spinAddsFor(NaN, 10)).toBe(26_000_000);
    expect(spinAddsFor(2.5, 0)).toBe(1_000_000);
    expect(spinAddsFor(5, 1000)).toBe(2_000_000_000);
    // What is not a rate gets the default 2.6 GHz.
    for (const notARate of [0, -1, Infinity]) expect(spinAddsFor(notARate, 10)).toBe(26_000_000);
  });
});

describe('steal from /proc/stat', () => {
  const stat = (user: number, idle: number, steal: number) =>
    `cpu  ${user} 0 100 ${idle} 10 0 5 ${steal} 40 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 1 2 3\n`;

  it('parses the aggregate line; guest time is not counted twice', () => {
    expect(parseProcStat(stat(1000, 5000, 20))).toEqual({ total: 1000 + 100 + 5000 + 10 + 5 + 20, idle: 5010, steal: 20 });
    expect(parseProcStat('cpu0 1 2 3 4\n')).toBeUndefined();
    expect(parseProcStat('cpu  1 x 3 4\n')).toBeUndefined();
    // Old kernels print fewer fields: steal is then 0.
    expect(parseProcStat('cpu  1 2 3 4\n')).toEqual({ total: 10, idle: 4, steal: 0 });
  });

  it('reads the line that starts with "cpu", every counter of it, and refuses a short or negative one', () => {
    // irq and softirq count too; a line merely containing "cpu " is not the aggregate.
    expect(parseProcStat('softcpu 9 9 9 9\ncpu  1 2 3 4 5 6 7 8 9 10\n')).toEqual({ total: 36, idle: 9, steal: 8 });
    expect(parseProcStat('cpu  1 2 3\n')).toBeUndefined();
    expect(parseProcStat('cpu  1 2 3 \n')).toBeUndefined();
    expect(parseProcStat('cpu  1 -2 3 4\n')).toBeUndefined();
    expect(parseProcStat('intr 1 2 3 4\n')).toBeUndefined();
  });

  it('gives the share of ticks stolen over several intervals', () => {
    const a = parseProcStat(stat(1000, 5000, 20))!;
    const b = parseProcStat(stat(1090, 5000, 30))!;
    expect(cpuTimesDelta(a, b)).toEqual({ totalTicks: 100, stealTicks: 10 });
    expect(stealPct([cpuTimesDelta(a, b), { totalTicks: 100, stealTicks: 0 }])).toBe(5);
    expect(stealPct([])).toBeNaN();
    // Counters that went backwards (a CPU taken offline) count as nothing.
    expect(cpuTimesDelta(b, a)).toEqual({ totalTicks: 0, stealTicks: 0 });
  });

  it('keeps an interval without steal, and drops one whose steal or total went backwards', () => {
    const at = (total: number, steal: number) => ({ total, idle: 0, steal });
    expect(cpuTimesDelta(at(100, 5), at(200, 5))).toEqual({ totalTicks: 100, stealTicks: 0 });
    expect(cpuTimesDelta(at(100, 5), at(200, 3))).toEqual({ totalTicks: 0, stealTicks: 0 });
    expect(cpuTimesDelta(at(100, 0), at(100, 5))).toEqual({ totalTicks: 0, stealTicks: 0 });
    // No ticks: no share, whatever the steal counter says.
    expect(stealPct([{ totalTicks: 0, stealTicks: 3 }])).toBeNaN();
  });
});

describe('checkMachineSpeed', () => {
  const quiet = { rateGHz: 2.6, bestRateGHz: 2.6, cpuSharePct: 99.8, stealPct: 0.1 };

  it('passes a quiet machine', () => {
    const check = checkMachineSpeed(quiet);
    expect(check).toMatchObject({ flagged: false, reasons: [], slowdownPct: 0 });
    expect(check.inflatedPct).toBeCloseTo(0.2, 1);
    expect(machineFlagText(check)).toBeUndefined();
  });

  it('flags a machine more than 10 % below its best rate, with the inflation it implies', () => {
    // The recorded table of the slow day: figures 2× a calm machine's, CPU share 99.8 %.
    const check = checkMachineSpeed({ ...quiet, rateGHz: 1.3 });
    expect(check.flagged).toBe(true);
    expect(check.slowdownPct).toBeCloseTo(50);
    expect(check.inflatedPct).toBeCloseTo(100.4, 0);
    expect(check.reasons).toEqual(['clock 1.30 GHz, 50 % below the best 2.60 GHz']);
    expect(machineFlagText(check)).toBe('machine slowed down: figures inflated ≈ 100 %');
  });

  it('does not flag less than 10 % below the best', () => {
    expect(checkMachineSpeed({ ...quiet, rateGHz: 2.35 }).flagged).toBe(false);
    expect(checkMachineSpeed({ ...quiet, rateGHz: 2.33 }).flagged).toBe(true);
  });

  it('flags a harness that shared its core, even at full clock', () => {
    const check = checkMachineSpeed({ ...quiet, cpuSharePct: 50 });
    expect(check.reasons).toEqual(['had the CPU 50 % of the time']);
    expect(check.inflatedPct).toBeCloseTo(100);
    expect(checkMachineSpeed({ ...quiet, cpuSharePct: 95 }).flagged).toBe(false);
  });

  it('flags only past a threshold, not at it', () => {
    const thresholds = { slowdownPct: 25, cpuSharePct: 95, stealPct: 2 };
    // 3 of 4 GHz is exactly 25 % below (both exact in binary).
    expect(checkMachineSpeed({ ...quiet, rateGHz: 3, bestRateGHz: 4 }, thresholds)).toMatchObject({ slowdownPct: 25, flagged: false });
    expect(checkMachineSpeed({ ...quiet, rateGHz: 2.9, bestRateGHz: 4 }, thresholds).flagged).toBe(true);
  });

  it('judges no speed from a rate or a best that is not a rate, but still the CPU share', () => {
    for (const [rate, best] of [[0, 2.6], [Infinity, 2.6], [NaN, 2.6], [2.6, 0], [2.6, Infinity], [2.6, -1]] as const) {
      const check = checkMachineSpeed({ rateGHz: rate, bestRateGHz: best, cpuSharePct: 80, stealPct: 0 });
      expect(check.slowdownPct, `rate ${rate}, best ${best}`).toBeNull();
      expect(check.inflatedPct, `rate ${rate}, best ${best}`).toBeCloseTo(25);
      expect(check.reasons, `rate ${rate}, best ${best}`).toEqual(['had the CPU 80 % of the time']);
    }
    // A share of 0 (a clock too coarse to see the batches) says nothing about inflation.
    expect(checkMachineSpeed({ ...quiet, cpuSharePct: 0 })).toMatchObject({ inflatedPct: 0, reasons: ['had the CPU 0 % of the time'] });
  });

  it('flags steal over 2 %', () => {
    expect(checkMachineSpeed({ ...quiet, stealPct: 2.5 }).reasons).toEqual(['2.5 % of CPU time stolen by the host']);
    expect(checkMachineSpeed({ ...quiet, stealPct: 2 }).flagged).toBe(false);
  });

  it('combines a slow clock and a shared core into one inflation estimate', () => {
    const check = checkMachineSpeed({ rateGHz: 2, bestRateGHz: 2.5, cpuSharePct: 80, stealPct: 0 });
    expect(check.reasons).toHaveLength(2);
    expect(check.inflatedPct).toBeCloseTo(56.25); // 1.25 × 1.25 − 1
  });

  it('never reports a negative slowdown for a rate above the best, and unknowns as null', () => {
    expect(checkMachineSpeed({ ...quiet, rateGHz: 2.7 }).slowdownPct).toBe(0);
    const unknown = checkMachineSpeed({ rateGHz: NaN, bestRateGHz: NaN, cpuSharePct: NaN, stealPct: NaN });
    expect(unknown).toEqual({ rateGHz: null, bestRateGHz: null, slowdownPct: null, cpuSharePct: null, stealPct: null, inflatedPct: null, clock: 'wall', flagged: false, reasons: [] });
  });

  it('says it in one line, quiet or not', () => {
    expect(machineSpeedLine(checkMachineSpeed({ rateGHz: 3.61, bestRateGHz: 3.7, cpuSharePct: 99.6, stealPct: 0.02 }))).toBe(
      'machine check: 3.61 GHz effective clock (best 3.70), CPU 99.6 %, steal 0.0 % — quiet',
    );
    expect(machineSpeedLine(checkMachineSpeed({ rateGHz: 2.5, bestRateGHz: 3.7, cpuSharePct: 100, stealPct: NaN }))).toBe(
      'machine check: 2.50 GHz effective clock (best 3.70), CPU 100 % — slowed down: figures inflated ≈ 48 %',
    );
    expect(machineSpeedLine(checkMachineSpeed({ rateGHz: NaN, bestRateGHz: NaN, cpuSharePct: NaN, stealPct: NaN }))).toBe('machine speed not checked: figures unverified');
  });

  it('leaves out a best it does not know, and rounds a share from 99.95 % up to 100 %', () => {
    expect(machineSpeedLine(checkMachineSpeed({ rateGHz: 2.5, bestRateGHz: NaN, cpuSharePct: 99.95, stealPct: NaN }))).toBe(
      'machine check: 2.50 GHz effective clock, CPU 100 % — quiet',
    );
    expect(machineSpeedLine(checkMachineSpeed({ rateGHz: NaN, bestRateGHz: NaN, cpuSharePct: 99.94, stealPct: 0 }))).toBe('machine check: CPU 99.9 %, steal 0.0 % — quiet');
  });

  it('names the reasons of a flag that inflates nothing measurable, and the inflation from 1 % on', () => {
    const figures = { rateGHz: 2.6, bestRateGHz: 2.6, cpuSharePct: 99.5, stealPct: 3, flagged: true };
    expect(machineSpeedLine({ ...figures, inflatedPct: 0.5, reasons: ['3.0 % of CPU time stolen by the host', 'load average 3.0 on 2 CPUs'] })).toBe(
      'machine check: 2.60 GHz effective clock (best 2.60), CPU 99.5 %, steal 3.0 % — flagged: 3.0 % of CPU time stolen by the host; load average 3.0 on 2 CPUs',
    );
    expect(machineSpeedLine({ ...figures, inflatedPct: null, reasons: ['x'] })).toMatch(/ — flagged: x$/);
    expect(machineSpeedLine({ ...figures, inflatedPct: 1, reasons: ['x'] })).toMatch(/ — slowed down: figures inflated ≈ 1 %$/);
    // Flagged without a reason given (an old recording): the flag text, at least 1 %.
    expect(machineSpeedLine({ ...figures, inflatedPct: 0.2, reasons: [] })).toMatch(/ — slowed down: figures inflated ≈ 1 %$/);
  });

  it('counts a shared core as inflation of wall-clock figures only: CPU-time figures are inflated by the clock alone', () => {
    // A wall-clock figure (the default) pays for the time waiting for a core; a CPU-time one does not.
    expect(checkMachineSpeed({ ...quiet, cpuSharePct: 50 }).clock).toBe('wall');
    expect(checkMachineSpeed({ ...quiet, clock: 'wall', cpuSharePct: 50 }).inflatedPct).toBeCloseTo(100);
    const busy = checkMachineSpeed({ ...quiet, clock: 'cpu', cpuSharePct: 50 });
    expect(busy).toMatchObject({ clock: 'cpu', inflatedPct: 0, flagged: true, reasons: ['had the CPU 50 % of the time'] });
    // Slow and shared: 1.25 × 1.25 − 1 by the wall clock, 1.25 − 1 by CPU time.
    const both = { rateGHz: 2, bestRateGHz: 2.5, cpuSharePct: 80, stealPct: 0 };
    expect(checkMachineSpeed({ ...both, clock: 'wall' }).inflatedPct).toBeCloseTo(56.25);
    expect(checkMachineSpeed({ ...both, clock: 'cpu' }).inflatedPct).toBeCloseTo(25);
    expect(checkMachineSpeed({ ...both, clock: 'cpu' }).reasons).toHaveLength(2);
    // Without a rate there is nothing to count for CPU-time figures: unknown, not 0.
    expect(checkMachineSpeed({ rateGHz: NaN, bestRateGHz: NaN, cpuSharePct: 70, stealPct: NaN, clock: 'cpu' })).toMatchObject({ inflatedPct: null, flagged: true });
  });

  it('says on the line what it counted for CPU-time figures', () => {
    const line = (input: Partial<Parameters<typeof checkMachineSpeed>[0]>) =>
      machineSpeedLine(checkMachineSpeed({ rateGHz: 3.6, bestRateGHz: 3.6, cpuSharePct: 99.9, stealPct: 0, clock: 'cpu', ...input }));
    expect(line({})).toBe('machine check: 3.60 GHz effective clock (best 3.60), CPU 99.9 %, steal 0.0 % — quiet');
    expect(line({ rateGHz: 2.4 })).toBe('machine check: 2.40 GHz effective clock (best 3.60), CPU 99.9 %, steal 0.0 % — slowed down: figures inflated ≈ 50 % (the clock alone: figures are CPU time)');
    expect(line({ cpuSharePct: 70 })).toBe('machine check: 3.60 GHz effective clock (best 3.60), CPU 70.0 %, steal 0.0 % — busy: had the CPU 70 % of the time (not counted as inflation: figures are CPU time)');
    expect(line({ rateGHz: 2.4, cpuSharePct: 70, stealPct: 3 })).toBe(
      'machine check: 2.40 GHz effective clock (best 3.60), CPU 70.0 %, steal 3.0 % — slowed down: figures inflated ≈ 50 % (the clock alone: figures are CPU time); busy: had the CPU 70 % of the time; 3.0 % of CPU time stolen by the host, not counted',
    );
    // The same conditions, wall-clock figures: the shared core is counted.
    expect(machineSpeedLine(checkMachineSpeed({ rateGHz: 2.4, bestRateGHz: 3.6, cpuSharePct: 70, stealPct: 0 }))).toMatch(/ — slowed down: figures inflated ≈ 114 %$/);
    // Flagged with no reason given: the flag text, which says nothing was counted.
    const figures = { rateGHz: 3.6, bestRateGHz: 3.6, cpuSharePct: 99, stealPct: 0, clock: 'cpu' as const, flagged: true };
    expect(machineSpeedLine({ ...figures, inflatedPct: 0, reasons: [] })).toMatch(/ — busy: CPU-time figures, not inflated by it$/);
    expect(machineSpeedLine({ ...figures, inflatedPct: 0.99, reasons: ['x'] })).toMatch(/ — busy: x \(not counted/);
    expect(machineSpeedLine({ ...figures, inflatedPct: 1, reasons: ['x'] })).toMatch(/ — slowed down: figures inflated ≈ 1 % \(the clock alone: figures are CPU time\); busy: x, not counted$/);
  });

  it('flags CPU-time figures beside a figure as busy, not slowed down, when nothing inflated them', () => {
    expect(machineFlagText({ flagged: true, inflatedPct: 0, clock: 'cpu' })).toBe('machine busy: CPU-time figures, not inflated by it');
    expect(machineFlagText({ flagged: true, inflatedPct: null, clock: 'cpu' })).toBe('machine busy: CPU-time figures, not inflated by it');
    expect(machineFlagText({ flagged: true, inflatedPct: 12, clock: 'cpu' })).toBe('machine slowed down: figures inflated ≈ 12 %');
    expect(machineFlagText({ flagged: true, inflatedPct: 0, clock: 'wall' })).toBe('machine slowed down: figures inflated ≈ 1 %');
    expect(machineFlagText({ flagged: false, inflatedPct: 50, clock: 'cpu' })).toBeUndefined();
  });

  it('remembers only rates measured with the CPU to itself', () => {
    const checks = [
      checkMachineSpeed({ ...quiet, rateGHz: 2.5 }),
      checkMachineSpeed({ ...quiet, rateGHz: 3.1, cpuSharePct: 60 }),
      checkMachineSpeed({ ...quiet, rateGHz: 3.0, stealPct: 5 }),
      checkMachineSpeed({ ...quiet, rateGHz: 2.4, stealPct: NaN }),
    ];
    expect(quietRateGHz(checks)).toBe(2.5);
    expect(quietRateGHz([])).toBeNaN();
    // At the thresholds is still quiet; an unknown CPU share is not.
    expect(quietRateGHz([checkMachineSpeed({ ...quiet, rateGHz: 2.7, cpuSharePct: 95, stealPct: 2 })])).toBe(2.7);
    expect(quietRateGHz([checkMachineSpeed({ ...quiet, rateGHz: 2.7, cpuSharePct: NaN })])).toBeNaN();
  });

  it('bestRate ignores what is not a rate', () => {
    expect(bestRate([2.1, NaN, 2.6, -1, 0])).toBe(2.6);
    expect(bestRate([])).toBeNaN();
    expect(bestRate([-1, 0])).toBeNaN();
    expect(bestRate([Infinity, 2])).toBe(2);
  });
});
