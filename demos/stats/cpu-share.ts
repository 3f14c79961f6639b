/**
 * Whether a run's processes had the CPU to themselves: the share of each timed batch's
 * wall time that the process spent on a CPU (its CPU time ÷ wall time). A process that
 * was descheduled timed the scheduler as well as its calls, so a run whose median share is
 * under the threshold is marked "busy" on the slide. Pure.
 */
import { median } from './stats.ts';

/** busyCpuSharePct is the share under which a run counts as disturbed (as the FFI table's flag). */
export const busyCpuSharePct = 95;

/** CpuShareVerdict is a run's median CPU share and whether it counts as busy. */
export type CpuShareVerdict = { cpuSharePct: number | null; busy: boolean };

/** cpuShareVerdict summarises the per-process shares (null entries are processes that could not say). */
export function cpuShareVerdict(shares: ReadonlyArray<number | null | undefined>, thresholdPct = busyCpuSharePct): CpuShareVerdict {
  const known = shares.filter((share): share is number => typeof share === 'number' && Number.isFinite(share));
  if (known.length === 0) return { cpuSharePct: null, busy: false };
  const cpuSharePct = Math.min(100, median(known));
  return { cpuSharePct, busy: cpuSharePct < thresholdPct };
}

/** busyText is the slide's warning for a busy run, or null. */
export function busyText(verdict: CpuShareVerdict): string | null {
  if (!verdict.busy || verdict.cpuSharePct === null) return null;
  return `machine busy: the timed processes had ${Math.round(verdict.cpuSharePct)} % of a CPU (median); figures are inflated and noisy`;
}
