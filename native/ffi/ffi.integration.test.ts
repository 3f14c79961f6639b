/**
 * Integration test of the FFI harnesses: really builds (into a fresh cache) and runs
 * every harness whose toolchain this machine has, with short batches, through the
 * runner and the engine's process runner and build cache. Asserts what must hold on
 * any machine: positive ns per call and a machine-speed sentinel reading for every
 * present runtime, a sample-less `toolchain-missing` error for every absent one, and cgo's
 * ratio to the C direct call taken from the table (no speed is asserted: it depends on load).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEventBody } from '../../demos/protocol.ts';
import { ffiRuntimeIds, ffiRuntimes } from '../../demos/ffi-overhead/runtimes.ts';
import type { FfiResult } from '../../demos/ffi-overhead/summary.ts';
import { runFfiOverhead, type FfiParams } from '../../server/demos/runners/ffi-overhead.ts';
import { fixedLoopsPerRound } from '../../server/demos/ffi-overhead/harness-process.ts';
import { detectToolchains, toToolchainReport } from '../../server/toolchains/detect.ts';
import type { ToolchainReport } from '../../server/demos/demo-context.ts';
import { createMinimalContext } from './minimal-context.ts';
import { skipIfMissing } from '../../tests/support/toolchains.ts';

let toolchains: ToolchainReport;
let cacheDir: string;
let events: RunEventBody[] = [];
let result: FfiResult | undefined;

const present = (id: (typeof ffiRuntimeIds)[number]): boolean =>
  ffiRuntimes[id].toolchains.every((t) => toolchains[t]?.found) &&
  // The extra JNI row needs a JDK on PATH other than the newest one.
  (id !== 'java-jni-other' || toolchains.java?.version !== toolchains['java-ffm']?.version);

beforeAll(async () => {
  toolchains = toToolchainReport(await detectToolchains());
  cacheDir = await mkdtemp(join(tmpdir(), 'ffi-integration-'));
  const params: FfiParams = { runtimes: [...ffiRuntimeIds], batchesPerProcess: 3, batchUs: 10_000, processes: 1, quickProcesses: 1, view: 'table' };
  const ctx = await createMinimalContext(params, { cacheDir, toolchains });
  await runFfiOverhead(ctx);
  events = ctx.events;
  const found = events.find((e) => e.type === 'result');
  result = found?.type === 'result' ? (found.data as unknown as FfiResult) : undefined;
  await ctx.dispose();
});

afterAll(async () => {
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

describe('ffi harnesses, really built and run', () => {
  it('ends with a result covering every runtime', () => {
    expect(result?.rows.map((r) => r.id)).toEqual([...ffiRuntimeIds]);
  });

  for (const id of ffiRuntimeIds) {
    it(`${id}: positive ns per call when its toolchain is present, else marked missing`, () => {
      const row = result!.rows.find((r) => r.id === id)!;
      const errors = events.filter((e) => e.type === 'error' && e.source === id);
      if (!present(id)) {
        // Skipped as the doctor reports it: this machine lacks the toolchain, the row says which.
        expect(row.state).toBe('missing');
        expect(errors.map((e) => e.type === 'error' && e.code)).toEqual(['toolchain-missing']);
        expect(events.some((e) => e.type === 'sample' && e.key === id)).toBe(false);
        return;
      }
      expect(errors, JSON.stringify(errors, null, 2)).toEqual([]);
      expect(row.state).toBe('done');
      // One process each: three timed batches, or one round of standalone loops; every
      // batch carries the rate of the sentinel timed right next to it (each harness, in its
      // own language, times it right before each batch; a standalone loop right before and
      // after), and the figures are made of those at full clock.
      const timed = events.filter((e) => e.type === 'sample' && e.key === id && 'nsPerCall' in e.values);
      expect(timed).toHaveLength(ffiRuntimes[id].group === 'fidelity' ? fixedLoopsPerRound : 3);
      for (const e of timed) expect(e.type === 'sample' && e.values.clockGHz).toBeGreaterThan(0.1);
      expect(row.fullClock).toMatchObject({ batches: timed.length, processes: 1 });
      expect(row.batches).toBe(row.fullClock!.keptBatches || (ffiRuntimes[id].group === 'fidelity' ? 0 : 3));
      // A standalone check keeps only loops the clock held for (it may have none); a row
      // with no batch at full clock shows them all.
      if (ffiRuntimes[id].group === 'fidelity') return;
      expect(row.medianNs).toBeGreaterThan(0);
      expect(row.minNs).toBeGreaterThan(0);
      // Every in-process harness also reports its CPU time and the machine-speed sentinel
      // it timed through its own FFI, once per batch and once after the last.
      expect(row.cpuMedianNs).toBeGreaterThan(0);
      expect(row.machine.rateGHz).toBeGreaterThan(0.1);
      const spins = events.filter((e) => e.type === 'sample' && e.key === id && 'spinAdds' in e.values);
      expect(spins).toHaveLength(4);
    });
  }

  // How much slower cgo is depends on the machine and its load (the committed recording
  // and the preflight hold the figures): the test checks the ratio is the table's own.
  it('gives cgo’s cost as a ratio to the direct C call of the same round', async (test) => {
    await skipIfMissing(test, ...ffiRuntimes['go-cgo'].toolchains);
    const ns = (id: string) => result!.rows.find((r) => r.id === id)!.medianNs!;
    // One process per runtime: one round, so the ratio is that of the two rows' medians.
    expect(result!.cgo.ratioToCDirect).toBeCloseTo(ns('go-cgo') / ns('c-direct'), 9);
    expect(result!.rows.find((r) => r.id === 'go-cgo')!.ratioToCDirect).toBe(result!.cgo.ratioToCDirect);
  });

  it('streams build progress and marks which runtime is building and running', () => {
    const steps = events.filter((e) => e.type === 'progress' && (e.step === 'build' || e.step === 'run'));
    expect(steps.some((e) => e.type === 'progress' && e.source === 'c-so' && e.step === 'run')).toBe(true);
    // Fresh cache: the compilers really ran (the build cache reports steps).
    expect(events.some((e) => e.type === 'progress' && e.step === 'c-so harness')).toBe(true);
  });
});
