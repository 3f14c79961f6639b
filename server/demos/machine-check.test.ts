import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMachineCheck } from './machine-check.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A run of one process at full clock (2.6 adds per ns of CPU time) that had the CPU 60 % of the time. */
async function sharedCoreRun(clock: 'wall' | 'cpu') {
  const cacheDir = await mkdtemp(join(tmpdir(), 'machine-check-'));
  dirs.push(cacheDir);
  const check = await startMachineCheck(cacheDir, clock);
  check.addProcess([{ adds: 26e6, wallNs: 10e6, cpuNs: 10e6 }], 60);
  return check.finish();
}

describe('a run’s machine-speed check', () => {
  it('counts the shared core as inflation of wall-clock figures, and says so', async () => {
    const summary = await sharedCoreRun('wall');
    expect(summary).toMatchObject({ clock: 'wall', flagged: true, cpuSharePct: 60, rateGHz: 2.6 });
    expect(summary.inflatedPct).toBeCloseTo(66.7, 1);
    expect(summary.reasons).toContain('had the CPU 60 % of the time');
  });

  it('flags a run of CPU-time figures on a shared core as busy, without counting it as inflation', async () => {
    const summary = await sharedCoreRun('cpu');
    expect(summary).toMatchObject({ clock: 'cpu', flagged: true, cpuSharePct: 60, rateGHz: 2.6, inflatedPct: 0 });
    expect(summary.reasons).toContain('had the CPU 60 % of the time');
  });
});
