/**
 * pointer-rules (slides 45–51), editable: a Go + C program that hands C a Go pointer.
 * The original breaks the cgo pointer rules and panics with the installed Go's wording;
 * variants: a runtime.Pinner fix, a runtime/cgo.Handle, and a Go pointer stored in
 * C.malloc'd memory (silent unless built with GOEXPERIMENT=cgocheck2).
 *
 * Edited code: `files` may carry only `main.go` (see the runner for the limits).
 * Result: `{ variant, edited, cgocheck2, goVersion, exitCode, verdict, panic?, fatal? … }`.
 */
import { z } from 'zod';
import { defineDemo } from '../define-demo.ts';

export default defineDemo({
  id: 'pointer-rules',
  title: 'The cgo pointer rules, editable',
  params: z.object({
    variant: z
      .enum(['original', 'pinner', 'handle', 'c-malloc'])
      .default('original')
      .describe('which program to run when no edited file is sent'),
    cgocheck2: z.boolean().default(false).describe('build with GOEXPERIMENT=cgocheck2'),
  }),
  result: z.object({
    variant: z.enum(['original', 'pinner', 'handle', 'c-malloc', 'edited']),
    edited: z.boolean(),
    cgocheck2: z.boolean(),
    goVersion: z.string(),
    verdict: z.enum(['clean', 'panic', 'fatal', 'failed', 'killed']),
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    panic: z.string().optional().describe('the panic line, as this Go prints it'),
    fatal: z.string().optional(),
    fatalDetail: z.string().optional(),
    wording2018: z.string(),
    stdout: z.string(),
    buildMs: z.number(),
    runMs: z.number(),
  }),
  requires: ['go', 'cc'],
  // Each build and run has its own limit (see the runner); this bounds the whole run,
  // including the one cold build of edited code that fills the unprivileged Go cache.
  timeoutMs: 300_000,
  editable: true,
  // The one-click variants the widget offers, besides the slide's own params.
  variants: [{ variant: 'pinner' }, { variant: 'handle' }, { variant: 'c-malloc' }, { variant: 'c-malloc', cgocheck2: true }],
});
