/**
 * go-build-work (slides 14–18): `go build -x -work` of the small cgo program in
 * `native/go-build-work/`, then the files cgo generated in that build's `$WORK/b001/`.
 *
 * The sources are copied into the run's temp dir first: the directory is part of Go's
 * build-cache key, so the cgo package itself is really rebuilt (cgo, gcc, compile, pack,
 * link all run) while the standard library comes from the cache.
 *
 * Progress: one event per build command, `step` = cgo | gcc | compile | link | pack | other
 * (the steps the go command does itself, marked `# internal`, only with `showInternal`;
 * they are always counted in the result).
 * Result: `{ goVersion, commands: {step: count}, files: [{name, sizeBytes, kind, role}],
 *   keyFiles: [{name, lang, content, focus: [{from, to, label}]}], programOutput }`.
 */
import { z } from 'zod';
import { defineDemo } from '../define-demo.ts';

export default defineDemo({
  id: 'go-build-work',
  title: 'go build -x -work: what cgo generates',
  params: z.object({
    showInternal: z
      .boolean()
      .default(false)
      .describe("also stream the steps the go command does itself (lines marked '# internal')"),
  }),
  result: z.object({
    goVersion: z.string(),
    commands: z.record(z.enum(['cgo', 'gcc', 'compile', 'link', 'pack', 'other']), z.number().int()).describe('build commands by step, the go command’s own steps included'),
    workDir: z.string(),
    files: z.array(z.object({ name: z.string(), sizeBytes: z.number().int(), kind: z.string(), role: z.string() })),
    keyFiles: z.array(
      z.object({
        name: z.string(),
        lang: z.string(),
        content: z.string(),
        focus: z.array(z.object({ from: z.number().int(), to: z.number().int(), label: z.string() })),
      }),
    ),
    programOutput: z.string(),
  }),
  requires: ['go', 'cc'],
  timeoutMs: 180_000,
});
