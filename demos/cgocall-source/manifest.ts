/**
 * cgocall-source (slides 19–22): runtime.cgocall (src/runtime/cgocall.go) and
 * runtime.asmcgocall (src/runtime/asm_amd64.s), read from the installed Go's
 * `$(go env GOROOT)/src/runtime`, found by function name, with the lines the talk walks
 * through focused and the Go version shown.
 *
 * Result: `{ goVersion, goroot, excerpts: SourceExcerpt[] }` (see excerpt.ts).
 */
import { z } from 'zod';
import { defineDemo } from '../define-demo.ts';

export default defineDemo({
  id: 'cgocall-source',
  title: 'runtime.cgocall and asmcgocall, from this machine’s Go',
  params: z.object({
    callback: z.boolean().default(false).describe('also show runtime.cgocallbackg, the way back from C to Go'),
  }),
  result: z.object({
    goVersion: z.string(),
    goroot: z.string(),
    goarch: z.string(),
    excerpts: z.array(
      z.object({
        file: z.string(),
        symbol: z.string(),
        startLine: z.number().int(),
        endLine: z.number().int(),
        code: z.string(),
        lang: z.enum(['go', 'asm']),
        focus: z.array(z.object({ from: z.number().int(), to: z.number().int(), label: z.string() })),
      }),
    ),
  }),
  requires: ['go'],
  timeoutMs: 30_000,
});
