/**
 * chain: the real frames of a cgo call, put into the four boxes of slide 23 (Go → ASM →
 * C → C: the rewritten Go function, the calling-convention trampoline, the argument
 * unpacking, the real C function), in call order. For the way back (C calling an exported
 * Go function) the boxes mirror it: the C stub cgo exported, the ASM trampolines back to
 * the goroutine stack, the generated Go that unpacks the arguments, your Go function; the
 * frames of the way there are listed apart. Pure: gdb frames in, boxes out.
 */
import type { FrameLanguage } from './gdb-output.ts';

/** ChainFrame is what the boxes need of a gdb frame. */
export interface ChainFrame {
  function: string;
  stage: string;
}

/** ChainBox is one box of the picture: its colour, its role, the real functions in it. */
export interface ChainBox {
  lang: Exclude<FrameLanguage, 'unknown'>;
  role: string;
  functions: string[];
}

/** Chain is a direction's picture: the way there (c-to-go only) and the four boxes. */
export interface Chain {
  boxes: ChainBox[];
  /** Frames of the Go → C call a callback happens inside (c-to-go), in call order. */
  wayThere: string[];
  /** The frame the slide's answer names: the generated trampoline that unpacks the arguments. */
  trampoline: string | null;
}

const wayBack = (fn: string): number =>
  fn === 'call_go' || fn === 'goCallback' || /_cgo_export/.test(fn) ? 0
    : fn === 'crosscall2' || fn === 'runtime.cgocallback' ? 1
      : /^runtime\.cgocallbackg/.test(fn) || /^_cgoexp_/.test(fn) ? 2
        : fn === 'main.goCallback' ? 3
          : -1;

const wayThereBox = (stage: string): number =>
  stage === 'go' || stage === 'go-wrapper' || stage === 'go-runtime' ? 0 : stage === 'asm' ? 1 : stage === 'c-trampoline' ? 2 : stage === 'c' ? 3 : -1;

/** chainOf builds a direction's boxes from gdb's frames (innermost first, as gdb prints them). */
export function chainOf(direction: 'go-to-c' | 'c-to-go', frames: readonly ChainFrame[]): Chain {
  const callOrder = [...frames].reverse();
  const seen = new Set<string>();
  const unique = callOrder.filter((f) => !seen.has(f.function) && seen.add(f.function));
  if (direction === 'go-to-c') {
    const boxes: ChainBox[] = [
      { lang: 'go', role: 'rewritten Go function', functions: [] },
      { lang: 'asm', role: 'calling convention trampoline', functions: [] },
      { lang: 'c', role: 'arg unpacking', functions: [] },
      { lang: 'c', role: 'real C function', functions: [] },
    ];
    for (const f of unique) {
      const box = wayThereBox(f.stage);
      if (box >= 0 && f.function !== 'main.main') boxes[box]!.functions.push(f.function);
    }
    return { boxes, wayThere: [], trampoline: boxes[2]!.functions[0] ?? null };
  }
  const boxes: ChainBox[] = [
    { lang: 'c', role: 'C calls cgo’s stub', functions: [] },
    { lang: 'asm', role: 'back to the Go stack', functions: [] },
    { lang: 'go', role: 'arg unpacking', functions: [] },
    { lang: 'go', role: 'your Go function', functions: [] },
  ];
  const wayThere: string[] = [];
  for (const f of unique) {
    const box = wayBack(f.function);
    if (box >= 0) boxes[box]!.functions.push(f.function);
    else if (f.function !== 'runtime.systemstack_switch') wayThere.push(f.function);
  }
  // gdb prints the thread's stack and the goroutine's apart, so their concatenation is
  // not quite call order: C's crosscall2 runs before the runtime's cgocallback.
  boxes[1]!.functions.sort((a, b) => Number(b === 'crosscall2') - Number(a === 'crosscall2'));
  return { boxes, wayThere, trampoline: boxes[2]!.functions.find((fn) => fn.startsWith('_cgoexp_')) ?? null };
}
