/**
 * trampoline-gdb (slide 23 and its sub-slide): gdb, in batch mode, stops a small cgo
 * program (`native/trampoline/`, built with `-gcflags=all=-N -l`) inside the C function
 * called from Go ("go-to-c"), or inside the Go function called back from C ("c-to-go"),
 * and prints the real frames in between.
 *
 * Progress: one event per backtrace frame as gdb prints it, `step` = its stage
 * (go | go-wrapper | go-runtime | asm | c-trampoline | c), `source` = "<direction> <bt-c|bt-go>".
 * Result: `{ direction, goVersion, gdbVersion, runs: [{ direction, frames: GdbFrame[],
 *   stacks: { goroutine, thread } ({lo, hi} hex), sp, argFrame, argFrameOn, spOn, goid }] }`
 * — where the argument frame and the stack pointer sit: on the goroutine's stack or the
 * thread's (g0) stack. "both" runs the two directions, one after the other.
 */
import { z } from 'zod';
import { defineDemo } from '../define-demo.ts';

const stackBounds = z.object({ lo: z.string(), hi: z.string() });
/** frame is one backtrace line, parsed (gdb-output.ts GdbFrame). */
const frame = z.object({
  index: z.number().int(),
  function: z.string(),
  args: z.string(),
  address: z.string().nullable(),
  file: z.string().nullable(),
  line: z.number().int().nullable(),
  stage: z.enum(['go', 'go-wrapper', 'go-runtime', 'asm', 'c-trampoline', 'c', 'unknown']),
  language: z.enum(['go', 'asm', 'c', 'unknown']),
});

export default defineDemo({
  id: 'trampoline-gdb',
  title: 'gdb inside a cgo call: every frame from Go to C',
  params: z.object({
    direction: z
      .enum(['go-to-c', 'c-to-go', 'both'])
      .default('go-to-c')
      .describe('go-to-c: stop in the C function Go calls; c-to-go: stop in the Go function C calls back; both: one after the other'),
  }),
  result: z.object({
    direction: z.enum(['go-to-c', 'c-to-go', 'both']),
    goVersion: z.string(),
    gdbVersion: z.string(),
    runs: z.array(
      z.object({
        direction: z.enum(['go-to-c', 'c-to-go']),
        frames: z.array(frame),
        cSideFrames: z.array(frame),
        goSideFrames: z.array(frame),
        stacks: z.object({ goroutine: stackBounds.nullable(), thread: stackBounds.nullable() }),
        goid: z.number().int().nullable(),
        sp: z.string().nullable(),
        spOn: z.string(),
        argFrame: z.string().nullable(),
        argFrameOn: z.string(),
      }),
    ),
  }),
  requires: ['go', 'cc', 'gdb'],
  timeoutMs: 180_000,
});
