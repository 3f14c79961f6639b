/**
 * readCpuTimes: the I/O half of the steal-time reading (the parsing and arithmetic are in
 * demos/stats/machine-speed.ts). Linux only: elsewhere there is no /proc/stat and steal
 * is reported as unknown, never as zero.
 */
import { readFile } from 'node:fs/promises';
import { parseProcStat, type CpuTimes } from '../../demos/stats/machine-speed.ts';

/** readCpuTimes reads the aggregate CPU counters now; undefined when the system has none. */
export async function readCpuTimes(path = '/proc/stat'): Promise<CpuTimes | undefined> {
  try {
    return parseProcStat(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}
