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
  slides: [19, 20, 21, 22],
  params: z.object({
    callback: z.boolean().default(false).describe('also show runtime.cgocallbackg, the way back from C to Go'),
  }),
  requires: ['go'],
  timeoutMs: 30_000,
});
