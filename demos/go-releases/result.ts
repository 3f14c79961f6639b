/**
 * The go-releases demo's result, as a zod schema: the runner builds a value of this type,
 * the widget and the CLI read it with `goReleasesResult.safeParse` (no casts), and tests
 * check a real run's result against it.
 *
 * `releases` are the rows oldest first (a missing row says why); `changes` compare each
 * variant between neighbouring measured rows; `headline` is the stage answer computed from
 * the run ("Go 1.26: 28 ns, −31 % vs 1.25").
 */
import { z } from 'zod';
import { machineCheckSchema } from '../stats/machine-check-schema.ts';

/** variantStatsSchema is one cell: median and 95 % interval of the per-process figures. */
export const variantStatsSchema = z.object({
  samples: z.number().int(),
  medianNs: z.number(),
  lowNs: z.number().nullable(),
  highNs: z.number().nullable(),
  plusMinusPct: z.number().nullable(),
});

/** releaseRowSchema is one release of the sweep. */
export const releaseRowSchema = z.object({
  version: z.string(),
  minor: z.number().int(),
  source: z.enum(['listed', 'installed']),
  missing: z.string().nullable(),
  variants: z.record(z.string(), variantStatsSchema),
});

/** releaseChangeSchema is one variant's change between neighbouring releases. */
export const releaseChangeSchema = z.object({
  variant: z.enum(['cgo', 'noescape', 'nocallback', 'callback']),
  from: z.string(),
  to: z.string(),
  deltaPct: z.number(),
  p: z.number().nullable(),
  significant: z.boolean(),
});

/** wideCellSchema is a cell whose interval stayed wider than the target, with what stopped its rounds. */
export const wideCellSchema = z.object({
  release: z.string(),
  variant: z.enum(['cgo', 'noescape', 'nocallback', 'callback']),
  plusMinusPct: z.number().nullable(),
  samples: z.number().int(),
  rounds: z.number().int(),
  reason: z.enum(['round-cap', 'time-budget']),
});

/** precisionSchema says how the run sought ±targetPct intervals: extra rounds, and the cells still wide. */
export const precisionSchema = z.object({
  targetPct: z.number(),
  maxRounds: z.number().int(),
  budgetS: z.number(),
  /** Extra rounds run after the planned ones (each of the releases still wide at the time). */
  extraRounds: z.number().int(),
  /** Processes each release ran, planned and extra. */
  roundsByRelease: z.record(z.string(), z.number().int()),
  stoppedBy: z.enum(['narrow', 'round-cap', 'time-budget']),
  wide: z.array(wideCellSchema),
  /** The sentence the slide shows about the wide cells, or null when every interval is narrow. */
  note: z.string().nullable(),
});

/**
 * fullClockSchema says which batches counted (demos/stats/full-clock.ts): the run's
 * reference clock, the bar (a share of it), and the batches kept of all.
 */
export const fullClockSchema = z.object({ referenceGHz: z.number(), thresholdGHz: z.number(), kept: z.number().int(), total: z.number().int() });

/** goReleasesResult is the `result` event's data. */
export const goReleasesResult = z.object({
  installed: z.string().nullable(),
  releases: z.array(releaseRowSchema),
  changes: z.array(releaseChangeSchema),
  headline: z.object({ text: z.string(), version: z.string(), medianNs: z.number(), deltaPct: z.number().nullable(), p: z.number().nullable(), significant: z.boolean() }).nullable(),
  /** Planned rounds (every release once each); extra rounds are in `precision`. */
  rounds: z.number().int(),
  /** null in recordings made before runs had extra rounds. */
  precision: precisionSchema.nullable().default(null),
  batches: z.number().int(),
  batchMs: z.number(),
  /** Which batches counted; null when every batch did (no clock read: the filter off, or a recording made before it). */
  fullClock: fullClockSchema.nullable().default(null),
  seed: z.number().int(),
  variantLabels: z.record(z.string(), z.string()),
  benchstat: z.string().nullable(),
  statsBy: z.enum(['benchstat', 'demos/stats']),
  statsNote: z.string(),
  /** The machine-speed check over the run: effective clock (spin through cgo), CPU share, steal. */
  machineSpeed: machineCheckSchema,
  talk2018: z.object({ oldNs: z.number(), newNs: z.number(), deltaPct: z.number(), label: z.string(), source: z.string() }),
});

/** GoReleasesResult is the result's type. */
export type GoReleasesResult = z.infer<typeof goReleasesResult>;
