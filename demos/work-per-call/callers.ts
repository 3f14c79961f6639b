/**
 * The callers of the work-per-call demo (native/work-per-call), in report order, and the
 * work sizes they sweep. Pure data.
 */

/** workCallerIds lists the callers: C itself (the baseline) and three FFIs. */
export const workCallerIds = ['direct', 'cgo', 'koffi', 'ctypes'] as const;

/** WorkCallerId is one caller. */
export type WorkCallerId = (typeof workCallerIds)[number];

/** workCallers says what each caller is and which toolchains it needs. */
export const workCallers: Record<WorkCallerId, { label: string; toolchains: string[] }> = {
  direct: { label: 'C, called directly (through libplusone.so)', toolchains: ['cc'] },
  cgo: { label: 'Go, through cgo', toolchains: ['cc', 'go'] },
  koffi: { label: 'Node.js, through koffi', toolchains: ['cc', 'node'] },
  ctypes: { label: 'Python, through ctypes', toolchains: ['cc', 'python'] },
};

/** isWorkCallerId narrows a string to a caller id. */
export function isWorkCallerId(id: string): id is WorkCallerId {
  return (workCallerIds as readonly string[]).includes(id);
}

/** workSizes are the N swept: dependent adds per call, 1 to 10⁶ in half-decades (log scale). */
export const workSizes = [1, 3, 10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000] as const;

/** overheadThresholdPct is where the crossing stops mattering: (FFI − direct) ÷ FFI below it. */
export const overheadThresholdPct = 10;
