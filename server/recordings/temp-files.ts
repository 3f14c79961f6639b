/**
 * Temp files of recordings. A recording is written to a temp file beside it, synced and
 * renamed over the old one (write-file-atomic), so a reader never sees half a file; a
 * server killed mid-write (SIGKILL: no exit handler runs) leaves the temp file, so the
 * next recorder removes those that are old enough not to be another server's write in
 * progress.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** staleAfterMs: a recording is written in milliseconds; a temp file this old is an orphan. */
export const staleAfterMs = 10 * 60_000;

/**
 * isRecordingTempName says whether a file name is a recording's temp file:
 * write-file-atomic's `<key>.json.<number>`, or this project's older `.<key>.json.<hex>.tmp`.
 */
export function isRecordingTempName(name: string): boolean {
  return /^[a-z0-9-]+\.json\.\d+$/.test(name) || /^\.[a-z0-9-]+\.json\.[0-9a-f]+\.tmp$/.test(name);
}

/** removeStaleTempFiles removes orphaned recording temp files from `dir`; it returns their names. */
export async function removeStaleTempFiles(dir: string, nowMs = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter(isRecordingTempName)) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile() || nowMs - info.mtimeMs < staleAfterMs) continue;
    await rm(path, { force: true });
    removed.push(name);
  }
  return removed;
}
