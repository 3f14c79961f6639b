/**
 * Integration test of the machine-speed check: a real harness (C via .so), pinned with
 * taskset to one CPU that a busy process is pinned to as well, must be flagged "machine
 * slowed down" for having had the CPU only part of the time, with the figure inflated by
 * about as much. The pinning goes through this test worker's own affinity, which the
 * harness processes inherit, and is undone afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FfiResult } from '../../demos/ffi-overhead/summary.ts';
import { runFfiOverhead, type FfiParams } from '../../server/demos/runners/ffi-overhead.ts';
import { shareCoreWithBusyLoop } from './busy-core.ts';
import { createMinimalContext } from './minimal-context.ts';

let restore: (() => Promise<void>) | undefined;
let cacheDir = '';
let result: FfiResult | undefined;

beforeAll(async () => {
  restore = await shareCoreWithBusyLoop();
  if (!restore) return;
  try {
    cacheDir = await mkdtemp(join(tmpdir(), 'ffi-busy-core-'));
    const params: FfiParams = { runtimes: ['c-so'], batchesPerProcess: 2, batchUs: 50_000, processes: 2, quickProcesses: 2, view: 'table' };
    const ctx = await createMinimalContext(params, { cacheDir });
    await runFfiOverhead(ctx);
    const found = ctx.events.find((e) => e.type === 'result');
    result = found?.type === 'result' ? (found.data as unknown as FfiResult) : undefined;
    await ctx.dispose();
  } finally {
    await restore();
  }
});

afterAll(async () => {
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

describe('machine-speed check, a harness sharing its core with a busy process', () => {
  it('is flagged for having had the CPU only part of the time', (test) => {
    // util-linux's taskset is set up by scripts/setup.sh; without it this cannot be staged.
    if (!restore) return test.skip();
    const row = result!.rows[0]!;
    expect(row.state).toBe('done');
    expect(row.cpuSharePct).toBeLessThan(80);
    expect(row.machine.flagged).toBe(true);
    expect(row.machine.reasons.join('; ')).toMatch(/had the CPU \d+ % of the time/);
    expect(row.flag).toMatch(/^machine slowed down: figures inflated ≈ \d+ %$/);
    expect(row.machine.inflatedPct).toBeGreaterThan(25);
    expect(result!.machineSpeed.flagged).toBe(true);
  });
});
