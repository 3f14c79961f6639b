/**
 * The work-per-call demo's result as a zod schema: the runner builds it, the widget and
 * the CLI read it with safeParse, tests check a real run against it.
 */
import { z } from 'zod';
import { machineCheckSchema } from '../stats/machine-check-schema.ts';

const crossingSchema = z.union([
  z.object({ kind: z.literal('always'), n: z.number() }),
  /** `interval`: the bootstrap 95 % interval of `n` (absent in recordings made before it). */
  z.object({ kind: z.literal('crosses'), n: z.number(), below: z.number(), above: z.number(), interval: z.object({ low: z.number(), high: z.number() }).nullable().optional() }),
  z.object({ kind: z.literal('never'), largestN: z.number().nullable() }),
]);

/** workRowSchema is one caller's row. */
export const workRowSchema = z.object({
  id: z.enum(['direct', 'cgo', 'koffi', 'ctypes']),
  label: z.string(),
  version: z.string().nullable(),
  missing: z.string().nullable(),
  nsPerCall: z.array(z.number().nullable()),
  overheadPct: z.array(z.number().nullable()),
  crossing: crossingSchema.nullable(),
  crossingText: z.string(),
});

/** workPerCallResult is the `result` event's data. */
export const workPerCallResult = z.object({
  sizes: z.array(z.number()),
  thresholdPct: z.number(),
  rows: z.array(workRowSchema),
  headline: z.string().nullable(),
  rounds: z.number().int(),
  /** Rounds of the second pass, over the sizes around each first-pass crossing (absent in older recordings). */
  refineRounds: z.number().int().optional(),
  batchMs: z.number(),
  seed: z.number().int(),
  work: z.string(),
  /** The machine-speed check over the run: effective clock (the direct caller's spin at large N), CPU share, steal. */
  machineSpeed: machineCheckSchema,
});

/** WorkPerCallResult is the result's type. */
export type WorkPerCallResult = z.infer<typeof workPerCallResult>;
