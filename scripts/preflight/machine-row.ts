/**
 * machineRow: the preflight's "quiet enough to measure?" row, from a short run of the
 * machine-speed sentinel (its MachineSpeedSummary: effective clock against this machine's
 * best, CPU share, steal, the load average). Quiet is the recording guard's rule
 * (recording-guard.ts): nothing flagged, and the load average not above the CPU count.
 * A busy machine is a warning: the demos run, but their timings would be inflated. Pure.
 */
import type { MachineSpeedSummary } from '../../demos/protocol.ts';
import { machineSpeedLine } from '../../demos/stats/machine-speed.ts';
import { untrustworthyReasons } from '../../server/recordings/recording-guard.ts';
import type { PreflightRow } from './table.ts';

/** machineCheckName is the row's name. */
export const machineCheckName = 'machine speed and load';

/** machineRow judges a sentinel run's check; `failure` says why there is none. */
export function machineRow(check: MachineSpeedSummary | undefined, ms: number, failure?: string): PreflightRow {
  if (!check) return { check: machineCheckName, verdict: 'warn', ms, detail: `not checked: ${failure ?? 'the sentinel reported nothing'}` };
  const load = check.loadAvg !== null && check.cpuCount !== null ? `load ${check.loadAvg.toFixed(1)} on ${check.cpuCount} CPUs` : 'load unknown';
  const against = untrustworthyReasons(check);
  const verdict = against.length === 0 ? 'quiet enough to measure' : `not quiet enough to measure (${against.join('; ')})`;
  // Stryker disable next-line Regex: the line has one " — ", before its verdict, which runs to the end
  return { check: machineCheckName, verdict: against.length === 0 ? 'go' : 'warn', ms, detail: `${verdict}: ${machineSpeedLine(check).replace(/ — .*$/, '')}, ${load}` };
}
