/**
 * Integration test of the work-per-call demo: through the real engine, builds libplusone.so
 * and the C and cgo callers (into a test-owned cache), runs every caller whose toolchain
 * is here over every N once with short batches, then two second-pass rounds around the
 * crossings, and checks the result against its schema and what must hold on any machine:
 * each caller's ns per call grows with N (a million adds cost far more than one), each
 * FFI has a share spent crossing at every N measured, and each crossing found was
 * measured densely around it. Needs cc (skipped, saying so, only when the doctor reports
 * it missing).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../demos/protocol.ts';
import { refineSpan, workCallers, workSizes } from '../../demos/work-per-call/callers.ts';
import { workPerCallResult, type WorkPerCallResult } from '../../demos/work-per-call/result.ts';
import { openEngine } from '../../server/engine/open-engine.ts';
import { runDemoToEnd } from '../../server/engine/run-to-end.ts';
import type { Engine } from '../../server/engine/engine.ts';
import { detectToolchains, toToolchainReport } from '../../server/toolchains/detect.ts';
import { testCacheDir } from '../../tests/support/test-paths.ts';
import { skipIfMissing } from '../../tests/support/toolchains.ts';

const toolchains = toToolchainReport(await detectToolchains());

describe('work-per-call, really built and run', () => {
  beforeEach((ctx) => skipIfMissing(ctx, 'cc'));
  let engine: Engine;
  let events: RunEvent[] = [];
  let result: WorkPerCallResult;

  beforeAll(async () => {
    if (!toolchains.cc?.found) return;
    ({ engine } = await openEngine({ cacheDir: testCacheDir, record: false, log: () => undefined }));
    events = (await runDemoToEnd(engine, 'work-per-call', { rounds: 1, refineRounds: 2, batchMs: 2 })).events;
    const found = events.find((event) => event.type === 'result');
    result = workPerCallResult.parse(found?.type === 'result' ? found.data : undefined);
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('ends ok; a caller whose toolchain is missing is a missing row, the others are measured at every N', () => {
    expect(events.at(-1)).toMatchObject({ type: 'end', outcome: 'ok' });
    for (const row of result.rows) {
      const present = workCallers[row.id].toolchains.every((t) => toolchains[t]?.found);
      if (!present) {
        expect(row.missing).toMatch(/not found/);
        continue;
      }
      expect(row.missing, row.id).toBeNull();
      for (const size of workSizes) expect(row.nsPerCall[result.sizes.indexOf(size)], `${row.id} at N = ${size}`).toBeGreaterThan(0);
      // A million dependent adds take ~10⁵ times one add plus the call (about 250 µs against
      // 2–160 ns on the recording's machine): a factor 10 holds under any load.
      expect(row.nsPerCall.at(-1)!, `${row.id}: 10⁶ adds cost more than 1`).toBeGreaterThan(row.nsPerCall[0]! * 10);
    }
  });

  it('says its machine check is of CPU-time figures (a shared core is not counted as inflation)', () => {
    expect(result.machineSpeed.clock).toBe('cpu');
  });

  // How much an FFI costs over the direct call depends on the machine and its load (the
  // committed recording holds the figures): no order of two timings is asserted here.
  it('gives each FFI’s share spent crossing at every N, and finds where it falls under 10 %', () => {
    const direct = result.rows.find((row) => row.id === 'direct')!;
    for (const row of result.rows.filter((r) => r.id !== 'direct' && !r.missing)) {
      // A share at every N both callers were measured at: a part of the FFI's own time.
      row.nsPerCall.forEach((ns, i) => {
        if (ns !== null && direct.nsPerCall[i] !== null) expect(row.overheadPct[i], `${row.id} at N = ${result.sizes[i]}`).toBeLessThan(100);
      });
      expect(row.crossing, row.id).not.toBeNull();
      expect(row.crossingText).not.toBe('not measured');
    }
    if (toolchains.go?.found) expect(result.headline).toMatch(/^cgo: /);
    // The second pass: each FFI that crosses was measured at sizes off the grid, in one
    // window of refineSpan either side of its first-pass crossing. The final crossing is
    // fitted over both passes and may land outside that window on a noisy machine (three
    // rounds here): the window is checked, not where the final crossing falls in it.
    expect(result.refineRounds).toBe(2);
    for (const row of result.rows.filter((r) => r.crossing?.kind === 'crosses')) {
      const c = row.crossing as Extract<typeof row.crossing, { kind: 'crosses' }>;
      const dense = result.sizes.filter((n, i) => !(workSizes as readonly number[]).includes(n) && row.nsPerCall[i] !== null);
      expect(dense.length, row.id).toBeGreaterThanOrEqual(4);
      // Sizes are rounded to two significant digits: a little more than refineSpan² end to end.
      expect(Math.max(...dense) / Math.min(...dense), `${row.id}: ${dense.join(', ')}`).toBeLessThanOrEqual(refineSpan ** 2 * 1.1);
      // Three rounds may leave too many resamples off either end for an interval; one given holds its N.
      if (c.interval) expect([c.interval.low <= c.n, c.interval.high >= c.n], row.id).toEqual([true, true]);
    }
  });
});
