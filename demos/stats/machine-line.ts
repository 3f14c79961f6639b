/**
 * machineLine: what a timing demo's panel says about the machine, from the run's
 * machine-speed check (machine-speed.ts) once the result is there, or, while samples
 * stream in, from the CPU share of the processes so far, read for the clock the demo's
 * figures are timed by (a shared core inflates wall-clock figures, not CPU-time ones).
 * The result's check carries its own clock (absent in recordings made before: `wall`,
 * as their inflation was computed). Pure.
 */
import { checkMachineSpeed, machineSpeedLine, type FigureClock, type MachineSpeedFigures } from './machine-speed.ts';
import { median } from './stats.ts';

/** machineLine is the line and whether it flags the run; null when there is nothing to say yet. `clock` is the live figures' clock. */
export function machineLine(check: MachineSpeedFigures | null, liveShares: ReadonlyArray<number | null | undefined>, clock: FigureClock): { line: string; flagged: boolean } | null {
  if (check) return { line: machineSpeedLine(check), flagged: check.flagged };
  const shares = liveShares.filter((s): s is number => Number.isFinite(s));
  if (shares.length === 0) return null;
  const live = checkMachineSpeed({ clock, rateGHz: NaN, bestRateGHz: NaN, cpuSharePct: Math.min(100, median(shares)), stealPct: NaN });
  return { line: machineSpeedLine(live), flagged: live.flagged };
}

/**
 * keepFiguresWithUnits joins each figure of a line to the unit after it with a no-break
 * space ("71 %", "4.36 GHz"), so that a panel wraps the machine line between words, never
 * between a number and its unit ("had the CPU 71" / "% of the time" read badly from the back).
 */
export function keepFiguresWithUnits(text: string): string {
  return text.replace(/(\d) (%|GHz)/g, '$1\u00a0$2');
}
