/**
 * cgo-benchstat (slide 6): Go's own way of measuring a cgo call — testing.B benchmarks
 * (native/cgo-bench) of a plain Go call, a cgo call, a cgo call declared
 * `#cgo noescape`/`nocallback` (Go 1.24+), and a cgo call that calls back into Go, run
 * `count` times and presented as benchstat presents them: median ± the 95 % confidence
 * interval of the median. With benchstat installed its own table is shown too.
 *
 * Samples: key = benchmark name, `{ nsPerOp, iterations, run }` per result line.
 * Result: `{ goVersion, cpu, rows: BenchSummary[], benchstat: string | null,
 *   statsBy: "benchstat" | "demos/stats", labels }`.
 */
import { z } from 'zod';
import { defineDemo } from '../define-demo.ts';

export default defineDemo({
  id: 'cgo-benchstat',
  title: 'Go benchmarks of a cgo call, the benchstat way',
  params: z.object({
    count: z.number().int().min(2).max(20).default(6).describe('runs of each benchmark (benchstat needs 6 for a 95 % interval)'),
    benchtimeMs: z.number().int().min(20).max(1_000).default(200).describe('target time of each run'),
  }),
  result: z.object({
    goVersion: z.string(),
    cpu: z.string().nullable(),
    goos: z.string().nullable(),
    goarch: z.string().nullable(),
    count: z.number().int(),
    benchtimeMs: z.number(),
    rows: z.array(
      z.object({
        name: z.string(),
        procs: z.number().int(),
        samples: z.number().int(),
        medianNs: z.number(),
        lowNs: z.number().nullable(),
        highNs: z.number().nullable(),
        plusMinusPct: z.number().nullable().describe('benchstat’s ± column in %; null = ∞ (too few samples)'),
      }),
    ),
    labels: z.record(z.string(), z.string()),
    benchstat: z.string().nullable().describe('benchstat’s own table, when it is installed'),
    statsBy: z.enum(['benchstat', 'demos/stats']),
    statsNote: z.string(),
  }),
  requires: ['go', 'cc'],
  timeoutMs: 300_000,
});
