/**
 * preamble-disasm (slide 34): `go build` of native/preamble, disassembled with
 * `go tool objdump`, with the stack-bound check found by pattern (`CMPQ SP, 0x10(R14)`,
 * `JBE`/`JLS`, `CALL runtime.morestack_noctxt`), beside gcc -O2's code for the same
 * recursion (`objdump -d`): no such check.
 *
 * Result: `{ goVersion, ccVersion, goFunctions: [{ name, instructions, preamble }],
 *   cFunctions: [{ name, instructions, stackChecks }], flags }` (see disasm.ts).
 */
import { z } from 'zod';
import { defineDemo } from '../define-demo.ts';

const instruction = z.object({ address: z.string(), text: z.string(), location: z.string().nullable() });

export default defineDemo({
  id: 'preamble-disasm',
  title: 'The Go function preamble, and C without one',
  params: z.object({
    function: z.enum(['depth', 'bigFrame', 'both']).default('both').describe('depth: small frame (compares SP); bigFrame: >128-byte frame (compares SP-framesize)'),
  }),
  result: z.object({
    goVersion: z.string(),
    ccVersion: z.string(),
    cFlags: z.string(),
    goFunctions: z.array(
      z.object({
        name: z.string(),
        instructions: z.array(instruction),
        preamble: z
          .object({
            frameAdjust: z.number().int().nullable(),
            compare: z.number().int(),
            branch: z.number().int(),
            morestackCall: z.number().int(),
            retryJump: z.number().int().nullable(),
            compares: z.string(),
            morestackSymbol: z.string(),
          })
          .nullable()
          .describe('indexes into instructions of the stack-bound check, its branch and the morestack call'),
      }),
    ),
    cFunctions: z.array(z.object({ name: z.string(), instructions: z.array(instruction), stackChecks: z.array(z.number().int()) })),
  }),
  requires: ['go', 'cc'],
  timeoutMs: 120_000,
});
