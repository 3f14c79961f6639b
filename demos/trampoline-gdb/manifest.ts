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

export default defineDemo({
  id: 'trampoline-gdb',
  title: 'gdb inside a cgo call: every frame from Go to C',
  slides: [23],
  params: z.object({
    direction: z
      .enum(['go-to-c', 'c-to-go', 'both'])
      .default('go-to-c')
      .describe('go-to-c: stop in the C function Go calls; c-to-go: stop in the Go function C calls back; both: one after the other'),
  }),
  requires: ['go', 'cc', 'gdb'],
  timeoutMs: 180_000,
  // Each slide replays a run of its own direction in the static deck.
  recordingVariants: ['direction'],
});
