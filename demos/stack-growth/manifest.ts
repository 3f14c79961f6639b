/**
 * stack-growth (slides 27–33): a fresh goroutine recurses deeper and deeper
 * (native/stack-growth). At each sample it reports the stack in use (the distance from a
 * local of the outermost frame to a local of the current frame) and that outer local's
 * address, read through a pointer the runtime adjusts when it copies the stack. When the
 * stack runs out, the runtime allocates one twice as big and copies every frame: the
 * same variable gets a new address ("stacks move"). A heap object's address is printed
 * beside it and never changes — which is why Go pointers handed to C must point to the heap.
 *
 * Samples: key "depth" `{ depth, inUseBytes, anchorAddr, heapAddr }`; key "moved"
 * `{ depth, fromAddr, toAddr, inUseBytes }` at each copy.
 * Result: `{ goVersion, startingStackBytes, depth, moves: [...], heapAddr, heapAddrStable,
 *   bytesPerFrame }`.
 */
import { z } from 'zod';
import { defineDemo } from '../define-demo.ts';

const hexAddress = z.string().regex(/^0x[0-9a-f]+$/);

export default defineDemo({
  id: 'stack-growth',
  title: 'A goroutine stack grows, and moves',
  params: z.object({
    depth: z.number().int().min(100).max(200_000).default(20_000).describe('how deep to recurse (each frame is about 160 bytes on amd64)'),
    samples: z.number().int().min(10).max(400).default(120).describe('how many samples on the way down'),
    pauseMs: z.number().int().min(0).max(100).default(15).describe('sleep at each sample so the growth can be watched'),
  }),
  result: z.object({
    goVersion: z.string(),
    startingStackBytes: z.number().int(),
    depth: z.number().int(),
    every: z.number().int(),
    moves: z.array(z.object({ depth: z.number().int(), fromAddr: hexAddress, toAddr: hexAddress, inUseBytes: z.number().int() })),
    moveCount: z.number().int(),
    heapAddr: hexAddress.nullable(),
    heapAddrStable: z.boolean(),
    finalInUseBytes: z.number().int().nullable(),
    bytesPerFrame: z.number().nullable(),
  }),
  requires: ['go'],
  timeoutMs: 120_000,
});
