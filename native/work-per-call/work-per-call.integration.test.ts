/**
 * Integration test of the work-per-call demo: through the real engine, builds libplusone.so
 * and the C and cgo callers (into a test-owned cache), runs every caller whose toolchain
 * is here over every N once with short batches, then two second-pass rounds around the
 * crossings, and checks the result against its schema and what must hold on any machine:
 * each caller's ns per call grows with N (a million adds cost more than one), every FFI
 * costs more than the direct call at N = 1, and each crossing found was measured densely
 * around it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../demos/protocol.ts';
import { workCallers, workSizes } from '../../demos/work-per-call/callers.ts';
import { workPerCallResult, type WorkPerCallResult } from '../../demos/work-per-call/result.ts';
import { openEngine, rootDirDefault } from '../../server/engine/open-engine.ts';
import { runDemoToEnd } from '../../server/engine/run-to-end.ts';
import type { Engine } from '../../server/engine/engine.ts';
import { detectToolchains, toToolchainReport } from '../../server/toolchains/detect.ts';

const toolchains = toToolchainReport(await detectToolchains());
const hasCc = toolchains.cc?.found === true;
if (!hasCc) console.warn('work-per-call integration test skipped: the doctor reports cc missing');

describe.skipIf(!hasCc)('work-per-call, really built and run', () => {
  let engine: Engine;
  let events: RunEvent[] = [];
  let result: WorkPerCallResult;

  beforeAll(async () => {
    ({ engine } = await openEngine({ cacheDir: join(rootDirDefault, '.cache', 'tests'), record: false, log: () => undefined }));
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
      expect(row.nsPerCall.at(-1)!, `${row.id}: 10⁶ adds cost more than 1`).toBeGreaterThan(row.nsPerCall[0]! * 10);
    }
  });

  it('measures each FFI above the direct call at N = 1 and finds where its share falls under 10 %', () => {
    const direct = result.rows.find((row) => row.id === 'direct')!;
    for (const row of result.rows.filter((r) => r.id !== 'direct' && !r.missing)) {
      expect(row.nsPerCall[0]!, row.id).toBeGreaterThan(direct.nsPerCall[0]!);
      expect(row.crossing, row.id).not.toBeNull();
      expect(row.crossingText).not.toBe('not measured');
    }
    if (toolchains.go?.found) expect(result.headline).toMatch(/^cgo: /);
    // The second pass: each FFI that crosses was measured at sizes off the grid around it.
    expect(result.refineRounds).toBe(2);
    for (const row of result.rows.filter((r) => r.crossing?.kind === 'crosses')) {
      const c = row.crossing as Extract<typeof row.crossing, { kind: 'crosses' }>;
      const dense = result.sizes.filter((n, i) => !(workSizes as readonly number[]).includes(n) && row.nsPerCall[i] !== null && n > c.n / 3 && n < c.n * 3);
      expect(dense.length, row.id).toBeGreaterThanOrEqual(4);
      // Three rounds may leave too many resamples off either end for an interval; one given holds its N.
      if (c.interval) expect([c.interval.low <= c.n, c.interval.high >= c.n], row.id).toEqual([true, true]);
    }
  });
});
