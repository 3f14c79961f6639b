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

/** refineSpan: the second pass measures within this factor either side of the first pass's crossing. */
export const refineSpan = 2.5;

/**
 * refineSizes are the N of the second pass around a first-pass crossing at `n`: ten per
 * decade (1 000, 1 300, 1 600, 2 000, 2 500, 3 200, …, two significant digits) within
 * `refineSpan` either side, where the crossing's fit needs many sizes.
 */
export function refineSizes(n: number): number[] {
  const sizes: number[] = [];
  for (let k = Math.ceil(10 * Math.log10(n / refineSpan)); k <= Math.floor(10 * Math.log10(n * refineSpan)); k++) {
    const exact = 10 ** (k / 10);
    const step = 10 ** Math.max(0, Math.floor(Math.log10(exact)) - 1);
    const size = Math.round(exact / step) * step;
    if (size >= 1 && !sizes.includes(size)) sizes.push(size);
  }
  return sizes;
}
