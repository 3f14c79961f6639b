/**
 * ffiResultSchema: the zod schema of the FFI demo's result (FfiResult in summary.ts),
 * which the manifest names as its `result`. The type check at the bottom keeps the two
 * equal: a field added to FfiResult (or to FfiRow) without its schema, or the other way
 * round, is a compile error here, so the runner, the widget and the recordings never
 * disagree about the shape.
 *
 * Extending the result: add the field to the type in summary.ts and here, with
 * `.describe()` saying what it measures; give old recordings a default only if the
 * widget can show them honestly without the field (otherwise re-record them).
 */
import { z } from 'zod';
import { ffiRuntimeIds } from './runtimes.ts';
import type { FfiResult } from './summary.ts';

const nsOrNull = z.number().nullable();
const pctOrNull = z.number().nullable();

/**
 * Recordings made before the machine-speed check have none of its fields: they read as
 * "not measured" (null figures, nothing flagged), which the widget shows as unverified.
 */
const unmeasured = { rateGHz: null, bestRateGHz: null, slowdownPct: null, cpuSharePct: null, stealPct: null, inflatedPct: null, flagged: false, reasons: [] };

/** machineCheckSchema is a row's machine-speed check (MachineSpeedCheck, demos/stats/machine-speed.ts). */
const machineCheckSchema = z.object({
  rateGHz: z.number().nullable().describe('effective clock rate of the sentinel spin(n) in this row’s processes, GHz (adds per ns of CPU time)'),
  bestRateGHz: z.number().nullable().describe('best rate seen on this machine: this run, or its recent quiet runs'),
  slowdownPct: pctOrNull.describe('how far the rate fell below the best, %'),
  cpuSharePct: pctOrNull.describe('share of the batches’ wall time the harness had the CPU, %'),
  stealPct: pctOrNull.describe('CPU time stolen by the hypervisor over the row’s processes (/proc/stat), %'),
  inflatedPct: pctOrNull.describe('estimated inflation of the wall-clock figures: (best ÷ rate) ÷ CPU share − 1, %'),
  flagged: z.boolean().describe('rate > 10 % below the best, CPU share < 95 % or steal > 2 %'),
  reasons: z.array(z.string()),
});

/** machineSpeedSchema is the run's machine-speed check (MachineSpeedSummary, demos/protocol.ts); recordings carry it. */
const machineSpeedSchema = z.object({
  rateGHz: z.number().nullable(),
  bestRateGHz: z.number().nullable(),
  slowdownPct: pctOrNull,
  cpuSharePct: pctOrNull,
  stealPct: pctOrNull,
  inflatedPct: pctOrNull.describe('the largest estimated inflation among flagged rows'),
  loadAvg: z.number().nullable().describe('highest 1-minute load average seen (start, end)'),
  cpuCount: z.number().int().nullable(),
  flagged: z.boolean(),
  reasons: z.array(z.string()),
});

/** fullClockCountSchema says how many of a row's batches ran at full clock (FullClockCount, clock-filter.ts). */
const fullClockCountSchema = z.object({
  keptBatches: z.number().int().describe('batches whose adjacent sentinel read ≥ 90 % of the run’s reference clock: the figures are made of these (0: none, the figures use all)'),
  batches: z.number().int().describe('timed batches in all'),
  keptProcesses: z.number().int().describe('processes with at least one batch kept'),
  processes: z.number().int().describe('processes that reported batches'),
});

/** ffiRowSchema is one line of the table (FfiRow). */
export const ffiRowSchema = z.object({
  id: z.enum(ffiRuntimeIds),
  label: z.string(),
  measures: z.string(),
  group: z.enum(['row', 'reference', 'fidelity', 'extra']),
  state: z.enum(['pending', 'building', 'running', 'done', 'missing', 'error']),
  message: z.string().nullable(),
  version: z.string().nullable(),
  batches: z.number().int(),
  processes: z.number().int().nullable().default(null).describe('fresh processes (one per round) that reported batches; null in recordings made before rounds'),
  iterationsPerBatch: z.number().nullable(),
  medianNs: nsOrNull.describe('median over the processes of each process’s median ns per call'),
  minNs: nsOrNull.describe('fastest single batch'),
  maxNs: nsOrNull.describe('slowest single batch'),
  spreadPct: z.number().nullable().describe('(p90 − p10) / median × 100 over the per-process medians'),
  madPct: z.number().nullable(),
  cpuMedianNs: nsOrNull.describe('median ns per call by the harness’s CPU clock'),
  cpuSharePct: z.number().nullable().describe('share of the batches’ wall time the harness had the CPU, %'),
  ratioToCSo: z.number().nullable().describe('median over rounds of this row ÷ C via .so in the same round'),
  ratioToCDirect: z.number().nullable().describe('median over rounds of this row ÷ C direct call in the same round'),
  talk2018Ns: nsOrNull,
  machine: machineCheckSchema.default(unmeasured),
  flag: z.string().nullable().default(null).describe('“machine slowed down: figures inflated ≈ N %” when the row is flagged'),
  fullClock: fullClockCountSchema.nullable().default(null).describe('batches at full clock; null in recordings made before each batch had its own sentinel (nothing filtered)'),
});

/** ffiResultSchema is the whole table (FfiResult). */
export const ffiResultSchema = z.object({
  unit: z.literal('ns/call'),
  rows: z.array(ffiRowSchema),
  rounds: z.number().int().nullable().default(null).describe('interleaved rounds run; null in recordings made before rounds'),
  baselines: z.object({ cDirectNs: nsOrNull, cSoNs: nsOrNull }),
  cgo: z.object({
    ratioToCSo: z.number().nullable().describe('median over rounds of go-cgo ÷ c-so: today’s slide 8 “(29x)”'),
    ratioToCSoByRound: z.array(z.number()).default([]).describe('the per-round ratios behind it'),
    ratioToCDirect: z.number().nullable(),
    talk2018Ratio: z.number(),
    talk2018Ns: z.number(),
  }),
  fidelity: z.array(
    z.object({
      id: z.enum(ffiRuntimeIds),
      standaloneId: z.enum(ffiRuntimeIds),
      harnessNs: nsOrNull,
      standaloneNs: nsOrNull,
      differencePct: z.number().nullable().describe('median over rounds of (harness − standalone) ÷ standalone, %'),
    }),
  ),
  talk2018: z.object({ table: z.string(), luajitNote: z.string(), machine: z.string(), method: z.string() }),
  conditions: z.object({ cpuCount: z.number().int(), loadAvgStart: z.number(), loadAvgEnd: z.number() }).nullable(),
  machineSpeed: machineSpeedSchema.default({ ...unmeasured, loadAvg: null, cpuCount: null }),
  slowRounds: z.array(z.number().int()).default([]).describe('rounds in which some process, on its own, was flagged'),
  fullClock: z
    .object({
      referenceGHz: z.number().describe('the run’s reference clock: the 95th percentile of every batch’s adjacent sentinel reading, GHz'),
      minGHz: z.number().describe('the least reading a batch needs to count (90 % of the reference)'),
      keptBatches: z.number().int().describe('batches kept, over every row'),
      batches: z.number().int().describe('timed batches, over every row'),
    })
    .nullable()
    .default(null)
    .describe('the full-clock filter; null in recordings made before each batch had its own sentinel'),
});

// FfiResult and the schema must describe the same value, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<z.output<typeof ffiResultSchema>, FfiResult> = true;
void schemaMatchesType;
