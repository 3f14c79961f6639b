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

/** ffiRowSchema is one line of the table (FfiRow). */
export const ffiRowSchema = z.object({
  id: z.enum(ffiRuntimeIds),
  label: z.string(),
  measures: z.string(),
  group: z.enum(['row', 'reference', 'fidelity']),
  state: z.enum(['pending', 'building', 'running', 'done', 'missing', 'error']),
  message: z.string().nullable(),
  version: z.string().nullable(),
  batches: z.number().int(),
  iterationsPerBatch: z.number().nullable(),
  medianNs: nsOrNull,
  minNs: nsOrNull,
  maxNs: nsOrNull,
  spreadPct: z.number().nullable().describe('(p90 − p10) / median × 100 over the batches'),
  madPct: z.number().nullable(),
  cpuMedianNs: nsOrNull.describe('median ns per call by the harness’s CPU clock'),
  cpuSharePct: z.number().nullable().describe('share of the batches’ wall time the harness had the CPU, %'),
  ratioToCSo: z.number().nullable(),
  ratioToCDirect: z.number().nullable(),
  talk2018Ns: nsOrNull,
});

/** ffiResultSchema is the whole table (FfiResult). */
export const ffiResultSchema = z.object({
  unit: z.literal('ns/call'),
  rows: z.array(ffiRowSchema),
  baselines: z.object({ cDirectNs: nsOrNull, cSoNs: nsOrNull }),
  cgo: z.object({
    ratioToCSo: z.number().nullable().describe('go-cgo median ÷ c-so median: today’s slide 8 “(29x)”'),
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
      differencePct: z.number().nullable(),
    }),
  ),
  talk2018: z.object({ table: z.string(), luajitNote: z.string(), machine: z.string(), method: z.string() }),
  conditions: z.object({ cpuCount: z.number().int(), loadAvgStart: z.number(), loadAvgEnd: z.number() }).nullable(),
});

// FfiResult and the schema must describe the same value, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<z.output<typeof ffiResultSchema>, FfiResult> = true;
void schemaMatchesType;
