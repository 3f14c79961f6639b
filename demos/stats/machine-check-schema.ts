/**
 * The machine-speed check (machine-speed.ts) as a zod schema, for the result schemas of the
 * demos that carry one (go-releases, work-per-call): the slide shows its line, the tests
 * and recordings check its shape.
 */
import { z } from 'zod';
import { figureClocks } from './machine-speed.ts';

/** machineCheckSchema is a run's MachineSpeedSummary (demos/protocol.ts), the result's `machineSpeed`: null = not measured. */
export const machineCheckSchema = z.object({
  rateGHz: z.number().nullable(),
  bestRateGHz: z.number().nullable(),
  slowdownPct: z.number().nullable(),
  cpuSharePct: z.number().nullable(),
  stealPct: z.number().nullable(),
  inflatedPct: z.number().nullable(),
  /** The clock the figures are timed by, which says what inflatedPct counts; absent in recordings made before: read as `wall`, as it was computed. */
  clock: z.enum(figureClocks).optional(),
  loadAvg: z.number().nullable(),
  cpuCount: z.number().int().nullable(),
  flagged: z.boolean(),
  reasons: z.array(z.string()),
});
