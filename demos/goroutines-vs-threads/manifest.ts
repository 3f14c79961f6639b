/**
 * goroutines-vs-threads (slide 26): N goroutines blocked on a channel (a Go program) vs
 * N POSIX threads blocked on a condition variable (a C program), each process reporting
 * its own memory as they start (native/goroutines-threads/). See memory.ts for exactly
 * what each figure measures.
 *
 * Samples: key "goroutines" or "threads", `{ n, rssBytes, vmBytes, kernelStackBytes, threads }`.
 * Result: `{ n, goroutines: MemoryCost, threads: MemoryCost & { stackBytes }, goVersion,
 *   ccVersion, rssRatio }`.
 */
import { z } from 'zod';
import { defineDemo } from '../define-demo.ts';

/** memoryCost is what one goroutine or one thread added, on average (see memory.ts). */
const memoryCost = z.object({
  n: z.number().int(),
  rssPerUnitBytes: z.number(),
  vmPerUnitBytes: z.number(),
  kernelStackPerUnitBytes: z.number(),
  threadsAtEnd: z.number().int(),
  baselineRssBytes: z.number(),
  finalRssBytes: z.number(),
});

export default defineDemo({
  id: 'goroutines-vs-threads',
  title: 'Memory of N goroutines vs N OS threads',
  params: z.object({
    n: z.number().int().min(10).max(10_000).default(2_000).describe('how many goroutines, and how many threads'),
    which: z.enum(['both', 'goroutines', 'threads']).default('both').describe('which of the two programs to run'),
  }),
  result: z.object({
    n: z.number().int(),
    goVersion: z.string(),
    ccVersion: z.string(),
    goroutines: memoryCost.nullable(),
    threads: memoryCost.extend({ stackBytes: z.number().nullable() }).nullable(),
    rssRatio: z.number().nullable().describe('resident bytes per thread ÷ per goroutine'),
    measures: z.record(z.string(), z.string()),
  }),
  requires: ['go', 'cc'],
  timeoutMs: 180_000,
});
