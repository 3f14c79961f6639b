/**
 * ffi-overhead (slides 5–8): the talk's FFI overhead table, measured live. Every runtime
 * calls `int plusone(int)` in the loop `while (x < count) x = plusone(x);`, in batches
 * calibrated to `batchUs`, `batchesPerProcess` in each of `processes` fresh processes that run in interleaved
 * rounds (every runtime once per round; rows whose processes start quickly run
 * `quickProcesses` rounds), each batch right after its own machine-speed sentinel; the
 * table shows, over the batches that ran at full clock, the median of per-process
 * medians, its spread, the ratio to both C baselines (direct call, and through
 * libplusone.so's PLT, the talk's) as the median of per-round ratios, the 2018 figure, and
 * a flag on rows measured while the machine ran slow (the machine-speed sentinel).
 *
 * Samples (demos/ffi-overhead/run-state.ts has their shapes): key = runtime id
 * (demos/ffi-overhead/runtimes.ts), values `round`, `iterations`, `durationNs`,
 * `nsPerCall`, `cpuNs`, `clockGHz` (its adjacent sentinel's rate) for a batch, `spinAdds`,
 * `spinNs`, `spinCpuNs` for a sentinel call,
 * `stealTicks`, `cpuTicks` for a process's steal time; label = the runtime's row label.
 * Progress events with `source` = runtime id and `step` "build" / "run" say which row
 * is busy. A runtime that cannot run gives an `error` event with `source` = runtime id (code
 * `toolchain-missing`, `build-failed`, `program-crashed` or `timeout`) and the run goes
 * on. Result: FfiResult (demos/ffi-overhead/summary.ts).
 */
import { z } from 'zod';
import { defineDemo } from '../define-demo.ts';
import { ffiDefaultRuntimeIds, ffiRuntimeIds, ffiRuntimes } from './runtimes.ts';
import { ffiResultSchema } from './result-schema.ts';

export default defineDemo({
  id: 'ffi-overhead',
  title: 'FFI overhead, runtime by runtime',
  params: z.object({
    runtimes: z
      .array(z.enum(ffiRuntimeIds, { error: (issue) => `unknown runtime ${JSON.stringify(issue.input)} (known: ${ffiRuntimeIds.join(', ')})` }))
      .min(1)
      .default([...ffiDefaultRuntimeIds])
      .describe('runtimes to measure (default: all but the extra rows)'),
    batchesPerProcess: z
      .number()
      .int()
      .min(1)
      .max(400)
      .default(20)
      .describe('timed batches in each fresh process, each right after its own machine-speed sentinel'),
    batchUs: z
      .number()
      .int()
      .min(100)
      .max(1_000_000)
      .default(2000)
      .describe('target duration of one batch, µs: short, as the host’s clock changes on a ~100 ms scale and only batches at full clock count'),
    processes: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(5)
      .describe('rounds: fresh processes per runtime, one per round, runtimes interleaved (a process’s layout shifts its speed)'),
    quickProcesses: z
      .number()
      .int()
      .min(1)
      .max(40)
      .default(11)
      .describe('fresh processes for rows whose processes start quickly (compiled harnesses): more rounds, where they are cheap'),
    view: z.enum(['table', 'ratio']).default('table').describe('display only: full table, or the cgo / C ratio against 2018'),
  }),
  result: ffiResultSchema,
  // A slide's view, and its runtimes as a filter over the recorded rows, never pick
  // another recording: every FFI slide shows the one full measurement.
  displayParams: ['view', 'runtimes'],
  requires: ['cc'],
  optionalRows: (params) =>
    params.runtimes
      .map((id) => ({ id, label: ffiRuntimes[id].label, requires: ffiRuntimes[id].toolchains.filter((tool) => tool !== 'cc') }))
      .filter((row) => row.requires.length > 0),
  timeoutMs: 300_000,
});
