/**
 * The recording guard: a run measured on a machine that ran slow or busy must not replace
 * a recording measured on a quiet one, since the static deck would then show inflated
 * figures as if they were the machine's. A timing demo reports its machine-speed check as
 * `machineSpeed` in its result (MachineSpeedSummary, demos/protocol.ts); the recorder
 * copies it into the recording and asks shouldReplace before writing. A recording without
 * one is unverified and may always be replaced; `force` overrides the guard. Pure.
 */
import type { MachineSpeedSummary, Recording, RunEvent } from '../../demos/protocol.ts';

const isNumberOrNull = (v: unknown): boolean => v === null || Number.isFinite(v);

/** machineSpeedOf finds the machine-speed check in a run's result event, if the demo made one. */
export function machineSpeedOf(events: readonly RunEvent[]): MachineSpeedSummary | undefined {
  const result = events.find((e): e is Extract<RunEvent, { type: 'result' }> => e.type === 'result');
  if (!result) return undefined;
  const m = (result.data as Record<string, unknown>).machineSpeed as Record<string, unknown> | undefined;
  if (typeof m !== 'object' || m === null || typeof m.flagged !== 'boolean' || !Array.isArray(m.reasons)) return undefined;
  const numbers = ['rateGHz', 'bestRateGHz', 'slowdownPct', 'cpuSharePct', 'stealPct', 'inflatedPct', 'loadAvg', 'cpuCount'] as const;
  if (!numbers.every((k) => isNumberOrNull(m[k])) || !m.reasons.every((r) => typeof r === 'string')) return undefined;
  return m as unknown as MachineSpeedSummary;
}

/** untrustworthyReasons says why a check does not vouch for its figures (empty: it does). */
export function untrustworthyReasons(m: MachineSpeedSummary): string[] {
  const reasons = [...m.reasons];
  if (m.slowdownPct !== null && m.slowdownPct > 10 && !reasons.some((r) => r.includes('below the best'))) {
    reasons.push(`the machine ran ${Math.round(m.slowdownPct)} % below its best speed`);
  }
  if (m.loadAvg !== null && m.cpuCount !== null && m.loadAvg > m.cpuCount && !reasons.some((r) => r.startsWith('load average'))) {
    reasons.push(`load average ${m.loadAvg.toFixed(1)} on ${m.cpuCount} CPUs`);
  }
  return m.flagged || reasons.length > 0 ? (reasons.length > 0 ? reasons : ['flagged by its machine-speed check']) : [];
}

/** GuardVerdict says whether to write a recording, and why not. */
export type GuardVerdict = { replace: true } | { replace: false; reason: string };

/** shouldReplace decides whether a run with check `incoming` may replace `existing`. */
export function shouldReplace(incoming: MachineSpeedSummary | undefined, existing: Pick<Recording, 'machineSpeed'> | undefined, force: boolean): GuardVerdict {
  if (force || incoming === undefined || existing?.machineSpeed === undefined) return { replace: true };
  const against = untrustworthyReasons(incoming);
  if (against.length === 0 || untrustworthyReasons(existing.machineSpeed).length > 0) return { replace: true };
  return { replace: false, reason: `${against.join('; ')}, while the recording there was measured on a quiet machine` };
}
