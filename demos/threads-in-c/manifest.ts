/**
 * threads-in-c (slides 38–42): N goroutines blocked in C `sleep` against N blocked in
 * `time.Sleep`, and the OS thread count of each process over time. A goroutine in C
 * keeps its M (an OS thread); one in `time.Sleep` parks and frees it.
 *
 * Samples: key "c" or "go" (where the goroutines block), values `elapsedMs`, `threads`
 * (from /proc/self/status), `goroutines`. Result: see server/demos/runners/threads-in-c.ts.
 */
import { z } from 'zod';
import { defineDemo } from '../define-demo.ts';

const modeFigures = z.object({ peakThreads: z.number().int(), finalThreads: z.number().int(), samples: z.number().int() });

export default defineDemo({
  id: 'threads-in-c',
  title: 'Goroutines blocked in C hold OS threads',
  params: z.object({
    n: z.number().int().min(1).max(500).default(100).describe('goroutines that block'),
    gomaxprocs: z.number().int().min(1).max(8).default(2).describe('GOMAXPROCS (number of Ps)'),
    variant: z
      .enum(['compare', 'max-threads'])
      .default('compare')
      .describe('compare: C sleep then time.Sleep; max-threads: C sleep under debug.SetMaxThreads'),
    maxThreads: z
      .number()
      .int()
      .min(10)
      .max(1000)
      .default(50)
      .describe('debug.SetMaxThreads limit (max-threads variant)'),
  }),
  result: z.discriminatedUnion('variant', [
    z.object({
      variant: z.literal('compare'),
      n: z.number().int(),
      gomaxprocs: z.number().int(),
      goVersion: z.string(),
      measured: z.string(),
      modes: z.object({ c: modeFigures, go: modeFigures }).describe('goroutines blocked in C sleep() / in time.Sleep'),
    }),
    z.object({
      variant: z.literal('max-threads'),
      n: z.number().int(),
      gomaxprocs: z.number().int(),
      maxThreads: z.number().int(),
      goVersion: z.string(),
      crashed: z.boolean(),
      fatal: z.string().optional(),
      runtimeMessage: z.string().optional(),
      peakThreads: z.number().int(),
      exitCode: z.number().int().nullable(),
      note: z.string(),
    }),
  ]),
  requires: ['go', 'cc'],
  timeoutMs: 90_000,
  // The SetMaxThreads variant has its own sub-slide; its limit only matters there.
});
