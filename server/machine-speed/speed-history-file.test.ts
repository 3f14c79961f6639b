import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSpeedHistory, rememberQuietRun, speedHistoryPath } from './speed-history-file.ts';
import { readCpuTimes } from './cpu-times.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'speed-history-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('speed history file', () => {
  it('starts empty, remembers quiet runs, and survives a damaged file', async () => {
    expect((await loadSpeedHistory(join(dir, 'none'))).entries).toEqual([]);
    await rememberQuietRun(join(dir, 'cache'), { at: '2026-11-30T00:00:00Z', machine: 'm', rateGHz: 2.5 });
    await rememberQuietRun(join(dir, 'cache'), { at: '2026-11-30T01:00:00Z', machine: 'm', rateGHz: 2.6 });
    expect((await loadSpeedHistory(join(dir, 'cache'))).entries.map((e) => e.rateGHz)).toEqual([2.5, 2.6]);
    await writeFile(speedHistoryPath(dir), '{not json');
    expect((await loadSpeedHistory(dir)).entries).toEqual([]);
  });

  it('reads CPU counters from /proc/stat, and nothing from a file that is not there', async () => {
    const times = await readCpuTimes();
    if (times) expect(times.total).toBeGreaterThan(0);
    expect(await readCpuTimes(join(dir, 'no-stat'))).toBeUndefined();
  });
});
