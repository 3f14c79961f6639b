/**
 * Parsing of the harnesses' stdout. Format (one JSON object per line):
 *
 *   {"iterations":N,"durationNs":T,"cpuNs":C}
 *                                     one timed batch: N calls took T nanoseconds of
 *                                     monotonic wall time and C of the thread's (or
 *                                     process's) CPU time; `cpuNs` is optional
 *   {"spinAdds":N,"spinNs":T,"spinCpuNs":C}
 *                                     one call of the machine-speed sentinel spin(N):
 *                                     T ns of wall time, C of CPU time (optional)
 *   {"version":"…"}                   the runtime's own version line (optional, first)
 *   {"x":N}                           end of an untimed --fixed run (fidelity check)
 *
 * Anything else (a blank line, a runtime's chatter) is ignored, not fatal. Pure.
 */

/** HarnessLine is one parsed stdout line. */
export type HarnessLine =
  | { kind: 'batch'; iterations: number; durationNs: number; nsPerCall: number; cpuNs?: number }
  | { kind: 'spin'; spinAdds: number; spinNs: number; spinCpuNs?: number }
  | { kind: 'version'; version: string }
  | { kind: 'fixed'; x: number }
  | { kind: 'ignored' }
  | { kind: 'invalid'; reason: string };

/** parseHarnessLine classifies one line of a harness's stdout. */
export function parseHarnessLine(line: string): HarnessLine {
  const text = line.trim();
  if (!text.startsWith('{')) return { kind: 'ignored' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: `not JSON: ${text.slice(0, 80)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'ignored' };
  const obj = value as Record<string, unknown>;
  if ('iterations' in obj || 'durationNs' in obj) {
    const { iterations, durationNs } = obj;
    if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations <= 0) {
      return { kind: 'invalid', reason: `iterations must be a positive integer: ${text.slice(0, 80)}` };
    }
    if (typeof durationNs !== 'number' || !Number.isFinite(durationNs) || durationNs <= 0) {
      return { kind: 'invalid', reason: `durationNs must be a positive number: ${text.slice(0, 80)}` };
    }
    const batch = { kind: 'batch' as const, iterations, durationNs, nsPerCall: durationNs / iterations };
    const { cpuNs } = obj;
    if (cpuNs === undefined) return batch;
    if (typeof cpuNs !== 'number' || !Number.isFinite(cpuNs) || cpuNs < 0) {
      return { kind: 'invalid', reason: `cpuNs must be a non-negative number: ${text.slice(0, 80)}` };
    }
    return { ...batch, cpuNs };
  }
  if ('spinAdds' in obj) {
    const { spinAdds, spinNs, spinCpuNs } = obj;
    if (typeof spinAdds !== 'number' || !Number.isInteger(spinAdds) || spinAdds <= 0 || typeof spinNs !== 'number' || !Number.isFinite(spinNs) || spinNs <= 0) {
      return { kind: 'invalid', reason: `spinAdds and spinNs must be positive numbers: ${text.slice(0, 80)}` };
    }
    if (spinCpuNs === undefined) return { kind: 'spin', spinAdds, spinNs };
    if (typeof spinCpuNs !== 'number' || !Number.isFinite(spinCpuNs) || spinCpuNs < 0) {
      return { kind: 'invalid', reason: `spinCpuNs must be a non-negative number: ${text.slice(0, 80)}` };
    }
    return { kind: 'spin', spinAdds, spinNs, spinCpuNs };
  }
  if (typeof obj.version === 'string') return { kind: 'version', version: obj.version };
  if (typeof obj.x === 'number') return { kind: 'fixed', x: obj.x };
  return { kind: 'ignored' };
}
