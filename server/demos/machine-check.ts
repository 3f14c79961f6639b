/**
 * The machine-speed check of one run of a timing demo (go-releases, work-per-call): the
 * I/O around demos/stats/machine-speed.ts. It reads /proc/stat when the run starts and
 * ends (steal time), collects each timed process's sentinel readings (spin(n) through the
 * process's own FFI) and CPU share, compares the effective clock with the best of this
 * run's quiet processes and of this machine's recent quiet runs (the speed history in the
 * cache), and remembers the run when it was quiet. The demo says which clock its figures
 * are timed by, so that the inflation counts what inflates them (machine-speed.ts).
 */
import { cpus, loadavg } from 'node:os';
import type { MachineSpeedSummary } from '../../demos/protocol.ts';
import { bestRate, checkMachineSpeed, cpuTimesDelta, quietRateGHz, spinRateGHz, stealPct, type FigureClock, type SpinReading } from '../../demos/stats/machine-speed.ts';
import { machineKey, recentBestRate } from '../../demos/stats/speed-history.ts';
import { median } from '../../demos/stats/stats.ts';
import { readCpuTimes } from '../machine-speed/cpu-times.ts';
import { loadSpeedHistory, rememberQuietRun } from '../machine-speed/speed-history-file.ts';

/** RunMachineCheck collects one run's evidence. */
export interface RunMachineCheck {
  /** addProcess records one timed process: its sentinel readings and the CPU share of its batches (%, or null). */
  addProcess(readings: readonly SpinReading[], cpuSharePct: number | null): void;
  /** finish gives the run's verdict (and remembers the rate when the run was quiet). */
  finish(): Promise<MachineSpeedSummary & { clock: FigureClock }>;
}

/** startMachineCheck begins a run's check; `cacheDir` holds the speed history, `clock` is what the run's figures are timed by. */
export async function startMachineCheck(cacheDir: string, clock: FigureClock): Promise<RunMachineCheck> {
  const before = await readCpuTimes();
  const loadBefore = loadavg()[0] ?? 0;
  const processes: Array<{ readings: readonly SpinReading[]; cpuSharePct: number | null }> = [];
  return {
    addProcess(readings, cpuSharePct) {
      processes.push({ readings, cpuSharePct });
    },
    async finish() {
      const after = await readCpuTimes();
      const steal = before && after ? stealPct([cpuTimesDelta(before, after)]) : NaN;
      const perProcess = processes.map((p) => checkMachineSpeed({ rateGHz: spinRateGHz(p.readings), bestRateGHz: NaN, cpuSharePct: p.cpuSharePct ?? NaN, stealPct: NaN }));
      const runQuietBest = quietRateGHz(perProcess);
      const cpu = cpus();
      const machine = machineKey(cpu[0]?.model.trim() ?? 'unknown CPU', cpu.length);
      const history = await loadSpeedHistory(cacheDir);
      const rate = spinRateGHz(processes.flatMap((p) => p.readings));
      const shares = processes.map((p) => p.cpuSharePct).filter((s): s is number => s !== null);
      const check = checkMachineSpeed({
        clock,
        rateGHz: rate,
        bestRateGHz: bestRate([runQuietBest, recentBestRate(history, machine, new Date()), rate]),
        cpuSharePct: shares.length ? Math.min(100, median(shares)) : NaN,
        stealPct: steal,
      });
      if (!check.flagged && Number.isFinite(runQuietBest)) {
        await rememberQuietRun(cacheDir, { at: new Date().toISOString(), machine, rateGHz: runQuietBest }).catch(() => undefined);
      }
      const { rateGHz, bestRateGHz, slowdownPct, cpuSharePct, stealPct: stolen, inflatedPct, flagged, reasons } = check;
      // The recorder's guard and the provenance line read the load and the CPU count too.
      return { rateGHz, bestRateGHz, slowdownPct, cpuSharePct, stealPct: stolen, inflatedPct, clock, loadAvg: Math.max(loadBefore, loadavg()[0] ?? 0), cpuCount: cpu.length, flagged, reasons };
    },
  };
}
