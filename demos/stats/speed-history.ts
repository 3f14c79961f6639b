/**
 * The memory of the machine-speed sentinel (machine-speed.ts): the effective clock rates
 * of this machine's recent quiet runs, so that a run which is slow from start to end (a
 * host throttling all day, a laptop on battery) is still compared with what the machine
 * can do. Pure: the caller reads and writes the file (server/machine-speed/).
 *
 * File format (JSON): `{ "format": 1, "entries": [{ "at": ISO date, "machine": key,
 * "rateGHz": n }, …] }`, oldest first, at most `maxEntries`.
 */

/** SpeedHistoryEntry is one quiet run's best rate. */
export interface SpeedHistoryEntry {
  /** When the run ended (ISO 8601). */
  at: string;
  /** Which machine (CPU model and count): a cache copied elsewhere must not set the bar. */
  machine: string;
  rateGHz: number;
}

/** SpeedHistory is the file's content. */
export interface SpeedHistory {
  format: 1;
  entries: SpeedHistoryEntry[];
}

/** speedHistoryLimits bound what is remembered: runs older than this are no longer "recent". */
export const speedHistoryLimits = { maxEntries: 30, maxAgeDays: 30 };

/** emptySpeedHistory is the history of a machine never measured. */
export function emptySpeedHistory(): SpeedHistory {
  return { format: 1, entries: [] };
}

/** parseSpeedHistory accepts the file's JSON, dropping malformed entries; a malformed file is an empty history. */
export function parseSpeedHistory(value: unknown): SpeedHistory {
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== 1) return emptySpeedHistory();
  const raw = (value as { entries?: unknown }).entries;
  // Stryker disable next-line ArrayDeclaration: whatever stands in for a missing list, the filter below drops it
  const entries = (Array.isArray(raw) ? raw : []).filter(
    (e): e is SpeedHistoryEntry =>
      typeof e === 'object' && e !== null &&
      typeof e.at === 'string' && Number.isFinite(Date.parse(e.at)) &&
      typeof e.machine === 'string' &&
      Number.isFinite(e.rateGHz) && e.rateGHz > 0,
  );
  return { format: 1, entries };
}

const dayMs = 86_400_000;

/** recentBestRate is the highest rate this machine reached in its recent quiet runs; NaN when none. */
export function recentBestRate(history: SpeedHistory, machine: string, now: Date, maxAgeDays = speedHistoryLimits.maxAgeDays): number {
  const since = now.getTime() - maxAgeDays * dayMs;
  const rates = history.entries.filter((e) => e.machine === machine && Date.parse(e.at) >= since).map((e) => e.rateGHz);
  return rates.length > 0 ? Math.max(...rates) : NaN;
}

/** withQuietRun adds a quiet run's rate, keeping the newest `maxEntries` entries. */
export function withQuietRun(history: SpeedHistory, entry: SpeedHistoryEntry, maxEntries = speedHistoryLimits.maxEntries): SpeedHistory {
  return { format: 1, entries: [...history.entries, entry].slice(-maxEntries) };
}

/** machineKey names a machine for the history: its CPU model and count. */
export function machineKey(cpuModel: string, cpuCount: number): string {
  return `${cpuModel} × ${cpuCount}`;
}
