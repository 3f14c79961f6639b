/**
 * work-per-call (slide 8, "Since 2018"): when does the crossing stop mattering? One C
 * function doing N dependent adds (native/work-per-call: `spin(N)` in libplusone.so) is
 * called directly from C, through cgo, through koffi and through Python's ctypes, for N
 * from 1 to 10⁶ on a log scale, in interleaved, shuffled rounds (one fresh process per
 * caller per round); then a second pass of rounds measures ten sizes per decade around
 * each crossing found. The answer: for each FFI the N from which (FFI ns − direct ns) ÷
 * FFI ns stays under 10 % (paired within rounds, fitted over the sizes around it, with a
 * bootstrap 95 % interval), i.e. how much work a call must carry for its crossing to stop
 * mattering ("batch your calls", with a number measured on the spot).
 *
 * Samples: key `<caller>/<N>`, values `{ nsPerCall, n, round, cpuSharePct }` (one
 * process's fastest batch). A caller that cannot run (missing toolchain, failed build) is an
 * `error` event with `source` = the caller and a missing row. Result: WorkPerCallResult.
 */
import { z } from 'zod';
import { defineDemo } from '../define-demo.ts';
import { workCallerIds, workCallers } from './callers.ts';
import { workPerCallResult } from './result.ts';

export default defineDemo({
  id: 'work-per-call',
  title: 'Work per call: when the FFI crossing stops mattering',
  params: z.object({
    callers: z.array(z.enum(workCallerIds)).min(1).default([...workCallerIds]).describe('callers to measure (direct C is always added: it is the baseline)'),
    rounds: z.number().int().min(1).max(10).default(5).describe('interleaved rounds over every N: one fresh process per caller each'),
    refineRounds: z.number().int().min(0).max(20).default(8).describe('second-pass rounds over the sizes around each crossing found (0: none)'),
    batches: z.number().int().min(1).max(5).default(3).describe('timed batches per N in each process (the fastest is the process’s figure)'),
    batchMs: z.number().int().min(2).max(100).default(4).describe('target duration of one batch, ms'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional().describe('shuffle seed (default: a new one per run)'),
  }),
  result: workPerCallResult,
  requires: ['cc'],
  optionalRows: (params) =>
    params.callers
      .map((id) => ({ id, label: workCallers[id].label, requires: workCallers[id].toolchains.filter((tool) => tool !== 'cc') }))
      .filter((row) => row.requires.length > 0),
  timeoutMs: 300_000,
});
