/**
 * Memory figures for goroutines vs threads, from the programs' JSON lines. Pure: no I/O.
 *
 * Each program prints a baseline (n = 0) and then lines as its goroutines or threads
 * start: VmRSS (resident: pages of this process really in RAM), VmSize (reserved: all
 * the address space this process has mapped, touched or not), KernelStack (machine-wide,
 * from /proc/meminfo: every OS thread has a kernel stack that no process's RSS shows),
 * and the process's OS thread count.
 */

/** MemoryLine is one line a program printed. */
export type MemoryLine = {
  n: number;
  rssBytes: number;
  vmBytes: number;
  kernelStackBytes: number;
  threads: number;
  stackBytes?: number;
};

/** MemoryCost is what one goroutine or one thread added, on average, over the run. */
export type MemoryCost = {
  n: number;
  rssPerUnitBytes: number;
  vmPerUnitBytes: number;
  kernelStackPerUnitBytes: number;
  threadsAtEnd: number;
  baselineRssBytes: number;
  finalRssBytes: number;
};

/** parseMemoryLine reads one JSON line; anything else is undefined. */
export function parseMemoryLine(text: string): MemoryLine | undefined {
  try {
    const v = JSON.parse(text) as Partial<MemoryLine>;
    if (typeof v.n !== 'number' || typeof v.rssBytes !== 'number' || typeof v.vmBytes !== 'number') return undefined;
    return {
      n: v.n,
      rssBytes: v.rssBytes,
      vmBytes: v.vmBytes,
      kernelStackBytes: typeof v.kernelStackBytes === 'number' ? v.kernelStackBytes : -1,
      threads: typeof v.threads === 'number' ? v.threads : -1,
      ...(typeof v.stackBytes === 'number' ? { stackBytes: v.stackBytes } : {}),
    };
  } catch {
    return undefined;
  }
}

/** costPerUnit divides the growth from the baseline (n = 0) to the last line by n. */
export function costPerUnit(lines: readonly MemoryLine[]): MemoryCost | undefined {
  const base = lines.find((l) => l.n === 0);
  const last = lines.at(-1);
  if (!base || !last || last.n <= 0) return undefined;
  const per = (a: number, b: number): number => Math.round((b - a) / last.n);
  return {
    n: last.n,
    rssPerUnitBytes: per(base.rssBytes, last.rssBytes),
    vmPerUnitBytes: per(base.vmBytes, last.vmBytes),
    kernelStackPerUnitBytes: base.kernelStackBytes >= 0 && last.kernelStackBytes >= 0 ? per(base.kernelStackBytes, last.kernelStackBytes) : -1,
    threadsAtEnd: last.threads,
    baselineRssBytes: base.rssBytes,
    finalRssBytes: last.rssBytes,
  };
}
