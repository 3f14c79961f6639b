/**
 * The machine-speed history on disk: `<cacheDir>/machine-speed.json` (format in
 * demos/stats/speed-history.ts). It lives in the build cache's directory because it
 * belongs to this machine, not to the project: it is never committed, and deleting the
 * cache only makes the next run compare with itself.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { emptySpeedHistory, parseSpeedHistory, withQuietRun, type SpeedHistory, type SpeedHistoryEntry } from '../../demos/stats/speed-history.ts';

/** speedHistoryPath is where a cache directory keeps the history. */
export function speedHistoryPath(cacheDir: string): string {
  return join(cacheDir, 'machine-speed.json');
}

/** loadSpeedHistory reads the history; a missing or damaged file is an empty one. */
export async function loadSpeedHistory(cacheDir: string): Promise<SpeedHistory> {
  try {
    return parseSpeedHistory(JSON.parse(await readFile(speedHistoryPath(cacheDir), 'utf8')));
  } catch {
    return emptySpeedHistory();
  }
}

/** rememberQuietRun adds a quiet run's rate to the history (written atomically: two servers may share a cache). */
export async function rememberQuietRun(cacheDir: string, entry: SpeedHistoryEntry): Promise<void> {
  const next = withQuietRun(await loadSpeedHistory(cacheDir), entry);
  await mkdir(cacheDir, { recursive: true });
  const file = speedHistoryPath(cacheDir);
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(next, null, 2)}\n`);
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
