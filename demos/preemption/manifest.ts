/**
 * preemption (slide 40 and its "since 2018" sub-slide): a busy loop beside a ticker with
 * GOMAXPROCS=1. Go's `for {}` is preempted asynchronously since Go 1.14 (ticks keep
 * coming); with GODEBUG=asyncpreemptoff=1 the ticker starves and the program hangs until
 * the runner kills it; a busy loop in C never starves the ticker (its P is handed off).
 *
 * Samples: key = scenario id, values `tick`, `elapsedMs`, `lateMs` (how late the tick
 * came). Result: `{ scenarios: [{ id, label, hung, ticks, killedAfterS? … }] }`.
 */
import { z } from 'zod';
import { defineDemo } from '../define-demo.ts';

export default defineDemo({
  id: 'preemption',
  title: 'for {} beside a ticker, GOMAXPROCS=1',
  params: z.object({
    scenario: z
      .enum(['all', 'go-loop', 'go-loop-asyncpreemptoff', 'c-loop'])
      .default('all')
      .describe('which busy loop to run (all: the three, one after the other)'),
    seconds: z.number().int().min(1).max(10).default(3).describe('how long each program runs'),
  }),
  result: z.object({
    goVersion: z.string(),
    seconds: z.number().int(),
    everyMs: z.number(),
    gomaxprocs: z.number().int(),
    scenarios: z.array(
      z.object({
        id: z.enum(['go-loop', 'go-loop-asyncpreemptoff', 'c-loop']),
        label: z.string(),
        godebug: z.string(),
        hung: z.boolean(),
        ticks: z.number().int(),
        maxLateMs: z.number(),
        exitCode: z.number().int().nullable(),
        firstTickMs: z.number().optional(),
        killedAfterS: z.number().optional().describe('a hung program: killed by the runner after this many seconds'),
      }),
    ),
  }),
  requires: ['go', 'cc'],
  timeoutMs: 120_000,
});
